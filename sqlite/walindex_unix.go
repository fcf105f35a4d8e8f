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
type walIndex struct {
	path string // the -shm file

	mu       sync.RWMutex
	data     []byte // the header's two copies, mapped read-only
	dev, ino uint64 // the file mapped
	old      [][]byte
	closed   bool
}

func openWALIndex(db string) *walIndex {
	return &walIndex{path: db + "-shm"}
}

// current implements cache.current.
func (w *walIndex) current() (version, bool) {
	// SQLite deletes and recreates the file when every connection to the
	// database has closed: look at the file the name holds now.
	var st syscall.Stat_t
	if err := syscall.Stat(w.path, &st); err != nil || st.Size < 2*walHeaderSize {
		return version{}, false
	}
	w.mu.RLock()
	stale := w.data == nil || uint64(st.Dev) != w.dev || uint64(st.Ino) != w.ino
	w.mu.RUnlock()
	if stale && !w.remap() {
		return version{}, false
	}
	w.mu.RLock()
	defer w.mu.RUnlock()
	if w.closed {
		return version{}, false
	}
	var a, b version
	copy(a[:], w.data[:walHeaderSize])
	copy(b[:], w.data[walHeaderSize:2*walHeaderSize])
	return a, a == b
}

// remap maps the file the path names now. A mapping replaced stays mapped
// until close, as a reader may still be looking at it.
func (w *walIndex) remap() bool {
	f, err := os.Open(w.path)
	if err != nil {
		return false
	}
	defer f.Close()
	var st syscall.Stat_t
	if err := syscall.Fstat(int(f.Fd()), &st); err != nil || st.Size < 2*walHeaderSize {
		return false
	}
	data, err := syscall.Mmap(int(f.Fd()), 0, 2*walHeaderSize, syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return false
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		syscall.Munmap(data)
		return false
	}
	if w.data != nil {
		w.old = append(w.old, w.data)
	}
	w.data, w.dev, w.ino = data, uint64(st.Dev), uint64(st.Ino)
	return true
}

func (w *walIndex) close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, d := range append(w.old, w.data) {
		if d != nil {
			syscall.Munmap(d)
		}
	}
	w.data, w.old, w.closed = nil, nil, true
}
