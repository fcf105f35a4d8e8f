package postgres

import (
	"encoding/hex"
	"strconv"
	"testing"

	"github.com/connectd/connectd/postgres/pgtest"
	"github.com/connectd/connectd/storetest"
)

// A schema written by a connectd that kept a user's password hash in the
// secret column, beside profiles' private parts, is upgraded at Open: the
// hash moves to its own column and still verifies.
func TestMigratePasswordHashes(t *testing.T) {
	schema, dsn := pgtest.FreshSchema(t)
	sqls := []string{`SET search_path = ` + schema,
		`CREATE TABLE connectd_schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`}
	for _, m := range migrations[:4] {
		sqls = append(sqls, m.SQL, `INSERT INTO connectd_schema_migrations (version, name) VALUES (`+strconv.Itoa(m.Version)+`, '`+m.Name+`')`)
	}
	for _, r := range storetest.LegacySecrets {
		secret := "NULL"
		if r.Secret != nil {
			secret = `'\x` + hex.EncodeToString(r.Secret) + `'`
		}
		sqls = append(sqls, `INSERT INTO resources (account, region, kind, id, instance_id, name, arn, modified, doc, secret)
			VALUES ('`+r.Account+`', '`+r.Region+`', '`+string(r.Kind)+`', '`+r.ID+`', 'i1', '`+r.Name+`', 'arn', 0, '\x7b7d', `+secret+`)`)
	}
	pgtest.Admin(t, sqls...)
	storetest.CheckLegacySecrets(t, openTest(t, dsn, noTrigram))
}
