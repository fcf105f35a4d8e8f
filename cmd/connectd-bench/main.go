// Command connectd-bench measures connectd, in one run on one machine,
// against a bare net/http server answering fixed Connect-shaped JSON (the
// ceiling) and against moto_server, and writes the results as a Markdown
// table and an SVG chart into BENCHMARKS.md.
//
//	go run ./cmd/connectd-bench [-duration 5s] [-clients 16] [-users 1000,100000]
//	    [-postgres DSN] [-moto] [-out BENCHMARKS.md] [-chart bench/results.svg]
//
// It builds connectd and starts each server as a process of its own, then
// drives each with the same closed-loop load: a fixed number of keep-alive
// connections, each sending its next SigV4-signed request as soon as the
// previous answer arrives, for a warm-up and then a measured duration.
// BENCHMARKS.md says what is measured and how.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/connectd/connectd/connect"
)

// The operations measured, as they are named in the results.
const (
	opDescribeInstance = "DescribeInstance"
	opDescribeUser     = "DescribeUser"
	opListUsers        = "ListUsers (page of 1000)"
	opSearchStarts     = "SearchUsers STARTS_WITH"
	opSearchContains   = "SearchUsers CONTAINS"
	opCreateSAML       = "CreateUser (SAML)"
	opCreatePassword   = "CreateUser (password)"
)

// allOps are the operations measured, the five reads first.
var allOps = []string{opDescribeInstance, opDescribeUser, opListUsers, opSearchStarts, opSearchContains, opCreateSAML, opCreatePassword}

// latencyOps are the operations whose targets are latencies, measured
// again with -latency-clients.
var latencyOps = []string{opDescribeUser, opListUsers, opSearchStarts, opSearchContains}

func main() {
	if len(os.Args) > 1 && os.Args[1] == ceilingCommand {
		if err := ceilingServe(os.Args[2:]); err != nil {
			fmt.Fprintln(os.Stderr, "connectd-bench ceiling:", err)
			os.Exit(1)
		}
		return
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "connectd-bench:", err)
		os.Exit(1)
	}
}

type config struct {
	duration       time.Duration
	warmup         time.Duration
	clients        int
	latencyClients int
	fillClients    int
	users          []int
	postgres       string
	moto           bool
	python         string
	out            string
	chart          string
	argon2Time     time.Duration
	argon2         connect.Argon2Params
	keep           bool
	pgAnalyze      bool
	compare        string
	rounds         int
	args           []string
}

func parseFlags(args []string) (*config, error) {
	cfg := &config{args: args, argon2: connect.DefaultArgon2}
	fs := flag.NewFlagSet("connectd-bench", flag.ContinueOnError)
	fs.DurationVar(&cfg.duration, "duration", 5*time.Second, "measured time per operation and server")
	fs.DurationVar(&cfg.warmup, "warmup", time.Second, "unmeasured load before each measurement")
	fs.IntVar(&cfg.clients, "clients", 16, "concurrent closed-loop clients (keep-alive connections)")
	fs.IntVar(&cfg.latencyClients, "latency-clients", 1, "also measure the reads with latency targets at this many clients (0: do not)")
	fs.IntVar(&cfg.fillClients, "fill-clients", 16, "concurrent clients creating the users before measuring")
	users := fs.String("users", "1000,100000", "users per instance, comma-separated: each is a fresh store")
	fs.StringVar(&cfg.postgres, "postgres", "", "PostgreSQL URL: also measure connectd on PostgreSQL, in a schema created for the run")
	fs.BoolVar(&cfg.pgAnalyze, "pg-analyze", true, "when the PostgreSQL server's autovacuum is off, ANALYZE connectd's tables after each tenth of the fill and before measuring, as autoanalyze would")
	fs.BoolVar(&cfg.moto, "moto", false, "also measure moto_server (python -m moto.server) on DescribeInstance")
	fs.StringVar(&cfg.python, "python", "python3", "the Python that has moto")
	fs.StringVar(&cfg.out, "out", "BENCHMARKS.md", "Markdown report to write (empty: none)")
	fs.StringVar(&cfg.chart, "chart", "bench/results.svg", "SVG chart to write and link from the report (empty: none)")
	fs.DurationVar(&cfg.argon2Time, "argon2-duration", 3*time.Second, "how long to measure the raw argon2id hash rate, after each connectd's password creates")
	fs.BoolVar(&cfg.keep, "keep", false, "keep the working directory (binaries, databases, logs) and the PostgreSQL schemas")
	fs.StringVar(&cfg.compare, "compare", "", "a commit: measure the connectd built from it beside the working tree's, round by round, and print the comparison as Markdown (instead of the report; no references)")
	fs.IntVar(&cfg.rounds, "rounds", 3, "with -compare, the rounds of each operation on each build")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	for f := range strings.SplitSeq(*users, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("-users: %q is not a positive number", f)
		}
		cfg.users = append(cfg.users, n)
	}
	if cfg.rounds < 1 {
		return nil, errors.New("-rounds must be at least 1")
	}
	if cfg.clients < 1 || cfg.fillClients < 1 || cfg.latencyClients < 0 || cfg.duration <= 0 || cfg.warmup < 0 {
		return nil, errors.New("-clients and -fill-clients must be at least 1, -duration positive")
	}
	return cfg, nil
}

// report is everything one run measured.
type report struct {
	cfg       *config
	started   time.Time
	elapsed   time.Duration
	machine   machine
	build     time.Duration
	results   []result
	runs      []serverRun
	pgVersion string
	// pgAutovacuum is the server's autovacuum setting; when it is off and
	// -pg-analyze is set, the harness runs ANALYZE itself.
	pgAutovacuum bool
	motoVer      string
	loadBefore   string
	loadAfter    string
	notes        []string
}

// serverRun is what one server process (or pair: started, then restarted
// on the data it was given) measured outside the load.
type serverRun struct {
	Server        string
	Users         int
	Startup       time.Duration // fresh store
	StartupFilled time.Duration // restarted on the filled store; 0 if not measured
	RSSIdle       int64         // after start-up, empty
	RSSFilled     int64         // idle after the fill
	RSSRestart    int64         // idle after the restart on the filled store
	Fill          time.Duration
	Filled        int
	Analyzed      bool // the harness ran ANALYZE during and after the fill (-pg-analyze)
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "%s  %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, args...))
}

func run(ctx context.Context, args []string) error {
	cfg, err := parseFlags(args)
	if err != nil {
		return err
	}
	rep := &report{cfg: cfg, started: time.Now(), machine: describeMachine(), loadBefore: loadavg()}
	logf("machine: %d cores, %s; load average %s", rep.machine.cores, rep.machine.cpu, rep.loadBefore)

	work, err := os.MkdirTemp("", "connectd-bench-")
	if err != nil {
		return err
	}
	if cfg.keep {
		logf("working directory %s (kept)", work)
	} else {
		defer os.RemoveAll(work)
	}

	// Build first, measure last.
	bin := filepath.Join(work, "connectd")
	t0 := time.Now()
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, "github.com/connectd/connectd/cmd/connectd")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("building connectd: %w", err)
	}
	rep.build = time.Since(t0)
	logf("built connectd in %v", rep.build.Round(time.Millisecond))
	if cfg.compare != "" {
		return rep.compareRun(ctx, bin, work)
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	var python string
	if cfg.moto {
		if python, rep.motoVer, err = findMoto(cfg.python); err != nil {
			return err
		}
	}
	if cfg.postgres != "" {
		if rep.pgVersion, rep.pgAutovacuum, err = pgSettings(ctx, cfg.postgres); err != nil {
			return fmt.Errorf("-postgres: %w", err)
		}
	}

	refs := &references{}
	defer refs.stop()
	if cfg.moto {
		if err := rep.startMoto(refs, python, work); err != nil {
			return err
		}
	}
	type store struct{ name, db string }
	stores := []store{{name: "sqlite"}}
	if cfg.postgres != "" {
		stores = append(stores, store{name: "postgres"})
	}
	for _, st := range stores {
		for _, n := range cfg.users {
			if err := ctx.Err(); err != nil {
				return err
			}
			db := filepath.Join(work, fmt.Sprintf("bench-%d.db", n))
			cleanup := func() {}
			if st.name == "postgres" {
				if db, cleanup, err = pgSchema(ctx, cfg.postgres, fmt.Sprintf("connectd_bench_%d_%d", rep.started.Unix(), n), cfg.keep); err != nil {
					return err
				}
			}
			err := rep.connectdScenario(ctx, bin, work, self, st.name, db, n, refs)
			cleanup()
			if err != nil {
				return err
			}
		}
	}
	refs.stop()
	rep.loadAfter = loadavg()
	rep.elapsed = time.Since(rep.started)
	logf("done in %v; load average %s", rep.elapsed.Round(time.Second), rep.loadAfter)

	fmt.Println(rep.textTable())
	if cfg.chart != "" {
		if err := os.MkdirAll(filepath.Dir(cfg.chart), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(cfg.chart, rep.svg(), 0o644); err != nil {
			return err
		}
		logf("wrote %s", cfg.chart)
	}
	if cfg.out != "" {
		old, err := os.ReadFile(cfg.out)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		if err := os.WriteFile(cfg.out, []byte(rep.markdown()+keptPart(old)), 0o644); err != nil {
			return err
		}
		logf("wrote %s", cfg.out)
	}
	return nil
}

// keptMarker starts the part of the report page the harness keeps when it
// writes the page again: figures it does not measure itself.
const keptMarker = "<!-- Kept by connectd-bench when it writes this page again: what follows is not measured by it. -->\n"

// keptPart is the part of an earlier page that follows keptMarker, with
// the marker; empty when the page has none.
func keptPart(page []byte) string {
	if i := bytes.Index(page, []byte(keptMarker)); i >= 0 {
		return "\n" + string(page[i:])
	}
	return ""
}

func (rep *report) add(r result) {
	rep.results = append(rep.results, r)
	line := fmt.Sprintf("%-10s %7s %-26s %3d clients %9.0f/s  p50 %-9v p99 %-9v", r.Server, usersLabel(r.Users), r.Op, r.Clients, r.RPS,
		r.P50.Round(time.Microsecond), r.P99.Round(time.Microsecond))
	if r.RSSPeak > 0 {
		line += fmt.Sprintf("  rss %5.1f MB  server %.0f µs/req  client %.0f µs/req  others %.2f cores", mb(r.RSSPeak), r.ServerCPU, r.ClientCPU, r.OtherCPU)
	}
	if r.Errors > 0 {
		line += fmt.Sprintf("  %d ERRORS, first: %s", r.Errors, r.FirstError)
	}
	logf("%s", line)
}

func (rep *report) load(p *process) load {
	return load{addr: p.addr, pid: p.pid(), clients: rep.cfg.clients, warmup: rep.cfg.warmup, duration: rep.cfg.duration}
}

// fixed makes generators that cycle through pre-signed requests, each
// client starting at its own place.
func fixed(reqs [][]byte) func(int) generator {
	return func(w int) generator {
		return func(i int) []byte { return reqs[(w*7919+i)%len(reqs)] }
	}
}

// dynamic makes generators that build and sign a new request each time,
// for requests that cannot repeat (each CreateUser names a new user).
func dynamic(addr string, mk func(w, i int) spec) func(int) generator {
	return func(w int) generator {
		s := newSigner(addr)
		return func(i int) []byte { return s.sign(mk(w, i)) }
	}
}

// workload is the requests of each operation, independent of the server.
type workload struct {
	instance, pwInstance string
	describeInstance     spec
	describeUsers        []spec
	listUsers            spec
	searchStarts         []spec
	searchContains       []spec
	fillBody             func(i int) []byte
	createSAML           func(w, i int) spec
	createPassword       func(w, i int) spec
}

func userBody(username, password, profile, routing string) []byte {
	identity := map[string]string{"FirstName": "Ann", "LastName": "Lee"}
	m := map[string]any{
		"Username":           username,
		"IdentityInfo":       identity,
		"PhoneConfig":        map[string]any{"PhoneType": "SOFT_PHONE"},
		"SecurityProfileIds": []string{profile},
		"RoutingProfileId":   routing,
	}
	email := "SecondaryEmail" // a SAML instance takes no Email
	if password != "" {       // a CONNECT_MANAGED instance
		m["Password"] = password
		email = "Email"
	}
	identity[email] = "ann.lee@example.com"
	b, _ := json.Marshal(m)
	return b
}

func searchBody(instance, comparison, value string) []byte {
	b, _ := json.Marshal(map[string]any{
		"InstanceId": instance,
		"SearchCriteria": map[string]any{"StringCondition": map[string]string{
			"FieldName": "Username", "Value": value, "ComparisonType": comparison}},
	})
	return b
}

// fillName is the name of the i-th user of the fill: agent000000,
// agent000001, … so that a STARTS_WITH on all but the last two digits
// matches 100 users whatever the size.
func fillName(i int) string { return fmt.Sprintf("agent%06d", i) }

// connectdScenario measures connectd on one fresh store with n users, and
// the references beside it. The first one also starts the ceiling, which
// gives connectd's answers to its requests.
func (rep *report) connectdScenario(ctx context.Context, bin, work, self, storeName, db string, n int, refs *references) error {
	cfg := rep.cfg
	f, err := rep.startFilled(ctx, bin, work, storeName, db, n, storeName)
	if err != nil {
		return err
	}
	p, wl, sr := f.p, f.wl, f.run
	defer p.stop()
	if refs.ceiling == nil {
		answers := map[string]string{}
		for op, sp := range map[string]spec{opDescribeInstance: wl.describeInstance, opDescribeUser: wl.describeUsers[0],
			opListUsers: wl.listUsers, opSearchStarts: wl.searchStarts[0], opSearchContains: wl.searchContains[0],
			opCreateSAML: wl.createSAML(999, 0)} {
			b, err := call(p.addr, sp)
			if err != nil {
				return err
			}
			answers[op] = string(b)
		}
		if err := rep.startCeiling(refs, self, work, wl, answers); err != nil {
			return err
		}
	}

	// The reads, then the reads with latency targets again at
	// -latency-clients (their latency without queueing), then the writes,
	// which change what the reads would see.
	type step struct {
		op      string
		clients int
	}
	var plan []step
	for _, op := range allOps[:5] {
		plan = append(plan, step{op, cfg.clients})
	}
	if cfg.latencyClients > 0 && cfg.latencyClients != cfg.clients {
		for _, op := range latencyOps {
			plan = append(plan, step{op, cfg.latencyClients})
		}
	}
	plan = append(plan, step{opCreateSAML, cfg.clients}, step{opCreatePassword, cfg.clients})
	for _, st := range plan {
		if err := ctx.Err(); err != nil {
			return err
		}
		l := rep.load(p)
		l.clients = st.clients
		r := l.run(wl.generators(p.addr, st.op))
		r.Server, r.Users, r.Op = storeName, n, st.op
		rep.add(r)
		if st.clients == cfg.clients {
			if err := rep.measureBeside(refs, st.op, storeName, n); err != nil {
				return err
			}
		}
	}
	if err := p.stop(); err != nil {
		return err
	}

	// Start again on the filled store: start-up and idle memory with data.
	p2, err := startServer("connectd", f.argv, cleanEnv(), f.logPath+".restart", "connectd listening on http://", "")
	if err != nil {
		return err
	}
	defer p2.stop()
	sr.StartupFilled = p2.startup
	time.Sleep(500 * time.Millisecond)
	sr.RSSRestart = rssOf(p2.pid())
	logf("connectd on %s, restarted on %s users: first answer %v after start; idle RSS %.1f MB", storeName, usersLabel(n),
		p2.startup.Round(100*time.Microsecond), mb(sr.RSSRestart))
	if err := p2.stop(); err != nil {
		return err
	}
	rep.runs = append(rep.runs, sr)
	return nil
}

// filled is a connectd started on a fresh store and filled with users,
// with the requests of each operation made for what it holds.
type filled struct {
	p       *process
	wl      *workload
	run     serverRun
	argv    []string
	logPath string
}

// startFilled starts bin on the fresh store db, creates the instances and
// n users, and makes the requests of the reads for them; label names the
// server in the log and its files.
func (rep *report) startFilled(ctx context.Context, bin, work, storeName, db string, n int, label string) (*filled, error) {
	cfg := rep.cfg
	argv := []string{bin, "serve", "--listen", "127.0.0.1:0", "--db", db, "--quota-users", "0", "--quota-instances", "0",
		"--argon2-memory", strconv.Itoa(int(cfg.argon2.Memory)), "--argon2-iterations", strconv.Itoa(int(cfg.argon2.Iterations))}
	logPath := filepath.Join(work, fmt.Sprintf("connectd-%s-%d.log", label, n))
	logf("connectd (%s) on %s, %s users: starting", label, storeName, usersLabel(n))
	p, err := startServer("connectd", argv, cleanEnv(), logPath, "connectd listening on http://", "")
	if err != nil {
		return nil, err
	}
	sr := serverRun{Server: storeName, Users: n, Startup: p.startup}
	time.Sleep(500 * time.Millisecond)
	sr.RSSIdle = rssOf(p.pid())
	logf("connectd (%s) on %s: first answer %v after start; idle RSS %.1f MB", label, storeName, p.startup.Round(100*time.Microsecond), mb(sr.RSSIdle))

	wl, err := setupConnectd(p.addr, fmt.Sprintf("%s-%d-%d", label, n, rep.started.Unix()%100000))
	if err != nil {
		p.stop()
		return nil, err
	}
	analyze := func() {}
	if storeName == "postgres" && !rep.pgAutovacuum && cfg.pgAnalyze {
		sr.Analyzed = true
		analyze = func() {
			if err := pgAnalyze(ctx, db); err != nil {
				logf("ANALYZE: %v", err)
			}
		}
	}
	ids, fill, err := fillUsers(ctx, p.addr, wl, n, cfg.fillClients, analyze)
	if err != nil {
		p.stop()
		return nil, err
	}
	analyze()
	sr.Fill, sr.Filled = fill, len(ids)
	logf("connectd (%s) on %s: filled %d users in %v (%.0f/s)", label, storeName, len(ids), fill.Round(time.Millisecond), float64(len(ids))/fill.Seconds())
	time.Sleep(2 * time.Second)
	sr.RSSFilled = rssOf(p.pid())

	rng := rand.New(rand.NewPCG(uint64(n), 42))
	for range min(1000, len(ids)) {
		id := ids[rng.IntN(len(ids))]
		wl.describeUsers = append(wl.describeUsers, spec{method: "GET", path: "/users/" + wl.instance + "/" + id})
	}
	for range 100 {
		name := fillName(rng.IntN(n))
		wl.searchStarts = append(wl.searchStarts, spec{method: "POST", path: "/search-users",
			body: searchBody(wl.instance, "STARTS_WITH", name[:len(name)-2])})
		digits := name[len("agent"):]
		wl.searchContains = append(wl.searchContains, spec{method: "POST", path: "/search-users",
			body: searchBody(wl.instance, "CONTAINS", digits[1:5])})
	}
	return &filled{p: p, wl: wl, run: sr, argv: argv, logPath: logPath}, nil
}

// setupConnectd creates the two instances: a SAML one that is filled and
// read (and written by CreateUser SAML), and a CONNECT_MANAGED one for
// CreateUser with a password.
func setupConnectd(addr, tag string) (*workload, error) {
	mkInstance := func(kind, alias string) (id, profile, routing string, err error) {
		body, _ := json.Marshal(map[string]any{"IdentityManagementType": kind, "InstanceAlias": alias,
			"InboundCallsEnabled": true, "OutboundCallsEnabled": true})
		b, err := call(addr, spec{method: "PUT", path: "/instance", body: body})
		if err != nil {
			return "", "", "", err
		}
		var inst struct{ Id string }
		if err := json.Unmarshal(b, &inst); err != nil {
			return "", "", "", err
		}
		var sps struct{ SecurityProfileSummaryList []struct{ Id, Name string } }
		var rps struct{ RoutingProfileSummaryList []struct{ Id, Name string } }
		for path, into := range map[string]any{"/security-profiles-summary/": &sps, "/routing-profiles-summary/": &rps} {
			b, err := call(addr, spec{method: "GET", path: path + inst.Id})
			if err != nil {
				return "", "", "", err
			}
			if err := json.Unmarshal(b, into); err != nil {
				return "", "", "", err
			}
		}
		for _, sp := range sps.SecurityProfileSummaryList {
			if sp.Name == "Agent" {
				profile = sp.Id
			}
		}
		if profile == "" || len(rps.RoutingProfileSummaryList) == 0 {
			return "", "", "", errors.New("a new instance lacks the Agent security profile or a routing profile")
		}
		return inst.Id, profile, rps.RoutingProfileSummaryList[0].Id, nil
	}
	tag = strings.ReplaceAll(tag, "postgres", "pg")
	inst, profile, routing, err := mkInstance("SAML", "bench-"+tag)
	if err != nil {
		return nil, err
	}
	pwInst, pwProfile, pwRouting, err := mkInstance("CONNECT_MANAGED", "bench-pw-"+tag)
	if err != nil {
		return nil, err
	}
	var nonce atomic.Int64
	return &workload{
		instance:         inst,
		pwInstance:       pwInst,
		describeInstance: spec{method: "GET", path: "/instance/" + inst},
		listUsers:        spec{method: "GET", path: "/users-summary/" + inst, query: "maxResults=1000"},
		fillBody:         func(i int) []byte { return userBody(fillName(i), "", profile, routing) },
		createSAML: func(w, i int) spec {
			return spec{method: "PUT", path: "/users/" + inst, body: userBody(fmt.Sprintf("new-%d-%d", nonce.Add(1), w), "", profile, routing)}
		},
		createPassword: func(w, i int) spec {
			return spec{method: "PUT", path: "/users/" + pwInst, body: userBody(fmt.Sprintf("p%d", nonce.Add(1)), "Bench-Passw0rd", pwProfile, pwRouting)}
		},
	}, nil
}

// generators are the requests of op, signed for addr.
func (wl *workload) generators(addr, op string) func(int) generator {
	switch op {
	case opDescribeInstance:
		return fixed(signAll(addr, []spec{wl.describeInstance}))
	case opDescribeUser:
		return fixed(signAll(addr, wl.describeUsers))
	case opListUsers:
		return fixed(signAll(addr, []spec{wl.listUsers}))
	case opSearchStarts:
		return fixed(signAll(addr, wl.searchStarts))
	case opSearchContains:
		return fixed(signAll(addr, wl.searchContains))
	case opCreateSAML:
		return dynamic(addr, wl.createSAML)
	case opCreatePassword:
		return dynamic(addr, wl.createPassword)
	}
	panic("unknown operation " + op)
}

// fillUsers creates n SAML users through HTTP, clients at a time, and
// returns their IDs.
// Every tenth of the way it says so and calls checkpoint.
func fillUsers(ctx context.Context, addr string, wl *workload, n, clients int, checkpoint func()) ([]string, time.Duration, error) {
	ids := make([]string, n)
	var next atomic.Int64
	var firstErr error
	var once sync.Once
	var wg sync.WaitGroup
	t0 := time.Now()
	fail := func(err error) { once.Do(func() { firstErr = err }); next.Store(int64(n)) }
	progress := max(n/10, 1)
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := newSigner(addr)
			c := &conn{addr: addr}
			defer c.close()
			for {
				i := int(next.Add(1) - 1)
				if i >= n || ctx.Err() != nil {
					return
				}
				sp := spec{method: "PUT", path: "/users/" + wl.instance, body: wl.fillBody(i)}
				status, body, err := c.roundTrip(s.sign(sp), true)
				if err != nil || status != 200 {
					fail(fmt.Errorf("filling user %d: %v HTTP %d %s", i, err, status, truncate(string(body), 300)))
					return
				}
				var out struct{ UserId string }
				if err := json.Unmarshal(body, &out); err != nil || out.UserId == "" {
					fail(fmt.Errorf("filling user %d: answer %s", i, truncate(string(body), 300)))
					return
				}
				ids[i] = out.UserId
				if (i+1)%progress == 0 {
					logf("  %d users (%v)", i+1, time.Since(t0).Round(time.Second))
					checkpoint()
				}
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, 0, err
	}
	return ids, time.Since(t0), firstErr
}
