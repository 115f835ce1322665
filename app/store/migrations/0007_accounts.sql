-- Accounts a deployment can run: disabled accounts, a second factor,
-- sessions that say where they are, one-time links sent by email or printed
-- by the operator, recovery codes, an activity log, and milestone reminders.
ALTER TABLE users ADD COLUMN disabled_at INTEGER;
-- totp_secret is set at enrolment and counts once totp_enabled_at is set;
-- totp_last_step refuses a code a second time.
ALTER TABLE users ADD COLUMN totp_secret TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN totp_enabled_at INTEGER;
ALTER TABLE users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;
-- reminders: 1 when the person asked for milestone reminders by email.
ALTER TABLE users ADD COLUMN reminders INTEGER NOT NULL DEFAULT 0;

-- A session's absolute lifetime runs from created_at; these say where it is.
ALTER TABLE sessions ADD COLUMN last_seen_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN address TEXT NOT NULL DEFAULT '';
-- public_id names a session on /me/security without revealing its token.
ALTER TABLE sessions ADD COLUMN public_id TEXT NOT NULL DEFAULT '';

-- purpose: reset (password reset link) | email (confirm a new address,
-- held in data) | reminders (stop milestone reminders). Only hashes.
CREATE TABLE user_tokens (
    token_hash BLOB    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    purpose    TEXT    NOT NULL,
    data       TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);
CREATE INDEX user_tokens_user ON user_tokens(user_id, purpose);

CREATE TABLE recovery_codes (
    user_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash BLOB    NOT NULL,
    used_at   INTEGER,
    PRIMARY KEY (user_id, code_hash)
) WITHOUT ROWID;

-- Security events shown to the person and kept 180 days.
CREATE TABLE activity (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    event      TEXT    NOT NULL,
    address    TEXT    NOT NULL DEFAULT '',
    user_agent TEXT    NOT NULL DEFAULT '',
    at         INTEGER NOT NULL
);
CREATE INDEX activity_user ON activity(user_id, at);

-- One reminder per milestone at most: the key names the plan version and
-- the milestone.
CREATE TABLE reminders_sent (
    user_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    milestone TEXT    NOT NULL,
    sent_at   INTEGER NOT NULL,
    PRIMARY KEY (user_id, milestone)
) WITHOUT ROWID;

-- Sessions from before this migration get a name too.
UPDATE sessions SET public_id = lower(hex(randomblob(12))) WHERE public_id = '';
