package store

import (
	"context"
	"fmt"
)

// Writable proves that the database can take a write now: it commits one
// small row (the time of the check) through the writer, synced like every
// commit. A full disk, a read-only file system or a read-only database
// file fails it, where a read would still succeed.
func (s *Store) Writable(ctx context.Context) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('health.written_at', ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, s.unix())
	if err != nil {
		return fmt.Errorf("store: writable: %w", err)
	}
	return nil
}
