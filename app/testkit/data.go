package testkit

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"os"

	"cpopath/app/web"
)

// LoadDeps loads the content, assessments and translations from the
// module's files, as the server does from its embedded copy: what the
// checks compare pages with.
func LoadDeps() (web.Deps, error) {
	root, err := ModuleRoot()
	if err != nil {
		return web.Deps{}, err
	}
	return web.Load(os.DirFS(root))
}

// OpenAnswers reads, straight from the database file, the answers of the
// open attempt of the account with email or, when email is empty, of b's
// guest key: what the server stored, whatever it answered.
func OpenAnswers(ctx context.Context, db *sql.DB, b *Browser, email string) (map[string]string, error) {
	var rows *sql.Rows
	var err error
	if email != "" {
		rows, err = db.QueryContext(ctx, `SELECT a.item_id, a.value FROM answers a JOIN attempts t ON t.id = a.attempt_id
			JOIN users u ON u.id = t.user_id WHERE u.email = ? AND t.completed_at IS NULL`, email)
	} else {
		sum := sha256.Sum256([]byte(b.Cookies["cp_browser"]))
		rows, err = db.QueryContext(ctx, `SELECT a.item_id, a.value FROM answers a JOIN attempts t ON t.id = a.attempt_id
			WHERE t.user_id IS NULL AND t.guest_key_hash = ? AND t.completed_at IS NULL`, sum[:])
	}
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, rows.Err()
}
