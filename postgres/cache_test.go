package postgres

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/connectd/connectd/cache"
	"github.com/connectd/connectd/connect"
	"github.com/connectd/connectd/postgres/pgtest"
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
	if !a.db.gens.isEnabled() {
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
	if ok := a.Holds(rec.Key); !ok {
		t.Fatal("Get did not keep the record")
	}

	bdb, err := open(ctx, dsn, Options{}, noTrigram)
	if err != nil {
		t.Fatal(err)
	}
	b := newStore(bdb)
	if a.db.gens.isEnabled() || b.db.gens.isEnabled() {
		t.Fatalf("with two stores open, caching: %v and %v", a.db.gens.isEnabled(), b.db.gens.isEnabled())
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
	if a.db.gens.isEnabled() || b.db.gens.isEnabled() {
		t.Fatal("a store took the cache while another was open")
	}

	b.Close()
	deadline := time.Now().Add(5 * time.Second)
	for !a.db.gens.isEnabled() {
		if time.Now().After(deadline) {
			t.Fatal("the store left alone did not cache again")
		}
		time.Sleep(presenceRetry)
	}
	if ok := a.Holds(rec.Key); ok {
		t.Error("the cache did not start empty")
	}
	if got := get(a); got != `{"v":t}` {
		t.Errorf("read %s after caching again", got)
	}
}

// testSource is a cache.Source whose reads are what its hooks say, at the
// version of its generations.
type testSource struct {
	connect.Store // nil: only Get and List are called
	gens          *generations
	get           func() (connect.Record, error)
	list          func() ([]connect.Record, error)
}

func (s *testSource) Version() (uint64, bool)                                  { return s.gens.version() }
func (s *testSource) Watch(w cache.Watcher[uint64])                            { s.gens.watch(w) }
func (s *testSource) Get(context.Context, connect.Key) (connect.Record, error) { return s.get() }
func (s *testSource) List(context.Context, connect.ListQuery) ([]connect.Record, error) {
	return s.list()
}
func (s *testSource) SearchHeld(context.Context, connect.SearchQuery, uint64, cache.Held) ([]connect.Record, int, error) {
	return nil, 0, cache.ErrMoved
}

// newTestCache is a cache over a testSource whose generations cache.
func newTestCache() (*generations, *cache.Store[uint64], *testSource) {
	g := &generations{}
	g.setEnabled(true)
	src := &testSource{gens: g}
	return g, cache.New(src, cache.CacheBytes), src
}

// A record read while a write is in flight is not kept: the write may
// replace it.
func TestCacheKeepsNoReadDuringWrite(t *testing.T) {
	ctx := context.Background()
	g, c, src := newTestCache()
	key := connect.Key{Scope: searchScope, Kind: connect.KindUser, ID: "u1"}
	read := func(doc string, during func()) {
		src.get = func() (connect.Record, error) {
			if during != nil {
				during()
			}
			return connect.Record{Key: key, Doc: []byte(doc)}, nil
		}
		if _, err := c.Get(ctx, key); err != nil {
			t.Fatal(err)
		}
	}
	g.beginWrite()
	read("old", nil)
	g.endWrite(false, []cache.Written{{Key: key}})
	if c.Holds(key) {
		t.Error("kept a record read while a write was in flight")
	}
	read("old", func() { g.beginWrite(); g.endWrite(false, nil) })
	if c.Holds(key) {
		t.Error("kept a record read before a write that ended since")
	}
	read("new", nil)
	src.get = func() (connect.Record, error) { return connect.Record{}, errors.New("read again") }
	if r, err := c.Get(ctx, key); err != nil || string(r.Doc) != "new" {
		t.Errorf("without writes: %s, %v", r.Doc, err == nil)
	}
}

// A store whose lock connection fails stops caching: PostgreSQL has
// released its lock, and another process may now write unseen.
func TestCacheStopsWhenItsLockConnectionDies(t *testing.T) {
	ctx := context.Background()
	_, dsn := pgtest.FreshSchema(t)
	a := openTest(t, dsn, noTrigram)
	if !a.db.gens.isEnabled() {
		t.Fatal("a store alone on its schema does not cache")
	}
	pgtest.Admin(t, fmt.Sprintf(`SELECT pg_terminate_backend(%d)`, a.db.presence.conn.PgConn().PID()))
	deadline := time.Now().Add(10 * time.Second)
	for a.db.gens.isEnabled() {
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
