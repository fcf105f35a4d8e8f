package awsapi_test

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconnect "github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"

	"github.com/connectd/connectd/connect"
	"github.com/connectd/connectd/connecttest"
)

// searchBenchUsers is how many users BenchmarkSearchUsers searches.
const searchBenchUsers = 100_000

// searchBenchBatch is how many records (two a user: the user and its agent
// queue) the fill writes per transaction. Measured on a 2-CPU machine at
// 100,000 users: 4,000 took 65 s, 20,000 in key order 31 s.
const searchBenchBatch = 20000

// userFeeder is a connect.Store for filling a store fast. Its Create
// queues the records it is given and hands them, searchBenchBatch or more
// at a time, to batches, whose reader writes each batch with the real
// store's Create: one transaction, so one fsync, per batch rather than per
// user, as `connectd import` writes. A Create call's records (a user and
// its agent queue) stay in one batch. Everything else reaches the real
// store, so connect.Service builds each user exactly as CreateUser does:
// every check, its own IDs, documents and search attributes. (Through
// HTTP, 16 concurrent CreateUser calls, each a transaction of its own, took
// 149 s for the 100,000 users on the same machine.)
type userFeeder struct {
	connect.Store
	mu      sync.Mutex
	pending []connect.Record
	batches chan []connect.Record
}

func (s *userFeeder) Create(ctx context.Context, recs ...connect.Record) error {
	s.mu.Lock()
	s.pending = append(s.pending, recs...)
	var full []connect.Record
	if len(s.pending) >= searchBenchBatch {
		full, s.pending = s.pending, nil
	}
	s.mu.Unlock()
	if full != nil {
		s.batches <- full
	}
	return nil
}

// searchBenchName is the username of the i-th user: user000000 to user099999.
func searchBenchName(i int) string { return fmt.Sprintf("user%06d", i) }

// fillSearchBench serves a SQLite file holding one SAML instance of
// searchBenchUsers users, made by connect.Service's CreateUser and written
// in batches (see userFeeder), and checks through the API that all of them
// are there.
func fillSearchBench(b *testing.B) (srv *connecttest.Server, instance string) {
	e := benchServer(b)
	srv, store, instance, profiles, routing := e.srv, e.store, e.instance, e.profiles, e.routing

	start := time.Now()
	feeder := &userFeeder{Store: store, batches: make(chan []connect.Record, 2)}
	svc := connect.NewService(feeder, connect.Options{Argon2: connecttest.TestArgon2, Quotas: connect.Quotas{}})
	scope := connect.ScopeFor("123456789012", "us-east-1") // srv.Client()'s
	var writeErr error
	written := make(chan struct{})
	go func() {
		defer close(written)
		for batch := range feeder.batches {
			if writeErr == nil {
				// In key order: IDs are random UUIDs, and SQLite's B-trees
				// take sorted inserts far faster than random ones.
				slices.SortFunc(batch, func(x, y connect.Record) int {
					return cmp.Or(strings.Compare(string(x.Kind), string(y.Kind)), strings.Compare(x.ID, y.ID))
				})
				writeErr = store.Create(ctx, batch...)
			}
		}
	}()
	var next atomic.Int64
	var wg sync.WaitGroup
	var failOnce sync.Once
	var createErr error
	for range 4 * runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1)) - 1; i < searchBenchUsers; i = int(next.Add(1)) - 1 {
				first, last := firstNames[i%len(firstNames)], lastNames[i%len(lastNames)]
				name := searchBenchName(i)
				_, err := svc.CreateUser(ctx, scope, connect.CreateUserInput{InstanceId: instance, Username: name,
					IdentityInfo:       &connect.UserIdentityInfo{FirstName: first, LastName: last, SecondaryEmail: name + "@example.com"},
					SecurityProfileIds: []string{profiles[[]string{"Admin", "Agent", "CallCenterManager", "QualityAnalyst"}[i%4]]},
					RoutingProfileId:   routing, Tags: map[string]string{"team": teams[i%len(teams)]}})
				if err != nil {
					failOnce.Do(func() { createErr = err })
					return
				}
			}
		}()
	}
	wg.Wait()
	if feeder.pending != nil {
		feeder.batches <- feeder.pending
	}
	close(feeder.batches)
	<-written
	if createErr != nil {
		b.Fatalf("CreateUser: %v", createErr)
	}
	if writeErr != nil {
		b.Fatalf("writing a batch: %v", writeErr)
	}
	took := time.Since(start)

	all, err := srv.Client().SearchUsers(ctx, &awsconnect.SearchUsersInput{InstanceId: &instance, MaxResults: aws.Int32(100)})
	if err != nil {
		b.Fatalf("SearchUsers after the fill: %v", err)
	}
	if all.ApproximateTotalCount == nil || *all.ApproximateTotalCount != searchBenchUsers || len(all.Users) != 100 {
		b.Fatalf("after the fill, SearchUsers finds %v users (%d on the page)", all.ApproximateTotalCount, len(all.Users))
	}
	b.Logf("filled %d users in %v (%.0f users/s; batches of %d records, one transaction each)",
		searchBenchUsers, took.Round(time.Millisecond), searchBenchUsers/took.Seconds(), searchBenchBatch)
	return srv, instance
}

// BenchmarkSearchUsers is one SearchUsers call for the first page of 100
// (as a client asks for it) through the whole HTTP stack, over an instance
// of 100,000 users in a SQLite file. Each sub-benchmark's condition is on
// Username; "matches" is how many users it selects, all of which
// ApproximateTotalCount counts. Filling the instance takes a while, so it
// does not run with -short:
//
//	go test ./awsapi -run '^$' -bench BenchmarkSearchUsers
func BenchmarkSearchUsers(b *testing.B) {
	if testing.Short() {
		b.Skip("fills an instance with 100,000 users: not with -short")
	}
	srv, instance := fillSearchBench(b)
	names := make([]string, searchBenchUsers)
	for i := range names {
		names[i] = searchBenchName(i)
	}
	cases := []struct {
		name, op, value string
		match           func(username, value string) bool
	}{
		{"EXACT", "EXACT", "user054321", func(u, v string) bool { return u == v }},
		{"STARTS_WITH", "STARTS_WITH", "user0543", strings.HasPrefix},         // 100 users: one full page
		{"STARTS_WITH_every_user", "STARTS_WITH", "user0", strings.HasPrefix}, // all 100,000 counted
		{"CONTAINS", "CONTAINS", "321", strings.Contains},                     // 300 users: the first page of three
	}
	client := srv.Client()
	hc := &http.Client{}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			want := 0
			for _, n := range names {
				if c.match(n, c.value) {
					want++
				}
			}
			criteria := &types.UserSearchCriteria{StringCondition: &types.StringCondition{FieldName: aws.String("Username"),
				ComparisonType: types.StringComparisonType(c.op), Value: aws.String(c.value)}}
			out, err := client.SearchUsers(ctx, &awsconnect.SearchUsersInput{InstanceId: &instance, SearchCriteria: criteria, MaxResults: aws.Int32(100)})
			if err != nil {
				b.Fatal(err)
			}
			if out.ApproximateTotalCount == nil || *out.ApproximateTotalCount != int64(want) || len(out.Users) != min(want, 100) {
				b.Fatalf("ApproximateTotalCount %v and %d users on the page; want %d and %d", out.ApproximateTotalCount, len(out.Users), want, min(want, 100))
			}
			body, err := json.Marshal(map[string]any{"InstanceId": instance, "MaxResults": 100, "SearchCriteria": map[string]any{
				"StringCondition": map[string]string{"FieldName": "Username", "ComparisonType": c.op, "Value": c.value}}})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				do(b, hc, "POST", srv.URL+"/search-users", body)
			}
			b.ReportMetric(float64(want), "matches") // after the loop, which resets metrics
		})
	}
}
