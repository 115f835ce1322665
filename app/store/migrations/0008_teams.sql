-- Teams: a group whose organisers see aggregates of its members' results.
-- floor is the fewest members with a completed skills result an aggregate
-- may be drawn from (never below 3). Times are Unix seconds (UTC).
CREATE TABLE teams (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    description TEXT    NOT NULL DEFAULT '',
    floor       INTEGER NOT NULL DEFAULT 5 CHECK (floor >= 3),
    archived_at INTEGER,
    created_at  INTEGER NOT NULL
);

-- role: organiser | co_organiser | member. Only members are counted in
-- aggregates; sharing = 1 lets the organisers see the member individually.
CREATE TABLE team_members (
    team_id   INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    user_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role      TEXT    NOT NULL CHECK (role IN ('organiser', 'co_organiser', 'member')),
    sharing   INTEGER NOT NULL DEFAULT 0 CHECK (sharing IN (0, 1)),
    joined_at INTEGER NOT NULL,
    shared_at INTEGER,
    PRIMARY KEY (team_id, user_id)
) WITHOUT ROWID;
CREATE INDEX team_members_user ON team_members(user_id);

-- A join link, usable by many until it expires or is revoked. Only the
-- hash of its token is stored.
CREATE TABLE team_links (
    id         INTEGER PRIMARY KEY,
    team_id    INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    token_hash BLOB    NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER,
    uses       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX team_links_team ON team_links(team_id);

-- A team view reads every completed result of its members: this index
-- answers that without touching the stored results themselves.
CREATE INDEX attempts_done ON attempts(user_id, completed_at, public_id) WHERE completed_at IS NOT NULL;

-- When the last organiser goes (their account is deleted), the earliest
-- co-organiser takes over; a team left without anyone to run it is deleted
-- with its links, never anyone's results.
CREATE TRIGGER team_organiser_gone AFTER DELETE ON team_members
WHEN OLD.role = 'organiser'
 AND NOT EXISTS (SELECT 1 FROM team_members WHERE team_id = OLD.team_id AND role = 'organiser')
BEGIN
    UPDATE team_members SET role = 'organiser'
     WHERE team_id = OLD.team_id AND user_id = (
        SELECT user_id FROM team_members WHERE team_id = OLD.team_id AND role = 'co_organiser'
         ORDER BY joined_at, user_id LIMIT 1);
    DELETE FROM teams WHERE id = OLD.team_id
       AND NOT EXISTS (SELECT 1 FROM team_members WHERE team_id = OLD.team_id AND role = 'organiser');
END;
