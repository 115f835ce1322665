package store

import (
	"context"
	"database/sql"
	"fmt"
)

// CompletedAnswers returns the answers (item id → value) of every completed
// attempt at assessment, oldest first, for the operator's statistics. It
// names no one: only the answers leave the store.
func (s *Store) CompletedAnswers(ctx context.Context, assessment string) ([]map[string]string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT (SELECT group_concat(item_id || char(31) || value, char(30)) FROM answers WHERE attempt_id = t.id)
		FROM attempts t WHERE t.`+sameAssessment+` AND t.completed_at IS NOT NULL ORDER BY t.id`, assessment)
	if err != nil {
		return nil, fmt.Errorf("store: completed answers: %w", err)
	}
	defer rows.Close()
	var out []map[string]string
	for rows.Next() {
		var packed sql.NullString
		if err := rows.Scan(&packed); err != nil {
			return nil, fmt.Errorf("store: completed answers: %w", err)
		}
		out = append(out, unpackAnswers(packed))
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: completed answers: %w", err)
	}
	return out, nil
}
