package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/connectd/connectd/awsapi"
	"github.com/connectd/connectd/connect"
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
