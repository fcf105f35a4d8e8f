// Package pgtest gives tests a PostgreSQL schema of their own, on the
// database named by the CONNECTD_TEST_POSTGRES environment variable; tests
// skip, saying so, when it is not set.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvDSN names the environment variable holding the DSN of a database the
// tests may create schemas in.
const EnvDSN = "CONNECTD_TEST_POSTGRES"

// DSN returns the test database's DSN, or skips the test.
func DSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(EnvDSN)
	if dsn == "" {
		t.Skip("CONNECTD_TEST_POSTGRES is not set: PostgreSQL store tests skipped")
	}
	return dsn
}

// WithParam returns the DSN with a run-time parameter set, in either DSN
// form pgx reads (the values used here need no quoting).
func WithParam(t testing.TB, dsn, key, value string) string {
	t.Helper()
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err != nil {
			t.Fatalf("%s: %v", EnvDSN, err)
		}
		q := u.Query()
		q.Set(key, value)
		u.RawQuery = q.Encode()
		return u.String()
	}
	return dsn + " " + key + "=" + value
}

// Admin runs statements on the test database outside any store.
func Admin(t testing.TB, sqls ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, DSN(t))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for _, sql := range sqls {
		if _, err := conn.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
}

// trigram installs pg_trgm, once per process, where the store would
// otherwise install it: in the first test schema of the search path, from
// where dropping that schema would take every other test's trigram index
// with it. Where the server lacks pg_trgm, the stores do without.
var trigram sync.Once

// FreshSchema creates an empty schema with a random name, dropped when the
// test ends, and returns its quoted name and a DSN whose search_path is it.
func FreshSchema(t testing.TB) (schema, dsn string) {
	t.Helper()
	base := DSN(t)
	trigram.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, `CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public`); err != nil {
			t.Logf("pg_trgm: %v", err)
		}
	})
	b := make([]byte, 8)
	rand.Read(b)
	name := "connectd_test_" + hex.EncodeToString(b)
	schema = pgx.Identifier{name}.Sanitize()
	Admin(t, `CREATE SCHEMA `+schema)
	// Registered before any store's Close, so it runs after them.
	t.Cleanup(func() { Admin(t, `DROP SCHEMA `+schema+` CASCADE`) })
	return schema, WithParam(t, base, "search_path", name)
}
