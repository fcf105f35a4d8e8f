package snapshot_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/connectd/connectd/connect"
	"github.com/connectd/connectd/postgres"
	"github.com/connectd/connectd/postgres/pgtest"
	"github.com/connectd/connectd/snapshot"
	"github.com/connectd/connectd/sqlite"
)

// mustOpen opens a SQLite store at path, closed when the test ends.
func mustOpen(t *testing.T, path string) connect.Store {
	t.Helper()
	s, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// sqliteName names a SQLite store in messages as connectd does.
func sqliteName(path string) string { return "sqlite " + strconv.Quote(path) }

// load reads input into store as connectd import does: the header is
// checked before any record is read.
func load(store connect.Store, input string, opts snapshot.LoadOptions) (int, error) {
	r, err := snapshot.NewReader(strings.NewReader(input))
	if err != nil {
		return 0, err
	}
	return snapshot.Load(context.Background(), store, r, opts)
}

const header = `{"connectd":"export","version":1}` + "\n"

func user(id, name string) string {
	return `{"account":"123456789012","region":"us-east-1","kind":"user","id":"` + id + `","instanceId":"i1","name":"` + name + `","arn":"arn:` + id + `","modified":1,"doc":{"Id":"` + id + `"}}` + "\n"
}

func TestLoadDuplicatesInTheInput(t *testing.T) {
	for _, tc := range []struct{ input, want string }{
		{header + user("u1", "a") + user("u1", "b"), `line 3: user "u1" of account 123456789012 in us-east-1 is also on line 2`},
		{header + user("u1", "a") + user("u2", "a"), `line 3: user "u2" of account 123456789012 in us-east-1: its name "a" is also the name of line 2's user`},
		// Batches before the clash stay imported, and the error says so.
		{header + user("u1", "a") + user("u2", "b") + user("u3", "c") + user("u4", "d") + user("u5", "b"),
			`line 6: user "u5" of account 123456789012 in us-east-1: its name "b" is taken in the target store by user "u2" of account 123456789012 in us-east-1, imported from an earlier line; import stopped: the 4 records of earlier batches were imported and remain in sqlite`},
		{header + user("u1", "a") + user("u2", "b") + user("u3", "c") + "oops\n", "line 5: not a record: invalid character 'o' looking for beginning of value; import stopped: the 2 records"},
	} {
		path := filepath.Join(t.TempDir(), "c.db")
		_, err := load(mustOpen(t, path), tc.input, snapshot.LoadOptions{Batch: 2, Empty: true, Into: sqliteName(path)})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("import: %v\nwant an error with %q", err, tc.want)
		}
	}
}

// sample is an export in the exact form Write writes: records in the byte
// order of account, region, kind and id, HTML characters and non-ASCII
// letters as they are, a secret in padded base64, an unnamed record.
const sample = header +
	`{"account":"111111111111","region":"eu-west-2","kind":"instance","id":"i-a","instanceId":"","name":"","arn":"arn:i-a","modified":0,"doc":{"Alias":"<a & b>","Owner":"Zoë"}}` + "\n" +
	`{"account":"111111111111","region":"eu-west-2","kind":"user","id":"u-a","instanceId":"i-a","name":"zoë","arn":"arn:u-a","modified":1700000000999,"doc":{"Id":"u-a"},"secret":"c2VjcmV0"}` + "\n" +
	`{"account":"222222222222","region":"us-east-1","kind":"instance","id":"i-b","instanceId":"","name":"b","arn":"arn:i-b","modified":1,"doc":{}}` + "\n"

// TestWriteGivesBackWhatLoadRead loads an export into an empty SQLite and
// an empty PostgreSQL store and checks each writes the same bytes back.
func TestWriteGivesBackWhatLoadRead(t *testing.T) {
	stores := []struct {
		name string
		open func(t *testing.T) connect.Store
	}{
		{"sqlite", func(t *testing.T) connect.Store { return mustOpen(t, filepath.Join(t.TempDir(), "c.db")) }},
		{"postgres", func(t *testing.T) connect.Store {
			_, dsn := pgtest.FreshSchema(t)
			s, err := postgres.Open(context.Background(), dsn, postgres.Options{MaxConns: 2})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return s
		}},
	}
	for _, st := range stores {
		t.Run(st.name, func(t *testing.T) {
			ctx := context.Background()
			store := st.open(t)
			var out bytes.Buffer
			if n, err := snapshot.Write(ctx, store, &out); err != nil || n != 0 || out.String() != header {
				t.Fatalf("an empty store wrote %d records, %q: %v", n, out.String(), err)
			}
			if n, err := load(store, sample, snapshot.LoadOptions{Empty: true}); err != nil || n != 3 {
				t.Fatalf("loaded %d records: %v", n, err)
			}
			out.Reset()
			if n, err := snapshot.Write(ctx, store, &out); err != nil || n != 3 {
				t.Fatalf("wrote %d records: %v", n, err)
			}
			if out.String() != sample {
				t.Errorf("wrote\n%s\nwant\n%s", out.String(), sample)
			}
		})
	}
}

// TestWriteRefusesWhatJSONWouldChange checks a record JSON cannot carry
// unchanged stops the export, naming the record.
func TestWriteRefusesWhatJSONWouldChange(t *testing.T) {
	ctx := context.Background()
	store := mustOpen(t, filepath.Join(t.TempDir(), "c.db"))
	r := connect.Record{
		Key:      connect.Key{Scope: connect.ScopeFor("123456789012", "us-east-1"), Kind: connect.KindInstance, ID: "i1"},
		Name:     "al\xffias",
		Modified: time.UnixMilli(1).UTC(),
		Doc:      []byte(`{}`),
	}
	if err := r.Index(); err != nil {
		t.Fatal(err)
	}
	if err := store.Create(ctx, r); err != nil {
		t.Fatal(err)
	}
	_, err := snapshot.Write(ctx, store, &bytes.Buffer{})
	if want := `instance "i1" of account 123456789012 in us-east-1: a field is not UTF-8`; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Write: %v, want an error with %q", err, want)
	}
}

// A line's secret is a user's password hash and any other record's
// private part, each loaded into its own field and written back as the
// same secret.
func TestSecretIsAUsersPasswordHash(t *testing.T) {
	ctx := context.Background()
	const hash = "$argon2id$v=19$m=64,t=1,p=1$c2FsdA$aGFzaA"
	input := header +
		`{"account":"123456789012","region":"us-east-1","kind":"routing-profile","id":"rp1","instanceId":"i1","name":"Basic","arn":"arn:rp1","modified":1,"doc":{},"secret":"W3siUHJpb3JpdHkiOjF9XQ=="}` + "\n" +
		`{"account":"123456789012","region":"us-east-1","kind":"user","id":"u1","instanceId":"i1","name":"ann","arn":"arn:u1","modified":1,"doc":{"Id":"u1"},"secret":"` + base64.StdEncoding.EncodeToString([]byte(hash)) + `"}` + "\n"
	store := mustOpen(t, filepath.Join(t.TempDir(), "c.db"))
	if _, err := load(store, input, snapshot.LoadOptions{Empty: true}); err != nil {
		t.Fatal(err)
	}
	scope := connect.ScopeFor("123456789012", "us-east-1")
	user, err := store.Get(ctx, connect.Key{Scope: scope, Kind: connect.KindUser, ID: "u1"})
	if err != nil || user.PasswordHash != hash || user.Private != nil {
		t.Errorf("the user: hash %q, private part %q, %v", user.PasswordHash, user.Private, err)
	}
	profile, err := store.Get(ctx, connect.Key{Scope: scope, Kind: connect.KindRoutingProfile, ID: "rp1"})
	if err != nil || string(profile.Private) != `[{"Priority":1}]` || profile.PasswordHash != "" {
		t.Errorf("the routing profile: private part %q, hash %q, %v", profile.Private, profile.PasswordHash, err)
	}
	var out bytes.Buffer
	if _, err := snapshot.Write(ctx, store, &out); err != nil || out.String() != input {
		t.Errorf("wrote\n%s\nwant\n%s(%v)", out.String(), input, err)
	}
}

// A user's secret that cannot be a password hash is refused, naming its
// line, by either store alike.
func TestLoadRefusesAUsersSecretThatIsNotText(t *testing.T) {
	for _, secret := range []string{"\xff\xfe", "$argon2id\x00"} {
		input := header + strings.Replace(user("u1", "ann"), `}}`, `},"secret":"`+base64.StdEncoding.EncodeToString([]byte(secret))+`"}`, 1)
		_, err := load(mustOpen(t, filepath.Join(t.TempDir(), "c.db")), input, snapshot.LoadOptions{Empty: true})
		if want := "line 2: secret: a user's secret is its password hash, a PHC string: it must be UTF-8 text without NUL; nothing was imported"; err == nil || err.Error() != want {
			t.Errorf("%q: %v, want %q", secret, err, want)
		}
	}
}

// A record the format's one secret field cannot carry stops the export,
// naming the record, rather than losing what it keeps.
func TestWriteRefusesWhatTheSecretCannotCarry(t *testing.T) {
	ctx := context.Background()
	scope := connect.ScopeFor("123456789012", "us-east-1")
	for _, tc := range []struct {
		r    connect.Record
		want string
	}{
		{connect.Record{Key: connect.Key{Scope: scope, Kind: connect.KindUser, ID: "u1"}, InstanceID: "i1", Private: []byte("x")},
			`user "u1" of account 123456789012 in us-east-1: a user with a private part`},
		{connect.Record{Key: connect.Key{Scope: scope, Kind: connect.KindSecurityProfile, ID: "sp1"}, InstanceID: "i1", PasswordHash: "$argon2id$"},
			`security-profile "sp1" of account 123456789012 in us-east-1: a password hash on a record that is not a user`},
	} {
		store := mustOpen(t, filepath.Join(t.TempDir(), "c.db"))
		tc.r.Modified, tc.r.Doc = time.UnixMilli(1).UTC(), []byte(`{}`)
		if err := store.Create(ctx, tc.r); err != nil {
			t.Fatal(err)
		}
		if _, err := snapshot.Write(ctx, store, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Write: %v, want an error with %q", err, tc.want)
		}
	}
}
