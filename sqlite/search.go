package sqlite

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/connectd/connectd/connect"
	"github.com/connectd/connectd/storesql"
)

// Search implements connect.Store. A CONTAINS condition on an attribute
// is answered from the attribute's column (see column) when the cache has
// or can read one, and the database stays at the version the column is
// of until the search ends; otherwise SQLite tests each value.
func (s *Store) Search(ctx context.Context, q connect.SearchQuery) ([]connect.Record, int, error) {
	if v, ok := s.cache.current(); ok {
		where := &whereClause{store: s, ctx: ctx, at: v}
		out, total, err := s.search(ctx, q, where)
		if err != nil || !where.inMemory {
			return out, total, err
		}
		if now, ok := s.cache.current(); ok && now == v {
			return out, total, nil
		}
	}
	return s.search(ctx, q, &whereClause{})
}

func (s *Store) search(ctx context.Context, q connect.SearchQuery, where *whereClause) ([]connect.Record, int, error) {
	where.args = append(where.args, q.Account, q.Region, q.InstanceID, string(q.Kind))
	where.write(`r.account = ? AND r.region = ? AND r.instance_id = ? AND r.kind = ? AND `)
	where.cond(q, q.Where)
	if where.err != nil {
		return nil, 0, where.err
	}
	args := append(where.args, q.After, q.Limit)
	rows, err := s.query(ctx, `SELECT `+columnsOf("r")+` FROM resources r WHERE `+where.sql.String()+` AND r.id > ? ORDER BY r.id LIMIT ?`, args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := make([]connect.Record, 0, storesql.PageCapacity(q.Limit))
	for rows.Next() {
		r, err := scan(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
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

// whereClause accumulates a search's condition over resources aliased r,
// and its parameters. With a store, it takes the records a CONTAINS
// condition selects from a column at version at, when it can, and notes
// that it did.
type whereClause struct {
	sql  strings.Builder
	args []any

	store    *Store
	ctx      context.Context
	at       version
	inMemory bool
	err      error
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
	w.inMemory = true
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
