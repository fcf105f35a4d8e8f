package storetest

import (
	"testing"

	"github.com/connectd/connectd/connect"
)

// LegacyRecord is a record as a connectd from before the password hash had
// a column of its own kept it: a user's hash, or a profile's private part,
// in the one secret column.
type LegacyRecord struct {
	connect.Key
	Name   string
	Secret []byte
}

// LegacySecrets are what a store's migration test writes into an old
// schema's secret column (each record of instance i1, its document {}),
// before it opens the store and calls CheckLegacySecrets.
var LegacySecrets = []LegacyRecord{
	{connect.Key{Scope: scope, Kind: connect.KindUser, ID: "u1"}, "ann", []byte(legacyHash)},
	{connect.Key{Scope: scope, Kind: connect.KindUser, ID: "u2"}, "sam", nil}, // SAML: no password
	{connect.Key{Scope: scope, Kind: connect.KindRoutingProfile, ID: "rp1"}, "Basic", []byte(legacyPrivate)},
}

// legacyHash is a hash of legacyPassword at a cheap cost.
const (
	legacyPassword = "Passw0rd1"
	legacyHash     = "$argon2id$v=19$m=64,t=1,p=1$wSwtvkUJoMxVv98M7Yu0XQ$grojxF1TX/Un2SK+HlIrvedLi6DzDhnmK3jnIEHKTO4"
	legacyPrivate  = `[{"Priority":1}]`
)

// CheckLegacySecrets checks that s, opened on a schema holding
// LegacySecrets, has the user's hash in its own field, where it verifies the
// password, and the profile's private part in its own, and that an update
// keeps them so.
func CheckLegacySecrets(t *testing.T, s connect.Store) {
	t.Helper()
	get := func(k connect.Key) connect.Record {
		t.Helper()
		r, err := s.Get(ctx, k)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	user, none, profile := LegacySecrets[0].Key, LegacySecrets[1].Key, LegacySecrets[2].Key
	ann := get(user)
	if err := connect.CheckPassword(ann.PasswordHash, legacyPassword); err != nil || ann.Private != nil {
		t.Errorf("the migrated user: password %v, private part %q", err, ann.Private)
	}
	if sam := get(none); sam.PasswordHash != "" || sam.Private != nil {
		t.Errorf("the user without a password: hash %q, private part %q", sam.PasswordHash, sam.Private)
	}
	if rp := get(profile); string(rp.Private) != legacyPrivate || rp.PasswordHash != "" {
		t.Errorf("the migrated routing profile: private part %q, hash %q", rp.Private, rp.PasswordHash)
	}
	if err := s.Update(ctx, user, func(r *connect.Record) error { r.Name = "anne"; return nil }); err != nil {
		t.Fatal(err)
	}
	if err := connect.CheckPassword(get(user).PasswordHash, legacyPassword); err != nil {
		t.Errorf("after an update of the migrated user: %v", err)
	}
}
