package main

import (
	"cmp"
	"fmt"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

var serverOrder = []string{"sqlite", "postgres", "ceiling", "moto", "argon2id"}

// sorted is the results by operation, users, then server, each reference
// measurement right after the connectd one it is compared with.
func (rep *report) sorted() []result {
	rs := slices.Clone(rep.results)
	group := func(r result) int { return slices.Index(serverOrder, cmp.Or(r.Beside, r.Server)) }
	slices.SortStableFunc(rs, func(a, b result) int {
		return cmp.Or(
			cmp.Compare(slices.Index(allOps, a.Op), slices.Index(allOps, b.Op)),
			cmp.Compare(a.Users, b.Users),
			cmp.Compare(group(a), group(b)),
			cmp.Compare(b.Clients, a.Clients),
			cmp.Compare(slices.Index(serverOrder, a.Server), slices.Index(serverOrder, b.Server)))
	})
	return rs
}

// find is connectd's result at -clients clients.
func (rep *report) find(server string, users int, op string) *result {
	return rep.findAt(server, users, op, rep.cfg.clients)
}

func (rep *report) findAt(server string, users int, op string, clients int) *result {
	for i := range rep.results {
		r := &rep.results[i]
		if r.Server == server && r.Users == users && r.Op == op && r.Clients == clients && r.Beside == "" {
			return r
		}
	}
	return nil
}

// beside is the measurement of a reference (the ceiling, moto or the raw
// argon2id rate) on op taken right after connectd's on store with users
// users.
func (rep *report) beside(reference, store string, users int, op string) *result {
	for i := range rep.results {
		r := &rep.results[i]
		if r.Server == reference && r.Beside == store && r.Users == users && r.Op == op {
			return r
		}
	}
	return nil
}

// rate is a series' requests/s on op: a reference's (a series without
// users) is the median of its measurements beside each connectd.
func (rep *report) rate(s series, op string) (float64, bool) {
	if s.users != 0 {
		if r := rep.find(s.server, s.users, op); r != nil {
			return r.RPS, true
		}
		return 0, false
	}
	var rates []float64
	for _, r := range rep.results {
		if r.Server == s.server && r.Op == op && r.Beside != "" {
			rates = append(rates, r.RPS)
		}
	}
	if len(rates) == 0 {
		return 0, false
	}
	slices.Sort(rates)
	if n := len(rates); n%2 == 0 {
		return (rates[n/2-1] + rates[n/2]) / 2, true
	}
	return rates[len(rates)/2], true
}

func (rep *report) run(server string, users int) *serverRun {
	for i := range rep.runs {
		if rep.runs[i].Server == server && rep.runs[i].Users == users {
			return &rep.runs[i]
		}
	}
	return nil
}

// ratios are a result's rate against the ceiling and moto measured beside
// it and the raw argon2id rate, "—" where there is nothing to compare with.
func (rep *report) ratios(r result) (ceiling, moto, argon string) {
	ceiling, moto, argon = "—", "—", "—"
	if r.Beside != "" || r.Clients != rep.cfg.clients {
		return
	}
	if c := rep.beside("ceiling", r.Server, r.Users, r.Op); c != nil && c.RPS > 0 {
		ceiling = pct(r.RPS / c.RPS)
	}
	if m := rep.beside("moto", r.Server, r.Users, r.Op); m != nil && m.RPS > 0 {
		moto = fmt.Sprintf("%s×", num(r.RPS/m.RPS))
	}
	if a := rep.beside("argon2id", r.Server, r.Users, r.Op); a != nil && a.RPS > 0 {
		argon = pct(r.RPS / a.RPS)
	}
	return
}

func pct(f float64) string {
	if f < 0.1 {
		return fmt.Sprintf("%.1f%%", f*100)
	}
	return fmt.Sprintf("%.0f%%", f*100)
}

// num formats a number with thousands separators, with a decimal below 100.
func num(f float64) string {
	if f < 100 {
		return fmt.Sprintf("%.1f", f)
	}
	s := fmt.Sprintf("%.0f", f)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func ms(d time.Duration) string {
	f := float64(d) / float64(time.Millisecond)
	switch {
	case d == 0:
		return "—"
	case f < 10:
		return fmt.Sprintf("%.2f ms", f)
	case f < 100:
		return fmt.Sprintf("%.1f ms", f)
	}
	return fmt.Sprintf("%.0f ms", f)
}

func mbs(b int64) string {
	if b == 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f MB", mb(b))
}

func serverLabel(s string) string {
	switch s {
	case "sqlite":
		return "connectd, SQLite"
	case "postgres":
		return "connectd, PostgreSQL"
	case "ceiling":
		return "ceiling (bare net/http)"
	case "moto":
		return "moto_server"
	case "argon2id":
		return "raw argon2id (in-process)"
	}
	return s
}

// rowLabel is the server of a row of the tables, with the connectd a
// reference was measured beside.
func rowLabel(r result) string {
	if r.Beside != "" {
		return serverLabel(r.Server) + ", beside " + strings.TrimPrefix(serverLabel(r.Beside), "connectd, ")
	}
	return serverLabel(r.Server)
}

// textTable is the results as printed at the end of a run.
func (rep *report) textTable() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-26s %6s %-43s %7s %10s %10s %10s %9s %9s %9s %7s\n", "operation", "users", "server", "clients", "req/s", "p50", "p99", "vs ceil", "vs moto", "vs argon", "errors")
	for _, r := range rep.sorted() {
		c, m, a := rep.ratios(r)
		fmt.Fprintf(&b, "%-26s %6s %-43s %7d %10s %10s %10s %9s %9s %9s %7d\n", r.Op, usersLabel(r.Users), rowLabel(r), r.Clients, num(r.RPS), ms(r.P50), ms(r.P99), c, m, a, r.Errors)
	}
	return b.String()
}

// command is how this run was started, for the report.
func (rep *report) command() string {
	parts := []string{"go run ./cmd/connectd-bench"}
	for _, a := range rep.cfg.args {
		if u, err := url.Parse(a); err == nil && u.User != nil {
			a = u.Redacted()
		}
		if strings.ContainsAny(a, " &?'\"$;|") {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		parts = append(parts, a)
	}
	return strings.Join(parts, " ")
}

// series are the chart's and the summary's columns: each server, at each
// size for connectd.
type series struct {
	label  string
	server string
	users  int
}

func (rep *report) series() []series {
	var out []series
	add := func(server string, users int, label string) {
		for _, r := range rep.results {
			if r.Server == server && (r.Users == users || r.Beside != "") {
				out = append(out, series{label: label, server: server, users: users})
				return
			}
		}
	}
	add("ceiling", 0, "ceiling")
	for _, st := range []string{"sqlite", "postgres"} {
		for _, n := range rep.cfg.users {
			add(st, n, fmt.Sprintf("%s, %s users", map[string]string{"sqlite": "SQLite", "postgres": "PostgreSQL"}[st], usersLabel(n)))
		}
	}
	add("moto", 0, "moto_server")
	add("argon2id", 0, "raw argon2id")
	return out
}

func (rep *report) markdown() string {
	cfg := rep.cfg
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("# Benchmarks\n\n")
	w("Measured by [`cmd/connectd-bench`](cmd/connectd-bench) on %s, in one run of %s on one machine.\n",
		rep.started.UTC().Format("2006-01-02 15:04 MST"), rep.elapsed.Round(time.Second))
	w("Every number on this page was written by that program; running it again replaces the page.\n\n")

	w("## Machine\n\n")
	m := rep.machine
	w("- CPU: %d cores (`nproc`), %s\n", m.cores, m.cpu)
	w("- Memory: %s\n", m.memory)
	w("- %s; Go %s (connectd built in %s)\n", m.kernel, strings.TrimPrefix(m.goVer, "go"), rep.build.Round(100*time.Millisecond))
	if rep.pgVersion != "" {
		w("- PostgreSQL %s on the same machine, ", rep.pgVersion)
		switch {
		case rep.pgAutovacuum:
			w("autovacuum on\n")
		case cfg.pgAnalyze:
			w("with autovacuum **off**: nothing would ever ANALYZE connectd's tables, so the harness runs `ANALYZE` on them ")
			w("after each tenth of the fill and before measuring, as autoanalyze would (`-pg-analyze=false` leaves them unanalyzed)\n")
		default:
			w("with autovacuum **off** and `-pg-analyze=false`: connectd's tables were never analyzed\n")
		}
	}
	if rep.motoVer != "" {
		w("- moto %s (`python -m moto.server`)\n", rep.motoVer)
	}
	w("- Load average (1, 5, 15 min) before the run: %s; after: %s (the run's own load included). The machine may be shared: ",
		rep.loadBefore, rep.loadAfter)
	w("the column *others* below is how many cores were busy, on average over each measurement, with anything but the server measured and the load generator ")
	w("(for connectd on PostgreSQL that includes PostgreSQL itself).\n\n")

	w("## Command\n\n```sh\n%s\n```\n\n", rep.command())
	w("%d concurrent clients, each on its own keep-alive connection; %s of warm-up, then %s measured, per operation and server; ",
		cfg.clients, cfg.warmup, cfg.duration)
	w("users per instance: %s, each a fresh store filled through the API before measuring. ", joinUsers(cfg.users))
	if cfg.latencyClients > 0 && cfg.latencyClients != cfg.clients {
		w("The reads with latency targets are measured again at %s, for their latency without queueing. ", clientsLabel(cfg.latencyClients))
	}
	w("Passwords are hashed at argon2id m=%d KiB, t=%d, p=%d (connectd's default).\n\n", cfg.argon2.Memory, cfg.argon2.Iterations, cfg.argon2.Threads)

	// Summary matrix.
	ss := rep.series()
	w("## Requests per second\n\n")
	w("The columns of the ceiling, moto and raw argon2id are the medians of their measurements beside each connectd; the targets compare each connectd measurement with the one beside it.\n\n| operation |")
	for _, s := range ss {
		w(" %s |", s.label)
	}
	w("\n| --- |")
	for range ss {
		w(" ---: |")
	}
	w("\n")
	for _, op := range allOps {
		w("| %s |", op)
		for _, s := range ss {
			if rate, ok := rep.rate(s, op); ok {
				w(" %s |", num(rate))
			} else {
				w(" |")
			}
		}
		w("\n")
	}
	w("\n")
	if cfg.chart != "" {
		rel, err := filepath.Rel(filepath.Dir(absOr(cfg.out)), absOr(cfg.chart))
		if err != nil {
			rel = cfg.chart
		}
		w("![Requests per second per operation and server, log scale](%s)\n\n", filepath.ToSlash(rel))
	}

	w("## Targets\n\n")
	for _, t := range rep.targets() {
		w("- %s\n", t)
	}
	w("\n")

	w("## All measurements\n\n")
	w("*vs ceiling* is the rate as a share of the ceiling's on the same operation, measured right after it (the row below); *vs moto* as a multiple of moto's, measured likewise; ")
	w("*vs argon2id* as a share of the raw hash rate, measured likewise. *RSS* is the server's peak resident memory during the measurement, ")
	w("*server* and *client* the CPU time per request of the server process and of the load generator, *others* the cores busy with anything else.\n\n")
	w("| operation | users | server | clients | req/s | p50 | p99 | max | vs ceiling | vs moto | vs argon2id | RSS | server CPU | client CPU | others | errors |\n")
	w("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	for _, r := range rep.sorted() {
		c, mo, a := rep.ratios(r)
		server := "—"
		if r.Server != "argon2id" {
			server = fmt.Sprintf("%.0f µs", r.ServerCPU)
		}
		errs := fmt.Sprint(r.Errors)
		if r.Errors > 0 {
			errs += ": " + strings.ReplaceAll(truncate(r.FirstError, 120), "|", `\|`)
		}
		w("| %s | %s | %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %.0f µs | %.2f | %s |\n",
			r.Op, usersLabel(r.Users), rowLabel(r), r.Clients, num(r.RPS), ms(r.P50), ms(r.P99), ms(r.Max), c, mo, a,
			mbs(r.RSSPeak), server, r.ClientCPU, r.OtherCPU, errs)
	}
	w("\n")

	w("## Start-up and memory\n\n")
	w("Start-up is from starting the process to its first answer (a signed `GET /instance`, ListInstances), on a fresh store ")
	w("(connectd creates and migrates it) and again on the filled store. Resident memory (VmRSS) is read from `/proc/PID/status`: ")
	w("idle half a second after start-up, two seconds after the fill, and at its peak during the loads ")
	w("(reads and SAML creates, then password creates from %d clients, which connectd hashes one per core at a time, %d MiB each).\n\n",
		cfg.clients, cfg.argon2.Memory/1024)
	w("| server | users | start-up (fresh) | start-up (filled) | RSS idle | fill (through the API) | RSS idle, filled | RSS idle, restarted | RSS peak, reads and SAML creates | RSS peak, password creates |\n")
	w("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	runs := slices.Clone(rep.runs)
	slices.SortStableFunc(runs, func(a, b serverRun) int {
		return cmp.Or(cmp.Compare(slices.Index(serverOrder, a.Server), slices.Index(serverOrder, b.Server)), cmp.Compare(a.Users, b.Users))
	})
	for _, sr := range runs {
		fill := "—"
		if sr.Filled > 0 {
			fill = fmt.Sprintf("%s users in %s (%s/s)", num(float64(sr.Filled)), sr.Fill.Round(100*time.Millisecond), num(float64(sr.Filled)/sr.Fill.Seconds()))
		}
		peak, pw := rep.peaks(sr.Server, sr.Users)
		w("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", serverLabel(sr.Server), usersLabel(sr.Users), ms(sr.Startup), ms(sr.StartupFilled),
			mbs(sr.RSSIdle), fill, mbs(sr.RSSFilled), mbs(sr.RSSRestart), mbs(peak), mbs(pw))
	}
	w("\n")

	w("## Method\n\n")
	w("- **Servers**, each a process of its own on 127.0.0.1, started by the harness: connectd (`go build` of `./cmd/connectd`, then ")
	w("`serve --listen 127.0.0.1:0 --db FILE --quota-users 0 --quota-instances 0 --argon2-memory %d --argon2-iterations %d`), ", cfg.argon2.Memory, cfg.argon2.Iterations)
	w("on a SQLite file in a temporary directory")
	if cfg.postgres != "" {
		w(" and on PostgreSQL in a schema created for the run (`&search_path=`), dropped afterwards")
	}
	w("; the **ceiling**, a bare `net/http` server (the harness started again as `connectd-bench %s`) that reads each request ", ceilingCommand)
	w("and answers the bytes connectd answered for the same operation, so that it shows what HTTP alone costs on this machine")
	if cfg.moto {
		w("; and `moto_server` (`python -m moto.server`), which implements CreateInstance and DescribeInstance but no user operations, so only DescribeInstance is compared with it")
	}
	w(".\n")
	w("- **Load**: a closed loop in Go. Each client owns one keep-alive TCP connection and writes its next request as soon as it has read ")
	w("the previous answer (with `net/http`'s response parser). Requests/s is the answers completed inside the measured window ")
	w("divided by its length; p50 and p99 are nearest-rank percentiles of every latency recorded in the window (all kept, sorted). ")
	w("Any answer that is not 2xx counts as an error. The load generator runs on the same cores as the server: its CPU per request is in the table.\n")
	w("- **Signing**: every request is signed with SigV4 (`aws-sdk-go-v2/aws/signer/v4`, service `connect`, us-east-1, a non-numeric key, ")
	w("so account 123456789012 on connectd and on moto), as an SDK would; moto needs the signature to know the service. ")
	w("A request that repeats (reads, searches) is signed once per measurement, which is valid for the 15 minutes SigV4 allows; ")
	w("each CreateUser is signed as it is sent, outside its timed latency. Neither connectd (permissive mode) nor moto verifies signatures.\n")
	w("- **Operations**: DescribeInstance `GET /instance/{id}`; DescribeUser `GET /users/{instance}/{user}` over 1,000 users picked at random ")
	w("from the whole instance; ListUsers `GET /users-summary/{instance}?maxResults=1000` (the first page); SearchUsers `POST /search-users` on ")
	w("`Username` with 100 different values each: STARTS_WITH a name without its last two digits (100 matches at any size), ")
	w("CONTAINS four digits taken from a name; CreateUser `PUT /users/{instance}` of a new user into the filled SAML instance ")
	w("(no password), and into a CONNECT_MANAGED instance with a password. Users have a first and last name, an e-mail address (SAML users a `SecondaryEmail`, as a SAML instance takes no `Email`), ")
	w("a soft phone, the Agent security profile and the Basic Routing Profile; they are named agent000000, agent000001, …\n")
	w("- **Order**: for each store and size: ")
	w("start, fill, the operations in the order of the tables (writes last), stop, start again on the filled store. ")
	w("The ceiling (started once the first connectd has given its answers) and moto (started first) run throughout, and are measured ")
	w("on each operation right after connectd, and so is the raw argon2id rate after the password creates (in-process, `connect.Argon2Params.Hash` in %d goroutines for %s), ", m.cores, cfg.argon2Time)
	w("so that each comparison is of two measurements a few seconds apart: ")
	w("on a shared machine the speed of the cores can drift by half within minutes. ")
	w("Their columns in the first table are the medians of those measurements.\n")
	return b.String()
}

func absOr(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

func joinUsers(ns []int) string {
	var s []string
	for _, n := range ns {
		s = append(s, num(float64(n)))
	}
	return strings.Join(s, " and ")
}

// peaks are a server's peak RSS over reads and SAML creates, and over
// password creates.
func (rep *report) peaks(server string, users int) (reads, passwords int64) {
	for _, r := range rep.results {
		if r.Server != server || r.Users != users {
			continue
		}
		if r.Op == opCreatePassword {
			passwords = max(passwords, r.RSSPeak)
		} else {
			reads = max(reads, r.RSSPeak)
		}
	}
	return
}

// targets are issue 6's targets, each with whether it was met and by how
// much.
func (rep *report) targets() []string {
	var out []string
	verdict := func(met bool) string {
		if met {
			return "**met**"
		}
		return "**not met**"
	}
	// atLeast reports value against a floor, and how far off it is.
	atLeast := func(value, floor float64) string {
		if value >= floor {
			return fmt.Sprintf("%s, %s above", verdict(true), share(value/floor-1))
		}
		return fmt.Sprintf("%s, %s short", verdict(false), share(1-value/floor))
	}
	// points reports a share against a floor share, in percentage points.
	points := func(value, floor float64) string {
		if value >= floor {
			return fmt.Sprintf("%s, by %s", verdict(true), pointsLabel((value-floor)*100))
		}
		return fmt.Sprintf("%s, %s short", verdict(false), pointsLabel((floor-value)*100))
	}
	atMost := func(value, ceiling float64) string {
		if value <= ceiling {
			return fmt.Sprintf("%s, %s under", verdict(true), share(1-value/ceiling))
		}
		return fmt.Sprintf("%s, %s over", verdict(false), share(value/ceiling-1))
	}
	stores := []string{"sqlite"}
	if rep.cfg.postgres != "" {
		stores = append(stores, "postgres")
	}
	largest := slices.Max(rep.cfg.users)
	for _, op := range []string{opDescribeUser, opDescribeInstance} {
		for _, st := range stores {
			for _, n := range rep.cfg.users {
				r, c := rep.find(st, n, op), rep.beside("ceiling", st, n, op)
				if r != nil && c != nil && c.RPS > 0 {
					out = append(out, fmt.Sprintf("%s ≥ 50%% of the ceiling's rate, %s, %s users: %s of %s/s (%s/s): %s",
						op, serverLabel(st), usersLabel(n), pct(r.RPS/c.RPS), num(c.RPS), num(r.RPS), points(r.RPS/c.RPS, 0.5)))
				}
			}
		}
	}
	for _, st := range stores {
		for _, n := range rep.cfg.users {
			r, mo := rep.find(st, n, opDescribeInstance), rep.beside("moto", st, n, opDescribeInstance)
			if r != nil && mo != nil && mo.RPS > 0 {
				out = append(out, fmt.Sprintf("DescribeInstance ≥ 100× moto, %s, %s users: %s× (%s/s against %s/s): %s",
					serverLabel(st), usersLabel(n), num(r.RPS/mo.RPS), num(r.RPS), num(mo.RPS), atLeast(r.RPS/mo.RPS, 100)))
			}
		}
	}
	for _, st := range stores {
		for _, n := range rep.cfg.users {
			r := rep.find(st, n, opCreateSAML)
			if r == nil {
				continue
			}
			note := ""
			if rep.cfg.clients != 16 {
				note = fmt.Sprintf(" (measured at %d clients, not 16)", rep.cfg.clients)
			}
			if st != "sqlite" {
				note += " (the target is for SQLite; shown for comparison)"
			}
			out = append(out, fmt.Sprintf("CreateUser (SAML) ≥ 5,000/s with p99 ≤ 25 ms, %s, %s users%s: %s/s, p99 %s: rate %s; p99 %s",
				serverLabel(st), usersLabel(n), note, num(r.RPS), ms(r.P99), atLeast(r.RPS, 5000), atMost(float64(r.P99)/1e6, 25)))
		}
	}
	for _, st := range stores {
		for _, n := range rep.cfg.users {
			r, a := rep.find(st, n, opCreatePassword), rep.beside("argon2id", st, n, opCreatePassword)
			if r != nil && a != nil && a.RPS > 0 {
				out = append(out, fmt.Sprintf("CreateUser with a password ≥ 80%% of the raw argon2id rate, %s, %s users: %s/s against %s/s = %s: %s",
					serverLabel(st), usersLabel(n), num(r.RPS), num(a.RPS), pct(r.RPS/a.RPS), points(r.RPS/a.RPS, 0.8)))
			}
		}
	}
	sizeNote := ""
	if largest != 100000 {
		sizeNote = fmt.Sprintf(" (measured at %s users, the largest size of this run, not 100,000)", num(float64(largest)))
	}
	for _, t := range []struct {
		op    string
		limit time.Duration
	}{{opListUsers, 15 * time.Millisecond}, {opSearchStarts, 10 * time.Millisecond}, {opSearchContains, 50 * time.Millisecond}} {
		for _, st := range stores {
			line := fmt.Sprintf("%s at 100,000 users p50 ≤ %s, %s%s:", t.op, ms(t.limit), serverLabel(st), sizeNote)
			found := false
			for _, c := range slices.Compact([]int{rep.cfg.clients, rep.cfg.latencyClients}) {
				if r := rep.findAt(st, largest, t.op, c); r != nil {
					line += fmt.Sprintf(" at %s p50 %s: %s;", clientsLabel(c), ms(r.P50), atMost(float64(r.P50), float64(t.limit)))
					found = true
				}
			}
			if found {
				out = append(out, strings.TrimSuffix(line, ";"))
			}
		}
	}
	for _, st := range stores {
		var worst time.Duration
		for _, sr := range rep.runs {
			if sr.Server == st {
				worst = max(worst, sr.Startup, sr.StartupFilled)
			}
		}
		if worst > 0 {
			out = append(out, fmt.Sprintf("Start-up ≤ 150 ms, %s: slowest of every start (fresh and filled stores) %s: %s",
				serverLabel(st), ms(worst), atMost(float64(worst), float64(150*time.Millisecond))))
		}
	}
	for _, st := range stores {
		var idle int64
		for _, sr := range rep.runs {
			if sr.Server == st {
				idle = max(idle, sr.RSSIdle, sr.RSSRestart)
			}
		}
		if idle > 0 {
			out = append(out, fmt.Sprintf("RSS ≤ 40 MB idle, %s: largest idle RSS after a start (empty or filled store) %s: %s",
				serverLabel(st), mbs(idle), atMost(mb(idle), 40)))
		}
		if sr := rep.run(st, largest); sr != nil {
			peak, pw := rep.peaks(st, largest)
			serving := max(peak, sr.RSSFilled)
			out = append(out, fmt.Sprintf("RSS ≤ 150 MB serving 100,000 users, %s%s: peak %s over the reads and SAML creates: %s "+
				"(password creates from %d clients, one argon2id hash of %d MiB per core at a time: %s)",
				serverLabel(st), sizeNote, mbs(serving), atMost(mb(serving), 150), rep.cfg.clients, rep.cfg.argon2.Memory/1024, mbs(pw)))
		}
	}
	if len(rep.cfg.users) > 1 {
		small := slices.Min(rep.cfg.users)
		for _, st := range stores {
			a, b := rep.find(st, small, opDescribeUser), rep.find(st, largest, opDescribeUser)
			if a == nil || b == nil || a.RPS == 0 {
				continue
			}
			change := b.RPS/a.RPS - 1
			line := fmt.Sprintf("DescribeUser at %s users loses ≤ 20%% of its rate at %s users, %s: %s/s against %s/s, %s",
				usersLabel(largest), usersLabel(small), serverLabel(st), num(b.RPS), num(a.RPS), signedPct(change))
			// The two were measured minutes apart: as shares of the ceiling
			// beside each, the machine's drift between them drops out.
			ca, cb := rep.beside("ceiling", st, small, opDescribeUser), rep.beside("ceiling", st, largest, opDescribeUser)
			if ca != nil && cb != nil && ca.RPS > 0 && cb.RPS > 0 {
				change = (b.RPS/cb.RPS)/(a.RPS/ca.RPS) - 1
				line += fmt.Sprintf("; as shares of the ceiling beside each, %s against %s, %s", pct(b.RPS/cb.RPS), pct(a.RPS/ca.RPS), signedPct(change))
			}
			out = append(out, line+": "+points(change, -0.2))
		}
	}
	return out
}

func pointsLabel(p float64) string {
	if s := fmt.Sprintf("%.0f", p); s != "1" {
		return s + " points"
	}
	return "1 point"
}

func clientsLabel(n int) string {
	if n == 1 {
		return "1 client"
	}
	return fmt.Sprintf("%d clients", n)
}

// share is a fraction as a percentage, with a decimal below 10%.
func share(f float64) string {
	if f < 0.1 {
		return fmt.Sprintf("%.1f%%", f*100)
	}
	return fmt.Sprintf("%.0f%%", f*100)
}

func signedPct(f float64) string {
	return fmt.Sprintf("%+.0f%%", f*100)
}
