-- An invitation remembers how it was answered: who accepted it (so the
-- mentee's list can say "accepted by …" and the mentor reopening the link is
-- sent to the mentee's page) or when it was declined. used_at stays the
-- moment it was answered either way, which is what makes a link single-use.
ALTER TABLE invitations ADD COLUMN used_by INTEGER REFERENCES users(id) ON DELETE SET NULL;
ALTER TABLE invitations ADD COLUMN declined_at INTEGER;
