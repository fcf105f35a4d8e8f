package storesql

import (
	"context"

	"github.com/connectd/connectd/cache"
	"github.com/connectd/connectd/connect"
)

// A Dialect is what sets one SQL engine apart for the core: a small table
// each store fills in. The core's statements are written once, with
// numbered parameters ($1, $2, …), which SQLite and PostgreSQL both read,
// over the same two tables, resources and attrs.
type Dialect struct {
	// SchemaVersionSQL reads how many migrations the database has
	// applied; Migrated records that it has applied one more, m.
	SchemaVersionSQL string
	Migrated         func(ctx context.Context, tx Tx, m Migration) error
	// NoRows is the error a Row's Scan returns when no row matched.
	NoRows error
	// IsUniqueViolation reports whether err is a unique index refusing a
	// row: a name taken.
	IsUniqueViolation func(err error) bool
	// AttrValue is an attribute's value as a parameter compared with
	// attrs.value (SQLite keeps text, PostgreSQL bytea).
	AttrValue func(v string) any
	// Limit is the parameter of a LIMIT of at most limit rows; a negative
	// limit sets none.
	Limit func(limit int) any
	// Storable, when set, reports whether every string can be stored: a
	// key that cannot names no record.
	Storable func(strs ...string) bool
	// ForUpdate ends the statement by which Update reads the record, to
	// hold it against other writers until the transaction ends; empty
	// where writes are serial anyway.
	ForUpdate string
	// QuotaLock, when set, is a statement taking a lock, held until the
	// transaction ends, on the one text parameter it is given for the
	// instance and kind of a record with a quota: creates racing in
	// several processes then count one after another. Empty where writes
	// are serial anyway.
	QuotaLock string
	// CheckRefs, when set, returns connect.ErrMissingRef unless every
	// record refs names is in the instance of r, and holds them against
	// deletes until the transaction ends. Unset, each is looked up on its
	// own, which serial writes make enough.
	CheckRefs func(ctx context.Context, tx Tx, r connect.Record, refs []connect.Key) error
	// InsertAttrs writes the attributes of r, which has some.
	InsertAttrs func(ctx context.Context, tx Tx, r connect.Record) error
	// ListSummaries, when set, reads a page of summaries for List: where
	// and args select the records, as the $1 to $6 of
	// "WHERE "+where+" ORDER BY id LIMIT $6". Unset, a row is read per
	// record.
	ListSummaries func(ctx context.Context, db Querier, q connect.ListQuery, where string, args []any) ([]connect.Record, error)
}

// Row is a row a query returned, or the error it failed with.
type Row interface {
	Scan(dest ...any) error
}

// Rows are the rows a query returns, one at a time.
type Rows interface {
	Row
	Next() bool
	Err() error
	Close()
}

// Querier runs read statements.
type Querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) Row
	Query(ctx context.Context, sql string, args ...any) (Rows, error)
}

// Tx is the write transaction the core's writes run in. Exec returns how
// many rows a statement changed.
type Tx interface {
	QueryRow(ctx context.Context, sql string, args ...any) Row
	Exec(ctx context.Context, sql string, args ...any) (int64, error)
	// Wrote notes a record the transaction wrote, or deleted; every
	// write of a record rewrites its attributes, and notes it then.
	// WroteAll notes that it may have changed more than those.
	Wrote(w cache.Written)
	WroteAll()
}

// KnownRecords is what a Tx may know without asking the database.
type KnownRecords interface {
	// Exists reports whether the record with the key was in the
	// instance when the transaction began and the transaction has not
	// written it since; false means only that it cannot tell.
	Exists(key connect.Key, instance string) bool
}

func (d *Dialect) storable(strs ...string) bool { return d.Storable == nil || d.Storable(strs...) }

// nullName is a record's name as the name column holds it: NULL when the
// record is unnamed, so that the unique index lets unnamed ones repeat.
func nullName(name string) any {
	if name == "" {
		return nil
	}
	return name
}
