package sqlite

import (
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/connectd/connectd/connect"
)

// A listing holds in memory the summaries of one kind of record in one
// instance that List has read through SQL, in ID order, and the spans of
// IDs it holds every record of: a page of 1000 users read through SQL
// costs more than the rest of a ListUsers request, and scripts list the
// same instance again and again. A page read once is served from memory
// until the database changes other than by the store's own commits, which
// the writer applies. The cache keeps listings next to its records, valid
// at the same version.
type listing struct {
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

// writtenRecord is a record a transaction wrote: what a listing and the
// columns need of it, or that it was deleted.
type writtenRecord struct {
	key       connect.Key
	deleted   bool
	instance  string
	name, arn string
	modified  int64
	attrs     []connect.Attr
}

// listingKey names a listing.
type listingKey struct {
	scope    connect.Scope
	instance string
	kind     connect.Kind
}

// maxListed bounds the entries of a listing, and maxListings the listings
// the cache keeps. (Variables, for tests.)
var (
	maxListed   = 1 << 18
	maxListings = 4
)

// page returns the summaries of the records after the ID after, at most
// limit of them, for q; ok is false when the listing does not hold every
// one of them.
func (l *listing) page(q connect.ListQuery) (out []connect.Record, ok bool) {
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
func (l *listing) spanAfter(id string) int {
	i := l.lastSpan(func(from string) bool { return from <= id })
	if i < 0 || !(l.spans[i].toEnd || id < l.spans[i].through) {
		return -1
	}
	return i
}

// holds reports whether a span holds id.
func (l *listing) holds(id string) bool {
	i := l.lastSpan(func(from string) bool { return from < id })
	return i >= 0 && (l.spans[i].toEnd || id <= l.spans[i].through)
}

// lastSpan returns the index of the last span whose from before accepts,
// or -1.
func (l *listing) lastSpan(before func(from string) bool) int {
	i, _ := slices.BinarySearchFunc(l.spans, 0, func(s span, _ int) int {
		if before(s.from) {
			return -1
		}
		return 1
	})
	return i - 1
}

// after returns the index of the first entry with an ID after id.
func (l *listing) after(id string) int {
	i, found := slices.BinarySearchFunc(l.entries, id, func(e listed, id string) int { return strings.Compare(e.id, id) })
	if found {
		i++
	}
	return i
}

// add takes in a page List read through SQL: every record after the ID
// after, at most limit of them. It reports how many entries the listing
// holds now.
func (l *listing) add(after string, limit int, page []connect.Record) int {
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
func (l *listing) entry(id, name, arn string, modified int64) listed {
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
func (l *listing) addSpan(s span) {
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

// apply updates the listing with what a commit of the store's own wrote,
// and reports how many entries it holds now. A record written within a
// span is listed; one outside them stays unknown, as it was.
func (l *listing) apply(k listingKey, written []writtenRecord) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	for j, w := range written {
		if w.key.Scope != k.scope || w.key.Kind != k.kind {
			continue
		}
		if j+1 < len(written) && written[j+1].key == w.key {
			continue // written again at once: an update deletes the old attributes first
		}
		id := w.key.ID
		i, found := slices.BinarySearchFunc(l.entries, id, func(e listed, id string) int { return strings.Compare(e.id, id) })
		switch {
		case !w.deleted && w.instance == k.instance && l.holds(id):
			e := l.entry(id, w.name, w.arn, w.modified)
			if found {
				l.entries[i] = e
			} else {
				l.entries = slices.Insert(l.entries, i, e)
			}
		case found:
			l.entries = slices.Delete(l.entries, i, i+1)
		}
	}
	return len(l.entries)
}
