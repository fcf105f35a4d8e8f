package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/connectd/connectd/connect"
	"github.com/connectd/connectd/postgres"
	"github.com/connectd/connectd/postgres/pgtest"
	"github.com/connectd/connectd/storetest"
	"github.com/jackc/pgx/v5"
)

var scope = connect.ScopeFor("123456789012", "us-east-1")

// mustOpen opens a store, closed when the test ends.
func mustOpen(t *testing.T, dsn string, opts postgres.Options) *postgres.Store {
	t.Helper()
	s, err := postgres.Open(context.Background(), dsn, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func rec(kind connect.Kind, id, instance, name string) connect.Record {
	return connect.Record{
		Key:        connect.Key{Scope: scope, Kind: kind, ID: id},
		InstanceID: instance,
		Name:       name,
		Arn:        "arn:" + id,
		Modified:   time.UnixMilli(1700000000123).UTC(),
		Doc:        []byte(`{"Id":"` + id + `"}`),
	}
}

func TestConformance(t *testing.T) {
	pgtest.DSN(t)
	storetest.Run(t, func(t *testing.T) connect.Store {
		_, dsn := pgtest.FreshSchema(t)
		return mustOpen(t, dsn, postgres.Options{})
	})
}

func TestOpenRace(t *testing.T) {
	schema, dsn := pgtest.FreshSchema(t)
	const n = 4
	stores := make([]*postgres.Store, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { stores[i], errs[i] = postgres.Open(context.Background(), dsn, postgres.Options{MaxConns: 2}) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("Open %d: %v", i, err)
			continue
		}
		t.Cleanup(func() { stores[i].Close() })
	}
	if t.Failed() {
		return
	}
	ctx := context.Background()
	r := rec(connect.KindUser, "u1", "i1", "alice")
	if err := stores[0].Create(ctx, r); err != nil {
		t.Fatal(err)
	}
	for i, s := range stores {
		if _, err := s.Get(ctx, r.Key); err != nil {
			t.Errorf("store %d: %v", i, err)
		}
	}
	// Each migration was applied once, into the schema of the search_path.
	conn, err := pgx.Connect(ctx, pgtest.DSN(t))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var count, last int
	err = conn.QueryRow(ctx, `SELECT count(*), max(version) FROM `+schema+`.connectd_schema_migrations`).Scan(&count, &last)
	if err != nil {
		t.Fatal(err)
	}
	if count < 1 || count != last {
		t.Errorf("%d migrations recorded, the last %d", count, last)
	}
}

func TestReopenKeepsData(t *testing.T) {
	_, dsn := pgtest.FreshSchema(t)
	ctx := context.Background()
	s, err := postgres.Open(ctx, dsn, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := rec(connect.KindUser, "u1", "i1", "kept")
	r.PasswordHash = "hash"
	if err := s.Create(ctx, r); err != nil {
		t.Fatal(err)
	}
	s.Close()
	got, err := mustOpen(t, dsn, postgres.Options{}).Get(ctx, r.Key)
	if err != nil || got.Name != "kept" || got.PasswordHash != "hash" || !got.Modified.Equal(r.Modified) {
		t.Errorf("after reopening: %+v %v", got, err)
	}
}

func TestRefusesNewerSchema(t *testing.T) {
	schema, dsn := pgtest.FreshSchema(t)
	mustOpen(t, dsn, postgres.Options{}).Close()
	pgtest.Admin(t, `INSERT INTO `+schema+`.connectd_schema_migrations (version, name) VALUES (999, '0999_future.sql')`)
	s, err := postgres.Open(context.Background(), dsn, postgres.Options{})
	if err == nil {
		s.Close()
		t.Fatal("opened a database whose schema is newer than this connectd")
	}
	if !strings.Contains(err.Error(), "999") {
		t.Errorf("the refusal does not name the version: %v", err)
	}
}

// Two pools, as two connectd processes would have, race for one name: the
// database's unique index lets exactly one win.
func TestCrossPoolDuplicates(t *testing.T) {
	_, dsn := pgtest.FreshSchema(t)
	stores := []*postgres.Store{
		mustOpen(t, dsn, postgres.Options{MaxConns: 8}),
		mustOpen(t, dsn, postgres.Options{MaxConns: 8}),
	}
	ctx := context.Background()
	const n = 100
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			id := fmt.Sprintf("u%03d", i)
			errs[i] = stores[i%2].Create(ctx, rec(connect.KindUser, id, "i1", "same"), rec(connect.KindQueue, id, "i1", ""))
		})
	}
	close(start)
	wg.Wait()
	ok, dup := 0, 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case errors.Is(err, connect.ErrDuplicate):
			dup++
		default:
			t.Errorf("Create: %v", err)
		}
	}
	if ok != 1 || dup != n-1 {
		t.Errorf("%d created, %d duplicates; want 1 and %d", ok, dup, n-1)
	}
	for _, kind := range []connect.Kind{connect.KindUser, connect.KindQueue} {
		got, err := stores[1].List(ctx, connect.ListQuery{Scope: scope, Kind: kind, InstanceID: "i1", Limit: 1000})
		if err != nil || len(got) != 1 {
			t.Errorf("%d records of kind %s after the race, want 1 (%v)", len(got), kind, err)
		}
	}
}

// A Create that the database picks as a deadlock's victim is retried, not
// failed. The store's transaction takes name "x" then waits for "y", which
// another session holds; that session then asks for "x". The store's
// session waited first, so its deadlock check (after deadlock_timeout,
// 1 s by default) runs first and aborts it.
func TestDeadlockRetried(t *testing.T) {
	schema, dsn := pgtest.FreshSchema(t)
	app := strings.Trim(schema, `"`)
	s := mustOpen(t, pgtest.WithParam(t, dsn, "application_name", app), postgres.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()

	other, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close(context.Background())
	tx, err := other.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(context.Background())
	insert := func(id, name string) error {
		_, err := tx.Exec(ctx, `INSERT INTO resources (account, region, kind, id, instance_id, name, arn, modified, doc)
			VALUES ($1, $2, 'user', $3, 'i1', $4, '', 0, '\x7b7d')`, scope.Account, scope.Region, id, name)
		return err
	}
	if err := insert("held-y", "y"); err != nil {
		t.Fatal(err)
	}

	done := make(chan error, 1)
	go func() {
		done <- s.Create(ctx, rec(connect.KindUser, "ux", "i1", "x"), rec(connect.KindUser, "uy", "i1", "y"))
	}()
	// Wait for the store's session to block on "y".
	for {
		var waiting int
		err := other.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity
			WHERE application_name = $1 AND wait_event_type = 'Lock'`, app).Scan(&waiting)
		if err != nil {
			t.Fatal(err)
		}
		if waiting > 0 {
			break
		}
		select {
		case err := <-done:
			t.Fatalf("Create returned before blocking: %v", err)
		case <-time.After(10 * time.Millisecond):
		}
	}
	if err := insert("held-x", "x"); err != nil {
		// Not the expected victim, but then the store is not tested.
		t.Logf("the other session's insert: %v", err)
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatalf("Create after a deadlock: %v", err)
	}
	for _, id := range []string{"ux", "uy"} {
		if _, err := s.Get(ctx, connect.Key{Scope: scope, Kind: connect.KindUser, ID: id}); err != nil {
			t.Errorf("Get %s: %v", id, err)
		}
	}
}
