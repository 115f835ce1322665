package store

import (
	"context"
	"fmt"
	"time"
)

// expireBatch bounds one delete, so that saves waiting for the writer are
// not held up behind a large sweep.
const expireBatch = 500

// ExpireGuestAttempts removes guests' unfinished attempts, with their
// answers, last changed before cutoff: nobody can come back to them once
// the browser's key is gone, and without this they pile up forever.
// Finished attempts stay, as their results may have been shared by link.
// It returns how many it removed.
func (s *Store) ExpireGuestAttempts(ctx context.Context, cutoff time.Time) (int64, error) {
	var total int64
	for {
		res, err := s.w.ExecContext(ctx, `DELETE FROM attempts WHERE id IN (
			SELECT id FROM attempts WHERE user_id IS NULL AND completed_at IS NULL AND updated_at < ? LIMIT ?)`,
			cutoff.Unix(), expireBatch)
		if err != nil {
			return total, fmt.Errorf("store: expire guest attempts: %w", err)
		}
		n, _ := res.RowsAffected()
		total += n
		if n < expireBatch {
			return total, nil
		}
	}
}

// ExpireGuestAttemptsEvery runs ExpireGuestAttempts for attempts idle
// longer than ttl, now and then every interval until ctx ends, passing
// each outcome to report.
func (s *Store) ExpireGuestAttemptsEvery(ctx context.Context, interval, ttl time.Duration, report func(removed int64, err error)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		n, err := s.ExpireGuestAttempts(ctx, s.now().Add(-ttl))
		if ctx.Err() != nil {
			return // stopped mid-sweep: not a failure to report
		}
		report(n, err)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
