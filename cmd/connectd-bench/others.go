package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// references are the servers each connectd measurement is compared with:
// the ceiling and moto_server, each running for the whole run and measured
// on an operation right after connectd, so that a comparison is between
// two measurements of the same minute on a machine whose speed may drift.
type references struct {
	ceiling   *process
	ceilingWL *workload // the first connectd's requests, answered with its answers
	moto      *process
	motoWL    *workload // DescribeInstance of moto's own instance
}

func (refs *references) stop() {
	for _, p := range []*process{refs.ceiling, refs.moto} {
		if p != nil {
			p.stop()
		}
	}
}

// startCeiling starts the ceiling, to answer wl's requests with connectd's
// answers to them.
func (rep *report) startCeiling(refs *references, self, work string, wl *workload, answers map[string]string) error {
	b, err := json.Marshal(answers)
	if err != nil {
		return err
	}
	path := filepath.Join(work, "ceiling-answers.json")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		return err
	}
	logf("ceiling: starting")
	p, err := startServer("ceiling", []string{self, ceilingCommand, "-listen", "127.0.0.1:0", "-answers", path}, cleanEnv(),
		filepath.Join(work, "ceiling.log"), "ceiling listening on http://", "")
	if err != nil {
		return err
	}
	sr := serverRun{Server: "ceiling", Startup: p.startup}
	time.Sleep(500 * time.Millisecond)
	sr.RSSIdle = rssOf(p.pid())
	rep.runs = append(rep.runs, sr)
	refs.ceiling, refs.ceilingWL = p, wl
	return nil
}

// startMoto starts moto_server and creates the instance DescribeInstance
// reads.
func (rep *report) startMoto(refs *references, python, work string) error {
	addr, err := freePort()
	if err != nil {
		return err
	}
	host, port, _ := strings.Cut(addr, ":")
	logf("moto: starting on %s", addr)
	p, err := startServer("moto_server", []string{python, "-m", "moto.server", "-H", host, "-p", port}, cleanEnv(),
		filepath.Join(work, "moto.log"), "", addr)
	if err != nil {
		return err
	}
	sr := serverRun{Server: "moto", Startup: p.startup}
	time.Sleep(500 * time.Millisecond)
	sr.RSSIdle = rssOf(p.pid())
	logf("moto: first answer %v after start; idle RSS %.1f MB", p.startup.Round(time.Millisecond), mb(sr.RSSIdle))
	body, _ := json.Marshal(map[string]any{"IdentityManagementType": "SAML", "InstanceAlias": "bench-moto",
		"InboundCallsEnabled": true, "OutboundCallsEnabled": true})
	b, err := call(addr, spec{method: "PUT", path: "/instance", body: body})
	if err != nil {
		p.stop()
		return fmt.Errorf("moto CreateInstance: %w", err)
	}
	var inst struct{ Id string }
	if err := json.Unmarshal(b, &inst); err != nil || inst.Id == "" {
		p.stop()
		return fmt.Errorf("moto CreateInstance answered %s", truncate(string(b), 300))
	}
	rep.runs = append(rep.runs, sr)
	refs.moto, refs.motoWL = p, &workload{describeInstance: spec{method: "GET", path: "/instance/" + inst.Id}}
	return nil
}

// measureBeside measures the references on op, right after connectd on
// store with users users was: the ceiling on every operation but
// CreateUser with a password, whose reference is the raw argon2id rate at
// connectd's cost; moto on DescribeInstance, the one measured operation it
// implements.
func (rep *report) measureBeside(refs *references, op, store string, users int) error {
	add := func(r result, server string) {
		r.Server, r.Op, r.Users, r.Beside = server, op, users, store
		rep.add(r)
	}
	if refs.ceiling != nil && op != opCreatePassword {
		add(rep.load(refs.ceiling).run(refs.ceilingWL.generators(refs.ceiling.addr, op)), "ceiling")
	}
	if refs.moto != nil && op == opDescribeInstance {
		add(rep.load(refs.moto).run(refs.motoWL.generators(refs.moto.addr, op)), "moto")
	}
	if op == opCreatePassword {
		a := rep.cfg.argon2
		r, err := argon2Rate(func() error { _, err := a.Hash("Bench-Passw0rd"); return err }, rep.cfg.argon2Time)
		if err != nil {
			return err
		}
		add(r, "argon2id")
	}
	return nil
}

// findMoto returns the real interpreter behind python (not a pyenv shim,
// so that the process measured is Python itself) and moto's version.
func findMoto(python string) (exe, version string, err error) {
	out, err := exec.Command(python, "-c", "import sys, moto; print(sys.executable); print(moto.__version__)").Output()
	if err != nil {
		return "", "", fmt.Errorf("-moto: %s cannot import moto: %w", python, err)
	}
	f := strings.Fields(string(out))
	if len(f) != 2 {
		return "", "", fmt.Errorf("-moto: unexpected answer from %s: %q", python, out)
	}
	return f[0], f[1], nil
}

// pgSettings are the server's version and whether autovacuum runs.
func pgSettings(ctx context.Context, dsn string) (version string, autovacuum bool, err error) {
	c, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return "", false, err
	}
	defer c.Close(ctx)
	var av string
	if err := c.QueryRow(ctx, "SELECT current_setting('server_version'), current_setting('autovacuum')").Scan(&version, &av); err != nil {
		return "", false, err
	}
	return version, av == "on", nil
}

// pgAnalyze runs ANALYZE on every table of the schema dsn's search_path
// names, as autovacuum's autoanalyze would on a server where it runs.
func pgAnalyze(ctx context.Context, dsn string) error {
	c, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer c.Close(ctx)
	rows, err := c.Query(ctx, "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
	if err != nil {
		return err
	}
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	for _, t := range tables {
		if _, err := c.Exec(ctx, "ANALYZE "+pgx.Identifier{t}.Sanitize()); err != nil {
			return err
		}
	}
	return nil
}

// pgSchema creates a fresh schema and returns dsn pointed at it, and what
// drops it again (unless keep).
func pgSchema(ctx context.Context, dsn, schema string, keep bool) (string, func(), error) {
	c, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return "", nil, err
	}
	defer c.Close(ctx)
	ident := pgx.Identifier{schema}.Sanitize()
	if _, err := c.Exec(ctx, "CREATE SCHEMA "+ident); err != nil {
		return "", nil, err
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return "", nil, err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	drop := func() {
		if keep {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		c, err := pgx.Connect(ctx, dsn)
		if err != nil {
			logf("dropping schema %s: %v", schema, err)
			return
		}
		defer c.Close(ctx)
		if _, err := c.Exec(ctx, "DROP SCHEMA "+ident+" CASCADE"); err != nil {
			logf("dropping schema %s: %v", schema, err)
		}
	}
	return u.String(), drop, nil
}

// cleanEnv is this process's environment without CONNECTD_ variables,
// which would change how the servers run.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "CONNECTD_") {
			env = append(env, kv)
		}
	}
	return env
}

type machine struct {
	cores  int
	cpu    string
	memory string
	goVer  string
	kernel string
}

func describeMachine() machine {
	m := machine{cores: runtime.NumCPU(), cpu: "unknown", memory: "unknown", goVer: runtime.Version(), kernel: "unknown"}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for line := range strings.Lines(string(b)) {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.cpu = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for line := range strings.Lines(string(b)) {
			if rest, ok := strings.CutPrefix(line, "MemTotal:"); ok {
				var kb int64
				fmt.Sscanf(strings.TrimSpace(rest), "%d", &kb)
				m.memory = fmt.Sprintf("%.1f GiB", float64(kb)/(1<<20))
			}
		}
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.kernel = "Linux " + strings.TrimSpace(string(b))
	}
	return m
}

// loadavg is the 1, 5 and 15 minute load averages.
func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

func mb(b int64) float64 { return float64(b) / (1 << 20) }

func usersLabel(n int) string {
	switch {
	case n == 0:
		return "—"
	case n%1000 == 0:
		return fmt.Sprintf("%dk", n/1000)
	}
	return fmt.Sprint(n)
}
