package snapshot_test

import (
	"bytes"
	"context"
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
