package storesql

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
)

// Migration is one step of a store's schema: an embedded file named
// NNNN_description.sql, whose number is the schema version it brings the
// database to.
type Migration struct {
	Version int
	Name    string // the file's name
	SQL     string
}

// LoadMigrations reads the migrations in the directory dir of fsys; their
// numbers must run from 1 without a gap. Files that do not end in .sql
// are not migrations.
func LoadMigrations(fsys fs.FS, dir string) ([]Migration, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var ms []Migration
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v < 1 {
			return nil, fmt.Errorf("migration file %s: want a name like 0001_description.sql", e.Name())
		}
		body, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		ms = append(ms, Migration{Version: v, Name: e.Name(), SQL: string(body)})
	}
	slices.SortFunc(ms, func(a, b Migration) int { return a.Version - b.Version })
	for i, m := range ms {
		if m.Version != i+1 {
			return nil, fmt.Errorf("migration file %s: want version %d", m.Name, i+1)
		}
	}
	return ms, nil
}

// Pending returns the migrations a database at schema version has yet to
// apply, in order, or an error if it is newer than the last of them: an
// older connectd must not write to a schema it does not know.
func Pending(ms []Migration, version int) ([]Migration, error) {
	if version > len(ms) {
		return nil, fmt.Errorf("database schema version %d is newer than this connectd (%d)", version, len(ms))
	}
	return ms[version:], nil
}

// Migrate applies, in the transaction tx, the migrations of ms the
// database lacks, as the dialect reads and records its schema version.
func (d *Dialect) Migrate(ctx context.Context, tx Tx, ms []Migration) error {
	var version int
	if err := tx.QueryRow(ctx, d.SchemaVersionSQL).Scan(&version); err != nil {
		return err
	}
	pending, err := Pending(ms, version)
	if err != nil {
		return err
	}
	for _, m := range pending {
		if _, err := tx.Exec(ctx, m.SQL); err != nil {
			return fmt.Errorf("migration %s: %w", m.Name, err)
		}
		if err := d.Migrated(ctx, tx, m); err != nil {
			return err
		}
	}
	return nil
}
