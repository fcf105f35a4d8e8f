package storesql

import (
	"context"
	"errors"
	"time"

	"github.com/connectd/connectd/connect"
)

// Columns are what ScanRecord reads, of the resources table.
var Columns = ColumnsOf("resources")

// ColumnsOf is the columns ScanRecord reads, of a table or alias.
func ColumnsOf(alias string) string {
	a := alias + "."
	return a + "account, " + a + "region, " + a + "kind, " + a + "id, " + a + "instance_id, COALESCE(" + a + "name, ''), " +
		a + "arn, " + a + "modified, " + a + "doc, " + a + "password_hash, " + a + "private"
}

// ScanRecord reads a record from the Columns, after those that lead, if
// any, into lead.
func ScanRecord(row Row, lead ...any) (connect.Record, error) {
	var r connect.Record
	var kind string
	var modified int64
	err := row.Scan(append(lead, &r.Account, &r.Region, &kind, &r.ID, &r.InstanceID, &r.Name, &r.Arn, &modified, &r.Doc, &r.PasswordHash, &r.Private)...)
	if err != nil {
		return connect.Record{}, err
	}
	r.Scope = connect.ScopeFor(r.Account, r.Region)
	r.Kind = connect.Kind(kind)
	r.Modified = time.UnixMilli(modified).UTC()
	return r, nil
}

// getSQL reads one record by its key.
var getSQL = `SELECT ` + Columns + ` FROM resources WHERE account = $1 AND region = $2 AND kind = $3 AND id = $4`

// Get is connect.Store.Get's read.
func (d *Dialect) Get(ctx context.Context, db Querier, key connect.Key) (connect.Record, error) {
	if !d.storable(key.Account, key.Region, string(key.Kind), key.ID) {
		return connect.Record{}, connect.ErrNotFound
	}
	r, err := ScanRecord(db.QueryRow(ctx, getSQL, key.Account, key.Region, string(key.Kind), key.ID))
	if errors.Is(err, d.NoRows) {
		return connect.Record{}, connect.ErrNotFound
	}
	return r, err
}

// listWhere selects the records of a ListQuery: all of them, the unnamed
// ones or the named ones; $1 to $5 are the account, region, instance,
// kind and the ID to list after.
var listWhere = [3]string{
	`account = $1 AND region = $2 AND instance_id = $3 AND kind = $4 AND id > $5`,
	`account = $1 AND region = $2 AND instance_id = $3 AND kind = $4 AND id > $5 AND name IS NULL`,
	`account = $1 AND region = $2 AND instance_id = $3 AND kind = $4 AND id > $5 AND name IS NOT NULL`,
}

// List is connect.Store.List's read. A negative Limit sets no limit.
func (d *Dialect) List(ctx context.Context, db Querier, q connect.ListQuery) ([]connect.Record, error) {
	if !d.storable(q.Account, q.Region, q.InstanceID, string(q.Kind), q.After) {
		return nil, nil
	}
	where := listWhere[0]
	if q.Unnamed != nil {
		where = listWhere[1]
		if !*q.Unnamed {
			where = listWhere[2]
		}
	}
	args := []any{q.Account, q.Region, q.InstanceID, string(q.Kind), q.After, d.Limit(q.Limit)}
	if q.Summaries && d.ListSummaries != nil {
		return d.ListSummaries(ctx, db, q, where, args)
	}
	if !q.Summaries {
		rows, err := db.Query(ctx, `SELECT `+Columns+` FROM resources WHERE `+where+` ORDER BY id LIMIT $6`, args...)
		if err != nil {
			return nil, err
		}
		return CollectRows(rows, q.Limit, func(row Row) (connect.Record, error) { return ScanRecord(row) })
	}
	// Only what a summary needs that the query does not already say.
	rows, err := db.Query(ctx, `SELECT id, COALESCE(name, ''), arn, modified FROM resources WHERE `+where+` ORDER BY id LIMIT $6`, args...)
	if err != nil {
		return nil, err
	}
	scope := connect.ScopeFor(q.Account, q.Region)
	return CollectRows(rows, q.Limit, func(row Row) (connect.Record, error) {
		r := connect.Record{Key: connect.Key{Scope: scope, Kind: q.Kind}, InstanceID: q.InstanceID}
		var modified int64
		if err := row.Scan(&r.ID, &r.Name, &r.Arn, &modified); err != nil {
			return connect.Record{}, err
		}
		r.Modified = time.UnixMilli(modified).UTC()
		return r, nil
	})
}

// CollectRows reads every row with scan, making room for a page of at
// most limit (see PageCapacity), and closes the rows.
func CollectRows(rows Rows, limit int, scan func(Row) (connect.Record, error)) ([]connect.Record, error) {
	defer rows.Close()
	out := make([]connect.Record, 0, PageCapacity(limit))
	for rows.Next() {
		r, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, nil
}
