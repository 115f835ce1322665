package web_test

import (
	"database/sql"

	_ "github.com/mattn/go-sqlite3"
)

// openRaw opens the test database directly, to check what was stored.
func openRaw(path string) (*sql.DB, error) {
	return sql.Open("sqlite3", "file:"+path+"?mode=ro&_busy_timeout=5000")
}
