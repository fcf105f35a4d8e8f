package sqlite

import (
	"encoding/binary"
	"sync"

	"github.com/connectd/connectd/connect"
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
	limit   int // bytes of records kept at most

	mu   sync.Mutex
	at   version // the version the entries are valid at
	recs map[cacheKey]connect.Record
	size int
}

// cacheKey is a record's key as the database has it (a scope's partition
// follows from its region).
type cacheKey struct {
	account, region string
	kind            connect.Kind
	id              string
}

func keyOf(k connect.Key) cacheKey { return cacheKey{k.Account, k.Region, k.Kind, k.ID} }

// defaultCacheBytes bounds a cache: about 10,000 users' records.
const defaultCacheBytes = 16 << 20

func newCache(current func() (version, bool), limit int) *cache {
	return &cache{current: current, limit: limit, recs: map[cacheKey]connect.Record{}}
}

// lookup returns the cached record with the key, if the database is still
// at the version v the cache holds; otherwise it empties the cache for v.
func (c *cache) lookup(v version, key connect.Key) (connect.Record, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v != c.at {
		c.empty()
		c.at = v
		return connect.Record{}, false
	}
	r, ok := c.recs[keyOf(key)]
	return r, ok
}

// committed follows a commit of this store's: the database was at version
// before when the commit's transaction began, holding the write lock, and
// is at after now. If after is one commit on, nothing but this commit
// came between, and only what it wrote (keys; all, if everything) can
// have changed.
func (c *cache) committed(before, after version, everything bool, keys []connect.Key) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if everything || c.at != before || after.commits() != before.commits()+1 {
		c.empty()
	}
	for _, k := range keys {
		c.drop(keyOf(k))
	}
	c.at = after
}

// add keeps r, read through SQL for key after the database was seen at
// version v, unless the cache has since moved to another version.
func (c *cache) add(v version, key connect.Key, r connect.Record) {
	n := recordSize(r)
	if n > c.limit/16 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if v != c.at {
		return
	}
	c.drop(keyOf(key))
	for k := range c.recs { // map order is random enough to evict by
		if c.size+n <= c.limit {
			break
		}
		c.drop(k)
	}
	c.recs[keyOf(key)] = r
	c.size += n
}

// drop forgets the record with the key, if the cache holds it.
func (c *cache) drop(k cacheKey) {
	if old, ok := c.recs[k]; ok {
		delete(c.recs, k)
		c.size -= recordSize(old)
	}
}

// empty forgets every record.
func (c *cache) empty() {
	clear(c.recs)
	c.size = 0
}

// recordSize approximates the memory a cached record holds.
func recordSize(r connect.Record) int {
	return 256 + len(r.Account) + len(r.Region) + len(r.ID) + len(r.InstanceID) + len(r.Name) + len(r.Arn) + len(r.Doc) + len(r.Secret)
}
