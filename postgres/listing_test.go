package postgres

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/connectd/connectd/connect"
	"github.com/connectd/connectd/postgres/pgtest"
	"github.com/connectd/connectd/storesql"
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
			if l, _ := s.cache.listing(storesql.ListingKey{Scope: q.Scope, Instance: q.InstanceID, Kind: q.Kind}); l != nil {
				if _, ok := l.Page(q); ok {
					served++
				}
			}
			got, err := s.List(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			want, err := s.list(ctx, q)
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
// is not kept; a write drops the listings of its kind.
func TestListingKeepsNoReadDuringWrite(t *testing.T) {
	c := newCache(storesql.CacheBytes)
	c.setEnabled(true)
	key := storesql.ListingKey{Scope: searchScope, Instance: "i1", Kind: connect.KindUser}
	page := []connect.Record{{Key: connect.Key{Scope: searchScope, Kind: connect.KindUser, ID: "u1"}}}
	user := []connect.Key{page[0].Key}
	held := func() bool { l, _ := c.listing(key); return l != nil }

	c.beginWrite()
	_, ticket := c.listing(key)
	c.AddListed(ticket, key, "", 10, page)
	c.endWrite(false, nil)
	if held() {
		t.Error("kept a page read while a write was in flight")
	}
	_, ticket = c.listing(key)
	c.beginWrite()
	c.endWrite(false, nil)
	c.AddListed(ticket, key, "", 10, page)
	if held() {
		t.Error("kept a page read before a write that ended since")
	}
	_, ticket = c.listing(key)
	c.AddListed(ticket, key, "", 10, page)
	if !held() {
		t.Fatal("without writes, the page was not kept")
	}
	c.beginWrite()
	c.endWrite(false, []connect.Key{{Scope: searchScope, Kind: connect.KindQueue, ID: "q"}})
	if !held() {
		t.Error("a write of queues dropped the listing of users")
	}
	c.beginWrite()
	c.endWrite(false, user)
	if held() {
		t.Error("a write of a user left the listing of users")
	}
}
