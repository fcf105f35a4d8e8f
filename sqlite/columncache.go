package sqlite

import (
	"encoding/binary"
	"sync"

	"github.com/connectd/connectd/cache"
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

// columns keeps the columns (see column) CONTAINS searches have read, at
// one version of the database, by the rule of package cache: a version
// seen that differs from the one they were read at empties it, unless a
// commit of the store's own is under way, and the writer applies the
// store's own commits to them.
type columns struct {
	mu sync.Mutex
	at version // the version the columns are valid at
	// committing is set from just before a commit of the store's own to
	// its committed: a version seen then may be that commit's.
	committing bool
	byKey      map[columnKey]*column
	reading    map[columnKey]bool // columns a search is reading
	// tooLarge are columns found past maxColumnValues, so not read again
	// for each search, until a commit may have changed everything.
	tooLarge map[columnKey]bool
}

func newColumns() *columns {
	return &columns{byKey: map[columnKey]*column{}, reading: map[columnKey]bool{}, tooLarge: map[columnKey]bool{}}
}

// get returns the column with the key, if the database is still at the
// version v the columns are of; otherwise it empties them for v, unless a
// commit of the store's own is under way.
func (c *columns) get(v version, key columnKey) *column {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v != c.at {
		if !c.committing {
			clear(c.byKey)
			c.at = v
		}
		return nil
	}
	return c.byKey[key]
}

// startReading reports whether the caller may read the column with the
// key: no other search is; doneReading follows.
func (c *columns) startReading(key columnKey) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.reading[key] || c.tooLarge[key] {
		return false
	}
	c.reading[key] = true
	return true
}

func (c *columns) doneReading(key columnKey) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.reading, key)
}

// markTooLarge notes that the column with the key has more than
// maxColumnValues.
func (c *columns) markTooLarge(key columnKey) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.tooLarge[key] = true
}

// add keeps col, read at version v, unless the columns have since moved
// to another version. Past maxColumns it drops another.
func (c *columns) add(v version, key columnKey, col *column) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v != c.at {
		return
	}
	cache.MakeRoom(c.byKey, maxColumns)
	c.byKey[key] = col
}

// commit says that a commit of the store's own is about to happen;
// committed follows it, or abandon when the commit failed or its version
// could not be read.
func (c *columns) commit() {
	c.mu.Lock()
	c.committing = true
	c.mu.Unlock()
}

func (c *columns) abandon() {
	c.mu.Lock()
	c.committing = false
	c.mu.Unlock()
}

// committed follows a commit of the store's own that moved the database
// from version before to after, as cache.Watcher.Committed does.
func (c *columns) committed(before, after version, alone, everything bool, written []cache.Written) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.committing = false
	if after == before && !everything && len(written) == 0 {
		return // nothing was written: all still holds
	}
	if everything || !alone || c.at != before {
		clear(c.byKey)
	}
	if everything {
		clear(c.tooLarge)
	}
	for k, col := range c.byKey {
		if col.apply(k, written, after) > maxColumnValues {
			delete(c.byKey, k)
			c.tooLarge[k] = true
		}
	}
	c.at = after
}
