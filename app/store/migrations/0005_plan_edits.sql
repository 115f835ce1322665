-- Plans the person owns and shapes with their mentor (rules 2).
-- hours_per_week: the effort the person gives their plan; the rules fit
-- the actions to it.
ALTER TABLE users ADD COLUMN hours_per_week INTEGER NOT NULL DEFAULT 6;

-- What a mentor's review saw (actions, milestones, due dates, notes), so
-- that after "changes requested" they see what changed before approving.
ALTER TABLE plan_comments ADD COLUMN snapshot_json TEXT NOT NULL DEFAULT '';

-- A mentor's suggestion: an edit (plan.Edit as JSON) with a comment, which
-- the mentee accepts (the edit is applied) or declines. It belongs to the
-- mentee, not to a version, so a rebuild does not lose it.
-- state: pending | accepted | declined
CREATE TABLE plan_suggestions (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    author_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    plan_id    INTEGER REFERENCES plans(id) ON DELETE SET NULL,
    edit_json  TEXT    NOT NULL,
    comment    TEXT    NOT NULL DEFAULT '',
    state      TEXT    NOT NULL DEFAULT 'pending',
    created_at INTEGER NOT NULL,
    decided_at INTEGER
);
CREATE INDEX plan_suggestions_user ON plan_suggestions(user_id, state);
