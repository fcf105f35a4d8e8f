package postgres

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/connectd/connectd/connect"
	"github.com/connectd/connectd/postgres/pgtest"
	"github.com/jackc/pgx/v5"
)

// The search benchmark: one Store.Search for the first page of 101 (as
// SearchUsers asks for a page of 100), with its exact total, over one
// instance of benchUsers() users named agent000000, agent000001, …:
//
//	CONNECTD_TEST_POSTGRES=... go test ./postgres -run '^$' -bench BenchmarkSearch -benchtime 200x
//
// Filling 100,000 users through Store.Create takes a minute or two, so the
// filled tables are kept in a schema of their own (benchCacheSchema), and
// each run copies them into fresh schemas: "analyzed", whose statistics
// are up to date, "unanalyzed", whose tables were never analyzed after the
// load, and "vacuumed", also vacuumed, so that index-only scans need not
// visit the table. CONNECTD_BENCH_EXPLAIN=1 logs the plan of every statement of
// each search (run with -v). The p50-ms metric is the median latency.

// benchUsers is how many users the benchmark searches:
// CONNECTD_BENCH_USERS, 100,000 by default.
func benchUsers() int {
	if n, err := strconv.Atoi(os.Getenv("CONNECTD_BENCH_USERS")); err == nil && n > 0 {
		return n
	}
	return 100_000
}

var benchScope = connect.ScopeFor("123456789012", "us-east-1")

const benchInstance = "bench-instance"

// benchID is the i-th user's ID: a UUID-shaped hash, so that ID order is
// not username order.
func benchID(i int) string {
	h := sha256.Sum256([]byte(strconv.Itoa(i)))
	x := hex.EncodeToString(h[:16])
	return x[:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:32]
}

func benchUsername(i int) string { return fmt.Sprintf("agent%06d", i) }

var (
	benchFirst    = []string{"Ann", "Annette", "Bob", "Chloé", "Dmitri", "Eve", "Fatima"}
	benchLast     = []string{"Lee", "Smith", "Annan", "García", "Okafor", "Nguyen", "Ba", "Müller", "Kim", "Olsen", "Reyes"}
	benchTeams    = []string{"blue", "red", "green", "gold", "grey"}
	benchProfiles = []string{"sp-admin", "sp-agent", "sp-manager", "sp-analyst"}
)

func benchRecord(kind connect.Kind, id, name string, doc any) connect.Record {
	b, err := json.Marshal(doc)
	if err != nil {
		panic(err)
	}
	r := connect.Record{
		Key:        connect.Key{Scope: benchScope, Kind: kind, ID: id},
		InstanceID: benchInstance,
		Name:       name,
		Arn:        benchScope.InstanceARN(benchInstance) + "/" + string(kind) + "/" + id,
		Modified:   time.UnixMilli(1700000000000).UTC(),
		Doc:        b,
	}
	if err := r.Index(); err != nil {
		panic(err)
	}
	return r
}

// benchUser is the i-th user, its attributes derived from its document as
// connect.Service's are.
func benchUser(i int) connect.Record {
	id, name := benchID(i), benchUsername(i)
	return benchRecord(connect.KindUser, id, name, map[string]any{
		"Id":       id,
		"Arn":      benchScope.InstanceARN(benchInstance) + "/agent/" + id,
		"Username": name,
		"IdentityInfo": map[string]string{"FirstName": benchFirst[i%len(benchFirst)], "LastName": benchLast[i%len(benchLast)],
			"Email": name + "@example.com"},
		"PhoneConfig":        map[string]any{"PhoneType": "SOFT_PHONE", "AutoAccept": false, "AfterContactWorkTimeLimit": 0},
		"DirectoryUserId":    id,
		"SecurityProfileIds": []string{benchProfiles[i%len(benchProfiles)]},
		"RoutingProfileId":   "rp-basic",
		"Tags":               map[string]string{"team": benchTeams[i%len(benchTeams)]},
		"LastModifiedTime":   1700000000,
		"LastModifiedRegion": "us-east-1",
	})
}

// benchCacheSchema holds the filled tables between runs.
func benchCacheSchema(n int) string { return fmt.Sprintf("connectd_bench_search_%d", n) }

// benchFill makes sure the cache schema holds n users, filling it through
// Store.Create when it does not.
func benchFill(b *testing.B, n int) string {
	ctx := context.Background()
	cache := benchCacheSchema(n)
	dsn := pgtest.WithParam(b, pgtest.DSN(b), "search_path", cache)
	pgtest.Admin(b, `CREATE SCHEMA IF NOT EXISTS `+cache)
	s, err := Open(ctx, dsn, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	var have int
	if err := s.db.pool.QueryRow(ctx, `SELECT count(*) FROM resources WHERE kind = 'user'`).Scan(&have); err != nil {
		b.Fatal(err)
	}
	if have == n {
		return cache
	}
	if have != 0 {
		b.Fatalf("schema %s holds %d users, not 0 or %d: drop it", cache, have, n)
	}
	start := time.Now()
	createBenchRefs(b, s)
	const batch = 1000
	for i := 0; i < n; i += batch {
		var recs []connect.Record
		for j := i; j < min(i+batch, n); j++ {
			recs = append(recs, benchUser(j))
		}
		if err := s.Create(ctx, recs...); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("filled %d users through Store.Create in %v", n, time.Since(start).Round(time.Millisecond))
	return cache
}

// benchCopy opens a store on a fresh schema and copies the cache's tables
// into it, then runs after (ANALYZE, VACUUM, or nothing) on them.
func benchCopy(b *testing.B, cache string, after string) *Store {
	ctx := context.Background()
	_, dsn := pgtest.FreshSchema(b)
	s, err := Open(ctx, dsn, Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	// Open's VACUUM of the empty tables must not run after the copy.
	for s.db.vacuuming.Load() {
		time.Sleep(time.Millisecond)
	}
	start := time.Now()
	for _, c := range []string{
		`INSERT INTO resources (account, region, kind, id, instance_id, name, arn, modified, doc, password_hash, private)
			SELECT account, region, kind, id, instance_id, name, arn, modified, doc, password_hash, private FROM ` + cache + `.resources`,
		`INSERT INTO attrs (account, region, instance_id, name, value, kind, id)
			SELECT account, region, instance_id, name, value, kind, id FROM ` + cache + `.attrs`,
	} {
		if _, err := s.db.pool.Exec(ctx, c); err != nil {
			b.Fatal(err)
		}
	}
	if after != "" {
		if _, err := s.db.pool.Exec(ctx, after+` resources, attrs`); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("copied, then %q, in %v", after, time.Since(start).Round(time.Millisecond))
	return s
}

type benchCase struct {
	name  string
	where connect.Cond
	match func(i int) bool
}

func benchCases(n int) []benchCase {
	user := func(m connect.Match, v string) connect.Cond {
		// As SearchUsers sends it: criteria AND an empty filter.
		return connect.Cond{All: []connect.Cond{{Attr: connect.AttrUsername, Match: m, Value: v}, {}}}
	}
	mid := n / 2
	name := benchUsername(mid)
	prefix10, prefix100 := name[:len(name)-1], name[:len(name)-2]
	digits := name[len("agent"):][1:5]
	return []benchCase{
		{"exact", user(connect.Equal, name), func(i int) bool { return i == mid }},
		{"prefix10", user(connect.Prefix, prefix10), func(i int) bool { return strings.HasPrefix(benchUsername(i), prefix10) }},
		{"prefix100", user(connect.Prefix, prefix100), func(i int) bool { return strings.HasPrefix(benchUsername(i), prefix100) }},
		{"contains4", user(connect.Contains, digits), func(i int) bool { return strings.Contains(benchUsername(i), digits) }},
		{"contains2", user(connect.Contains, "99"), func(i int) bool { return strings.Contains(benchUsername(i), "99") }},
		{"prefix_all", user(connect.Prefix, "agent"), func(int) bool { return true }},
		{"contains_all", user(connect.Contains, "agent"), func(int) bool { return true }},
		{"everyone", connect.Cond{All: []connect.Cond{{}, {}}}, func(int) bool { return true }},
		{"first_and_team", connect.Cond{All: []connect.Cond{{Attr: connect.AttrFirstName, Match: connect.Equal, Value: "Eve"},
			{Attr: connect.TagPrefix + "team", Match: connect.Equal, Value: "gold"}}},
			func(i int) bool { return i%len(benchFirst) == 5 && i%len(benchTeams) == 3 }},
		{"prefix10_and_team", connect.Cond{All: []connect.Cond{{Attr: connect.AttrUsername, Match: connect.Prefix, Value: prefix10},
			{Attr: connect.TagPrefix + "team", Match: connect.Equal, Value: "gold"}}},
			func(i int) bool { return strings.HasPrefix(benchUsername(i), prefix10) && i%len(benchTeams) == 3 }},
		{"prefix10_or_last", connect.Cond{Any: []connect.Cond{{Attr: connect.AttrUsername, Match: connect.Prefix, Value: prefix10},
			{Attr: connect.AttrLastName, Match: connect.Equal, Value: "Kim"}}},
			func(i int) bool { return strings.HasPrefix(benchUsername(i), prefix10) || i%len(benchLast) == 8 }},
	}
}

func BenchmarkSearch(b *testing.B) {
	n := benchUsers()
	cache := benchFill(b, n)
	ids := make([]string, n)
	for i := range n {
		ids[i] = benchID(i)
	}
	for _, sc := range []struct{ name, after string }{
		{"analyzed", "ANALYZE"},
		{"unanalyzed", ""},
		{"vacuumed", "VACUUM (ANALYZE)"},
	} {
		name := sc.name
		b.Run(name, func(b *testing.B) {
			s := benchCopy(b, cache, sc.after)
			for _, c := range benchCases(n) {
				b.Run(c.name, func(b *testing.B) {
					ctx := context.Background()
					var wantIDs []string
					for i := range n {
						if c.match(i) {
							wantIDs = append(wantIDs, ids[i])
						}
					}
					slices.Sort(wantIDs)
					q := connect.SearchQuery{Scope: benchScope, Kind: connect.KindUser, InstanceID: benchInstance, Where: c.where, Limit: 101}
					if os.Getenv("CONNECTD_BENCH_EXPLAIN") != "" {
						s.db.explain = func(ctx context.Context, tx pgx.Tx, sql string, args []any) error {
							plan, err := explain(ctx, tx, sql, args)
							b.Logf("%s/%s:\n%s", name, c.name, plan)
							return err
						}
					}
					recs, total, err := s.Search(ctx, q)
					s.db.explain = nil
					if err != nil {
						b.Fatal(err)
					}
					var got []string
					for _, r := range recs {
						got = append(got, r.ID)
					}
					if total != len(wantIDs) || !slices.Equal(got, wantIDs[:min(101, len(wantIDs))]) {
						b.Fatalf("total %d, page of %d; want %d and %d", total, len(got), len(wantIDs), min(101, len(wantIDs)))
					}
					var times []time.Duration
					for b.Loop() {
						start := time.Now()
						if _, _, err := s.Search(ctx, q); err != nil {
							b.Fatal(err)
						}
						times = append(times, time.Since(start))
					}
					slices.Sort(times)
					b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
					b.ReportMetric(float64(len(wantIDs)), "matches")
				})
			}
		})
	}
}

// explain is the plan of a statement as the transaction runs it.
func explain(ctx context.Context, tx pgx.Tx, sql string, args []any) (string, error) {
	rows, err := tx.Query(ctx, `EXPLAIN (ANALYZE, BUFFERS) `+sql, args...)
	if err != nil {
		return "", err
	}
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return "", err
	}
	return sql + "\n" + strings.Join(lines, "\n"), nil
}

// BenchmarkCreate is one Store.Create of one user, as CreateUser makes
// it, on a store whose trigram index each user's attributes go into, and
// on one without: what the index costs the writes. The p99-ms and max-ms
// metrics are the 99th percentile and the largest latency.
func BenchmarkCreate(b *testing.B) {
	for _, trgm := range []string{"pg_trgm", "connectd_no_such_extension"} {
		b.Run("trigram="+strconv.FormatBool(trgm == "pg_trgm"), func(b *testing.B) {
			ctx := context.Background()
			_, dsn := pgtest.FreshSchema(b)
			db, err := open(ctx, dsn, Options{}, trgm)
			if err != nil {
				b.Fatal(err)
			}
			s := newStore(db)
			defer s.Close()
			createBenchRefs(b, s)
			var times []time.Duration
			i := 0
			for b.Loop() {
				u := benchUser(i)
				i++
				start := time.Now()
				if err := s.Create(ctx, u); err != nil {
					b.Fatal(err)
				}
				times = append(times, time.Since(start))
			}
			slices.Sort(times)
			b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(times[len(times)*99/100].Microseconds())/1000, "p99-ms")
			b.ReportMetric(float64(times[len(times)-1].Microseconds())/1000, "max-ms")
		})
	}
}

// createBenchRefs creates the routing profile and the security profiles
// the benchmarks' users refer to.
func createBenchRefs(b *testing.B, s *Store) {
	b.Helper()
	refs := []connect.Record{benchRecord(connect.KindRoutingProfile, "rp-basic", "Basic", map[string]any{"Name": "Basic"})}
	for _, p := range benchProfiles {
		refs = append(refs, benchRecord(connect.KindSecurityProfile, p, p, map[string]any{"Name": p}))
	}
	if err := s.Create(context.Background(), refs...); err != nil {
		b.Fatal(err)
	}
}
