package storesql

import "github.com/connectd/connectd/connect"

// ReadCache is what CachedGet and CachedList need of a store's cache of
// what it read. A state S (SQLite's: the database's version; PostgreSQL's:
// a generation of the store's own writes) says what a read was made at:
// Add and AddListed keep what was read only if the cache is still at that
// state, so the cache never holds what a commit replaced. ok false says
// that nothing may be cached now.
type ReadCache[S any] interface {
	Lookup(key connect.Key) (r connect.Record, hit bool, at S, ok bool)
	Add(at S, key connect.Key, r connect.Record)
	Listing(key ListingKey) (l *Listing, at S, ok bool)
	AddListed(at S, key ListingKey, after string, limit int, page []connect.Record)
}

// CachedGet is a Get served from c when it holds the record, else by
// read, and kept.
func CachedGet[S any](c ReadCache[S], key connect.Key, read func() (connect.Record, error)) (connect.Record, error) {
	r, hit, at, ok := c.Lookup(key)
	if hit {
		return r, nil
	}
	r, err := read()
	if err == nil && ok {
		c.Add(at, key, r)
	}
	return r, err
}

// CachedList is a List whose pages of summaries of every record come from
// the cache's listing of the instance and kind when it holds them (see
// Listing), and go into it when read; other lists are read.
func CachedList[S any](c ReadCache[S], q connect.ListQuery, read func() ([]connect.Record, error)) ([]connect.Record, error) {
	if !q.Summaries || q.Unnamed != nil || q.Limit <= 0 {
		return read()
	}
	key := ListingKey{Scope: q.Scope, Instance: q.InstanceID, Kind: q.Kind}
	l, at, ok := c.Listing(key)
	if !ok {
		return read()
	}
	if l != nil {
		if page, hit := l.Page(q); hit {
			return page, nil
		}
	}
	page, err := read()
	if err == nil {
		c.AddListed(at, key, q.After, q.Limit, page)
	}
	return page, err
}
