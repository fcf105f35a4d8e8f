package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// compareOps are the operations -compare measures: those a change of
// connectd's design must leave as fast as they were.
var compareOps = []string{opDescribeUser, opListUsers, opSearchStarts, opSearchContains, opCreateSAML}

// buildAt builds connectd as it was at the commit rev of the repository
// the harness runs in, into dir.
func buildAt(ctx context.Context, rev, dir string) (string, error) {
	src := filepath.Join(dir, "src-"+strings.NewReplacer("/", "_", ".", "_").Replace(rev))
	if err := os.MkdirAll(src, 0o755); err != nil {
		return "", err
	}
	tar := src + ".tar"
	for _, argv := range [][]string{
		{"git", "archive", "--format=tar", "-o", tar, rev},
		{"tar", "-xf", tar, "-C", src},
	} {
		cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			return "", fmt.Errorf("%s: %w", strings.Join(argv, " "), err)
		}
	}
	bin := filepath.Join(dir, "connectd-baseline")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/connectd")
	build.Dir, build.Stdout, build.Stderr = src, os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return "", fmt.Errorf("building connectd at %s: %w", rev, err)
	}
	return bin, nil
}

// comparison is one operation measured on the baseline and on the working
// tree, round after round.
type comparison struct {
	store       string
	users       int
	op          string
	before, now []result // per round
}

// compare measures the connectd of the baseline commit beside the one of
// the working tree: both run on fresh stores filled alike, and each
// operation is measured on one, then the other, for cfg.rounds rounds
// whose order alternates, so that the machine's drift and the others'
// load fall on both alike.
func (rep *report) compare(ctx context.Context, bin, baseline, work string) ([]comparison, error) {
	cfg := rep.cfg
	var out []comparison
	stores := []string{"sqlite"}
	if cfg.postgres != "" {
		stores = append(stores, "postgres")
	}
	for _, storeName := range stores {
		for _, n := range cfg.users {
			var servers [2]*filled
			for i, b := range []string{baseline, bin} {
				label := []string{"baseline", "now"}[i]
				db := filepath.Join(work, fmt.Sprintf("%s-%s-%d.db", label, storeName, n))
				if storeName == "postgres" {
					var drop func()
					var err error
					db, drop, err = pgSchema(ctx, cfg.postgres, fmt.Sprintf("connectd_compare_%s_%d_%d", label, rep.started.Unix(), n), cfg.keep)
					if err != nil {
						return nil, err
					}
					defer drop()
				}
				f, err := rep.startFilled(ctx, b, work, storeName, db, n, label+"-"+storeName)
				if err != nil {
					return nil, err
				}
				defer f.p.stop()
				servers[i] = f
			}
			for _, op := range compareOps {
				c := comparison{store: storeName, users: n, op: op}
				for round := range cfg.rounds {
					if err := ctx.Err(); err != nil {
						return nil, err
					}
					order := []int{0, 1}
					if round%2 == 1 {
						order = []int{1, 0}
					}
					for _, i := range order {
						f := servers[i]
						r := rep.load(f.p).run(f.wl.generators(f.p.addr, op))
						r.Server, r.Users, r.Op = storeName, n, op
						if r.Errors > 0 {
							return nil, fmt.Errorf("%s on %s (%s): %d errors, first: %s", op, storeName, []string{"baseline", "now"}[i], r.Errors, r.FirstError)
						}
						if i == 0 {
							c.before = append(c.before, r)
						} else {
							c.now = append(c.now, r)
						}
					}
				}
				b, a := medianRate(c.before), medianRate(c.now)
				logf("%-8s %7s %-26s baseline %8.0f/s  now %8.0f/s  %s", storeName, usersLabel(n), op, b, a, signedPct(a/b-1))
				out = append(out, c)
			}
			for _, f := range servers {
				f.p.stop()
			}
		}
	}
	return out, nil
}

func medianRate(rs []result) float64 {
	return median(rs, func(r result) float64 { return r.RPS })
}

func medianCPU(rs []result) float64 {
	return median(rs, func(r result) float64 { return r.ServerCPU })
}

func median(rs []result, f func(result) float64) float64 {
	v := make([]float64, len(rs))
	for i, r := range rs {
		v[i] = f(r)
	}
	slices.Sort(v)
	if len(v) == 0 {
		return 0
	}
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

// compareMarkdown is the comparison as a Markdown section.
func (rep *report) compareMarkdown(rev string, cs []comparison) string {
	var b strings.Builder
	cfg := rep.cfg
	fmt.Fprintf(&b, "### %s against %s\n\n", "the working tree", rev)
	fmt.Fprintf(&b, "Measured %s on %s (%s), load average %s before and %s after; `%s`. ",
		rep.started.UTC().Format("2006-01-02 15:04 MST"), rep.machine.cpu, fmt.Sprintf("%d cores", rep.machine.cores),
		rep.loadBefore, rep.loadAfter, rep.command())
	fmt.Fprintf(&b, "Each operation ran %d rounds of %v (after %v of warm-up) at %d clients on each build, alternating which went first; "+
		"the rates are the medians of the rounds, the CPU the server's own per request.\n\n", cfg.rounds, cfg.duration, cfg.warmup, cfg.clients)
	b.WriteString("| store | users | operation | before /s | now /s | change | server CPU before → now (µs/request) | rounds before / now (/s) |\n")
	b.WriteString("| --- | ---: | --- | ---: | ---: | ---: | ---: | --- |\n")
	for _, c := range cs {
		before, now := medianRate(c.before), medianRate(c.now)
		var rounds []string
		for i := range c.before {
			rounds = append(rounds, fmt.Sprintf("%.0f / %.0f", c.before[i].RPS, c.now[i].RPS))
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %.0f → %.0f | %s |\n", serverLabel(c.store), usersLabel(c.users), c.op,
			num(before), num(now), signedPct(now/before-1), medianCPU(c.before), medianCPU(c.now), strings.Join(rounds, ", "))
	}
	return b.String()
}

// compareRun is the whole of a -compare run.
func (rep *report) compareRun(ctx context.Context, bin, work string) error {
	cfg := rep.cfg
	t0 := time.Now()
	baseline, err := buildAt(ctx, cfg.compare, work)
	if err != nil {
		return err
	}
	logf("built connectd at %s in %v", cfg.compare, time.Since(t0).Round(time.Millisecond))
	if cfg.postgres != "" {
		if rep.pgVersion, rep.pgAutovacuum, err = pgSettings(ctx, cfg.postgres); err != nil {
			return fmt.Errorf("-postgres: %w", err)
		}
	}
	cs, err := rep.compare(ctx, bin, baseline, work)
	if err != nil {
		return err
	}
	rep.loadAfter = loadavg()
	rep.elapsed = time.Since(rep.started)
	logf("done in %v; load average %s", rep.elapsed.Round(time.Second), rep.loadAfter)
	fmt.Print(rep.compareMarkdown(cfg.compare, cs))
	return nil
}
