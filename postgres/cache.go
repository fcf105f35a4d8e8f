package postgres

import (
	"slices"
	"sync"

	"github.com/connectd/connectd/connect"
	"github.com/connectd/connectd/storesql"
)

// cache keeps the records Get has read, while this process may cache at
// all (see presence): a read from PostgreSQL is a round trip that costs
// more than the rest of a DescribeUser request.
//
// This process's own writes keep it true: each counts as in flight from
// before its transaction until after it has committed and dropped what it
// wrote. A record read from the database is kept only if no write was in
// flight when the read began and none has begun or ended since (the
// generation has not moved), so the cache never holds what a write
// replaced.
type cache struct {
	mu       sync.Mutex
	enabled  bool
	gen      uint64 // moves at every write's start and end, and when enabled or disabled
	inflight int    // writes begun and not ended
	recs     *storesql.Records
	// listings are kept by the same rule as records; a write drops those
	// of the kinds it wrote, all of them with all.
	listings storesql.Listings
}

func newCache(limit int) *cache {
	return &cache{recs: storesql.NewRecords(limit)}
}

// lookup returns the cached record with the key, if there is one. Else, a
// ticket other than 0 lets Add keep what the caller reads next.
func (c *cache) lookup(key connect.Key) (r connect.Record, ok bool, ticket uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.enabled {
		return connect.Record{}, false, 0
	}
	if r, ok := c.recs.Get(key); ok {
		return r, true, 0
	}
	return connect.Record{}, false, c.ticketLocked()
}

// Lookup implements storesql.ReadCache; a ticket of 0 keeps nothing.
func (c *cache) Lookup(key connect.Key) (r connect.Record, hit bool, ticket uint64, ok bool) {
	r, hit, ticket = c.lookup(key)
	return r, hit, ticket, true
}

// Listing implements storesql.ReadCache, as Lookup does for records.
func (c *cache) Listing(key storesql.ListingKey) (l *storesql.Listing, ticket uint64, ok bool) {
	l, ticket = c.listing(key)
	return l, ticket, true
}

// Add keeps r, read from the database after lookup gave ticket, unless a
// write has begun or ended since.
func (c *cache) Add(ticket uint64, key connect.Key, r connect.Record) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.unchangedLocked(ticket) {
		c.recs.Put(key, r)
	}
}

// beginWrite counts a write in flight; endWrite ends it once it has
// committed or failed, dropping what it may have changed: the records
// with keys, or all of them when all is set.
func (c *cache) beginWrite() {
	c.mu.Lock()
	c.inflight++
	c.gen++
	c.mu.Unlock()
}

func (c *cache) endWrite(all bool, keys []connect.Key) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.inflight--
	c.gen++
	if all {
		c.recs.Clear()
		c.listings.Clear()
	}
	for _, k := range keys {
		c.recs.Drop(k)
	}
	c.listings.Each(func(l storesql.ListingKey, _ *storesql.Listing) bool {
		return !slices.ContainsFunc(keys, func(k connect.Key) bool { return k.Scope == l.Scope && k.Kind == l.Kind })
	})
}

// listing returns the listing with the key, if there is one. Else, a
// ticket other than 0 lets AddListed keep what the caller reads next.
func (c *cache) listing(key storesql.ListingKey) (l *storesql.Listing, ticket uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.enabled {
		return nil, 0
	}
	return c.listings.Get(key), c.ticketLocked()
}

// AddListed adds a page List read after listing gave ticket to the
// listing with the key, unless a write has begun or ended since.
func (c *cache) AddListed(ticket uint64, key storesql.ListingKey, after string, limit int, page []connect.Record) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.unchangedLocked(ticket) {
		c.listings.Add(key, after, limit, page)
	}
}

// setEnabled turns caching on or off; either way the cache starts empty,
// for the database may have changed while it was off.
func (c *cache) setEnabled(on bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.enabled = on
	c.gen++
	c.recs.Clear()
	c.listings.Clear()
}

func (c *cache) isEnabled() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.enabled
}

// ticket lets the caller keep what it reads next (see Add), if the cache
// is on and no write is in flight; else it is 0.
func (c *cache) ticket() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ticketLocked()
}

// ticketLocked is ticket for a caller that holds mu.
func (c *cache) ticketLocked() uint64 {
	if !c.enabled || c.inflight > 0 {
		return 0
	}
	return c.gen
}

// unchanged reports whether no write has begun or ended since ticket was
// given: what was read since is of one state of the database, as the
// store is alone on it.
func (c *cache) unchanged(ticket uint64) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.unchangedLocked(ticket)
}

// unchangedLocked is unchanged for a caller that holds mu.
func (c *cache) unchangedLocked(ticket uint64) bool {
	return ticket != 0 && ticket == c.gen
}
