package sqlite

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/connectd/connectd/cache"
	"github.com/connectd/connectd/connect"
	"github.com/connectd/connectd/storesql"
)

// Search implements connect.Store, in one statement.
func (s *sqlStore) Search(ctx context.Context, q connect.SearchQuery) ([]connect.Record, int, error) {
	return s.search(ctx, q, &whereClause{})
}

// SearchHeld implements cache.Source: SQL selects only the IDs, and the
// records come from held where it has them (reading scattered records was
// most of a search), and a CONTAINS condition on an attribute is answered
// from the attribute's column (see column) when the store has or can read
// one at version at.
func (s *sqlStore) SearchHeld(ctx context.Context, q connect.SearchQuery, at version, held cache.Held) ([]connect.Record, int, error) {
	return s.search(ctx, q, &whereClause{store: s, ctx: ctx, at: at, held: held})
}

func (s *sqlStore) search(ctx context.Context, q connect.SearchQuery, where *whereClause) ([]connect.Record, int, error) {
	where.args = append(where.args, q.Account, q.Region, q.InstanceID, string(q.Kind))
	where.write(`r.account = ? AND r.region = ? AND r.instance_id = ? AND r.kind = ? AND `)
	where.cond(q, q.Where)
	if where.err != nil {
		return nil, 0, where.err
	}
	selected := storesql.ColumnsOf("r")
	var rowids []int64 // of the records, to read them by
	if where.store != nil {
		selected = "r.id, r.rowid"
	}
	args := append(where.args, q.After, q.Limit)
	rows, err := s.query(ctx, `SELECT `+selected+` FROM resources r WHERE `+where.sql.String()+` AND r.id > ? ORDER BY r.id LIMIT ?`, args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := make([]connect.Record, 0, storesql.PageCapacity(q.Limit))
	for rows.Next() {
		var r connect.Record
		if where.store != nil {
			var rowid int64
			err = rows.Scan(&r.ID, &rowid)
			rowids = append(rowids, rowid)
		} else {
			r, err = storesql.ScanRecord(rows)
		}
		if err != nil {
			return nil, 0, err
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	if where.store != nil {
		if s.afterIDs != nil {
			s.afterIDs()
		}
		if err := s.fill(ctx, q.Scope, q.Kind, out, rowids, where.held); err != nil {
			return nil, 0, err
		}
	}
	// A first page that is not full holds every match: counting them
	// again would read them all a second time.
	if q.After == "" && (q.Limit < 0 || len(out) < q.Limit) {
		return out, len(out), nil
	}
	var total int
	if err := s.queryRow(ctx, `SELECT COUNT(*) FROM resources r WHERE `+where.sql.String(), where.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// fill replaces the records, of which only the IDs are set, with the
// records: from held where it has them, else read through SQL by their
// rowids (no index to look up), and kept there. cache.ErrMoved says one
// was not where it was.
func (s *sqlStore) fill(ctx context.Context, scope connect.Scope, kind connect.Kind, recs []connect.Record, rowids []int64, held cache.Held) error {
	missing := map[string]int{}
	list := []byte{'['}
	for i := range recs {
		key := connect.Key{Scope: scope, Kind: kind, ID: recs[i].ID}
		if r, ok := held.Lookup(key); ok {
			recs[i] = r
			continue
		}
		if len(missing) > 0 {
			list = append(list, ',')
		}
		missing[key.ID] = i
		list = strconv.AppendInt(list, rowids[i], 10)
	}
	if len(missing) == 0 {
		return nil
	}
	list = append(list, ']')
	rows, err := s.query(ctx, `SELECT `+storesql.Columns+` FROM resources WHERE rowid IN (SELECT value FROM json_each(?))`, string(list))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		r, err := storesql.ScanRecord(rows)
		if err != nil {
			return err
		}
		i, ok := missing[r.ID]
		if !ok || r.Key != (connect.Key{Scope: scope, Kind: kind, ID: r.ID}) {
			return cache.ErrMoved
		}
		recs[i] = r
		delete(missing, r.ID)
		held.Keep(r)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(missing) > 0 {
		return cache.ErrMoved
	}
	return nil
}

// whereClause accumulates a search's condition over resources aliased r,
// and its parameters. With a store, the search is at version at: a
// CONTAINS condition takes the records it selects from a column when it
// can, and the records come from held (see fill).
type whereClause struct {
	sql  strings.Builder
	args []any

	store *sqlStore
	ctx   context.Context
	at    version
	held  cache.Held
	err   error
}

// arg adds a parameter and returns its marker.
func (w *whereClause) arg(v any) string {
	w.args = append(w.args, v)
	return "?"
}

func (w *whereClause) write(s ...string) {
	for _, x := range s {
		w.sql.WriteString(x)
	}
}

// cond writes the condition c: each attribute test is an uncorrelated IN
// over the attrs table's index, so SQLite reads only the matching
// attributes, or over the IDs a column selects.
func (w *whereClause) cond(q connect.SearchQuery, c connect.Cond) {
	switch {
	case len(c.All) > 0:
		w.join(q, c.All, " AND ")
	case len(c.Any) > 0:
		w.join(q, c.Any, " OR ")
	case c.Attr == "":
		w.write("1=1")
	case c.Attr == connect.AttrID:
		// A record's ID and name are its own columns, indexed already.
		w.compare("r.id", c)
	case c.Attr == connect.AttrName:
		w.compare("r.name", c)
	default:
		if c.Match == connect.Contains && w.store != nil && w.inColumn(q, c) {
			return
		}
		w.write("r.id IN (SELECT a.id FROM attrs a WHERE a.account = ", w.arg(q.Account), " AND a.region = ", w.arg(q.Region),
			" AND a.instance_id = ", w.arg(q.InstanceID), " AND a.name = ", w.arg(c.Attr), " AND a.kind = ", w.arg(string(q.Kind)), " AND ")
		w.compare("a.value", c)
		w.write(")")
	}
}

// inColumn writes c as a test of the IDs the column of c.Attr selects,
// and reports whether it could.
func (w *whereClause) inColumn(q connect.SearchQuery, c connect.Cond) bool {
	ids, ok, err := w.store.candidates(w.ctx, q, c, w.at)
	if err != nil {
		w.err = err
	}
	if !ok {
		return false
	}
	if len(ids) == 0 {
		w.write("0")
		return true
	}
	list, _ := json.Marshal(ids)
	w.write("r.id IN (SELECT value FROM json_each(", w.arg(string(list)), "))")
	return true
}

func (w *whereClause) compare(col string, c connect.Cond) {
	switch c.Match {
	case connect.Equal:
		w.write(col, " = ", w.arg(c.Value))
	case connect.Prefix:
		w.write(col, " >= ", w.arg(c.Value), " AND ", col, " < ", w.arg(storesql.PrefixEnd(c.Value)))
	case connect.Contains:
		w.write("instr(", col, ", ", w.arg(c.Value), ") > 0")
	}
}

func (w *whereClause) join(q connect.SearchQuery, cs []connect.Cond, op string) {
	w.write("(")
	for i, c := range cs {
		if i > 0 {
			w.write(op)
		}
		w.cond(q, c)
	}
	w.write(")")
}
