package store

import (
	"context"
	"path/filepath"
	"testing"
)

// TestWriterSyncsEveryCommit holds the durability promise: with NORMAL, a
// commit survives a killed process but not a failing operating system.
func TestWriterSyncsEveryCommit(t *testing.T) {
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var mode int
	if err := s.w.QueryRow(`PRAGMA synchronous`).Scan(&mode); err != nil {
		t.Fatal(err)
	}
	if mode != 2 {
		t.Errorf("writer's synchronous = %d, want 2 (FULL)", mode)
	}
}
