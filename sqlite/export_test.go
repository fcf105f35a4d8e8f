package sqlite

import (
	"testing"

	"github.com/connectd/connectd/connect"
)

// MustOpen opens a store at path, closed when the test or benchmark ends.
func MustOpen(tb testing.TB, path string) *Store {
	tb.Helper()
	s, err := Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// SetAfterCommit makes f run right after each of s's commits, until the
// returned function is called. It must be called while s is not writing.
func (s *Store) SetAfterCommit(f func()) (restore func()) {
	s.afterCommit = f
	return func() { s.afterCommit = nil }
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
func (s *Store) Cached(key connect.Key) bool {
	v, ok := s.cache.current()
	if !ok {
		return false
	}
	_, hit := s.cache.lookup(v, key)
	return hit
}

// ColumnReads is how many columns s has read through SQL.
func (s *Store) ColumnReads() int64 { return s.columnReads.Load() }
