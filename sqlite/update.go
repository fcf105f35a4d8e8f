package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"github.com/connectd/connectd/connect"
)

// Update implements connect.Store. Writes go through one connection in
// IMMEDIATE transactions, so the read and the write are one step.
func (s *Store) Update(ctx context.Context, key connect.Key, change func(*connect.Record) error) error {
	return s.inTx(ctx, func(tx *writeTx) error {
		r, err := scan(tx.QueryRowContext(ctx, `SELECT `+columns+` FROM resources
			WHERE account = ? AND region = ? AND kind = ? AND id = ?`,
			key.Account, key.Region, string(key.Kind), key.ID))
		if errors.Is(err, sql.ErrNoRows) {
			return connect.ErrNotFound
		}
		if err != nil {
			return err
		}
		if err := change(&r); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE resources SET name = ?, arn = ?, modified = ?, doc = ?, secret = ?
			WHERE account = ? AND region = ? AND kind = ? AND id = ?`,
			nullName(r.Name), r.Arn, r.Modified.UnixMilli(), r.Doc, r.Secret,
			key.Account, key.Region, string(key.Kind), key.ID)
		if isUniqueViolation(err) {
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
