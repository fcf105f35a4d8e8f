package sqlite

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/connectd/connectd/cache"
	"github.com/connectd/connectd/connect"
)

// A record the cache holds is not taken to exist once the transaction
// has deleted it, or may have (everything): jobs of one group share a
// transaction, so a Delete may come before a Create that refers to what
// it deleted.
func TestExistsSeesTheTransactionsDeletes(t *testing.T) {
	ctx := context.Background()
	s := MustOpen(t, filepath.Join(t.TempDir(), "c.db"))
	profile := connect.Record{Key: connect.Key{Scope: connect.DefaultScope, Kind: connect.KindRoutingProfile, ID: "rp"},
		InstanceID: "i1", Name: "p", Arn: "p", Modified: time.Now(), Doc: []byte(`{}`)}
	user := connect.Record{Key: connect.Key{Scope: connect.DefaultScope, Kind: connect.KindUser, ID: "u1"},
		InstanceID: "i1", Name: "u", Arn: "u", Modified: time.Now(), Doc: []byte(`{}`),
		Attrs: []connect.Attr{connect.RefAttr(profile.Kind, profile.ID)}}
	if err := s.Create(ctx, profile); err != nil {
		t.Fatal(err)
	}
	for _, everything := range []bool{false, true} {
		if _, err := s.Get(ctx, profile.Key); err != nil {
			t.Fatal(err)
		}
		err := s.db.inTx(ctx, func(tx *writeTx) error {
			if everything {
				tx.everything = true
			} else {
				tx.Wrote(cache.Written{Key: profile.Key, Deleted: true}) // as Delete does
			}
			if _, err := tx.Exec(ctx, `DELETE FROM resources WHERE id = 'rp'`); err != nil {
				return err
			}
			return dialect.Create(ctx, tx, []connect.Record{user})
		})
		if !errors.Is(err, connect.ErrMissingRef) {
			t.Errorf("everything %v: a reference to what the transaction deleted: %v, want ErrMissingRef", everything, err)
		}
	}
}
