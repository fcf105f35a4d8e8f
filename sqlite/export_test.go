package sqlite

import (
	"testing"

	"github.com/connectd/connectd/connect"
)

// MustOpen opens a store at path, closed when the test or benchmark ends.
func MustOpen(tb testing.TB, path string) *Store {
	tb.Helper()
	return mustOpen(tb, func() (*Store, error) { return Open(path) })
}

// MustOpenUncached opens a store at path without its cache, closed when
// the test ends.
func MustOpenUncached(tb testing.TB, path string) connect.Store {
	tb.Helper()
	return mustOpen(tb, func() (*sqlStore, error) { return open(path) })
}

func mustOpen[S connect.Store](tb testing.TB, open func() (S, error)) S {
	tb.Helper()
	s, err := open()
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// SetAfterCommit makes f run right after each of s's commits, until the
// returned function is called. It must be called while s is not writing.
func (s *Store) SetAfterCommit(f func()) (restore func()) {
	s.db.afterCommit = f
	return func() { s.db.afterCommit = nil }
}

// Migrations are the schema's steps, in order, as SQL.
var Migrations = func() []string {
	var sqls []string
	for _, m := range migrations {
		sqls = append(sqls, m.SQL)
	}
	return sqls
}()

// Cached reports whether s's cache holds the record with the key.
func (s *Store) Cached(key connect.Key) bool { return s.Holds(key) }

// ColumnReads is how many columns s has read through SQL.
func (s *Store) ColumnReads() int64 { return s.db.columnReads.Load() }
