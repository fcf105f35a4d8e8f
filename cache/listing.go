package cache

import (
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/connectd/connectd/connect"
)

// A Listing holds in memory the summaries of one kind of record in one
// instance that a store's List has read, in ID order, and the spans of
// IDs it holds every record of: a page read through SQL costs more than
// the rest of a ListUsers request, and scripts list the same instance
// again and again. A page read once is served from memory until the
// database changes other than by the store's own writes, which the store
// applies (Put, Remove). It is safe for concurrent use.
type Listing struct {
	mu      sync.RWMutex
	entries []listed // in ID order
	spans   []span   // in ID order, neither overlapping nor touching
	// arnPrefix is what the ARNs of the records start with, before their
	// IDs: kept once rather than in each entry.
	arnPrefix string
}

// listed is a record's summary, as List returns it.
type listed struct {
	id, name string
	arn      string // "" when it is arnPrefix + id
	modified int64  // Unix milliseconds
}

// span is the IDs after from, up to through or, with toEnd, all of them.
type span struct {
	from, through string
	toEnd         bool
}

// Page returns the summaries of the records after the ID after, at most
// limit of them, for q; ok is false when the listing does not hold every
// one of them.
func (l *Listing) Page(q connect.ListQuery) (out []connect.Record, ok bool) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	i := l.spanAfter(q.After)
	if i < 0 {
		return nil, false
	}
	start := l.after(q.After)
	stop := min(start+q.Limit, len(l.entries))
	// Past the span's end the listing may lack records: unless the span
	// reaches the end, the page must be full and end within it.
	if s := l.spans[i]; !s.toEnd && (stop < start+q.Limit || l.entries[stop-1].id > s.through) {
		return nil, false
	}
	scope := connect.ScopeFor(q.Account, q.Region)
	out = make([]connect.Record, stop-start)
	for j, e := range l.entries[start:stop] {
		arn := e.arn
		if arn == "" {
			arn = l.arnPrefix + e.id
		}
		out[j] = connect.Record{Key: connect.Key{Scope: scope, Kind: q.Kind, ID: e.id}, InstanceID: q.InstanceID,
			Name: e.name, Arn: arn, Modified: time.UnixMilli(e.modified).UTC()}
	}
	return out, true
}

// spanAfter returns the index of the span that holds the IDs just after
// id, or -1.
func (l *Listing) spanAfter(id string) int {
	i := l.lastSpan(func(from string) bool { return from <= id })
	if i < 0 || !(l.spans[i].toEnd || id < l.spans[i].through) {
		return -1
	}
	return i
}

// holds reports whether a span holds id.
func (l *Listing) holds(id string) bool {
	i := l.lastSpan(func(from string) bool { return from < id })
	return i >= 0 && (l.spans[i].toEnd || id <= l.spans[i].through)
}

// lastSpan returns the index of the last span whose from before accepts,
// or -1.
func (l *Listing) lastSpan(before func(from string) bool) int {
	i, _ := slices.BinarySearchFunc(l.spans, 0, func(s span, _ int) int {
		if before(s.from) {
			return -1
		}
		return 1
	})
	return i - 1
}

// after returns the index of the first entry with an ID after id.
func (l *Listing) after(id string) int {
	i, found := l.find(id)
	if found {
		i++
	}
	return i
}

// Add takes in a page List read from the database: every record after
// the ID after, at most limit of them. It reports how many entries the
// listing holds now.
func (l *Listing) Add(after string, limit int, page []connect.Record) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := span{from: after, toEnd: len(page) < limit}
	if !s.toEnd {
		s.through = page[len(page)-1].ID
	}
	start, stop := l.after(after), len(l.entries)
	if !s.toEnd {
		stop = l.after(s.through)
	}
	entries := make([]listed, 0, len(page))
	for _, r := range page {
		entries = append(entries, l.entry(r.ID, r.Name, r.Arn, r.Modified.UnixMilli()))
	}
	l.entries = slices.Replace(l.entries, start, stop, entries...)
	l.addSpan(s)
	return len(l.entries)
}

// entry makes the entry of a record.
func (l *Listing) entry(id, name, arn string, modified int64) listed {
	prefix, ok := strings.CutSuffix(arn, id)
	if ok && l.arnPrefix == "" {
		l.arnPrefix = strings.Clone(prefix)
	}
	if ok && prefix == l.arnPrefix {
		arn = ""
	} else {
		arn = strings.Clone(arn)
	}
	return listed{id: id, name: name, arn: arn, modified: modified}
}

// addSpan adds s to the spans, joining those it overlaps or touches.
func (l *Listing) addSpan(s span) {
	i := 0
	for i < len(l.spans) && !l.spans[i].toEnd && l.spans[i].through < s.from {
		i++
	}
	j := i
	for j < len(l.spans) && (s.toEnd || l.spans[j].from <= s.through) {
		t := l.spans[j]
		s.from = min(s.from, t.from)
		if t.toEnd || (!s.toEnd && t.through > s.through) {
			s.through, s.toEnd = t.through, t.toEnd
		}
		j++
	}
	l.spans = slices.Replace(l.spans, i, j, s)
}

// Put lists a record the store wrote, of the listing's kind and instance,
// when it falls within a span; outside them it stays unknown, as it was.
// Put reports how many entries the listing holds now.
func (l *Listing) Put(id, name, arn string, modified time.Time) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	i, found := l.find(id)
	switch {
	case found:
		l.entries[i] = l.entry(id, name, arn, modified.UnixMilli())
	case l.holds(id):
		l.entries = slices.Insert(l.entries, i, l.entry(id, name, arn, modified.UnixMilli()))
	}
	return len(l.entries)
}

// Apply takes in what a commit of the store's own wrote, the listing
// having the key, and reports whether it is small enough to keep.
func (l *Listing) Apply(k ListingKey, written []Written) bool {
	n := 0
	for j, w := range written {
		if w.Key.Scope != k.Scope || w.Key.Kind != k.Kind {
			continue
		}
		if j+1 < len(written) && written[j+1].Key == w.Key {
			continue // written again at once: an update deletes the old attributes first
		}
		if w.Deleted || w.Instance != k.Instance {
			l.Remove(w.Key.ID)
		} else {
			n = l.Put(w.Key.ID, w.Name, w.Arn, w.Modified)
		}
	}
	return n <= MaxListed
}

// Remove unlists a record the store deleted, or moved out of the
// listing's instance.
func (l *Listing) Remove(id string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if i, found := l.find(id); found {
		l.entries = slices.Delete(l.entries, i, i+1)
	}
}

// find returns where the entry with the ID is, or would be.
func (l *Listing) find(id string) (int, bool) {
	return slices.BinarySearchFunc(l.entries, id, func(e listed, id string) int { return strings.Compare(e.id, id) })
}

// ListingKey names a listing.
type ListingKey struct {
	Scope    connect.Scope
	Instance string
	Kind     connect.Kind
}

// MaxListed bounds the entries of a listing, and MaxListings the listings
// a store keeps. (Variables, for tests.)
var (
	MaxListed   = 1 << 18
	MaxListings = 4
)

// Listings holds a store's listings, by key. It is not safe for
// concurrent use: the store's cache guards it, while each Listing guards
// itself.
type Listings struct {
	m map[ListingKey]*Listing
}

// Get returns the listing with the key, or nil.
func (ls *Listings) Get(key ListingKey) *Listing { return ls.m[key] }

// Add adds a page read from the database to the listing with the key (see
// Listing.Add), making one. Past MaxListings it drops another listing;
// past MaxListed entries, this one.
func (ls *Listings) Add(key ListingKey, after string, limit int, page []connect.Record) {
	l := ls.m[key]
	if l == nil {
		if ls.m == nil {
			ls.m = map[ListingKey]*Listing{}
		}
		MakeRoom(ls.m, MaxListings)
		l = &Listing{}
		ls.m[key] = l
	}
	if l.Add(after, limit, page) > MaxListed {
		delete(ls.m, key)
	}
}

// Each calls f with each listing, and drops those it returns false for.
func (ls *Listings) Each(f func(ListingKey, *Listing) bool) {
	for k, l := range ls.m {
		if !f(k, l) {
			delete(ls.m, k)
		}
	}
}

// Clear drops every listing.
func (ls *Listings) Clear() { clear(ls.m) }

// MakeRoom drops entries of m until it holds fewer than n: map order is
// random enough to evict by.
func MakeRoom[K comparable, V any](m map[K]V, n int) {
	for k := range m {
		if len(m) < n {
			return
		}
		delete(m, k)
	}
}
