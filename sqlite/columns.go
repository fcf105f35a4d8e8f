package sqlite

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/connectd/connectd/cache"
	"github.com/connectd/connectd/connect"
)

// A column holds in memory every value of one attribute of the records of
// one kind in one instance, for CONTAINS searches: no index serves those,
// and one bytes.Index over a column is far cheaper than SQLite testing
// each value (BenchmarkSearchContains; figures in BENCHMARKS.md).
// The store keeps columns (see columns) valid at one version, as its
// cache keeps records, and the writer applies its own commits to them.
type column struct {
	mu sync.RWMutex
	at version // the database's version the values are those of
	// text is each slot's values back to back, each followed by sep; a
	// search is one bytes.Index over it rather than one per value.
	text   []byte
	starts []uint32         // where each slot's values start in text
	ids    []string         // the record in each slot; "" once it moved or went
	slot   map[string]int32 // by record ID
	values int              // in the slots in use
	unused int              // slots no longer in use
}

// sep follows each value in a column's text. It never occurs in UTF-8, so
// a search for valid UTF-8 finds only matches within one value.
const sep = 0xff

// sepString is sep as a string.
const sepString = "\xff"

// columnKey names a column.
type columnKey struct {
	scope    connect.Scope
	instance string
	kind     connect.Kind
	attr     string
}

// maxColumns bounds the columns the cache keeps, and maxColumnValues the
// values of each: past it, a column is not kept. (maxColumnValues is a
// variable, for tests.)
const maxColumns = 4

var maxColumnValues = 1 << 18

// maxCandidates bounds the IDs a column hands a query: past it, SQLite's
// own scan costs less than looking up each.
const maxCandidates = 4096

func newColumn(at version) *column {
	return &column{at: at, slot: map[string]int32{}}
}

// set replaces the values the record with the ID has; none removes it.
// Its values go to a new slot at the end. The caller holds mu for writing.
func (c *column) set(id string, values []string) {
	if i, ok := c.slot[id]; ok {
		c.values -= bytes.Count(c.segment(int(i)), []byte{sep})
		c.ids[i] = ""
		c.unused++
		delete(c.slot, id)
	}
	if len(values) > 0 {
		c.slot[id] = int32(len(c.ids))
		c.ids = append(c.ids, id)
		c.starts = append(c.starts, uint32(len(c.text)))
		for _, v := range values {
			c.text = append(append(c.text, v...), sep)
		}
		c.values += len(values)
	}
	if c.unused > 1024 && c.unused > len(c.ids)/2 {
		c.compact()
	}
}

// add gives the record with the ID one more value.
func (c *column) add(id, value string) {
	var values []string
	if i, ok := c.slot[id]; ok {
		parts := bytes.Split(c.segment(int(i)), []byte{sep})
		for _, v := range parts[:len(parts)-1] { // the last follows the last sep
			values = append(values, string(v))
		}
	}
	c.set(id, append(values, value))
}

// segment is the values of slot i, each followed by sep.
func (c *column) segment(i int) []byte {
	end := len(c.text)
	if i+1 < len(c.starts) {
		end = int(c.starts[i+1])
	}
	return c.text[c.starts[i]:end]
}

// compact copies the slots in use, leaving out the others.
func (c *column) compact() {
	text := make([]byte, 0, len(c.text))
	starts := make([]uint32, 0, len(c.ids)-c.unused)
	ids := make([]string, 0, len(c.ids)-c.unused)
	for i, id := range c.ids {
		if id != "" {
			c.slot[id] = int32(len(ids))
			ids = append(ids, id)
			starts = append(starts, uint32(len(text)))
			text = append(text, c.segment(i)...)
		}
	}
	c.text, c.starts, c.ids, c.unused = text, starts, ids, 0
}

// containing returns the IDs of the records with a value that contains
// substr, in no order, and the version it read; ok is false when there are
// more than maxCandidates, or substr is empty or not UTF-8.
func (c *column) containing(substr string) (ids []string, at version, ok bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if substr == "" || strings.IndexByte(substr, sep) >= 0 {
		return nil, c.at, false
	}
	needle := []byte(substr)
	for p := 0; ; {
		k := bytes.Index(c.text[p:], needle)
		if k < 0 {
			return ids, c.at, true
		}
		i, found := slices.BinarySearch(c.starts, uint32(p+k))
		if !found {
			i--
		}
		if id := c.ids[i]; id != "" {
			if len(ids) == maxCandidates {
				return nil, c.at, false
			}
			ids = append(ids, id)
		}
		p = len(c.text)
		if i+1 < len(c.starts) {
			p = int(c.starts[i+1])
		}
	}
}

// apply updates the column with what a commit wrote, moves it to the
// commit's version and returns how many values it holds now. A record's
// attributes are written whole, so its values are replaced whole.
func (c *column) apply(k columnKey, written []cache.Written, after version) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, w := range written {
		if w.Key.Scope != k.scope || w.Key.Kind != k.kind {
			continue
		}
		if w.Deleted || w.Instance != k.instance {
			c.set(w.Key.ID, nil)
			continue
		}
		var values []string
		for _, a := range w.Attrs {
			if a.Name == k.attr {
				values = append(values, a.Value)
			}
		}
		c.set(w.Key.ID, values)
	}
	c.at = after
	return c.values
}

// readColumn reads a column through SQL, at version v; ok is false when
// the database changed while it read, or the column is too large to keep
// (which it notes in s.columns).
func (s *sqlStore) readColumn(ctx context.Context, k columnKey, v version) (*column, bool, error) {
	s.columnReads.Add(1)
	rows, err := s.query(ctx, `SELECT id, value FROM attrs
		WHERE account = ? AND region = ? AND instance_id = ? AND name = ? AND kind = ?`,
		k.scope.Account, k.scope.Region, k.instance, k.attr, string(k.kind))
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	col := newColumn(v)
	for rows.Next() {
		if col.values == maxColumnValues {
			s.columns.markTooLarge(k)
			return nil, false, nil
		}
		var id, value string
		if err := rows.Scan(&id, &value); err != nil {
			return nil, false, err
		}
		// A record's values come in value order, not together.
		col.add(id, value)
	}
	if err := rows.Err(); err != nil {
		return nil, false, err
	}
	now, ok := s.version()
	return col, ok && now == v, nil
}

// candidates returns the IDs of the records whose attribute c.Attr
// contains c.Value, read at version v, from the column the store holds or
// reads it into; ok is false when the column cannot say, and the query
// must test the attribute itself.
func (s *sqlStore) candidates(ctx context.Context, q connect.SearchQuery, c connect.Cond, v version) (ids []string, ok bool, err error) {
	k := columnKey{scope: q.Scope, instance: q.InstanceID, kind: q.Kind, attr: c.Attr}
	col := s.columns.get(v, k)
	if col == nil {
		// One search reads a column at a time; the others test the
		// values in SQL meanwhile, rather than each read a copy.
		if !s.columns.startReading(k) {
			return nil, false, nil
		}
		defer s.columns.doneReading(k)
		var keep bool
		if col, keep, err = s.readColumn(ctx, k, v); err != nil || !keep {
			return nil, false, err
		}
		s.columns.add(v, k, col)
	}
	ids, at, ok := col.containing(c.Value)
	return ids, ok && at == v, nil
}
