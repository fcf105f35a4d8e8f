package snapshot_test

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/connectd/connectd/connect"
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
