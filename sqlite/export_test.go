package sqlite

// SetAfterCommit makes f run right after each of s's commits, until the
// returned function is called. It must be called while s is not writing.
func (s *Store) SetAfterCommit(f func()) (restore func()) {
	s.afterCommit = f
	return func() { s.afterCommit = nil }
}

// Migrations are the schema's steps, in order.
var Migrations = migrations
