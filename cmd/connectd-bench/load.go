package main

import (
	"fmt"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// result is one operation measured on one server.
type result struct {
	Server string // ceiling, sqlite, postgres, moto, argon2id
	Users  int    // users in the instance read or written; 0 when it does not apply
	// Beside is, for the ceiling and moto, the connectd store measured on
	// the same operation just before, with Users users: the measurement
	// this one is compared with.
	Beside     string
	Op         string
	Clients    int
	Requests   int // answered within the measured window
	Errors     int // of those, answers that were not 2xx, and transport errors
	FirstError string
	Duration   time.Duration
	RPS        float64
	P50, P99   time.Duration
	Max        time.Duration
	RSSPeak    int64   // bytes, the server process, sampled every 100 ms
	ServerCPU  float64 // µs of the server process's CPU per request
	ClientCPU  float64 // µs of this program's CPU per request
	OtherCPU   float64 // cores busy with anything else on the machine, on average
}

// generator returns, for one client, its i-th request.
type generator func(i int) []byte

// load is one closed-loop measurement: clients connections, each sending
// its next request as soon as the previous answer has arrived, for warmup
// (not recorded) and then duration (recorded).
type load struct {
	addr     string
	pid      int // the server's process, for memory and CPU; 0 for none
	clients  int
	warmup   time.Duration
	duration time.Duration
}

// run drives the server with one generator per client (made by mk).
func (l load) run(mk func(client int) generator) result {
	start := time.Now()
	mStart := start.Add(l.warmup)
	mEnd := mStart.Add(l.duration)
	lats := make([][]int64, l.clients)
	var errs atomic.Int64
	var firstErr atomic.Value
	var wg sync.WaitGroup
	for w := range l.clients {
		gen := mk(w)
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := &conn{addr: l.addr}
			defer c.close()
			rec := make([]int64, 0, 1<<14)
			for i := 0; ; i++ {
				req := gen(i)
				t0 := time.Now()
				if t0.After(mEnd) {
					break
				}
				status, body, err := c.roundTrip(req, false)
				t1 := time.Now()
				// An answer counts when it arrives inside the window,
				// whenever it was asked: dropping those asked before would
				// undercount slow operations by their latency.
				inWindow := !t1.Before(mStart) && !t1.After(mEnd)
				if inWindow {
					rec = append(rec, int64(t1.Sub(t0)))
				}
				if err != nil || status/100 != 2 {
					if inWindow {
						errs.Add(1)
					}
					msg := fmt.Sprintf("HTTP %d: %s", status, truncate(string(body), 200))
					if err != nil {
						msg = err.Error()
						time.Sleep(10 * time.Millisecond) // a refused connection must not spin
					}
					firstErr.CompareAndSwap(nil, msg)
				}
			}
			lats[w] = rec
		}()
	}

	// Sample the server's memory through the window, and CPU at its edges.
	time.Sleep(time.Until(mStart))
	cpu0 := l.cpuSample()
	var peak int64
	for time.Now().Before(mEnd) {
		if rss := rssOf(l.pid); rss > peak {
			peak = rss
		}
		time.Sleep(min(100*time.Millisecond, time.Until(mEnd)+time.Millisecond))
	}
	cpu1 := l.cpuSample()
	wg.Wait()

	var all []int64
	for _, r := range lats {
		all = append(all, r...)
	}
	slices.Sort(all)
	r := result{Clients: l.clients, Requests: len(all), Errors: int(errs.Load()), Duration: l.duration, RSSPeak: peak}
	if s, ok := firstErr.Load().(string); ok {
		r.FirstError = s
	}
	r.RPS = float64(len(all)) / l.duration.Seconds()
	if len(all) > 0 {
		r.P50, r.P99, r.Max = percentile(all, 0.50), percentile(all, 0.99), time.Duration(all[len(all)-1])
		n := float64(len(all))
		r.ServerCPU = (cpu1.server - cpu0.server).Seconds() * 1e6 / n
		r.ClientCPU = (cpu1.self - cpu0.self).Seconds() * 1e6 / n
	}
	busy := (cpu1.machineBusy - cpu0.machineBusy) - (cpu1.server - cpu0.server) - (cpu1.self - cpu0.self)
	if wall := cpu1.at.Sub(cpu0.at); wall > 0 {
		r.OtherCPU = max(0, busy.Seconds()/wall.Seconds())
	}
	return r
}

// percentile is the nearest-rank percentile of sorted latencies.
func percentile(sorted []int64, q float64) time.Duration {
	i := int(float64(len(sorted))*q+0.999999) - 1
	return time.Duration(sorted[max(0, min(i, len(sorted)-1))])
}

type cpuSample struct {
	at          time.Time
	server      time.Duration
	self        time.Duration
	machineBusy time.Duration
}

func (l load) cpuSample() cpuSample {
	return cpuSample{at: time.Now(), server: cpuOf(l.pid), self: selfCPU(), machineBusy: machineBusy()}
}

// clockTick is USER_HZ, 100 on every Linux this runs on.
const clockTick = 10 * time.Millisecond

// cpuOf is the user and system CPU time of process pid.
func cpuOf(pid int) time.Duration {
	if pid == 0 {
		return 0
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0
	}
	u, _ := strconv.ParseInt(f[11], 10, 64)
	k, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(u+k) * clockTick
}

func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// machineBusy is the CPU time every core of the machine has spent not idle.
func machineBusy() time.Duration {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	if len(f) < 8 || f[0] != "cpu" {
		return 0
	}
	var busy int64
	for i, v := range f[1:] {
		n, _ := strconv.ParseInt(v, 10, 64)
		if i == 3 || i == 4 || i >= 7 { // idle, iowait; steal, guest and guest_nice (counted in user) are not ours to count
			continue
		}
		busy += n
	}
	return time.Duration(busy) * clockTick
}

// rssOf is the resident memory of process pid (VmRSS), in bytes.
func rssOf(pid int) int64 {
	if pid == 0 {
		return 0
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb * 1024
		}
	}
	return 0
}

// argon2Rate is connect.Argon2Params.Hash's rate in as many goroutines as
// the machine has cores, for d.
func argon2Rate(hash func() error, d time.Duration) (result, error) {
	n := runtime.NumCPU()
	var count atomic.Int64
	var firstErr atomic.Value
	lats := make([][]int64, n)
	cpu0, at0 := selfCPU(), time.Now()
	busy0 := machineBusy()
	end := at0.Add(d)
	var wg sync.WaitGroup
	for g := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(end) {
				t0 := time.Now()
				if err := hash(); err != nil {
					firstErr.CompareAndSwap(nil, err)
					return
				}
				lats[g] = append(lats[g], int64(time.Since(t0)))
				count.Add(1)
			}
		}()
	}
	wg.Wait()
	if err, ok := firstErr.Load().(error); ok {
		return result{}, err
	}
	wall := time.Since(at0)
	var all []int64
	for _, l := range lats {
		all = append(all, l...)
	}
	slices.Sort(all)
	cpu := selfCPU() - cpu0
	r := result{Server: "argon2id", Op: opCreatePassword, Clients: n, Requests: len(all), Duration: wall,
		RPS: float64(len(all)) / wall.Seconds()}
	if len(all) > 0 {
		r.P50, r.P99, r.Max = percentile(all, 0.5), percentile(all, 0.99), time.Duration(all[len(all)-1])
		r.ClientCPU = cpu.Seconds() * 1e6 / float64(len(all))
	}
	r.OtherCPU = max(0, (machineBusy()-busy0-cpu).Seconds()/wall.Seconds())
	return r, nil
}
