package store_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"cpopath/app/store"
)

// TestOpenRefusesFilesThatWouldStartEmpty: a zero-length or schema-less
// file is refused unless asked to create, with a message saying what to
// do; a missing file is a first start.
func TestOpenRefusesFilesThatWouldStartEmpty(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()

	empty := filepath.Join(dir, "empty.db")
	os.WriteFile(empty, nil, 0o600)
	if _, err := store.Open(ctx, empty); err == nil || !strings.Contains(err.Error(), "empty") || !strings.Contains(err.Error(), "-create") {
		t.Fatalf("zero-length file: err = %v, want a refusal naming -create", err)
	}
	schemaless := filepath.Join(dir, "schemaless.db")
	db, _ := sql.Open("sqlite3", schemaless)
	db.Exec(`PRAGMA journal_mode = WAL`)
	db.Close()
	if fi, err := os.Stat(schemaless); err != nil || fi.Size() == 0 {
		t.Fatalf("the schema-less file was not written: %v", err)
	}
	if _, err := store.Open(ctx, schemaless); err == nil || !strings.Contains(err.Error(), "no cpopath schema") {
		t.Fatalf("schema-less file: err = %v, want a refusal", err)
	}
	notSQLite := filepath.Join(dir, "text.db")
	os.WriteFile(notSQLite, []byte("hello, this is not a database at all, not even close to one; some more bytes to fill the header ..."), 0o600)
	if _, err := store.Open(ctx, notSQLite); err == nil || !strings.Contains(err.Error(), "not a SQLite database") {
		t.Fatalf("text file: err = %v, want a refusal", err)
	}
	for _, path := range []string{empty, schemaless} {
		st, err := store.OpenWith(ctx, path, store.Options{Create: true})
		if err != nil {
			t.Fatalf("%s with Create: %v", path, err)
		}
		st.Close()
	}
	st, err := store.Open(ctx, filepath.Join(dir, "new", "first.db"))
	if err != nil {
		t.Fatalf("first start: %v", err)
	}
	st.Close()
}

// TestOpenRefusesNewerSchema: a database written by a newer binary is not
// served silently; the message names both versions.
func TestOpenRefusesNewerSchema(t *testing.T) {
	ctx := context.Background()
	st, path := openStore(t)
	v, _ := st.Version(ctx)
	st.Close()
	db, _ := sql.Open("sqlite3", path)
	if _, err := db.Exec(`PRAGMA user_version = 9999`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err := store.Open(ctx, path)
	if err == nil || !strings.Contains(err.Error(), "9999") || !strings.Contains(err.Error(), "newer than this binary's "+strconv.Itoa(v)) {
		t.Fatalf("err = %v, want a refusal naming 9999 and %d", err, v)
	}
}

// TestOpenRefusesForeignWAL: a database file replaced by a backup with the
// old -wal left beside it would have the old log replayed onto it.
func TestOpenRefusesForeignWAL(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	live := filepath.Join(dir, "live.db")
	st, err := store.Open(ctx, live)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateUser(ctx, "a@example.org", "A", "x"); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(dir, "backup.db")
	if err := st.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateUser(ctx, "b@example.org", "B", "x"); err != nil {
		t.Fatal(err)
	}
	// A copy of the log as it is while the server runs, kept as a crash
	// would leave it.
	wal, err := os.ReadFile(live + "-wal")
	if err != nil || len(wal) == 0 {
		t.Fatalf("no log to keep: %v", err)
	}
	st.Close()
	os.WriteFile(live+"-wal", wal, 0o600)
	// The operator copies the backup over the file and starts again.
	b, _ := os.ReadFile(backup)
	os.WriteFile(live, b, 0o600)
	if _, err := store.Open(ctx, live); err == nil || !strings.Contains(err.Error(), "does not belong") {
		t.Fatalf("err = %v, want the -wal refused", err)
	}
	// restore puts it in place properly.
	if err := store.Restore(ctx, backup, live); err != nil {
		t.Fatal(err)
	}
	st, err = store.Open(ctx, live)
	if err != nil {
		t.Fatalf("after restore: %v", err)
	}
	defer st.Close()
	if _, err := st.UserByEmail(ctx, "a@example.org"); err != nil {
		t.Errorf("the restored database lacks what the backup held: %v", err)
	}
}

// TestBackupIsAtomic: a backup killed midway leaves only its temporary
// file, which neither counts as the backup nor stops a retry; a backup
// whose copy fails the check is not renamed into place.
func TestBackupIsAtomic(t *testing.T) {
	ctx := context.Background()
	st, _ := openStore(t)
	dest := filepath.Join(t.TempDir(), "backup.db")
	// What a killed VACUUM INTO leaves: part of a file, under the
	// temporary name.
	os.WriteFile(dest+".partial", []byte("SQLite format 3\x00 half"), 0o600)
	if err := st.Backup(ctx, dest); err != nil {
		t.Fatalf("retry after a killed backup: %v", err)
	}
	if _, err := os.Stat(dest + ".partial"); !os.IsNotExist(err) {
		t.Error("the temporary file is left behind")
	}
	if v, err := store.CheckCopy(ctx, dest); err != nil || v == 0 {
		t.Fatalf("check of the backup: %d, %v", v, err)
	}
	if err := st.Backup(ctx, dest); err == nil {
		t.Error("a backup overwrote an existing file")
	}
	// A restore refuses a copy that is not a sound database.
	bad := filepath.Join(t.TempDir(), "bad.db")
	os.WriteFile(bad, nil, 0o600)
	if err := store.Restore(ctx, bad, filepath.Join(t.TempDir(), "x.db")); err == nil {
		t.Error("restore accepted an empty backup")
	}
}
