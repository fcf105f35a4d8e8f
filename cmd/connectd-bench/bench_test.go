package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/connectd/connectd/awsapi"
	"github.com/connectd/connectd/connecttest"
)

// TestSignedRequestsVerify checks that the harness's requests carry
// signatures connectd accepts in strict mode, including a signature sent
// again, as the harness sends repeated requests.
func TestSignedRequestsVerify(t *testing.T) {
	srv := connecttest.New(t, connecttest.WithCredentials(awsapi.Credential{
		AccessKeyID: benchCredentials.AccessKeyID, SecretAccessKey: benchCredentials.SecretAccessKey, AccountID: "123456789012"}))
	addr := strings.TrimPrefix(srv.URL, "http://")
	body, err := call(addr, spec{method: "PUT", path: "/instance",
		body: []byte(`{"IdentityManagementType":"SAML","InstanceAlias":"signed","InboundCallsEnabled":true,"OutboundCallsEnabled":true}`)})
	if err != nil {
		t.Fatal(err)
	}
	var inst struct{ Id string }
	if err := json.Unmarshal(body, &inst); err != nil || inst.Id == "" {
		t.Fatalf("CreateInstance answered %s", body)
	}
	req := newSigner(addr).sign(spec{method: "GET", path: "/users-summary/" + inst.Id, query: "maxResults=1000"})
	c := &conn{addr: addr}
	defer c.close()
	for i := range 3 {
		status, b, err := c.roundTrip(req, true)
		if err != nil || status != 200 {
			t.Fatalf("ListUsers, sending %d: %v HTTP %d %s", i+1, err, status, b)
		}
	}
	// A wrong secret is refused: the server does check.
	saved := benchCredentials
	benchCredentials.SecretAccessKey = "wrong"
	defer func() { benchCredentials = saved }()
	status, _, err := c.roundTrip(newSigner(addr).sign(spec{method: "GET", path: "/instance"}), true)
	if err != nil || status != 403 {
		t.Fatalf("wrongly signed request: %v HTTP %d, want 403", err, status)
	}
}

func TestPercentile(t *testing.T) {
	var lats []int64
	for i := 1; i <= 200; i++ {
		lats = append(lats, int64(i))
	}
	if p := percentile(lats, 0.5); p != 100 {
		t.Errorf("p50 = %d, want 100", p)
	}
	if p := percentile(lats, 0.99); p != 198 {
		t.Errorf("p99 = %d, want 198", p)
	}
	if p := percentile(lats[:1], 0.99); p != 1 {
		t.Errorf("p99 of one = %d, want 1", p)
	}
}

// TestLoad drives a small server and checks the counts, the latencies and
// that errors are counted.
func TestLoad(t *testing.T) {
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(2 * time.Millisecond)
		if r.URL.Path == "/fail" {
			w.WriteHeader(400)
			w.Write([]byte(`{"__type":"InvalidParameterException"}`))
			return
		}
		w.Write([]byte(`{}`))
	}))
	defer hs.Close()
	addr := strings.TrimPrefix(hs.URL, "http://")
	l := load{addr: addr, clients: 4, warmup: 100 * time.Millisecond, duration: 400 * time.Millisecond}
	r := l.run(fixed(signAll(addr, []spec{{method: "GET", path: "/ok"}})))
	// 4 clients at 2 ms a request, for 0.4 s: at most 800 answers.
	if r.Requests < 50 || r.Requests > 800 || r.Errors != 0 {
		t.Errorf("%d requests, %d errors (%s)", r.Requests, r.Errors, r.FirstError)
	}
	if r.P50 < 2*time.Millisecond || r.P99 < r.P50 || r.Max < r.P99 {
		t.Errorf("p50 %v p99 %v max %v", r.P50, r.P99, r.Max)
	}
	r = l.run(fixed(signAll(addr, []spec{{method: "GET", path: "/ok"}, {method: "GET", path: "/fail"}})))
	if r.Errors == 0 || !strings.Contains(r.FirstError, "HTTP 400") {
		t.Errorf("errors not counted: %d, %q", r.Errors, r.FirstError)
	}
}

func TestCeilingOp(t *testing.T) {
	for _, c := range []struct{ method, path, body, want string }{
		{"GET", "/instance/abc", "", opDescribeInstance},
		{"GET", "/users/abc/def", "", opDescribeUser},
		{"GET", "/users-summary/abc", "", opListUsers},
		{"POST", "/search-users", string(searchBody("i", "STARTS_WITH", "agent0001")), opSearchStarts},
		{"POST", "/search-users", string(searchBody("i", "CONTAINS", "0001")), opSearchContains},
		{"PUT", "/users/abc", "{}", opCreateSAML},
		{"GET", "/instance", "", ""},
	} {
		if got := ceilingOp(c.method, c.path, []byte(c.body)); got != c.want {
			t.Errorf("%s %s: %q, want %q", c.method, c.path, got, c.want)
		}
	}
}

// TestReportRendering checks the targets' wording and the chart link on
// made-up results.
func TestReportRendering(t *testing.T) {
	rep := &report{cfg: &config{clients: 16, latencyClients: 1, duration: time.Second, users: []int{1000, 100000}, chart: "bench/results.svg", out: "BENCHMARKS.md"},
		machine: machine{cores: 2}}
	rep.results = []result{
		{Server: "sqlite", Users: 1000, Op: opDescribeUser, RPS: 20000, P50: time.Millisecond, Clients: 16},
		{Server: "ceiling", Beside: "sqlite", Users: 1000, Op: opDescribeUser, RPS: 40000, P50: time.Millisecond, Clients: 16},
		{Server: "sqlite", Users: 100000, Op: opDescribeUser, RPS: 17000, P50: time.Millisecond, Clients: 16},
		{Server: "ceiling", Beside: "sqlite", Users: 100000, Op: opDescribeUser, RPS: 30000, P50: time.Millisecond, Clients: 16},
		{Server: "sqlite", Users: 1000, Op: opDescribeInstance, RPS: 41000, Clients: 16},
		{Server: "moto", Beside: "sqlite", Users: 1000, Op: opDescribeInstance, RPS: 400, Clients: 16},
		{Server: "sqlite", Users: 100000, Op: opDescribeInstance, RPS: 30000, Clients: 16},
		{Server: "moto", Beside: "sqlite", Users: 100000, Op: opDescribeInstance, RPS: 250, Clients: 16},
		{Server: "sqlite", Users: 100000, Op: opCreatePassword, RPS: 50, Clients: 16},
		{Server: "argon2id", Beside: "sqlite", Users: 100000, Op: opCreatePassword, RPS: 60, Clients: 2},
		{Server: "sqlite", Users: 100000, Op: opListUsers, RPS: 300, P50: 40 * time.Millisecond, Clients: 16},
		{Server: "sqlite", Users: 100000, Op: opListUsers, RPS: 150, P50: 6 * time.Millisecond, Clients: 1},
	}
	md := rep.markdown()
	for _, want := range []string{
		// Each compared with the reference measured beside it.
		"DescribeUser ≥ 50% of the ceiling's rate, connectd, SQLite, 1k users: 50% of 40,000/s (20,000/s): **met**, by 0 points",
		"DescribeUser ≥ 50% of the ceiling's rate, connectd, SQLite, 100k users: 57% of 30,000/s (17,000/s): **met**, by 7 points",
		"DescribeInstance ≥ 100× moto, connectd, SQLite, 1k users: 102× (41,000/s against 400/s): **met**",
		"DescribeInstance ≥ 100× moto, connectd, SQLite, 100k users: 120× (30,000/s against 250/s): **met**",
		"| DescribeUser | 100k | ceiling (bare net/http), beside SQLite | 16 | 30,000 |",
		"CreateUser with a password ≥ 80% of the raw argon2id rate, connectd, SQLite, 100k users: 50.0/s against 60.0/s = 83%: **met**, by 3 points",
		// The summary's reference columns are medians.
		"| DescribeUser | 35,000 | 20,000 | 17,000 |",
		// The loss from 1k to 100k users is judged on shares of the ceiling
		// beside each: 57% against 50%.
		"DescribeUser at 100k users loses ≤ 20% of its rate at 1k users, connectd, SQLite: 17,000/s against 20,000/s, -15%; " +
			"as shares of the ceiling beside each, 57% against 50%, +13%: **met**, by 33 points",
		"ListUsers (page of 1000) at 100,000 users p50 ≤ 15.0 ms, connectd, SQLite: at 16 clients p50 40.0 ms: **not met**, 167% over; at 1 client p50 6.00 ms: **met**, 60% under\n",
		"![Requests per second per operation and server, log scale](bench/results.svg)",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if svg := string(rep.svg()); !strings.HasPrefix(svg, "<svg") || !strings.Contains(svg, "20,000") {
		t.Errorf("chart: %.200s", svg)
	}
}

func TestKeptPartSurvivesARewrite(t *testing.T) {
	page := "# Benchmarks\n\nold numbers\n" + keptMarker + "\n## Figures\n\n| a | b |\n"
	if got, want := keptPart([]byte(page)), "\n"+keptMarker+"\n## Figures\n\n| a | b |\n"; got != want {
		t.Errorf("keptPart = %q, want %q", got, want)
	}
	if got := keptPart([]byte("# Benchmarks\n\nno kept part\n")); got != "" {
		t.Errorf("keptPart of a page without the marker = %q", got)
	}
}

// TestCompareTakesMedians checks that a comparison's rates are the medians
// of its rounds, so that one disturbed round does not decide it.
func TestCompareTakesMedians(t *testing.T) {
	rates := func(v ...float64) []result {
		var rs []result
		for _, x := range v {
			rs = append(rs, result{RPS: x, ServerCPU: 1e6 / x})
		}
		return rs
	}
	rep := &report{cfg: &config{rounds: 3, duration: time.Second, clients: 16}}
	md := rep.compareMarkdown("abc1234", []comparison{{store: "sqlite", users: 1000, op: opDescribeUser,
		before: rates(1000, 100, 1100), now: rates(900, 1210, 1200)}})
	// Medians 1000 and 1200: +20%, though the means (733 and 1103) differ by +50%.
	for _, want := range []string{"| 1,000 | 1,200 | +20% |", "1000 / 900, 100 / 1210, 1100 / 1200"} {
		if !strings.Contains(md, want) {
			t.Errorf("the comparison lacks %q:\n%s", want, md)
		}
	}
}
