package storesql

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/connectd/connectd/cache"
	"github.com/connectd/connectd/connect"
)

// The statements of the writes. A record's key is (account, region, kind,
// id); its name is unique per (account, region, instance_id, kind) by a
// unique index, which finds every clash, within a call or with a stored
// record, in any process.
const (
	insertRecordSQL = `INSERT INTO resources
		(account, region, kind, id, instance_id, name, arn, modified, doc, password_hash, private)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`
	countNamedSQL = `SELECT COUNT(*) FROM resources
		WHERE account = $1 AND region = $2 AND instance_id = $3 AND kind = $4 AND name IS NOT NULL`
	refExistsSQL = `SELECT COUNT(*) FROM resources
		WHERE account = $1 AND region = $2 AND kind = $3 AND id = $4 AND instance_id = $5`
	updateRecordSQL = `UPDATE resources SET name = $1, arn = $2, modified = $3, doc = $4, password_hash = $5, private = $6
		WHERE account = $7 AND region = $8 AND kind = $9 AND id = $10`
	deleteRecordSQL  = `DELETE FROM resources WHERE account = $1 AND region = $2 AND kind = $3 AND id = $4`
	deleteAttrsSQL   = `DELETE FROM attrs WHERE account = $1 AND region = $2 AND kind = $3 AND id = $4`
	referredToSQL    = `SELECT EXISTS (SELECT 1 FROM attrs WHERE account = $1 AND region = $2 AND instance_id = $3 AND name = $4 AND value = $5)`
	deleteInstanceOf = ` WHERE account = $1 AND region = $2 AND instance_id = $3`
)

// Create is connect.Store.Create's work in the transaction tx. A record
// with a quota counts the named records of its instance and kind once it
// is written, under the dialect's QuotaLock.
func (d *Dialect) Create(ctx context.Context, tx Tx, recs []connect.Record) error {
	for _, r := range recs {
		if r.Quota > 0 && d.QuotaLock != "" {
			if _, err := tx.Exec(ctx, d.QuotaLock, r.Account+"/"+r.Region+"/"+r.InstanceID+"/"+string(r.Kind)); err != nil {
				return err
			}
		}
		_, err := tx.Exec(ctx, insertRecordSQL, r.Account, r.Region, string(r.Kind), r.ID, r.InstanceID, nullName(r.Name),
			r.Arn, r.Modified.UnixMilli(), r.Doc, r.PasswordHash, r.Private)
		if d.IsUniqueViolation(err) {
			return connect.ErrDuplicate
		}
		if err != nil {
			return err
		}
		if err := d.writeAttrs(ctx, tx, r); err != nil {
			return err
		}
		if r.Quota > 0 {
			var n int
			if err := tx.QueryRow(ctx, countNamedSQL, r.Account, r.Region, r.InstanceID, string(r.Kind)).Scan(&n); err != nil {
				return err
			}
			if n > r.Quota {
				return connect.ErrQuota
			}
		}
	}
	return nil
}

// writeAttrs writes a record's attributes, after checking that the
// records it refers to are in its instance (see Dialect.CheckRefs), and
// notes it as written.
func (d *Dialect) writeAttrs(ctx context.Context, tx Tx, r connect.Record) error {
	known, _ := tx.(KnownRecords)
	var refs []connect.Key
	for _, a := range r.Attrs {
		kind, ok := strings.CutPrefix(a.Name, connect.RefPrefix)
		if !ok {
			continue
		}
		if !d.storable(a.Value) {
			return connect.ErrMissingRef
		}
		key := connect.Key{Scope: r.Scope, Kind: connect.Kind(kind), ID: a.Value}
		if slices.Contains(refs, key) || known != nil && known.Exists(key, r.InstanceID) {
			continue
		}
		refs = append(refs, key)
	}
	if len(refs) > 0 {
		check := d.CheckRefs
		if check == nil {
			check = checkRefsEach
		}
		if err := check(ctx, tx, r, refs); err != nil {
			return err
		}
	}
	tx.Wrote(cache.Written{Key: r.Key, Instance: r.InstanceID, Name: r.Name, Arn: r.Arn, Modified: r.Modified, Attrs: r.Attrs})
	if len(r.Attrs) == 0 {
		return nil
	}
	return d.InsertAttrs(ctx, tx, r)
}

// checkRefsEach looks up each record refs names, in r's instance.
func checkRefsEach(ctx context.Context, tx Tx, r connect.Record, refs []connect.Key) error {
	for _, k := range refs {
		var n int
		if err := tx.QueryRow(ctx, refExistsSQL, k.Account, k.Region, string(k.Kind), k.ID, r.InstanceID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return connect.ErrMissingRef
		}
	}
	return nil
}

// deleteAttrs removes a record's attributes, and notes it as deleted: a
// write that keeps it writes them again after, and notes it again.
func deleteAttrs(ctx context.Context, tx Tx, k connect.Key) error {
	tx.Wrote(cache.Written{Key: k, Deleted: true})
	_, err := tx.Exec(ctx, deleteAttrsSQL, k.Account, k.Region, string(k.Kind), k.ID)
	return err
}

// Update is connect.Store.Update's work in the transaction tx.
func (d *Dialect) Update(ctx context.Context, tx Tx, key connect.Key, change func(*connect.Record) error) error {
	if !d.storable(key.Account, key.Region, string(key.Kind), key.ID) {
		return connect.ErrNotFound
	}
	r, err := ScanRecord(tx.QueryRow(ctx, getSQL+d.ForUpdate, key.Account, key.Region, string(key.Kind), key.ID))
	if errors.Is(err, d.NoRows) {
		return connect.ErrNotFound
	}
	if err != nil {
		return err
	}
	if err := change(&r); err != nil {
		return err
	}
	_, err = tx.Exec(ctx, updateRecordSQL, nullName(r.Name), r.Arn, r.Modified.UnixMilli(), r.Doc, r.PasswordHash, r.Private,
		key.Account, key.Region, string(key.Kind), key.ID)
	if d.IsUniqueViolation(err) {
		return connect.ErrDuplicate
	}
	if err != nil {
		return err
	}
	if err := deleteAttrs(ctx, tx, key); err != nil {
		return err
	}
	return d.writeAttrs(ctx, tx, r)
}

// Delete is connect.Store.Delete's work in the transaction tx. It deletes
// first and then looks for what still refers to the deleted records, so
// records deleted together may refer to each other. A concurrent create
// that adds a reference commits first or finds the record gone: the check
// reads committed attributes after the delete holds the record's row.
func (d *Dialect) Delete(ctx context.Context, tx Tx, keys []connect.Key) error {
	type gone struct {
		key      connect.Key
		instance string
	}
	var deleted []gone
	for i, k := range keys {
		var instance string
		err := d.NoRows
		if d.storable(k.Account, k.Region, string(k.Kind), k.ID) {
			err = tx.QueryRow(ctx, deleteRecordSQL+` RETURNING instance_id`, k.Account, k.Region, string(k.Kind), k.ID).Scan(&instance)
		}
		if errors.Is(err, d.NoRows) {
			if i == 0 {
				return connect.ErrNotFound
			}
			continue
		}
		if err != nil {
			return err
		}
		if err := deleteAttrs(ctx, tx, k); err != nil {
			return err
		}
		deleted = append(deleted, gone{k, instance})
	}
	for _, g := range deleted {
		var used bool
		err := tx.QueryRow(ctx, referredToSQL, g.key.Account, g.key.Region, g.instance,
			connect.RefPrefix+string(g.key.Kind), d.AttrValue(g.key.ID)).Scan(&used)
		if err != nil {
			return err
		}
		if used {
			return connect.ErrInUse
		}
	}
	return nil
}

// DeleteInstance is connect.Store.DeleteInstance's work in the
// transaction tx; it returns how many records it deleted. The key's Kind
// is not read: the instance is the record of kind connect.KindInstance
// with the key's ID.
func (d *Dialect) DeleteInstance(ctx context.Context, tx Tx, key connect.Key) (deleted int64, err error) {
	if !d.storable(key.Account, key.Region, key.ID) {
		return 0, connect.ErrNotFound
	}
	tx.WroteAll()
	n, err := tx.Exec(ctx, deleteRecordSQL, key.Account, key.Region, string(connect.KindInstance), key.ID)
	if err != nil {
		return 0, err
	}
	if n == 0 {
		return 0, connect.ErrNotFound
	}
	if err := deleteAttrs(ctx, tx, connect.Key{Scope: key.Scope, Kind: connect.KindInstance, ID: key.ID}); err != nil {
		return 0, err
	}
	deleted = 1
	if n, err = tx.Exec(ctx, `DELETE FROM resources`+deleteInstanceOf, key.Account, key.Region, key.ID); err != nil {
		return 0, err
	}
	deleted += n
	if _, err = tx.Exec(ctx, `DELETE FROM attrs`+deleteInstanceOf, key.Account, key.Region, key.ID); err != nil {
		return 0, err
	}
	return deleted, nil
}
