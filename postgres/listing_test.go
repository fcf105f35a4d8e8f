package postgres

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/connectd/connectd/cache"
	"github.com/connectd/connectd/connect"
	"github.com/connectd/connectd/postgres/pgtest"
)

// Whatever the store wrote and listed before, List answers what reading
// the database answers, pages served from listings included.
func TestListingMatchesDatabase(t *testing.T) {
	ctx := context.Background()
	_, dsn := pgtest.FreshSchema(t)
	s := openTest(t, dsn, noTrigram)
	rng := rand.New(rand.NewPCG(7, 8))
	var ids []string
	served := 0
	for step := range 1500 {
		id := fmt.Sprintf("u%03d", rng.IntN(150))
		inst := []string{"i1", "i2"}[rng.IntN(2)]
		r := searchRec(id, inst)
		r.Name, r.Modified = fmt.Sprintf("name%d", step), time.UnixMilli(int64(step))
		switch op := rng.IntN(20); { // mostly lists: each write drops the listings of users
		case op < 3:
			if err := s.Create(ctx, r); err == nil {
				ids = append(ids, id)
			}
		case op < 5:
			s.Update(ctx, r.Key, func(old *connect.Record) error { old.Name, old.Modified = r.Name, r.Modified; return nil })
		case op < 6:
			s.Delete(ctx, r.Key)
		default:
			q := connect.ListQuery{Scope: searchScope, Kind: connect.KindUser, InstanceID: inst, Limit: 1 + rng.IntN(12), Summaries: true}
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
				t.Fatalf("step %d: List after %q, %d, in %s:\n%v\ndatabase:\n%v", step, q.After, q.Limit, inst, got, want)
			}
		}
	}
	if served < 100 {
		t.Errorf("only %d pages came from listings", served)
	}
}

// A page read while a write is in flight, or before one that ended since,
// is not kept; a write applies to the listings of its kind.
func TestListingKeepsNoReadDuringWrite(t *testing.T) {
	g, c, src := newTestCache()
	key := cache.ListingKey{Scope: searchScope, Instance: "i1", Kind: connect.KindUser}
	page := []connect.Record{{Key: connect.Key{Scope: searchScope, Kind: connect.KindUser, ID: "u1"}, InstanceID: "i1"}}
	user := []cache.Written{{Key: page[0].Key, Deleted: true}}
	q := connect.ListQuery{Scope: key.Scope, Kind: key.Kind, InstanceID: key.Instance, Limit: 10, Summaries: true}
	held := func() bool { return c.Listed(key) != nil }
	list := func(during func()) {
		src.list = func() ([]connect.Record, error) {
			if during != nil {
				during()
			}
			return page, nil
		}
		if _, err := c.List(context.Background(), q); err != nil {
			t.Fatal(err)
		}
	}

	g.beginWrite()
	list(nil)
	g.endWrite(false, nil)
	if held() {
		t.Error("kept a page read while a write was in flight")
	}
	list(func() { g.beginWrite(); g.endWrite(false, nil) })
	if held() {
		t.Error("kept a page read before a write that ended since")
	}
	list(nil)
	if !held() {
		t.Fatal("without writes, the page was not kept")
	}
	g.beginWrite()
	g.endWrite(false, []cache.Written{{Key: connect.Key{Scope: searchScope, Kind: connect.KindQueue, ID: "q"}, Deleted: true}})
	if !held() {
		t.Error("a write of queues dropped the listing of users")
	}
	g.beginWrite()
	g.endWrite(false, user)
	if l := c.Listed(key); l == nil {
		t.Error("a write of a user dropped the listing of users")
	} else if got, ok := l.Page(q); !ok || len(got) != 0 {
		t.Error("a write of a user left the listing of users as it was")
	}
}
