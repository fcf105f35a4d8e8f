package sqlite

import (
	"encoding/binary"
	"sync"

	"github.com/connectd/connectd/connect"
	"github.com/connectd/connectd/storesql"
)

// version identifies a state of the database: it differs after any commit,
// by any connection of any process.
type version [walHeaderSize]byte

// walHeaderSize is the size of the WAL-index header, which a WAL-mode
// database's -shm file starts with (https://sqlite.org/walformat.html).
const walHeaderSize = 48

// commits is the header's iChange, which each commit adds one to.
func (v version) commits() uint32 { return binary.NativeEndian.Uint32(v[8:12]) }

// versionAt is the version of a database only this store writes, after n
// commits.
func versionAt(n uint32) version {
	var v version
	binary.NativeEndian.PutUint32(v[8:12], n)
	return v
}

// cache keeps records Get has read, for as long as the database has not
// changed since: reading a record through SQL costs more than the rest of a
// DescribeUser request.
//
// Every Get first reads the database's version; when it differs from the
// one the entries were read at, the cache starts again empty. A record read
// through SQL is kept only if the version is still the one read before it,
// so no entry is older than the version it is filed under, and a change
// committed anywhere before a Get began is seen by that Get. A commit of
// this store's own moves the cache to the version after it and drops only
// what the commit wrote, when no other commit came between.
type cache struct {
	// current reads the database's version; ok is false when it cannot
	// tell (a commit is rewriting it), and nothing is cached then.
	current func() (v version, ok bool)

	mu   sync.Mutex
	at   version // the version the records are valid at
	recs *storesql.Records
	// committing is set from just before a commit of the store's own to
	// its committed: a version seen then may be that commit's, which
	// committed will file the records under.
	committing bool
	columns    map[columnKey]*column // valid at the version at too
	reading    map[columnKey]bool    // columns a search is reading
	// tooLarge are columns found past maxColumnValues, so not read again
	// for each search, until a commit may have changed everything.
	tooLarge map[columnKey]bool
	listings storesql.Listings // valid at the version at too
}

func newCache(current func() (version, bool), limit int) *cache {
	return &cache{current: current, recs: storesql.NewRecords(limit),
		columns: map[columnKey]*column{}, reading: map[columnKey]bool{}, tooLarge: map[columnKey]bool{}}
}

// lookup returns the cached record with the key, if the database is still
// at the version v the cache holds; otherwise it empties the cache for v,
// unless a commit of the store's own is under way.
func (c *cache) lookup(v version, key connect.Key) (connect.Record, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v != c.at {
		c.moveTo(v)
		return connect.Record{}, false
	}
	return c.recs.Get(key)
}

// moveTo empties the cache for version v, unless a commit of the store's
// own is under way. The caller holds mu.
func (c *cache) moveTo(v version) {
	if !c.committing {
		c.recs.Clear()
		clear(c.columns)
		c.listings.Clear()
		c.at = v
	}
}

// column returns the column with the key, if the database is still at the
// version v the cache holds, as lookup does for records.
func (c *cache) column(v version, key columnKey) *column {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v != c.at {
		c.moveTo(v)
		return nil
	}
	return c.columns[key]
}

// startReading reports whether the caller may read the column with the
// key: no other search is; doneReading follows.
func (c *cache) startReading(key columnKey) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.reading[key] || c.tooLarge[key] {
		return false
	}
	c.reading[key] = true
	return true
}

func (c *cache) doneReading(key columnKey) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.reading, key)
}

// columnTooLarge notes that the column with the key has more than
// maxColumnValues.
func (c *cache) columnTooLarge(key columnKey) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.tooLarge[key] = true
}

// addColumn keeps col, read at version v, unless the cache has since moved
// to another version. Past maxColumns it drops another.
func (c *cache) addColumn(v version, key columnKey, col *column) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v != c.at {
		return
	}
	storesql.MakeRoom(c.columns, maxColumns)
	c.columns[key] = col
}

// commit tells the cache that a commit of the store's own is about to
// happen; committed follows it, or abandon when the commit failed or its
// version could not be read.
func (c *cache) commit() {
	c.mu.Lock()
	c.committing = true
	c.mu.Unlock()
}

func (c *cache) abandon() {
	c.mu.Lock()
	c.committing = false
	c.mu.Unlock()
}

// committed follows a commit of this store's: the database was at version
// before when the commit's transaction began, holding the write lock, and
// is at after now. If after is one commit on, nothing but this commit
// came between, and only the records it wrote (all, if everything) can
// have changed.
func (c *cache) committed(before, after version, everything bool, written []storesql.Written) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.committing = false
	if after == before && !everything && len(written) == 0 {
		return // nothing was written (each job failed): all still holds
	}
	if everything || c.at != before || after.commits() != before.commits()+1 {
		c.recs.Clear()
		clear(c.columns)
		c.listings.Clear()
	}
	if everything {
		clear(c.tooLarge)
	}
	for _, w := range written {
		c.recs.Drop(w.Key)
	}
	for k, col := range c.columns {
		if col.apply(k, written, after) > maxColumnValues {
			delete(c.columns, k)
			c.tooLarge[k] = true
		}
	}
	c.listings.Each(func(k storesql.ListingKey, l *storesql.Listing) bool { return applyListing(k, l, written) })
	c.at = after
}

// Lookup implements storesql.ReadCache: the cached record with the key,
// if the database's version is known and the one the cache holds.
func (c *cache) Lookup(key connect.Key) (r connect.Record, hit bool, v version, ok bool) {
	if v, ok = c.current(); ok {
		r, hit = c.lookup(v, key)
	}
	return r, hit, v, ok
}

// Listing implements storesql.ReadCache, as Lookup does for records.
func (c *cache) Listing(key storesql.ListingKey) (l *storesql.Listing, v version, ok bool) {
	if v, ok = c.current(); ok {
		l = c.listing(v, key)
	}
	return l, v, ok
}

// Add keeps r, read through SQL for key after the database was seen at
// version v, unless the cache has since moved to another version.
func (c *cache) Add(v version, key connect.Key, r connect.Record) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v == c.at {
		c.recs.Put(key, r)
	}
}

// listing returns the listing with the key, if the database is still at
// the version v the cache holds, as lookup does for records.
func (c *cache) listing(v version, key storesql.ListingKey) *storesql.Listing {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v != c.at {
		c.moveTo(v)
		return nil
	}
	return c.listings.Get(key)
}

// AddListed adds a page List read through SQL after the database was seen
// at version v to the listing with the key, unless the cache has since
// moved to another version.
func (c *cache) AddListed(v version, key storesql.ListingKey, after string, limit int, page []connect.Record) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v == c.at {
		c.listings.Add(key, after, limit, page)
	}
}
