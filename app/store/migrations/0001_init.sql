-- The first schema: guests and accounts, assessment attempts and answers,
-- mentorships with invitations and ratings, plans with their actions and
-- review comments. Times are Unix seconds (UTC).

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value BLOB NOT NULL
);

CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    email          TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    name           TEXT    NOT NULL,
    password_hash  TEXT    NOT NULL,
    locale         TEXT    NOT NULL DEFAULT '',
    target_role    TEXT    NOT NULL DEFAULT '',
    horizon_months INTEGER NOT NULL DEFAULT 12,
    created_at     INTEGER NOT NULL
);

CREATE TABLE sessions (
    token_hash BLOB    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE attempts (
    id             INTEGER PRIMARY KEY,
    public_id      TEXT    NOT NULL UNIQUE,
    user_id        INTEGER REFERENCES users(id) ON DELETE CASCADE,
    guest_key_hash BLOB,
    assessment_id  TEXT    NOT NULL,
    started_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    completed_at   INTEGER,
    result_json    TEXT,
    CHECK (user_id IS NOT NULL OR guest_key_hash IS NOT NULL)
);
CREATE INDEX attempts_user ON attempts(user_id, assessment_id);
CREATE INDEX attempts_guest ON attempts(guest_key_hash, assessment_id);

CREATE TABLE answers (
    attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
    item_id    TEXT    NOT NULL,
    value      TEXT    NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (attempt_id, item_id)
) WITHOUT ROWID;

CREATE TABLE invitations (
    id          INTEGER PRIMARY KEY,
    token_hash  BLOB    NOT NULL UNIQUE,
    mentee_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER,
    revoked_at  INTEGER
);
CREATE INDEX invitations_mentee ON invitations(mentee_id);

-- state: active | ended (by the mentee) | stepped_down (by the mentor)
CREATE TABLE mentorships (
    id         INTEGER PRIMARY KEY,
    mentee_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    mentor_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    state      TEXT    NOT NULL DEFAULT 'active',
    created_at INTEGER NOT NULL,
    ended_at   INTEGER,
    CHECK (mentee_id <> mentor_id)
);
CREATE INDEX mentorships_mentee ON mentorships(mentee_id, state);
CREATE INDEX mentorships_mentor ON mentorships(mentor_id, state);

-- A mentor's rating of a mentee: scores per sub-area (1..5) and comments
-- per skill, as JSON, so a change of content does not need a migration.
CREATE TABLE ratings (
    id             INTEGER PRIMARY KEY,
    mentorship_id  INTEGER NOT NULL REFERENCES mentorships(id) ON DELETE CASCADE,
    scores_json    TEXT    NOT NULL,
    comments_json  TEXT    NOT NULL,
    overall        TEXT    NOT NULL DEFAULT '',
    created_at     INTEGER NOT NULL
);
CREATE INDEX ratings_mentorship ON ratings(mentorship_id, created_at);

-- state: draft | in_review | approved | changes_requested
CREATE TABLE plans (
    id             INTEGER PRIMARY KEY,
    user_id        INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    version        INTEGER NOT NULL,
    state          TEXT    NOT NULL DEFAULT 'draft',
    body_json      TEXT    NOT NULL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    UNIQUE (user_id, version)
);

-- status: todo | doing | done
CREATE TABLE plan_actions (
    plan_id    INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    action_id  TEXT    NOT NULL,
    status     TEXT    NOT NULL DEFAULT 'todo',
    note       TEXT    NOT NULL DEFAULT '',
    done_on    TEXT    NOT NULL DEFAULT '',
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (plan_id, action_id)
) WITHOUT ROWID;

-- A mentor's review of a plan version: comments per action ('' = overall)
-- and the decision that set the plan's state.
CREATE TABLE plan_comments (
    id         INTEGER PRIMARY KEY,
    plan_id    INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    author_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    action_id  TEXT    NOT NULL DEFAULT '',
    body       TEXT    NOT NULL,
    decision   TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE INDEX plan_comments_plan ON plan_comments(plan_id, created_at);
