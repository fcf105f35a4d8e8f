package postgres

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/connectd/connectd/connect"
	"github.com/connectd/connectd/postgres/pgtest"
	"github.com/connectd/connectd/storetest"
	"github.com/jackc/pgx/v5"
)

// noTrigram names an extension no server has: a store opened with it
// cannot make its trigram index, as on a server without pg_trgm or that
// refuses this user CREATE EXTENSION.
const noTrigram = "connectd_no_such_extension"

func openTest(t *testing.T, dsn, trgm string) *Store {
	t.Helper()
	db, err := open(context.Background(), dsn, Options{}, trgm)
	if err != nil {
		t.Fatal(err)
	}
	s := newStore(db)
	t.Cleanup(func() { s.Close() })
	return s
}

// trigramAvailable reports whether the test server has pg_trgm.
func trigramAvailable(t *testing.T) bool {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), pgtest.DSN(t))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var ok bool
	err = conn.QueryRow(context.Background(), `SELECT EXISTS (SELECT FROM pg_available_extensions WHERE name = 'pg_trgm')`).Scan(&ok)
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

// The whole conformance suite, on the store without its cache: the
// cache's decorator is tested by the suites through Open.
func TestConformanceUncached(t *testing.T) {
	pgtest.DSN(t)
	storetest.Run(t, func(t *testing.T) connect.Store {
		_, dsn := pgtest.FreshSchema(t)
		db, err := open(context.Background(), dsn, Options{}, "pg_trgm")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	})
}

// The whole conformance suite, on a store that could not make its trigram
// index.
func TestConformanceWithoutTrigrams(t *testing.T) {
	pgtest.DSN(t)
	storetest.Run(t, func(t *testing.T) connect.Store {
		_, dsn := pgtest.FreshSchema(t)
		s := openTest(t, dsn, noTrigram)
		if s.db.trigram {
			t.Fatal("the store has a trigram index without the extension")
		}
		return s
	})
}

var searchScope = connect.ScopeFor("123456789012", "us-east-1")

func searchRec(id, instance string, attrs ...string) connect.Record {
	r := connect.Record{
		Key:        connect.Key{Scope: searchScope, Kind: connect.KindUser, ID: id},
		InstanceID: instance,
		Name:       "name-" + id,
		Arn:        "arn:" + id,
		Modified:   time.UnixMilli(1700000000123).UTC(),
		Doc:        []byte(`{}`),
	}
	for i := 0; i+1 < len(attrs); i += 2 {
		r.Attrs = append(r.Attrs, connect.Attr{Name: attrs[i], Value: attrs[i+1]})
	}
	return r
}

// Searches give what a plain reading of their conditions gives, with the
// trigram index and without, for values and strings that LIKE patterns,
// the index's escaped text or pg_trgm's words could get wrong.
func TestSearchMatchesReference(t *testing.T) {
	values := []string{
		"agent000543", "agent005430", "agent054300", "Annette", "Müller", "García", "Ng\x00xyz", "100%_done",
		`back\slash`, `\303\274`, "ü", "a_b", "a%b", "abc abc", "ABCdef", "x\ny\tz", "日本語のテキスト", "'quoted'",
		"", "zzz",
	}
	var recs []connect.Record
	for i, v := range values {
		r := searchRec(fmt.Sprintf("u%02d", i), "i1", "username", v, "tag:team", []string{"blue", "red"}[i%2])
		if i%3 == 0 {
			// Two attributes of one name, both matching the same searches.
			r.Attrs = append(r.Attrs, connect.Attr{Name: "username", Value: v + v})
		}
		recs = append(recs, r)
	}
	// What the search must not see: another instance, kind or account,
	// and another attribute.
	recs[5].Attrs = append(recs[5].Attrs, connect.Attr{Name: "firstName", Value: "agent000543"})
	other := searchRec("o1", "i2", "username", "agent000543")
	queue := searchRec("q1", "i1", "username", "agent000543")
	queue.Kind = connect.KindQueue
	foreign := searchRec("f1", "i1", "username", "agent000543")
	foreign.Scope = connect.ScopeFor("210987654321", "us-east-1")
	recs = append(recs, other, queue, foreign)

	type store struct {
		name string
		s    *Store
	}
	var stores []store
	for _, trgm := range []string{"pg_trgm", noTrigram} {
		_, dsn := pgtest.FreshSchema(t)
		s := openTest(t, dsn, trgm)
		if trgm == "pg_trgm" && !s.db.trigram && trigramAvailable(t) {
			t.Fatal("the server has pg_trgm, the store no trigram index")
		}
		if err := s.Create(context.Background(), recs...); err != nil {
			t.Fatal(err)
		}
		stores = append(stores, store{fmt.Sprintf("trigram index %v", s.db.trigram), s})
	}

	match := func(m connect.Match, value, v string) bool {
		switch m {
		case connect.Equal:
			return value == v
		case connect.Prefix:
			return strings.HasPrefix(value, v)
		}
		return strings.Contains(value, v)
	}
	leaf := func(m connect.Match, v string) connect.Cond {
		return connect.Cond{Attr: "username", Match: m, Value: v}
	}
	type check struct {
		name  string
		where connect.Cond
		want  func(i int) bool
	}
	var checks []check
	for _, v := range []string{"agent", "0054", "005430", "543", "üll", "ül", "Mü", "\x00xy", "g\x00x", "%_d", "0%_", `\sla`,
		`k\s`, "303", `\303`, "_b", "%b", "c a", "abc", "ABC", "bcd", "y\tz", "本語の", "'quo", "e", "zz"} {
		for _, m := range []connect.Match{connect.Equal, connect.Prefix, connect.Contains} {
			checks = append(checks, check{fmt.Sprintf("%d %q", m, v), leaf(m, v), func(i int) bool {
				return match(m, values[i], v) || i%3 == 0 && match(m, values[i]+values[i], v)
			}})
		}
	}
	blue := connect.Cond{Attr: "tag:team", Match: connect.Equal, Value: "blue"}
	checks = append(checks,
		check{"everything", connect.Cond{}, func(int) bool { return true }},
		check{"everything, nested", connect.Cond{All: []connect.Cond{{}, {Any: []connect.Cond{leaf(connect.Equal, "zzz"), {}}}}},
			func(int) bool { return true }},
		check{"and an empty filter", connect.Cond{All: []connect.Cond{leaf(connect.Contains, "agent"), {}}},
			func(i int) bool { return strings.Contains(values[i], "agent") }},
		check{"and", connect.Cond{All: []connect.Cond{leaf(connect.Contains, "agent"), blue}},
			func(i int) bool { return strings.Contains(values[i], "agent") && i%2 == 0 }},
		check{"or", connect.Cond{Any: []connect.Cond{leaf(connect.Contains, "agent"), blue}},
			func(i int) bool { return strings.Contains(values[i], "agent") || i%2 == 0 }},
		check{"or of ands", connect.Cond{Any: []connect.Cond{
			{All: []connect.Cond{leaf(connect.Prefix, "agent"), blue}},
			{All: []connect.Cond{leaf(connect.Contains, "ü"), {Any: []connect.Cond{blue, leaf(connect.Equal, "ü")}}}}}},
			func(i int) bool {
				return strings.HasPrefix(values[i], "agent") && i%2 == 0 || strings.Contains(values[i], "ü") && (i%2 == 0 || values[i] == "ü")
			}},
		check{"resource ID", connect.Cond{Any: []connect.Cond{{Attr: connect.AttrID, Match: connect.Equal, Value: "u03"},
			{Attr: connect.AttrID, Match: connect.Prefix, Value: "u1"}}},
			func(i int) bool { return i == 3 || i >= 10 && i < 20 }},
		check{"name", connect.Cond{All: []connect.Cond{{Attr: connect.AttrName, Match: connect.Contains, Value: "-u0"}, blue}},
			func(i int) bool { return i < 10 && i%2 == 0 }},
		check{"no such attribute", connect.Cond{Attr: "nothing", Match: connect.Prefix, Value: ""}, func(int) bool { return false }},
	)

	ctx := context.Background()
	for _, st := range stores {
		for _, c := range checks {
			var want []string
			for i := range values {
				if c.want(i) {
					want = append(want, fmt.Sprintf("u%02d", i))
				}
			}
			// Every page, of 3 and of all; the total on each.
			for _, limit := range []int{3, -1} {
				var got []string
				after := ""
				for {
					page, total, err := st.s.Search(ctx, connect.SearchQuery{Scope: searchScope, Kind: connect.KindUser, InstanceID: "i1",
						Where: c.where, After: after, Limit: limit})
					if err != nil {
						t.Fatalf("%s: %s: %v", st.name, c.name, err)
					}
					if total != len(want) {
						t.Errorf("%s: %s, after %q: total %d, want %d", st.name, c.name, after, total, len(want))
					}
					for _, r := range page {
						got = append(got, r.ID)
					}
					if len(page) == 0 || limit < 0 {
						break
					}
					after = page[len(page)-1].ID
				}
				if !slices.Equal(got, want) {
					t.Errorf("%s: %s, pages of %d: %v, want %v", st.name, c.name, limit, got, want)
				}
			}
		}
	}
}

// A database made by the first migration, with records in it, moves to the
// current schema at Open, and its searches find what they did.
func TestMigrateFromFirstSchema(t *testing.T) {
	schema, dsn := pgtest.FreshSchema(t)
	pgtest.Admin(t, `SET search_path = `+schema, migrations[0].SQL,
		`CREATE TABLE connectd_schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
		`INSERT INTO connectd_schema_migrations (version, name) VALUES (1, '`+migrations[0].Name+`')`,
		`INSERT INTO resources (account, region, kind, id, instance_id, name, arn, modified, doc)
			SELECT '123456789012', 'us-east-1', 'user', 'u' || i, 'i1', 'agent' || i, 'arn', 0, '\x7b7d' FROM generate_series(1, 50) i`,
		`INSERT INTO attrs (account, region, instance_id, name, value, kind, id)
			SELECT '123456789012', 'us-east-1', 'i1', 'username', convert_to('agent' || i, 'UTF8'), 'user', 'u' || i FROM generate_series(1, 50) i`)
	s := openTest(t, dsn, "pg_trgm")
	if !s.db.trigram && trigramAvailable(t) {
		t.Error("no trigram index after the migration")
	}
	var version int
	var owner string
	err := s.db.pool.QueryRow(context.Background(), `SELECT (SELECT max(version) FROM connectd_schema_migrations),
		(SELECT indexdef FROM pg_indexes WHERE indexname = 'attrs_owner' AND schemaname = current_schema())`).Scan(&version, &owner)
	if err != nil {
		t.Fatal(err)
	}
	if version != len(migrations) || !strings.Contains(owner, "(id, kind, account, region)") {
		t.Errorf("schema version %d, attrs_owner %s", version, owner)
	}
	page, total, err := s.Search(context.Background(), connect.SearchQuery{Scope: searchScope, Kind: connect.KindUser, InstanceID: "i1",
		Where: connect.Cond{Attr: "username", Match: connect.Contains, Value: "ent4"}, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range page {
		ids = append(ids, r.ID)
	}
	if total != 11 || fmt.Sprint(ids) != "[u4 u40 u41 u42 u43 u44 u45 u46 u47 u48 u49]" {
		t.Errorf("after the migration: %v, total %d", ids, total)
	}
}

func TestHasTrigram(t *testing.T) {
	for v, want := range map[string]bool{"ab": false, "abc": true, "a-bc": false, "0543": true, "ü": true, "a\x00": true,
		"%_\\": false, "a b c": false, "x.yz1": true} {
		if got := hasTrigram(v); got != want {
			t.Errorf("hasTrigram(%q) = %v", v, got)
		}
	}
}

// A CONTAINS search of a name the trigram index holds can read the index
// (its inner query implies the index's predicate); others do not try.
func TestContainsUsesTrigramIndex(t *testing.T) {
	schema, dsn := pgtest.FreshSchema(t)
	s := openTest(t, dsn, "pg_trgm")
	if !s.db.trigram {
		if trigramAvailable(t) {
			t.Fatal("the server has pg_trgm, the store no trigram index")
		}
		t.Log("the server has no pg_trgm")
		return
	}
	// On a table this small, a scan of all of attrs_value costs the
	// planner next to nothing: without it, and without sequential scans,
	// the plan can read the trigram index or no index at all.
	pgtest.Admin(t, `DROP INDEX `+schema+`.attrs_value`)
	ctx := context.Background()
	for _, c := range []struct {
		where connect.Cond
		want  bool
	}{
		{connect.Cond{Attr: connect.AttrUsername, Match: connect.Contains, Value: "gent05"}, true},
		{connect.Cond{Attr: connect.AttrLastName, Match: connect.Contains, Value: "ül"}, true},
		{connect.Cond{Any: []connect.Cond{{Attr: connect.AttrFirstName, Match: connect.Contains, Value: "nne"}, {Attr: "tag:x", Match: connect.Equal, Value: "y"}}}, true},
		{connect.Cond{Attr: connect.AttrUsername, Match: connect.Contains, Value: "05"}, false},
		{connect.Cond{Attr: connect.AttrUsername, Match: connect.Prefix, Value: "agent05"}, false},
		{connect.Cond{Attr: connect.RefPrefix + string(connect.KindRoutingProfile), Match: connect.Contains, Value: "abcd"}, false},
	} {
		page := s.db.searchPage(connect.SearchQuery{Scope: searchScope, Kind: connect.KindUser, InstanceID: "i1", Where: c.where, Limit: 10}, false)
		var plan string
		err := pgx.BeginTxFunc(ctx, s.db.pool, pgx.TxOptions{}, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, `SET LOCAL enable_seqscan = off`); err != nil {
				return err
			}
			rows, err := tx.Query(ctx, `EXPLAIN `+page.sql.String(), page.args...)
			if err != nil {
				return err
			}
			lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
			plan = strings.Join(lines, "\n")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(plan, trigramIndexName); got != c.want {
			t.Errorf("%+v: the plan reads the trigram index: %v, want %v\n%s", c.where, got, c.want, plan)
		}
	}
}

// Enough written records make the store vacuum and analyze its tables in
// the background: their statistics then cover what was written, and the
// next vacuum waits for a fifth of the records or
// minVacuumEvery, whichever is more.
func TestVacuumAfterWrites(t *testing.T) {
	_, dsn := pgtest.FreshSchema(t)
	s := openTest(t, dsn, noTrigram)
	ctx := context.Background()
	wait := func() {
		t.Helper()
		deadline := time.Now().Add(time.Minute)
		for s.db.vacuuming.Load() {
			if time.Now().After(deadline) {
				t.Fatal("the vacuum has not ended after a minute")
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	wait() // Open's
	// Whether VACUUM can mark pages all visible depends on every other
	// session of the server: its count of vacuums does not.
	vacuums := func() (n int) {
		t.Helper()
		err := s.db.pool.QueryRow(ctx, `SELECT vacuum_count FROM pg_stat_user_tables WHERE relid = 'resources'::regclass`).Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := vacuums()
	recs := make([]connect.Record, minVacuumEvery)
	for i := range recs {
		recs[i] = searchRec(fmt.Sprintf("u%05d", i), "i1", "username", fmt.Sprint(i))
	}
	if err := s.Create(ctx, recs...); err != nil {
		t.Fatal(err)
	}
	if !s.db.vacuuming.Load() && s.db.written.Load() != 0 {
		t.Fatal("no vacuum after writing minVacuumEvery records")
	}
	wait()
	var tuples float32
	err := s.db.pool.QueryRow(ctx, `SELECT reltuples FROM pg_class WHERE oid = 'resources'::regclass`).Scan(&tuples)
	if err != nil {
		t.Fatal(err)
	}
	if after := vacuums(); tuples != minVacuumEvery || after <= before {
		t.Errorf("after the vacuum, resources holds %v records by its statistics, and was vacuumed %d times, %d before", tuples, after, before)
	}
	if got := s.db.vacuumEvery.Load(); got != minVacuumEvery {
		t.Errorf("the next vacuum after %d records, want %d", got, minVacuumEvery)
	}
	s.db.vacuumEvery.Store(40_000)
	s.db.vacuum(0)
	wait()
	if got := s.db.vacuumEvery.Load(); got != minVacuumEvery {
		t.Errorf("the next vacuum after %d records, want %d", got, minVacuumEvery)
	}
}

// Whatever the store wrote and read before, Search answers what one
// statement reads, records from the cache included.
func TestSearchMatchesOneStatement(t *testing.T) {
	ctx := context.Background()
	_, dsn := pgtest.FreshSchema(t)
	s := openTest(t, dsn, noTrigram)
	rng := rand.New(rand.NewPCG(9, 10))
	hits := 0
	for step := range 1500 {
		id, name := fmt.Sprintf("u%02d", rng.IntN(60)), fmt.Sprintf("n%03d", rng.IntN(300))
		r := searchRec(id, "i1", connect.AttrUsername, name)
		r.Doc = []byte(fmt.Sprintf(`{"step":%d}`, step))
		switch op := rng.IntN(20); {
		case op < 3:
			s.Create(ctx, r)
		case op < 5:
			s.Update(ctx, r.Key, func(old *connect.Record) error { old.Doc, old.Attrs = r.Doc, r.Attrs; return nil })
		case op < 6:
			s.Delete(ctx, r.Key)
		case op < 9:
			s.Get(ctx, r.Key)
		default:
			match := []connect.Match{connect.Equal, connect.Prefix, connect.Contains}[rng.IntN(3)]
			q := connect.SearchQuery{Scope: searchScope, Kind: connect.KindUser, InstanceID: "i1", Limit: 1 + rng.IntN(8),
				Where: connect.Cond{Attr: connect.AttrUsername, Match: match, Value: name[:1+rng.IntN(len(name))]}}
			if rng.IntN(3) == 0 {
				q.After = fmt.Sprintf("u%02d", rng.IntN(60))
			}
			want, wantTotal, err := s.db.searchOne(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range want {
				if ok := s.Holds(r.Key); ok {
					hits++
				}
			}
			got, gotTotal, err := s.Search(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) || gotTotal != wantTotal {
				t.Fatalf("step %d: %+v: Search %d\n%v\none statement %d\n%v", step, q, gotTotal, got, wantTotal, want)
			}
		}
	}
	if hits < 100 {
		t.Errorf("only %d records found were in the cache", hits)
	}
}
