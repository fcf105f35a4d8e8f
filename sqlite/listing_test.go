package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/connectd/connectd/cache"
	"github.com/connectd/connectd/connect"
)

// BenchmarkListSummaries reads the first page of 1000 of 100,000 users'
// summaries, through SQL and from the listing in memory.
func BenchmarkListSummaries(b *testing.B) {
	ctx := context.Background()
	s := mustFillUsers(b, 100_000)
	q := connect.ListQuery{Scope: connect.DefaultScope, Kind: connect.KindUser, InstanceID: "i1", Limit: 1001, Summaries: true}
	for _, bc := range []struct {
		name string
		list func(context.Context, connect.ListQuery) ([]connect.Record, error)
	}{{"sql", s.db.list}, {"listing", s.List}} {
		b.Run(bc.name, func(b *testing.B) {
			bc.list(ctx, q) // the listing takes the page in at the first
			for b.Loop() {
				if page, err := bc.list(ctx, q); err != nil || len(page) != q.Limit {
					b.Fatal(len(page), err)
				}
			}
		})
	}
}

// Whatever the store wrote and listed before, List answers what reading
// through SQL answers: pages served from listings, after creates, renames,
// moves and deletes of the store's own, in and out of the spans listed.
func TestListingMatchesSQL(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(3, 4))
	for _, path := range []string{":memory:", filepath.Join(t.TempDir(), "listing.db")} {
		s := MustOpen(t, path)
		var ids []string
		instances := []string{"i1", "i2"}
		served := 0
		for step := range 5000 {
			id := fmt.Sprintf("u%03d", rng.IntN(150))
			inst := instances[rng.IntN(2)]
			r := connect.Record{Key: connect.Key{Scope: connect.DefaultScope, Kind: connect.KindUser, ID: id}, InstanceID: inst,
				Name: fmt.Sprintf("name%d", step), Modified: time.UnixMilli(int64(step)), Doc: []byte(`{}`)}
			r.Arn = connect.ChildARN(connect.DefaultScope, inst, connect.KindUser, id)
			if rng.IntN(10) == 0 {
				r.Arn = "arn:other:" + id // not the listing's prefix
			}
			switch op := rng.IntN(10); {
			case op < 4:
				if err := s.Create(ctx, r); err == nil {
					ids = append(ids, id)
				}
			case op < 6:
				s.Update(ctx, r.Key, func(old *connect.Record) error {
					old.Name, old.Arn, old.Modified = r.Name, r.Arn, r.Modified
					return nil
				})
			case op < 7:
				s.Delete(ctx, r.Key)
			default:
				q := connect.ListQuery{Scope: connect.DefaultScope, Kind: connect.KindUser, InstanceID: inst,
					Limit: 1 + rng.IntN(12), Summaries: true}
				if len(ids) > 0 && rng.IntN(3) > 0 {
					q.After = ids[rng.IntN(len(ids))]
				}
				if l := s.Listed(cache.ListingKey{Scope: q.Scope, Instance: q.InstanceID, Kind: q.Kind}); l != nil {
					if _, ok := l.Page(q); ok {
						served++
					}
				}
				got, err := s.List(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				want, err := s.db.list(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("%s, step %d: List after %q, %d, in %s:\n%v\nSQL:\n%v", path, step, q.After, q.Limit, inst, got, want)
				}
			}
		}
		t.Logf("%s: %d pages from listings", path, served)
		if served < 200 {
			t.Errorf("%s: only %d pages came from listings", path, served)
		}
	}
}

// A listing is not used once another connection has written.
func TestListingSeesOtherConnectionsWrites(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "listing.db")
	s := MustOpen(t, path)
	q := connect.ListQuery{Scope: connect.DefaultScope, Kind: connect.KindUser, InstanceID: "i1", Limit: 1, Summaries: true}
	user := func(id string) connect.Record {
		return connect.Record{Key: connect.Key{Scope: connect.DefaultScope, Kind: connect.KindUser, ID: id}, InstanceID: "i1",
			Name: id, Arn: "arn:" + id, Modified: time.UnixMilli(1), Doc: []byte(`{}`)}
	}
	if err := s.Create(ctx, user("a"), user("b")); err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	other := MustOpen(t, path)
	for i, write := range []func() error{
		func() error { return other.Create(ctx, user("c")) },
		func() error {
			_, err := raw.Exec(`UPDATE resources SET name = 'renamed' WHERE id = 'a'`)
			return err
		},
		func() error { return other.Delete(ctx, user("b").Key) },
		func() error { // and then the store itself, before it reads again
			if err := other.Create(ctx, user("d")); err != nil {
				return err
			}
			return s.Create(ctx, user("e"))
		},
	} {
		// Pages of one record each: the first read after a write reads
		// its own page through SQL, and the others must not come from
		// the listing the write made stale.
		walk := func(list func(context.Context, connect.ListQuery) ([]connect.Record, error)) []connect.Record {
			var all []connect.Record
			for q := q; ; {
				page, err := list(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				all = append(all, page...)
				if len(page) < q.Limit {
					return all
				}
				q.After = page[len(page)-1].ID
			}
		}
		walk(s.List) // the pages go into the listing
		if err := write(); err != nil {
			t.Fatal(err)
		}
		if got, want := walk(s.List), walk(s.db.list); !reflect.DeepEqual(got, want) {
			t.Errorf("after write %d: List %v, SQL %v", i, got, want)
		}
	}
}
