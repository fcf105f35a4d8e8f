package sqlite_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/connectd/connectd/connect"
	"github.com/connectd/connectd/sqlite"
	"github.com/connectd/connectd/storetest"
)

func TestConformanceMemory(t *testing.T) {
	storetest.Run(t, func(t *testing.T) connect.Store { return sqlite.MustOpen(t, sqlite.Memory) })
}

func TestConformanceFile(t *testing.T) {
	storetest.Run(t, func(t *testing.T) connect.Store { return sqlite.MustOpen(t, filepath.Join(t.TempDir(), "c.db")) })
}

// The conformance suite on the store without its cache: the cache's
// decorator is tested by the suites above.
func TestConformanceUncached(t *testing.T) {
	storetest.Run(t, func(t *testing.T) connect.Store {
		return sqlite.MustOpenUncached(t, filepath.Join(t.TempDir(), "c.db"))
	})
}

func TestReopenKeepsData(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.db")
	s, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	key := connect.Key{Scope: connect.DefaultScope, Kind: connect.KindUser, ID: "u1"}
	if err := s.Create(context.Background(), connect.Record{Key: key, InstanceID: "i1", Name: "kept", Arn: "a", Modified: time.Now(), Doc: []byte("{}")}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	got, err := sqlite.MustOpen(t, path).Get(context.Background(), key)
	if err != nil || got.Name != "kept" {
		t.Errorf("after reopening: %+v %v", got, err)
	}
}

func TestRefusesNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.db")
	sqlite.MustOpen(t, path).Close()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`PRAGMA user_version = 999`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if s, err := sqlite.Open(path); err == nil {
		s.Close()
		t.Error("opened a database whose schema is newer than this connectd")
	}
}

// openShared opens two stores and a raw connection on one file, as
// three processes would.
func openShared(t *testing.T) (a, b *sqlite.Store, raw *sql.DB) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "c.db")
	a, b = sqlite.MustOpen(t, path), sqlite.MustOpen(t, path)
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return a, b, raw
}

// Get keeps what it read while the database is unchanged; a change
// committed through any other connection, as another process's would be,
// must show in the next Get.
func TestGetSeesOtherConnectionsWrites(t *testing.T) {
	ctx := context.Background()
	a, b, raw := openShared(t)
	key := connect.Key{Scope: connect.DefaultScope, Kind: connect.KindUser, ID: "u1"}
	if err := a.Create(ctx, connect.Record{Key: key, InstanceID: "i1", Name: "n", Arn: "a", Modified: time.Now(), Doc: []byte(`{"v":-1}`)}); err != nil {
		t.Fatal(err)
	}
	for i := range 50 {
		if _, err := b.Get(ctx, key); err != nil {
			t.Fatal(err)
		}
		want := fmt.Sprintf(`{"v":%d}`, i)
		var err error
		if i%2 == 0 {
			err = a.Update(ctx, key, func(r *connect.Record) error { r.Doc = []byte(want); return nil })
		} else {
			_, err = raw.Exec(`UPDATE resources SET doc = ? WHERE id = ?`, []byte(want), key.ID)
		}
		if err != nil {
			t.Fatal(err)
		}
		for name, s := range map[string]*sqlite.Store{"the other store": b, "the writing store": a} {
			got, err := s.Get(ctx, key)
			if err != nil || string(got.Doc) != want {
				t.Fatalf("write %d: %s read %s, %v; want %s", i, name, got.Doc, err, want)
			}
		}
	}

	// A store's own commit right after another connection's must not keep
	// what the other changed.
	other := connect.Key{Scope: connect.DefaultScope, Kind: connect.KindUser, ID: "u2"}
	if err := a.Create(ctx, connect.Record{Key: other, InstanceID: "i1", Name: "m", Arn: "a", Modified: time.Now(), Doc: []byte(`{}`)}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Get(ctx, other); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`UPDATE resources SET doc = '{"raw":1}' WHERE id = ?`, other.ID); err != nil {
		t.Fatal(err)
	}
	if err := a.Update(ctx, key, func(r *connect.Record) error { r.Doc = []byte(`{"own":1}`); return nil }); err != nil {
		t.Fatal(err)
	}
	if got, err := a.Get(ctx, other); err != nil || string(got.Doc) != `{"raw":1}` {
		t.Errorf("after another connection's write and then the store's own: read %s, %v", got.Doc, err)
	}

	// Nor when the other's commit comes between the store's commit and
	// its look at the version.
	restore := a.SetAfterCommit(func() {
		if _, err := raw.Exec(`UPDATE resources SET doc = '{"raw":2}' WHERE id = ?`, other.ID); err != nil {
			t.Error(err)
		}
	})
	err := a.Update(ctx, key, func(r *connect.Record) error { r.Doc = []byte(`{"own":2}`); return nil })
	restore()
	if err != nil {
		t.Fatal(err)
	}
	if got, err := a.Get(ctx, other); err != nil || string(got.Doc) != `{"raw":2}` {
		t.Errorf("after the store's own write and then, at once, another connection's: read %s, %v", got.Doc, err)
	}
	if err := a.Delete(ctx, key); err != nil {
		t.Fatal(err)
	}
	if got, err := b.Get(ctx, key); !errors.Is(err, connect.ErrNotFound) {
		t.Errorf("after a delete through the other store: %s, %v; want ErrNotFound", got.Doc, err)
	}
}

// A Get that sees the store's own commit before the cache has taken it in
// leaves the cache as it is, so that reads among a stream of writes still
// find what they read before.
func TestCacheKeptAcrossOwnCommits(t *testing.T) {
	ctx := context.Background()
	s := sqlite.MustOpen(t, filepath.Join(t.TempDir(), "c.db"))
	rec := func(id string) connect.Record {
		return connect.Record{Key: connect.Key{Scope: connect.DefaultScope, Kind: connect.KindUser, ID: id}, InstanceID: "i1",
			Name: id, Arn: id, Modified: time.Now(), Doc: []byte(`{}`)}
	}
	a, b := rec("a"), rec("b")
	if err := s.Create(ctx, a, b); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(ctx, a.Key); err != nil {
		t.Fatal(err)
	}
	restore := s.SetAfterCommit(func() {
		if _, err := s.Get(ctx, a.Key); err != nil {
			t.Error(err)
		}
	})
	err := s.Update(ctx, b.Key, func(r *connect.Record) error { r.Doc = []byte(`{"v":1}`); return nil })
	restore()
	if err != nil {
		t.Fatal(err)
	}
	if !s.Cached(a.Key) {
		t.Error("a read during the store's own commit emptied the cache")
	}
	if got, err := s.Get(ctx, b.Key); err != nil || string(got.Doc) != `{"v":1}` {
		t.Errorf("after the update: %s, %v", got.Doc, err)
	}
}

// A reference to a record the cache holds needs no look-up, as in a user's
// create, where the service has just read the profiles; but not past a
// delete through another connection, even one that comes right after the
// store's own commit.
func TestReferencesSeeOtherConnectionsDeletes(t *testing.T) {
	ctx := context.Background()
	a, b, raw := openShared(t)
	profile := connect.Key{Scope: connect.DefaultScope, Kind: connect.KindRoutingProfile, ID: "rp"}
	user := func(id string) connect.Record {
		return connect.Record{Key: connect.Key{Scope: connect.DefaultScope, Kind: connect.KindUser, ID: id}, InstanceID: "i1",
			Name: id, Arn: id, Modified: time.Now(), Doc: []byte(`{}`), Attrs: []connect.Attr{connect.RefAttr(profile.Kind, profile.ID)}}
	}
	createProfile := func() {
		t.Helper()
		if err := a.Create(ctx, connect.Record{Key: profile, InstanceID: "i1", Name: "p", Arn: "p", Modified: time.Now(), Doc: []byte(`{}`)}); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Get(ctx, profile); err != nil {
			t.Fatal(err)
		}
	}

	createProfile()
	for _, id := range []string{"u1", "u2"} {
		if err := a.Create(ctx, user(id)); err != nil {
			t.Fatal(err)
		}
	}
	if !a.Cached(profile) {
		t.Fatal("the profile read is not in the cache")
	}
	if err := b.Delete(ctx, user("u1").Key, user("u2").Key, profile); err != nil {
		t.Fatal(err)
	}
	if err := a.Create(ctx, user("u3")); !errors.Is(err, connect.ErrMissingRef) {
		t.Errorf("a reference to a record another store deleted: %v; want ErrMissingRef", err)
	}

	createProfile()
	restore := a.SetAfterCommit(func() {
		if _, err := raw.Exec(`DELETE FROM resources WHERE id IN ('rp', 'u4')`); err != nil {
			t.Error(err)
		}
	})
	err := a.Create(ctx, user("u4"))
	restore()
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Create(ctx, user("u5")); !errors.Is(err, connect.ErrMissingRef) {
		t.Errorf("a reference to a record deleted right after the store's commit: %v; want ErrMissingRef", err)
	}
}

// A database made by an older connectd is brought up to date with its
// records and their attributes intact.
func TestMigratesOldSchema(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		sqlite.Migrations[0],
		`PRAGMA user_version = 1`,
		`INSERT INTO resources VALUES ('111122223333', 'us-east-1', 'user', 'u1', 'i1', 'ann', 'arn:u1', 0, '{}', NULL)`,
		`INSERT INTO resources VALUES ('111122223333', 'us-east-1', 'queue', 'q1', 'i1', NULL, 'arn:q1', 0, '{}', NULL)`,
		`INSERT INTO resources VALUES ('111122223333', 'us-east-1', 'queue', 'q2', 'i1', NULL, 'arn:q2', 0, '{}', NULL)`,
		`INSERT INTO attrs VALUES ('111122223333', 'us-east-1', 'i1', 'firstName', 'Ann', 'user', 'u1')`,
		`INSERT INTO attrs VALUES ('111122223333', 'us-east-1', 'i1', 'firstName', 'Ann', 'user', 'u1')`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()

	s := sqlite.MustOpen(t, path)
	q := connect.SearchQuery{Scope: connect.ScopeFor("111122223333", "us-east-1"), InstanceID: "i1", Kind: connect.KindUser,
		Where: connect.Cond{Attr: connect.AttrFirstName, Match: connect.Equal, Value: "Ann"}, Limit: 10}
	page, total, err := s.Search(ctx, q)
	if err != nil || total != 1 || len(page) != 1 || page[0].Name != "ann" {
		t.Fatalf("search after the migration: %d records of %d, %v", len(page), total, err)
	}
	// The trigram index holds what was there before it.
	contains := q
	contains.Where = connect.Cond{Attr: connect.AttrFirstName, Match: connect.Contains, Value: "Ann"}
	if _, total, err := s.Search(ctx, contains); err != nil || total != 1 {
		t.Fatalf("CONTAINS after the migration: %d records, %v", total, err)
	}
	// Lists read the summaries migrated rows had.
	users, err := s.List(ctx, connect.ListQuery{Scope: q.Scope, InstanceID: "i1", Kind: connect.KindUser, Summaries: true, Limit: 10})
	if err != nil || len(users) != 1 || users[0].Name != "ann" || users[0].Arn != "arn:u1" {
		t.Fatalf("list after the migration: %+v, %v", users, err)
	}
	key := connect.Key{Scope: q.Scope, Kind: connect.KindUser, ID: "u1"}
	if err := s.Delete(ctx, key); err != nil {
		t.Fatal(err)
	}
	for _, q := range []connect.SearchQuery{q, contains} {
		if _, total, err := s.Search(ctx, q); err != nil || total != 0 {
			t.Errorf("search after deleting the user: %d, %v", total, err)
		}
	}
	// Unnamed records still may be many; named ones still clash.
	rec := connect.Record{Key: connect.Key{Scope: q.Scope, Kind: connect.KindQueue, ID: "q3"}, InstanceID: "i1", Arn: "arn:q3", Modified: time.Now(), Doc: []byte("{}")}
	if err := s.Create(ctx, rec); err != nil {
		t.Errorf("a third unnamed queue: %v", err)
	}
	rec.ID, rec.Name = "u2", "bob"
	rec.Kind = connect.KindUser
	if err := s.Create(ctx, rec); err != nil {
		t.Fatal(err)
	}
	rec.ID = "u3"
	if err := s.Create(ctx, rec); !errors.Is(err, connect.ErrDuplicate) {
		t.Errorf("a second user named bob: %v; want ErrDuplicate", err)
	}
}

// A database written by a connectd that kept a user's password hash in the
// secret column, beside profiles' private parts, is upgraded at Open: the
// hash moves to its own column and still verifies.
func TestMigratesPasswordHashes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range append(sqlite.Migrations[:3:3], `PRAGMA user_version = 3`) {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	for _, r := range storetest.LegacySecrets {
		_, err := db.Exec(`INSERT INTO resources (account, region, kind, id, instance_id, name, arn, modified, doc, secret)
			VALUES (?, ?, ?, ?, 'i1', ?, 'arn', 0, '{}', ?)`, r.Account, r.Region, string(r.Kind), r.ID, r.Name, r.Secret)
		if err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	storetest.CheckLegacySecrets(t, sqlite.MustOpen(t, path))
}

// A CONTAINS search answered from what the store keeps in memory must see
// every change as a search through SQL would: the store's own, another
// store's on the file, and one committed right after the store's own.
func TestContainsSeesOtherConnectionsWrites(t *testing.T) {
	ctx := context.Background()
	a, b, raw := openShared(t)
	user := func(id, name string) connect.Record {
		return connect.Record{Key: connect.Key{Scope: connect.DefaultScope, Kind: connect.KindUser, ID: id}, InstanceID: "i1",
			Name: name, Arn: "a", Modified: time.Now(), Doc: []byte(`{}`), Attrs: []connect.Attr{{Name: connect.AttrUsername, Value: name}, {Name: connect.AttrLastName, Value: name}}}
	}
	if err := a.Create(ctx, user("u1", "name-0"), user("u2", "other")); err != nil {
		t.Fatal(err)
	}
	// Both attributes have the name: each search reads two columns.
	contains := func(s *sqlite.Store, value string) []string {
		t.Helper()
		var found [2][]string
		for i, attr := range []string{connect.AttrUsername, connect.AttrLastName} {
			page, _, err := s.Search(ctx, connect.SearchQuery{Scope: connect.DefaultScope, Kind: connect.KindUser, InstanceID: "i1",
				Where: connect.Cond{Attr: attr, Match: connect.Contains, Value: value}, Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range page {
				found[i] = append(found[i], r.ID)
			}
		}
		if fmt.Sprint(found[0]) != fmt.Sprint(found[1]) {
			t.Errorf("CONTAINS %q: %v by username, %v by last name", value, found[0], found[1])
		}
		return found[0]
	}
	rename := func(s *sqlite.Store, name string) error {
		return s.Update(ctx, user("u1", "").Key, func(r *connect.Record) error {
			r.Name, r.Attrs = name, user("u1", name).Attrs
			return nil
		})
	}
	for i := 1; i <= 30; i++ {
		old, name := fmt.Sprintf("name-%d", i-1), fmt.Sprintf("name-%d", i)
		for _, s := range []*sqlite.Store{a, b} {
			if got := contains(s, old); fmt.Sprint(got) != "[u1]" {
				t.Fatalf("rename %d: CONTAINS %q found %v before it", i, old, got)
			}
		}
		var err error
		switch i % 4 {
		case 0:
			err = rename(a, name)
		case 1:
			err = rename(b, name)
		case 2:
			_, err = raw.Exec(`UPDATE attrs SET value = ? WHERE id = 'u1' AND name IN (?, ?)`, name, connect.AttrUsername, connect.AttrLastName)
		case 3:
			// The store's own commit of another record, and another
			// connection's rename right after it.
			restore := a.SetAfterCommit(func() {
				if _, err := raw.Exec(`UPDATE attrs SET value = ? WHERE id = 'u1' AND name IN (?, ?)`, name, connect.AttrUsername, connect.AttrLastName); err != nil {
					t.Error(err)
				}
			})
			err = a.Update(ctx, user("u2", "").Key, func(r *connect.Record) error { r.Attrs = user("u2", "other").Attrs; return nil })
			restore()
		}
		if err != nil {
			t.Fatal(err)
		}
		for sname, s := range map[string]*sqlite.Store{"a": a, "b": b} {
			if got := contains(s, name); fmt.Sprint(got) != "[u1]" {
				t.Errorf("rename %d (%d): store %s: CONTAINS %q found %v", i, i%4, sname, name, got)
			}
			if got := contains(s, old); len(got) != 0 {
				t.Errorf("rename %d (%d): store %s: CONTAINS the old name %q found %v", i, i%4, sname, old, got)
			}
		}
	}
}

// Searches that all need one column at once read it once: each reading a
// copy took 288 MB at 100,000 users and 16 clients.
func TestConcurrentContainsReadOneColumn(t *testing.T) {
	ctx := context.Background()
	s := sqlite.MustOpen(t, filepath.Join(t.TempDir(), "c.db"))
	var recs []connect.Record
	for i := range 5000 {
		name := fmt.Sprintf("agent%05d", i)
		recs = append(recs, connect.Record{Key: connect.Key{Scope: connect.DefaultScope, Kind: connect.KindUser, ID: fmt.Sprintf("u%05d", i)},
			InstanceID: "i1", Name: name, Arn: "a", Modified: time.Now(), Doc: []byte(`{}`), Attrs: []connect.Attr{{Name: connect.AttrUsername, Value: name}}})
	}
	if err := s.Create(ctx, recs...); err != nil {
		t.Fatal(err)
	}
	start := make(chan struct{})
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			<-start
			page, total, err := s.Search(ctx, connect.SearchQuery{Scope: connect.DefaultScope, Kind: connect.KindUser, InstanceID: "i1",
				Where: connect.Cond{Attr: connect.AttrUsername, Match: connect.Contains, Value: "123"}, Limit: 100})
			if err != nil || total != 15 || len(page) != 15 || page[0].ID != "u00123" {
				t.Errorf("CONTAINS 123: %d of %d, %v", len(page), total, err)
			}
		})
	}
	close(start)
	wg.Wait()
	if n := s.ColumnReads(); n != 1 {
		t.Errorf("16 concurrent searches read the column %d times, want 1", n)
	}
}
