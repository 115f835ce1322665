-- A join link emailed to one address carries that address as its label,
-- so the organisers can tell which link went to whom and revoke it.
ALTER TABLE team_links ADD COLUMN label TEXT NOT NULL DEFAULT '';
