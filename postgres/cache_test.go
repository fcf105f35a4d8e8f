package postgres

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/connectd/connectd/connect"
	"github.com/connectd/connectd/postgres/pgtest"
	"github.com/connectd/connectd/storesql"
)

// A store caches while it is the only one open on its schema; another
// opening makes it stop before that one can write, and once the other has
// closed it caches again. Each of the other's writes is seen at once.
func TestCacheOnlyWhileAlone(t *testing.T) {
	defer func(d time.Duration) { presenceRetry = d }(presenceRetry)
	presenceRetry = 20 * time.Millisecond
	ctx := context.Background()
	_, dsn := pgtest.FreshSchema(t)
	a := openTest(t, dsn, noTrigram)
	if !a.cache.isEnabled() {
		t.Fatal("a store alone on its schema does not cache")
	}
	rec := searchRec("u1", "i1")
	if err := a.Create(ctx, rec); err != nil {
		t.Fatal(err)
	}
	get := func(s *Store) string {
		t.Helper()
		r, err := s.Get(ctx, rec.Key)
		if err != nil {
			t.Fatal(err)
		}
		return string(r.Doc)
	}
	get(a)
	if _, ok, _ := a.cache.lookup(rec.Key); !ok {
		t.Fatal("Get did not keep the record")
	}

	b, err := open(ctx, dsn, Options{}, noTrigram)
	if err != nil {
		t.Fatal(err)
	}
	if a.cache.isEnabled() || b.cache.isEnabled() {
		t.Fatalf("with two stores open, caching: %v and %v", a.cache.isEnabled(), b.cache.isEnabled())
	}
	for i := range 20 {
		want := `{"v":` + string(rune('a'+i)) + `}`
		w, r := b, a
		if i%2 == 1 {
			w, r = a, b
		}
		if err := w.Update(ctx, rec.Key, func(r *connect.Record) error { r.Doc = []byte(want); return nil }); err != nil {
			t.Fatal(err)
		}
		if got := get(r); got != want {
			t.Fatalf("write %d: the other store read %s, want %s", i, got, want)
		}
	}
	// Neither takes the cache while both are open.
	time.Sleep(5 * presenceRetry)
	if a.cache.isEnabled() || b.cache.isEnabled() {
		t.Fatal("a store took the cache while another was open")
	}

	b.Close()
	deadline := time.Now().Add(5 * time.Second)
	for !a.cache.isEnabled() {
		if time.Now().After(deadline) {
			t.Fatal("the store left alone did not cache again")
		}
		time.Sleep(presenceRetry)
	}
	if _, ok, _ := a.cache.lookup(rec.Key); ok {
		t.Error("the cache did not start empty")
	}
	if got := get(a); got != `{"v":t}` {
		t.Errorf("read %s after caching again", got)
	}
}

// A record read while a write is in flight is not kept: the write may
// replace it.
func TestCacheKeepsNoReadDuringWrite(t *testing.T) {
	c := newCache(storesql.CacheBytes)
	c.setEnabled(true)
	key := connect.Key{Scope: searchScope, Kind: connect.KindUser, ID: "u1"}
	c.beginWrite()
	_, _, ticket := c.lookup(key)
	c.Add(ticket, key, connect.Record{Key: key, Doc: []byte("old")})
	c.endWrite(false, []connect.Key{key})
	if _, ok, _ := c.lookup(key); ok {
		t.Error("kept a record read while a write was in flight")
	}
	_, _, ticket = c.lookup(key)
	c.beginWrite()
	c.endWrite(false, nil)
	c.Add(ticket, key, connect.Record{Key: key, Doc: []byte("old")})
	if _, ok, _ := c.lookup(key); ok {
		t.Error("kept a record read before a write that ended since")
	}
	_, _, ticket = c.lookup(key)
	c.Add(ticket, key, connect.Record{Key: key, Doc: []byte("new")})
	if r, ok, _ := c.lookup(key); !ok || string(r.Doc) != "new" {
		t.Errorf("without writes: %s, %v", r.Doc, ok)
	}
}

// A store whose lock connection fails stops caching: PostgreSQL has
// released its lock, and another process may now write unseen.
func TestCacheStopsWhenItsLockConnectionDies(t *testing.T) {
	ctx := context.Background()
	_, dsn := pgtest.FreshSchema(t)
	a := openTest(t, dsn, noTrigram)
	if !a.cache.isEnabled() {
		t.Fatal("a store alone on its schema does not cache")
	}
	pgtest.Admin(t, fmt.Sprintf(`SELECT pg_terminate_backend(%d)`, a.presence.conn.PgConn().PID()))
	deadline := time.Now().Add(10 * time.Second)
	for a.cache.isEnabled() {
		if time.Now().After(deadline) {
			t.Fatal("still caching 10 s after its lock connection was ended")
		}
		time.Sleep(5 * time.Millisecond)
	}
	rec := searchRec("u1", "i1")
	if err := a.Create(ctx, rec); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Get(ctx, rec.Key); err != nil {
		t.Fatal(err)
	}
	b := openTest(t, dsn, noTrigram)
	if err := b.Update(ctx, rec.Key, func(r *connect.Record) error { r.Doc = []byte(`{"v":1}`); return nil }); err != nil {
		t.Fatal(err)
	}
	if got, err := a.Get(ctx, rec.Key); err != nil || string(got.Doc) != `{"v":1}` {
		t.Errorf("after another store's write: %s, %v", got.Doc, err)
	}
}
