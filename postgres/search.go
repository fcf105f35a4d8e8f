package postgres

import (
	"context"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/connectd/connectd/cache"
	"github.com/connectd/connectd/connect"
	"github.com/connectd/connectd/storesql"
)

// A search is one statement: the page of records a condition selects,
// each row led by the number of records it selects in all. Both come from
// one query of the selected records' IDs, in which each attribute
// condition reads the attrs rows it needs through an index and nothing
// else, AND is INTERSECT and OR is UNION. That query joins nothing, so it
// leaves a planner no join order or method to get wrong, whatever the
// statistics say or lack (right after a bulk load, and forever where
// autovacuum is off, the planner believes that every condition selects a
// row or two): each condition costs what it selects, and the set
// operations hash or sort. The page then fetches its records one by one
// by key.
//
// The SQLite store writes each condition as an IN over attrs instead,
// which SQLite plans well and PostgreSQL, without statistics, turns into
// nested loops over the whole instance.

// searchSQL builds the statements of one search. Parameters $1 to $4 are
// the account, region, instance and kind.
type searchSQL struct {
	sql  strings.Builder
	args []any
	// trigram says that attrs has the trigram index (see trigramIndex).
	trigram bool
}

func (b *searchSQL) arg(v any) string {
	b.args = append(b.args, v)
	return "$" + strconv.Itoa(len(b.args))
}

func (b *searchSQL) write(s ...string) {
	for _, x := range s {
		b.sql.WriteString(x)
	}
}

// everything reports whether c selects every record, reading a Cond as
// the stores do: All first, then Any, then Attr.
func everything(c connect.Cond) bool {
	switch {
	case len(c.All) > 0:
		for _, x := range c.All {
			if !everything(x) {
				return false
			}
		}
		return true
	case len(c.Any) > 0:
		for _, x := range c.Any {
			if everything(x) {
				return true
			}
		}
		return false
	}
	return c.Attr == ""
}

// simplify drops from c the parts that select everything, and unwraps an
// All or Any left with one part. c must not select everything.
func simplify(c connect.Cond) connect.Cond {
	var parts []connect.Cond
	switch {
	case len(c.All) > 0:
		for _, x := range c.All {
			if !everything(x) {
				parts = append(parts, simplify(x))
			}
		}
		if len(parts) == 1 {
			return parts[0]
		}
		return connect.Cond{All: parts}
	case len(c.Any) > 0:
		for _, x := range c.Any {
			parts = append(parts, simplify(x))
		}
		if len(parts) == 1 {
			return parts[0]
		}
		return connect.Cond{Any: parts}
	}
	return c
}

// ids writes a query whose rows are the IDs, in a column id, of the
// records that c selects; distinct says that no ID may repeat. c is
// simplified.
func (b *searchSQL) ids(c connect.Cond, distinct bool) {
	switch {
	case len(c.All) > 0:
		b.setOp(c.All, " INTERSECT ")
	case len(c.Any) > 0:
		b.setOp(c.Any, " UNION ")
	case c.Attr == connect.AttrID || c.Attr == connect.AttrName:
		// A record's ID and name are its own columns, indexed already,
		// and a record has one of each.
		col := "r.id"
		if c.Attr == connect.AttrName {
			col = "r.name"
		}
		b.write(`SELECT r.id FROM resources r WHERE r.account = $1 AND r.region = $2 AND r.instance_id = $3 AND r.kind = $4 AND `)
		b.compare(col, c, b.arg(c.Value))
	default:
		b.attr(c, distinct)
	}
}

func (b *searchSQL) setOp(cs []connect.Cond, op string) {
	for i, c := range cs {
		if i > 0 {
			b.write(op)
		}
		b.write("(")
		b.ids(c, false)
		b.write(")")
	}
}

// attr writes the IDs of the records with an attribute that matches c.
// A record may have several attributes of one name.
func (b *searchSQL) attr(c connect.Cond, distinct bool) {
	b.write("SELECT ")
	if distinct {
		b.write("DISTINCT ")
	}
	name, value := b.arg(c.Attr), b.arg([]byte(c.Value))
	if c.Match == connect.Contains && b.trigram && trigramAttrs[c.Attr] && hasTrigram(c.Value) {
		// The trigram index finds the attributes, of any record, whose
		// value may hold the string; the conditions of the outer query
		// keep those of the instance and name that do. The inner query
		// repeats the index's predicate, for the planner to see that the
		// index holds what it looks for. OFFSET 0 keeps those
		// conditions out of the inner query, where a planner without
		// statistics would rather scan the instance's attributes of that
		// name, thinking them few. The index compares values as
		// encode(value, 'escape') gives them: that encodes each byte on
		// its own, so a value that holds the string holds its encoding.
		b.write(`a.id FROM (SELECT account, region, instance_id, name, kind, id, value FROM attrs WHERE `+trigramPredicate+` AND encode(value, 'escape') LIKE '%' || `,
			`replace(replace(replace(encode(`, value, `::bytea, 'escape'), E'\\', E'\\\\'), '%', E'\\%'), '_', E'\\_') || '%' OFFSET 0) a `)
	} else {
		b.write("a.id FROM attrs a ")
	}
	b.write(`WHERE a.account = $1 AND a.region = $2 AND a.instance_id = $3 AND a.name = `, name, ` AND a.kind = $4 AND `)
	b.compare("a.value", c, value)
}

// compare writes the test of a column, text or bytea, against the
// parameter v, as the SQLite store does.
func (b *searchSQL) compare(col string, c connect.Cond, v string) {
	bytea := col == "a.value"
	switch c.Match {
	case connect.Equal:
		b.write(col, " = ", v)
	case connect.Prefix:
		var end string
		if bytea {
			end = b.arg([]byte(storesql.PrefixEnd(c.Value)))
		} else {
			end = b.arg(storesql.PrefixEnd(c.Value))
		}
		b.write(col, " >= ", v, " AND ", col, " < ", end)
	case connect.Contains:
		if bytea {
			b.write("position(", v, "::bytea in ", col, ") > 0")
		} else {
			b.write("strpos(", col, ", ", v, ") > 0")
		}
	}
}

// hasTrigram reports whether the encoding of a value in the trigram index
// holds three letters or digits in a row: pg_trgm finds no trigram to look
// up in a shorter run, and would read its whole index.
func hasTrigram(v string) bool {
	run := 0
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c == 0 || c >= 0x80:
			// encode(…, 'escape') writes \ and three octal digits.
			run = 3
		case c >= '0' && c <= '9', c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
			run++
		default:
			run = 0
		}
		if run >= 3 {
			return true
		}
	}
	return false
}

// Search implements connect.Store, in one statement.
func (s *sqlStore) Search(ctx context.Context, q connect.SearchQuery) ([]connect.Record, int, error) {
	if !storable(q.Account, q.Region, q.InstanceID, string(q.Kind), q.After) {
		return nil, 0, nil
	}
	return s.searchOne(ctx, q)
}

// SearchHeld implements cache.Source: the database selects only the IDs,
// and the records come from held where it has them: reading a page's rows
// was most of PostgreSQL's work in a search. A search whose statements
// tests explain runs in one statement.
func (s *sqlStore) SearchHeld(ctx context.Context, q connect.SearchQuery, _ uint64, held cache.Held) ([]connect.Record, int, error) {
	if !storable(q.Account, q.Region, q.InstanceID, string(q.Kind), q.After) {
		return nil, 0, nil
	}
	if s.explain != nil {
		return nil, 0, cache.ErrMoved
	}
	return s.searchIDs(ctx, q, held)
}

// searchOne is Search in one statement.
func (s *sqlStore) searchOne(ctx context.Context, q connect.SearchQuery) ([]connect.Record, int, error) {
	return s.readSearch(ctx, q, s.searchPage(q, false), func(row pgx.CollectableRow, total *int) (connect.Record, error) {
		return storesql.ScanRecord(row, total)
	})
}

// readSearch runs a page statement of a search, whose rows scanRow reads
// after the count each leads with, and counts the records apart when the
// page cannot say how many there are.
func (s *sqlStore) readSearch(ctx context.Context, q connect.SearchQuery, page *searchSQL,
	scanRow func(row pgx.CollectableRow, total *int) (connect.Record, error)) ([]connect.Record, int, error) {
	var total int
	var out []connect.Record
	err := retry(ctx, func() error {
		if s.explain != nil {
			err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
				return s.explain(ctx, tx, page.sql.String(), page.args)
			})
			if err != nil {
				return err
			}
		}
		total = 0
		rows, err := s.pool.Query(ctx, page.sql.String(), page.args...)
		if err != nil {
			return err
		}
		out, err = pgx.AppendRows(make([]connect.Record, 0, storesql.PageCapacity(q.Limit)), rows,
			func(row pgx.CollectableRow) (connect.Record, error) { return scanRow(row, &total) })
		if err != nil || len(out) > 0 || q.After == "" && q.Limit != 0 {
			return err
		}
		// An empty page that is not the first, or of no records: the
		// records may still be many.
		count := s.searchCount(q)
		return s.pool.QueryRow(ctx, count.sql.String(), count.args...).Scan(&total)
	})
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// searchIDs is Search reading IDs, then the records held does not hold,
// which it keeps there. cache.ErrMoved says it could not read the records
// of the IDs it read: one changed meanwhile, or the read failed.
func (s *sqlStore) searchIDs(ctx context.Context, q connect.SearchQuery, held cache.Held) ([]connect.Record, int, error) {
	out, total, err := s.readSearch(ctx, q, s.searchPage(q, true), func(row pgx.CollectableRow, total *int) (r connect.Record, err error) {
		r.Key = connect.Key{Scope: q.Scope, Kind: q.Kind}
		return r, row.Scan(total, &r.ID)
	})
	if err != nil {
		return nil, 0, err
	}
	missing := map[string]int{}
	var ids []string
	for i := range out {
		if r, ok := held.Lookup(out[i].Key); ok {
			out[i] = r
		} else {
			missing[out[i].ID] = i
			ids = append(ids, out[i].ID)
		}
	}
	if len(ids) == 0 {
		return out, total, nil
	}
	// A failure here is retried by the search in one statement.
	rows, err := s.pool.Query(ctx, `SELECT `+storesql.Columns+` FROM resources WHERE account = $1 AND region = $2 AND kind = $3 AND id = ANY($4)`,
		q.Account, q.Region, string(q.Kind), ids)
	if err != nil {
		return nil, 0, cache.ErrMoved
	}
	defer rows.Close()
	for rows.Next() {
		r, err := storesql.ScanRecord(rows)
		if err != nil {
			return nil, 0, cache.ErrMoved
		}
		if i, ok := missing[r.ID]; ok && r.InstanceID == q.InstanceID {
			out[i] = r
			delete(missing, r.ID)
			held.Keep(r)
		}
	}
	if rows.Err() != nil || len(missing) > 0 {
		return nil, 0, cache.ErrMoved
	}
	return out, total, nil
}

// instance is the condition that the records of a search's instance and
// kind meet.
const instance = `r.account = $1 AND r.region = $2 AND r.instance_id = $3 AND r.kind = $4`

func (s *sqlStore) newSearchSQL(q connect.SearchQuery) *searchSQL {
	return &searchSQL{trigram: s.trigram, args: []any{q.Account, q.Region, q.InstanceID, string(q.Kind)}}
}

// searchCount is the statement that counts the records q selects.
func (s *sqlStore) searchCount(q connect.SearchQuery) *searchSQL {
	b := s.newSearchSQL(q)
	if everything(q.Where) {
		b.write(`SELECT count(*) FROM resources r WHERE ` + instance)
		return b
	}
	b.write(`SELECT count(*) FROM (`)
	b.ids(simplify(q.Where), true)
	b.write(`) m`)
	return b
}

// searchPage is the statement that reads the page of records q selects,
// or with idsOnly their IDs, each row led by the number of records q
// selects in all. It is one statement, so the page and the count are of
// one snapshot.
func (s *sqlStore) searchPage(q connect.SearchQuery, idsOnly bool) *searchSQL {
	var limit *int
	if q.Limit >= 0 {
		limit = &q.Limit
	}
	b := s.newSearchSQL(q)
	if everything(q.Where) {
		// The instance's records of the kind, in ID order, from its index.
		selected := storesql.ColumnsOf("r")
		if idsOnly {
			selected = "r.id"
		}
		b.write(`SELECT (SELECT count(*) FROM resources r WHERE `+instance+`), `+selected+
			` FROM resources r WHERE `+instance+` AND r.id > `, b.arg(q.After), ` ORDER BY r.id LIMIT `, b.arg(limit))
		return b
	}
	if idsOnly {
		b.write(`WITH m AS MATERIALIZED (`)
		b.ids(simplify(q.Where), true)
		b.write(`) SELECT (SELECT count(*) FROM m), m.id FROM m WHERE m.id > `, b.arg(q.After), ` ORDER BY m.id LIMIT `, b.arg(limit))
		return b
	}
	// The IDs once, for the count and the page; then the page's records
	// each by its key. OFFSET 0 keeps the lookup a lookup, which a planner
	// without statistics would otherwise turn into a scan of the
	// instance's records, thinking them few.
	b.write(`WITH m AS MATERIALIZED (`)
	b.ids(simplify(q.Where), true)
	b.write(`)
		SELECT (SELECT count(*) FROM m), ` + storesql.ColumnsOf("r") + ` FROM (SELECT m.id FROM m WHERE m.id > `)
	b.write(b.arg(q.After), ` ORDER BY m.id LIMIT `, b.arg(limit), `) p
		CROSS JOIN LATERAL (SELECT * FROM resources r WHERE r.account = $1 AND r.region = $2 AND r.kind = $4 AND r.id = p.id AND r.instance_id = $3 OFFSET 0) r
		ORDER BY p.id`)
	return b
}
