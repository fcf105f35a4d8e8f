//go:build !unix

package sqlite

// walIndex is not read where there is no mmap: Get always reads through
// SQL there.
type walIndex struct{}

func openWALIndex(string) *walIndex { return &walIndex{} }

func (*walIndex) current() (version, bool) { return version{}, false }

func (*walIndex) close() {}
