// Package cache keeps in memory what a connect.Store has read, records and
// pages of summaries, for as long as the database has not changed since:
// a decorator (Store) around any store that can tell when it has (Source).
// It also holds the parts such a cache is made of: a bounded map of
// records (Records) and the listings of summaries List is served from
// (Listing).
//
// What the cache holds is valid at one version of the database. Every read
// first asks the store for the version; when it differs from the one the
// cache holds, the cache starts again empty. What is read from the store is
// kept only if the cache is still at the version seen before the read, so
// no entry is older than its version, and a change committed anywhere
// before a read began is seen by that read. A commit of the store's own
// moves the cache to the version after it, dropping only what the commit
// wrote, when the store can tell that nothing else came between.
package cache

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/connectd/connectd/connect"
)

// Source is a store the cache can sit in front of: it tells the database's
// version, and of its own commits.
type Source[V comparable] interface {
	connect.Store
	// Version returns the database's version, which differs after any
	// commit by any process; ok is false when the store cannot tell now,
	// and nothing is kept or served from the cache then.
	Version() (v V, ok bool)
	// Watch makes the store tell w of each of its own commits, from then
	// on. New calls it once, before any other call.
	Watch(w Watcher[V])
	// SearchHeld is Search at version at, taking the records it selects
	// from held where it holds them, and keeping there those it reads.
	// It returns ErrMoved if it finds that the database moved on; the
	// cache then calls Search, as it does whenever the version changed
	// by the time SearchHeld returned.
	SearchHeld(ctx context.Context, q connect.SearchQuery, at V, held Held) ([]connect.Record, int, error)
}

// ErrMoved says that the database changed during a read.
var ErrMoved = errors.New("cache: the database changed during a read")

// Held is what a Source's SearchHeld may take from the cache, and give it,
// at one version.
type Held interface {
	Lookup(key connect.Key) (connect.Record, bool)
	Keep(r connect.Record)
}

// Watcher is told of a Source's own commits.
type Watcher[V comparable] interface {
	// Committing says that a commit of the store's own is about to
	// happen, after which the version may change before Committed (or
	// Abandoned, if the commit failed or its version cannot be told)
	// says so; meanwhile the cache keeps what it holds.
	Committing()
	Abandoned()
	// Committed says that a commit of the store's own moved the database
	// from version before to after. alone says that no other commit came
	// between; all, that it may have changed more than the records it
	// wrote.
	Committed(before, after V, alone, all bool, written []Written)
	// Known returns the record with the key as the cache holds it at
	// version at, if it does.
	Known(at V, key connect.Key) (connect.Record, bool)
}

// Written is a record a commit wrote, with what it gave the record, or
// that it deleted it. A write of a record rewrites it whole.
type Written struct {
	Key       connect.Key
	Deleted   bool
	Instance  string
	Name, Arn string
	Modified  time.Time
	Attrs     []connect.Attr
}

// Store is a connect.Store that serves Get, List and Search from memory
// while the database is unchanged (see the package comment). Writes go
// to the Source.
type Store[V comparable] struct {
	src Source[V]

	mu sync.Mutex
	at V // the version what the cache holds is valid at
	// committing counts commits of the store's own under way: a version
	// seen then may be one of theirs, which Committed will move to.
	committing int
	recs       *Records
	listings   Listings
}

var _ connect.Store = (*Store[int])(nil)

// CacheBytes bounds the records a Store keeps: about 10,000 users'.
const CacheBytes = 16 << 20

// New puts a cache of at most limit bytes of records in front of src.
func New[V comparable](src Source[V], limit int) *Store[V] {
	c := &Store[V]{src: src, recs: NewRecords(limit)}
	src.Watch(watcher[V]{c})
	return c
}

// valid reports whether what the cache holds is valid at version v; if v
// moved on, it empties the cache for v, unless a commit of the store's
// own is under way. The caller holds mu.
func (c *Store[V]) valid(v V) bool {
	if v == c.at {
		return true
	}
	if c.committing == 0 {
		c.recs.Clear()
		c.listings.Clear()
		c.at = v
	}
	return false
}

// lookup returns the record with the key, if the cache holds it at v.
func (c *Store[V]) lookup(v V, key connect.Key) (connect.Record, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.valid(v) {
		return connect.Record{}, false
	}
	return c.recs.Get(key)
}

// keep keeps r, read after the database was seen at version v, unless the
// cache has moved to another version since.
func (c *Store[V]) keep(v V, r connect.Record) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v == c.at {
		c.recs.Put(r.Key, r)
	}
}

// Get implements connect.Store. The record returned may be shared with
// other callers: it must not be modified.
func (c *Store[V]) Get(ctx context.Context, key connect.Key) (connect.Record, error) {
	v, ok := c.src.Version()
	if ok {
		if r, hit := c.lookup(v, key); hit {
			return r, nil
		}
	}
	r, err := c.src.Get(ctx, key)
	if err == nil && ok {
		c.keep(v, r)
	}
	return r, err
}

// List implements connect.Store. Pages of summaries of every record come
// from the cache's listing of the instance and kind when it holds them
// (see Listing), and go into it when read.
func (c *Store[V]) List(ctx context.Context, q connect.ListQuery) ([]connect.Record, error) {
	if !q.Summaries || q.Unnamed != nil || q.Limit <= 0 {
		return c.src.List(ctx, q)
	}
	v, ok := c.src.Version()
	if !ok {
		return c.src.List(ctx, q)
	}
	key := ListingKey{Scope: q.Scope, Instance: q.InstanceID, Kind: q.Kind}
	if l := c.listing(v, key); l != nil {
		if page, hit := l.Page(q); hit {
			return page, nil
		}
	}
	page, err := c.src.List(ctx, q)
	if err == nil {
		c.mu.Lock()
		if v == c.at {
			c.listings.Add(key, q.After, q.Limit, page)
		}
		c.mu.Unlock()
	}
	return page, err
}

// listing returns the listing with the key, if the cache holds it at v.
func (c *Store[V]) listing(v V, key ListingKey) *Listing {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.valid(v) {
		return nil
	}
	return c.listings.Get(key)
}

// Search implements connect.Store: through the Source's SearchHeld while
// the version is known and stays the same, else through its Search.
func (c *Store[V]) Search(ctx context.Context, q connect.SearchQuery) ([]connect.Record, int, error) {
	if v, ok := c.src.Version(); ok {
		out, total, err := c.src.SearchHeld(ctx, q, v, held[V]{c, v})
		if err != nil && !errors.Is(err, ErrMoved) {
			return nil, 0, err
		}
		if now, ok := c.src.Version(); err == nil && ok && now == v {
			return out, total, nil
		}
	}
	return c.src.Search(ctx, q)
}

// held is the cache at one version, as SearchHeld sees it.
type held[V comparable] struct {
	c *Store[V]
	v V
}

func (h held[V]) Lookup(key connect.Key) (connect.Record, bool) { return h.c.lookup(h.v, key) }

func (h held[V]) Keep(r connect.Record) { h.c.keep(h.v, r) }

// Create, Update, Delete, DeleteInstance, Export and Close go to the
// Source, which tells the cache of what its commits wrote.

// Create implements connect.Store.
func (c *Store[V]) Create(ctx context.Context, recs ...connect.Record) error {
	return c.src.Create(ctx, recs...)
}

// Update implements connect.Store.
func (c *Store[V]) Update(ctx context.Context, key connect.Key, change func(*connect.Record) error) error {
	return c.src.Update(ctx, key, change)
}

// Delete implements connect.Store.
func (c *Store[V]) Delete(ctx context.Context, keys ...connect.Key) error {
	return c.src.Delete(ctx, keys...)
}

// DeleteInstance implements connect.Store.
func (c *Store[V]) DeleteInstance(ctx context.Context, key connect.Key) error {
	return c.src.DeleteInstance(ctx, key)
}

// Export implements connect.Store.
func (c *Store[V]) Export(ctx context.Context, each func(connect.Record) error) error {
	return c.src.Export(ctx, each)
}

// Close implements connect.Store.
func (c *Store[V]) Close() error { return c.src.Close() }

// watcher is the cache as its Source sees it: apart from Store, so that
// only the Source tells the cache of commits.
type watcher[V comparable] struct{ c *Store[V] }

// Committing implements Watcher.
func (w watcher[V]) Committing() {
	c := w.c
	c.mu.Lock()
	c.committing++
	c.mu.Unlock()
}

// Abandoned implements Watcher.
func (w watcher[V]) Abandoned() {
	c := w.c
	c.mu.Lock()
	c.committing--
	c.mu.Unlock()
}

// Committed implements Watcher. If the cache was at version before and
// nothing but this commit came between, only the records it wrote can
// have changed: they are dropped, and the listings take in what it wrote.
func (w watcher[V]) Committed(before, after V, alone, all bool, written []Written) {
	c := w.c
	c.mu.Lock()
	defer c.mu.Unlock()
	c.committing--
	if after == before && !all && len(written) == 0 {
		return // nothing was written: all still holds
	}
	if all || !alone || c.at != before {
		c.recs.Clear()
		c.listings.Clear()
	}
	for _, x := range written {
		c.recs.Drop(x.Key)
	}
	c.listings.Each(func(k ListingKey, l *Listing) bool { return l.Apply(k, written) })
	c.at = after
}

// Known implements Watcher.
func (w watcher[V]) Known(at V, key connect.Key) (connect.Record, bool) { return w.c.lookup(at, key) }

// Holds reports whether the cache holds the record with the key at the
// database's version now.
func (c *Store[V]) Holds(key connect.Key) bool {
	v, ok := c.src.Version()
	if !ok {
		return false
	}
	_, hit := c.lookup(v, key)
	return hit
}

// Listed returns the listing of the key the cache holds at the database's
// version now, or nil.
func (c *Store[V]) Listed(key ListingKey) *Listing {
	v, ok := c.src.Version()
	if !ok {
		return nil
	}
	return c.listing(v, key)
}
