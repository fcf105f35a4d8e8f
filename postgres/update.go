package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/connectd/connectd/connect"
)

// Update implements connect.Store. The row is read FOR UPDATE, so a
// concurrent Update of the same record, from any process, waits for this
// one to commit and then reads what it wrote.
func (s *Store) Update(ctx context.Context, key connect.Key, change func(*connect.Record) error) error {
	if !storable(key.Account, key.Region, string(key.Kind), key.ID) {
		return connect.ErrNotFound
	}
	defer s.wrote(1)
	return s.write(ctx, false, []connect.Key{key}, func(tx pgx.Tx) error {
		r, err := scan(tx.QueryRow(ctx, `SELECT `+columns+` FROM resources
			WHERE account = $1 AND region = $2 AND kind = $3 AND id = $4 FOR UPDATE`,
			key.Account, key.Region, string(key.Kind), key.ID))
		if errors.Is(err, pgx.ErrNoRows) {
			return connect.ErrNotFound
		}
		if err != nil {
			return err
		}
		if err := change(&r); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE resources SET name = $1, arn = $2, modified = $3, doc = $4, secret = $5
			WHERE account = $6 AND region = $7 AND kind = $8 AND id = $9`,
			nullName(r.Name), r.Arn, r.Modified.UnixMilli(), r.Doc, r.Secret,
			key.Account, key.Region, string(key.Kind), key.ID)
		if sqlState(err) == uniqueViolation {
			return connect.ErrDuplicate
		}
		if err != nil {
			return err
		}
		if err := deleteAttrs(ctx, tx, key); err != nil {
			return err
		}
		return insertAttrs(ctx, tx, r)
	})
}
