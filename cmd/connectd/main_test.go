package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/connectd/connectd/awsapi"
	"github.com/connectd/connectd/connect"
	"github.com/connectd/connectd/model"
	"github.com/connectd/connectd/postgres/pgtest"
	"github.com/connectd/connectd/sqlite"
)

// start runs connectd serve until the test ends and returns its base URL.
func start(t *testing.T, args []string, env map[string]string) (url string, stop func() string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	outR, outW := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve"}, args...), func(k string) string { return env[k] }, outW, io.Discard)
		outW.Close()
	}()
	lines := bufio.NewScanner(outR)
	if !lines.Scan() {
		cancel()
		t.Fatalf("connectd printed nothing: %v", <-done)
	}
	first := lines.Text()
	url = strings.TrimPrefix(first, "connectd listening on ")
	var rest strings.Builder
	restDone := make(chan struct{})
	go func() {
		for lines.Scan() {
			rest.WriteString(lines.Text() + "\n")
		}
		close(restDone)
	}()
	stopped := false
	stop = func() string {
		if !stopped {
			stopped = true
			cancel()
			if err := <-done; err != nil {
				t.Errorf("run: %v", err)
			}
			<-restDone
		}
		return first + "\n" + rest.String()
	}
	t.Cleanup(func() { stop() })
	return url, stop
}

func TestServeAnswersAndStops(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	url, stop := start(t, []string{"--listen", "127.0.0.1:0", "--db", db}, nil)
	began := time.Now()
	resp, err := http.Get(url + "/instance")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("ListInstances: %d", resp.StatusCode)
	}
	if d := time.Since(began); d > time.Second {
		t.Errorf("first answer took %v", d)
	}
	out := stop()
	for _, want := range []string{"store: sqlite", db, "permissive", "connectd stopped"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestEnvironmentSetsFlags(t *testing.T) {
	url, stop := start(t, nil, map[string]string{"CONNECTD_LISTEN": "127.0.0.1:0", "CONNECTD_DB": ":memory:"})
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Errorf("listening on %s", url)
	}
	if out := stop(); !strings.Contains(out, ":memory:") {
		t.Errorf("store not taken from CONNECTD_DB:\n%s", out)
	}
}

func TestBadInvocations(t *testing.T) {
	for _, args := range [][]string{nil, {"frobnicate"}, {"serve", "--no-such-flag"}, {"serve", "--argon2-memory", "1"}} {
		if err := run(context.Background(), args, func(string) string { return "" }, io.Discard, io.Discard); err == nil {
			t.Errorf("connectd %v succeeded", args)
		}
	}
	if err := run(context.Background(), []string{"serve"}, func(k string) string {
		if k == "CONNECTD_ARGON2_ITERATIONS" {
			return "many"
		}
		return ""
	}, io.Discard, io.Discard); err == nil {
		t.Error("a bad CONNECTD_ARGON2_ITERATIONS was accepted")
	}
}

func TestServeOnPostgres(t *testing.T) {
	_, dsn := pgtest.FreshSchema(t)
	url, stop := start(t, []string{"--listen", "127.0.0.1:0", "--db", dsn, "--db-max-conns", "4"}, nil)
	resp, err := http.Get(url + "/instance")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("ListInstances on PostgreSQL: %d", resp.StatusCode)
	}
	if out := stop(); !strings.Contains(out, "store: postgres postgres://") {
		t.Errorf("start-up does not name the PostgreSQL store:\n%s", out)
	}
}

func TestOperationsListsWhatTheServerImplements(t *testing.T) {
	var out strings.Builder
	if err := run(context.Background(), []string{"operations"}, func(string) string { return "" }, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	listed := strings.Fields(out.String())
	store, err := sqlite.Open(sqlite.Memory)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	api, err := awsapi.NewServer(connect.NewService(store, connect.Options{}), awsapi.Options{})
	if err != nil {
		t.Fatal(err)
	}
	implemented := api.Implemented()
	slices.Sort(implemented)
	if sorted := slices.Sorted(slices.Values(listed)); !slices.Equal(sorted, implemented) {
		t.Errorf("connectd operations lists\n%v\nthe server implements\n%v", sorted, implemented)
	}
	if err := run(context.Background(), []string{"operations", "extra"}, func(string) string { return "" }, io.Discard, io.Discard); err == nil {
		t.Error("connectd operations extra succeeded")
	}
}

// TestServeRefusesStrayArguments checks that an argument that is no flag
// stops serve, instead of silently ending the flags and serving the
// defaults.
func TestServeRefusesStrayArguments(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	_, stderr, err := runCmd(t, nil, "serve", "oops", "--db", db, "--listen", "127.0.0.1:0")
	if err == nil || err.Error() != `serve: unexpected argument "oops"` {
		t.Errorf("serve oops: %v, want it refused", err)
	}
	if !strings.HasPrefix(stderr, "Usage: connectd serve [flags]") {
		t.Errorf("serve oops printed no usage to stderr:\n%s", stderr)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("serve oops created the database: %v", err)
	}
}

// TestHelp checks that every subcommand's help reads alike, goes to
// standard output when asked for, and names the environment variables.
func TestHelp(t *testing.T) {
	top, stderr, err := runCmd(t, nil, "--help")
	if err != nil || !strings.Contains(top, "Usage:") || stderr != "" {
		t.Fatalf("connectd --help: %v\n%s%s", err, top, stderr)
	}
	for _, cmd := range []string{"serve", "export", "import"} {
		for _, h := range []string{"-h", "--help"} {
			stdout, stderr, err := runCmd(t, nil, cmd, h)
			if err != nil || stderr != "" || !strings.HasPrefix(stdout, "Usage: connectd "+cmd+" ") || !strings.Contains(stdout, "\n\nFlags:\n") {
				t.Errorf("connectd %s %s: %v\nstdout:\n%s\nstderr:\n%s", cmd, h, err, stdout, stderr)
			}
			if !strings.Contains(top, "connectd "+cmd) {
				t.Errorf("connectd --help does not list %s", cmd)
			}
		}
	}
	stdout, _, _ := runCmd(t, nil, "serve", "-h")
	for _, env := range []string{"CONNECTD_LISTEN", "CONNECTD_DB", "CONNECTD_DB_MAX_CONNS", "CONNECTD_CREDENTIALS", "CONNECTD_QUOTA_USERS", "CONNECTD_SHUTDOWN_TIMEOUT"} {
		if !strings.Contains(stdout, "("+env+")") {
			t.Errorf("serve -h does not name %s:\n%s", env, stdout)
		}
	}
}

// TestFlagErrorSaidOnce checks that a flag mistake is said once, by the
// error main prints, with the usage on stderr.
func TestFlagErrorSaidOnce(t *testing.T) {
	for _, args := range [][]string{{"serve", "--listen"}, {"serve", "--nope"}, {"export", "--out"}, {"import", "--nope"}} {
		stdout, stderr, err := runCmd(t, nil, args...)
		if err == nil {
			t.Errorf("connectd %v succeeded", args)
			continue
		}
		said := strings.TrimPrefix(err.Error(), args[0]+": ")
		if n := strings.Count(stdout+stderr, said); n != 0 {
			t.Errorf("connectd %v: %q printed %d times besides the error", args, said, n)
		}
		if !strings.HasPrefix(stderr, "Usage: connectd "+args[0]) || stdout != "" {
			t.Errorf("connectd %v: no usage on stderr:\nstdout:\n%s\nstderr:\n%s", args, stdout, stderr)
		}
	}
	if _, _, err := runCmd(t, nil, "serve", "--listen"); err == nil || err.Error() != "serve: flag needs an argument: -listen" {
		t.Errorf("serve --listen: %v", err)
	}
}

func TestVersion(t *testing.T) {
	for _, cmd := range []string{"version", "--version"} {
		stdout, stderr, err := runCmd(t, nil, cmd)
		if err != nil || stderr != "" || !strings.HasPrefix(stdout, "connectd ") || !strings.HasSuffix(stdout, ", Amazon Connect model from botocore "+model.BotocoreVersion+"\n") {
			t.Errorf("connectd %s: %v\nstdout: %q\nstderr: %q", cmd, err, stdout, stderr)
		}
	}
	if _, _, err := runCmd(t, nil, "version", "extra"); err == nil {
		t.Error("connectd version extra succeeded")
	}
	vcs := func(settings ...string) []debug.BuildSetting {
		var s []debug.BuildSetting
		for i := 0; i < len(settings); i += 2 {
			s = append(s, debug.BuildSetting{Key: settings[i], Value: settings[i+1]})
		}
		return s
	}
	for _, tc := range []struct {
		info *debug.BuildInfo
		want string
	}{
		{nil, "devel"},
		{&debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}, Settings: vcs("vcs.revision", "abc")}, "v1.2.3"},
		{&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs("vcs.revision", "0123abcd", "vcs.modified", "false")}, "0123abcd"},
		{&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs("vcs.revision", "0123abcd", "vcs.modified", "true")}, "0123abcd+dirty"},
		{&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "devel"},
	} {
		if got := version(tc.info, tc.info != nil); got != tc.want {
			t.Errorf("version of %+v: %q, want %q", tc.info, got, tc.want)
		}
	}
}

func TestNegativeQuotaNamesItsFlag(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	_, _, err := runCmd(t, nil, "serve", "--db", db, "--listen", "127.0.0.1:0", "--quota-users=-1")
	if err == nil || err.Error() != "--quota-users=-1: a quota cannot be negative (0 is unlimited)" {
		t.Errorf("--quota-users=-1: %v", err)
	}
	_, _, err = runCmd(t, map[string]string{"CONNECTD_QUOTA_TAGS": "-5"}, "serve", "--db", db, "--listen", "127.0.0.1:0")
	if err == nil || !strings.Contains(err.Error(), "--quota-tags=-5") {
		t.Errorf("CONNECTD_QUOTA_TAGS=-5: %v", err)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("a refused quota created the database: %v", err)
	}
}

// TestCredentialsFileErrors checks that a malformed credentials file is
// explained in the file's terms, naming the entry, never in Go's.
func TestCredentialsFileErrors(t *testing.T) {
	const good = `{"accessKeyId": "AKID", "secretAccessKey": "s", "accountId": "111122223333"}`
	for _, tc := range []struct{ file, want string }{
		{`{"accessKeyId": "AKID"}`, "it is a JSON object, not an array; the file must hold a JSON array of objects {"},
		{"", "it is empty"},
		{"[" + good + ",\n {\"accessKeyId\": \"B\",}]", `not valid JSON at line 2, column 22: invalid character '}'`},
		{"[" + good, "not valid JSON: it ends too early"},
		{"[" + good + `, {"accessKeyId": 7}]`, `entry 2: accessKeyId is a JSON number, not a string; each entry must be {"accessKeyId"`},
		{`["AKID"]`, "entry 1: it is a JSON string, not an object"},
		{`[{"accessKeyId": "A", "secret": "s"}]`, `entry 1: unknown field "secret"`},
		{"[]", "no credentials"},
		{"[" + good + "," + good + "]", "access key AKID is listed twice"},
	} {
		path := filepath.Join(t.TempDir(), "credentials.json")
		if err := os.WriteFile(path, []byte(tc.file), 0o600); err != nil {
			t.Fatal(err)
		}
		_, _, err := runCmd(t, nil, "serve", "--db", sqlite.Memory, "--listen", "127.0.0.1:0", "--credentials", path)
		if err == nil || !strings.HasPrefix(err.Error(), path+": ") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("credentials %q: %v, want %q", tc.file, err, tc.want)
		} else if strings.Contains(err.Error(), "Go ") || strings.Contains(err.Error(), "awsapi") {
			t.Errorf("credentials %q: %v speaks of Go", tc.file, err)
		}
	}
}

// TestSQLiteOpenErrorsSayWhy checks that a SQLite file that cannot be
// opened is named with the reason, where SQLite says only "unable to open
// database file".
func TestSQLiteOpenErrorsSayWhy(t *testing.T) {
	dir := t.TempDir()
	notDir := filepath.Join(dir, "file")
	if err := os.WriteFile(notDir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	// root may write anywhere but in /sys.
	locked := filepath.Join(dir, "locked")
	if err := os.Mkdir(locked, 0o500); err != nil {
		t.Fatal(err)
	}
	unwritable := filepath.Join(locked, "c.db")
	if os.Geteuid() == 0 {
		unwritable = "/sys/connectd-test.db"
	}
	cases := []struct{ db, want string }{
		{filepath.Join(dir, "missing", "c.db"), fmt.Sprintf("the directory %q does not exist", filepath.Join(dir, "missing"))},
		{filepath.Join(notDir, "c.db"), fmt.Sprintf("%q is not a directory", notDir)},
		{dir, "it is a directory"},
		{unwritable, "permission denied"},
	}
	for _, tc := range cases {
		for _, args := range [][]string{
			{"serve", "--db", tc.db, "--listen", "127.0.0.1:0"},
			{"import", "--db", tc.db, "--in", writeExport(t)},
		} {
			_, _, err := runCmd(t, nil, args...)
			if err == nil || !strings.Contains(err.Error(), strconv.Quote(tc.db)) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("connectd %s --db %s: %v, want the path and %q", args[0], tc.db, err, tc.want)
			}
		}
	}
}

// writeExport writes an export of no records and returns its path.
func writeExport(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "empty.jsonl")
	if err := os.WriteFile(path, []byte(`{"connectd":"export","version":1}`+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestFailedStartLeavesNoDatabase checks that serve, failing to listen,
// removes the database file it created, and only that.
func TestFailedStartLeavesNoDatabase(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	dir := t.TempDir()
	fresh := filepath.Join(dir, "fresh.db")
	if _, _, err := runCmd(t, nil, "serve", "--db", fresh, "--listen", busy.Addr().String()); err == nil || !strings.Contains(err.Error(), "address already in use") {
		t.Fatalf("serve on a port in use: %v", err)
	}
	if names, _ := filepath.Glob(filepath.Join(dir, "*")); len(names) != 0 {
		t.Errorf("a failed start left %v", names)
	}
	// A database that was there before stays.
	kept := filepath.Join(dir, "kept.db")
	if _, _, err := runCmd(t, nil, "import", "--db", kept, "--in", writeExport(t)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runCmd(t, nil, "serve", "--db", kept, "--listen", busy.Addr().String()); err == nil {
		t.Fatal("serve on a port in use succeeded")
	}
	if _, err := os.Stat(kept); err != nil {
		t.Errorf("a failed start removed a database it did not create: %v", err)
	}
}

// TestWildcardListenPrintsAUsableURL checks that listening on every
// address prints a URL a client can reach, not http://[::]:PORT.
func TestWildcardListenPrintsAUsableURL(t *testing.T) {
	for _, listen := range []string{":0", "0.0.0.0:0", "[::]:0"} {
		url, stop := start(t, []string{"--listen", listen, "--db", sqlite.Memory}, nil)
		if !strings.HasPrefix(url, "http://127.0.0.1:") {
			t.Errorf("--listen %s printed %s", listen, url)
		}
		resp, err := http.Get(url + "/instance")
		if err != nil {
			t.Errorf("--listen %s: %v", listen, err)
		} else if resp.Body.Close(); resp.StatusCode != 200 {
			t.Errorf("--listen %s: ListInstances answered %d", listen, resp.StatusCode)
		}
		if out := stop(); !strings.Contains(out, "listening on every address of this machine") {
			t.Errorf("--listen %s does not say it listens on every address:\n%s", listen, out)
		}
	}
	url, stop := start(t, []string{"--listen", "127.0.0.1:0", "--db", sqlite.Memory}, nil)
	if out := stop(); strings.Contains(out, "every address") || !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Errorf("--listen 127.0.0.1:0 printed:\n%s", out)
	}
}
