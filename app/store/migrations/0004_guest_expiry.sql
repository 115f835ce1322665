-- Unfinished guest attempts are removed once idle for long (store.ExpireGuestAttempts);
-- this index finds them without reading every attempt.
CREATE INDEX attempts_open_guest ON attempts(updated_at) WHERE user_id IS NULL AND completed_at IS NULL;
