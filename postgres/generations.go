package postgres

import (
	"sync"

	"github.com/connectd/connectd/cache"
)

// generations is the database's version as the store's cache sees it (see
// cache.Source): a count of the store's own writes, valid while the store
// is the one connectd process on its schema (see presence), so that no
// write the cache does not hear of can happen. It is unknown while caching
// is off, and while a write is in flight: a read then may see the write
// or not, and must not be kept.
type generations struct {
	mu       sync.Mutex
	enabled  bool
	gen      uint64 // moves at every write's end, and when caching goes on or off
	inflight int    // writes begun and not ended
	watcher  cache.Watcher[uint64]
}

// version implements cache.Source.Version.
func (g *generations) version() (uint64, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.gen, g.enabled && g.inflight == 0
}

func (g *generations) watch(w cache.Watcher[uint64]) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.watcher = w
}

// beginWrite counts a write in flight; endWrite ends it once it has
// committed or failed, telling the cache what it may have changed: the
// records written, or all of them.
func (g *generations) beginWrite() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.inflight++
	if g.watcher != nil {
		g.watcher.Committing()
	}
}

func (g *generations) endWrite(all bool, written []cache.Written) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.inflight--
	g.gen++
	if g.watcher != nil {
		// Between the two generations, only this write ended.
		g.watcher.Committed(g.gen-1, g.gen, true, all, written)
	}
}

// setEnabled turns caching on or off; either way the cache starts again
// empty at the next read, for the database may have changed while it was
// off.
func (g *generations) setEnabled(on bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.enabled = on
	g.gen++
}

func (g *generations) isEnabled() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.enabled
}
