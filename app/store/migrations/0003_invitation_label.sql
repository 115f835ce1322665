-- An invitation may carry a label its maker chooses ("for Jürgen"), so that
-- links waiting for an answer can be told apart. Only the maker sees it.
ALTER TABLE invitations ADD COLUMN label TEXT NOT NULL DEFAULT '';
