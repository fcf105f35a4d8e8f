//go:build unix

package sqlite

import (
	"os"
	"sync"
	"syscall"
)

// walIndex reads a WAL-mode database's version from the header of its
// WAL index, the -shm file every connection to it maps: each commit
// rewrites the header, and a reader takes it as SQLite's own readers do,
// without a lock, from its two copies, which match unless a commit is
// rewriting them.
//
// SQLite deletes and recreates the file only when every connection of a
// process has closed; the store keeps one open for as long as it maps the
// file, so the file mapped is the one in use.
type walIndex struct {
	mu   sync.RWMutex
	data []byte // the header's two copies, mapped read-only; nil if not mapped or closed
}

// openWALIndex maps the WAL index of the database at path. If it cannot,
// the version is never known and nothing is cached.
func openWALIndex(path string) *walIndex {
	w := &walIndex{}
	f, err := os.Open(path + "-shm")
	if err != nil {
		return w
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || st.Size() < 2*walHeaderSize {
		return w
	}
	if data, err := syscall.Mmap(int(f.Fd()), 0, 2*walHeaderSize, syscall.PROT_READ, syscall.MAP_SHARED); err == nil {
		w.data = data
	}
	return w
}

// current implements cache.current.
func (w *walIndex) current() (version, bool) {
	w.mu.RLock()
	defer w.mu.RUnlock()
	if w.data == nil {
		return version{}, false
	}
	var a, b version
	copy(a[:], w.data[:walHeaderSize])
	copy(b[:], w.data[walHeaderSize:2*walHeaderSize])
	return a, a == b
}

func (w *walIndex) close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.data != nil {
		syscall.Munmap(w.data)
		w.data = nil
	}
}
