package awsapi_test

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/connect/types"

	"github.com/connectd/connectd/connect"
	"github.com/connectd/connectd/connecttest"
)

// TestPasswordHashesShareTheCores sends many password creates at once and
// watches the server's heap: each argon2id hash holds its memory while it
// runs, so hashing every request at once would hold that memory for each.
// Hashes wait for a core instead, and every create still succeeds.
func TestPasswordHashesShareTheCores(t *testing.T) {
	const hashMiB, clients = 32, 16
	f := newFixture(t, types.DirectoryTypeConnectManaged,
		connecttest.WithArgon2(connect.Argon2Params{Memory: hashMiB << 10, Iterations: 1, Threads: 1}))

	var peak atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	var wg sync.WaitGroup
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f.mustCreateUser(t, f.userInput(fmt.Sprintf("hasher%02d", i)))
		}()
	}
	wg.Wait()
	close(stop)
	<-sampled

	// A hash per core at a time, with the garbage of finished ones that the
	// collector lets grow to as much again, stays far below one per client.
	limit := uint64(4*runtime.GOMAXPROCS(0)*hashMiB+64) << 20
	if all := uint64(clients*hashMiB) << 20; limit >= all {
		t.Skipf("too many cores (%d) for %d clients to tell", runtime.GOMAXPROCS(0), clients)
	}
	if p := peak.Load(); p > limit {
		t.Errorf("heap in use peaked at %d MiB during %d password creates of %d MiB hashes; want at most %d MiB",
			p>>20, clients, hashMiB, limit>>20)
	}
	if got := len(f.usernames(t)); got != clients {
		t.Errorf("%d users listed; want %d", got, clients)
	}
}
