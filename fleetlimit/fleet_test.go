//go:build unix

package fleetlimit

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/syncrotest"
)

// The fleet: procs real OS processes (this test binary run again in
// helper mode) of workers goroutines each, every one sending requests
// through its process's Limiter to one syncrotest server that enforces
// limit per rolling window and answers 429 over it. The window is scaled
// down from Syncro's minute so that three windows take seconds; it stays
// long enough that the jitter margin (250ms) costs about 4%, leaving the
// 1.1 bound 700ms for a busy machine.
const (
	fleetProcs    = 3
	fleetWorkers  = 4
	fleetRequests = 5 // per worker
	fleetLimit    = 20
	fleetWindow   = 6 * time.Second
	fleetTotal    = fleetProcs * fleetWorkers * fleetRequests
)

// helperEnv selects the helper mode of the test binary.
const helperEnv = "FLEETLIMIT_HELPER_PROCESS"

// TestHelperProcess is one process of the fleet when the fleet tests start
// this binary again; run directly, it has nothing to do.
func TestHelperProcess(t *testing.T) {
	if os.Getenv(helperEnv) != "1" {
		t.Skip("a process of the fleet tests, started by them")
	}
	if err := fleetProcess(); err != nil {
		fmt.Fprintln(os.Stderr, "fleet process:", err)
		os.Exit(1)
	}
	os.Exit(0)
}

// fleetProcess runs one process's workers; it prints "ok" to stdout after
// each request that succeeded, and logs to stderr.
func fleetProcess() error {
	ctx := context.Background()
	limit, _ := strconv.Atoi(os.Getenv("FLEET_LIMIT"))
	window, _ := time.ParseDuration(os.Getenv("FLEET_WINDOW"))
	workers, _ := strconv.Atoi(os.Getenv("FLEET_WORKERS"))
	requests, _ := strconv.Atoi(os.Getenv("FLEET_REQUESTS"))
	share, _ := strconv.ParseFloat(os.Getenv("FLEET_SHARE"), 64)
	customer, _ := strconv.ParseInt(os.Getenv("FLEET_CUSTOMER"), 10, 64)
	opts := []Option{
		WithLogger(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))),
		WithFallbackShare(share),
		WithProbeInterval(500 * time.Millisecond),
		// Generous for a store that was just restarted on a loaded machine
		// (a first connection to a fresh PostgreSQL under -race can take
		// more than half a second); a dead store refuses at once anyway.
		WithStoreTimeout(2 * time.Second),
	}
	var lim *Limiter
	var err error
	switch os.Getenv("FLEET_STORE") {
	case "redis":
		rdb := redis.NewClient(&redis.Options{Addr: os.Getenv("FLEET_STORE_ADDR"), MaxRetries: -1, DialTimeout: 2 * time.Second})
		defer rdb.Close()
		if err := rdb.Ping(ctx).Err(); err != nil {
			return err
		}
		lim, err = NewRedis(rdb, IPKey("203.0.113.7"), limit, window, opts...)
	case "postgres":
		cfg, perr := pgxpool.ParseConfig(os.Getenv("FLEET_STORE_ADDR"))
		if perr != nil {
			return perr
		}
		cfg.ConnConfig.ConnectTimeout = 2 * time.Second
		pool, perr := pgxpool.NewWithConfig(ctx, cfg)
		if perr != nil {
			return perr
		}
		defer pool.Close()
		if err := pool.Ping(ctx); err != nil {
			return err
		}
		lim, err = NewPostgres(pool, IPKey("203.0.113.7"), limit, window, opts...)
	default:
		return fmt.Errorf("unknown FLEET_STORE %q", os.Getenv("FLEET_STORE"))
	}
	if err != nil {
		return err
	}
	client, err := syncro.NewClientFromEnv(syncro.WithLimiter(lim))
	if err != nil {
		return err
	}
	// Start together: the fleet's first requests should not be spread
	// by how long each process took to start.
	fmt.Println("ready")
	if _, err := io.Copy(io.Discard, os.Stdin); err != nil {
		return err
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range requests {
				if _, err := client.Customers.Get(ctx, customer); err != nil {
					errs <- err
					return
				}
				mu.Lock()
				fmt.Println("ok")
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	close(errs)
	return <-errs
}

// fleetRun is what one run of the fleet did, as the server saw it.
type fleetRun struct {
	ok          int           // requests the processes saw succeed
	tooMany     int           // 429s the server answered
	admitted    int           // requests the server processed
	maxInWindow int           // most requests (admitted or not) in any rolling window
	elapsed     time.Duration // first to last admitted request
	ideal       time.Duration // floor((N-1)/L)*W
	logs        []string      // each process's stderr
}

func (r fleetRun) ratio() float64 { return float64(r.elapsed) / float64(r.ideal) }

// runFleet starts the fleet against a fresh fake Syncro and waits for it.
// events[n], when set, is called once the processes have reported n
// successes.
func runFleet(t *testing.T, store, addr string, events map[int]func()) fleetRun {
	t.Helper()
	srv := syncrotest.NewServer(syncrotest.WithRateLimit(fleetLimit, fleetWindow))
	t.Cleanup(srv.Close)
	customer := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Fleet Test Ltd"})

	env := append(os.Environ(), srv.Env()...)
	env = append(env,
		helperEnv+"=1",
		"FLEET_STORE="+store,
		"FLEET_STORE_ADDR="+addr,
		"FLEET_LIMIT="+strconv.Itoa(fleetLimit),
		"FLEET_WINDOW="+fleetWindow.String(),
		"FLEET_WORKERS="+strconv.Itoa(fleetWorkers),
		"FLEET_REQUESTS="+strconv.Itoa(fleetRequests),
		"FLEET_SHARE="+strconv.FormatFloat(1.0/fleetProcs, 'f', -1, 64),
		"FLEET_CUSTOMER="+strconv.FormatInt(customer, 10),
	)
	oks := make(chan struct{}, fleetTotal)
	ready := make(chan struct{}, fleetProcs)
	var wg sync.WaitGroup
	cmds := make([]*exec.Cmd, fleetProcs)
	stdins := make([]io.Closer, fleetProcs)
	stderrs := make([]*bytes.Buffer, fleetProcs)
	for i := range cmds {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
		cmd.Env = env
		stderrs[i] = &bytes.Buffer{}
		cmd.Stderr = stderrs[i]
		out, err := cmd.StdoutPipe()
		require.NoError(t, err)
		stdins[i], err = cmd.StdinPipe()
		require.NoError(t, err)
		require.NoError(t, cmd.Start())
		cmds[i] = cmd
		wg.Add(1)
		go func() {
			defer wg.Done()
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				switch sc.Text() {
				case "ok":
					oks <- struct{}{}
				case "ready":
					ready <- struct{}{}
				}
			}
		}()
	}
	go func() { wg.Wait(); close(oks); close(ready) }()
	for range fleetProcs {
		<-ready // closed early if a process died: its exit status tells below
	}
	for _, in := range stdins {
		require.NoError(t, in.Close())
	}
	var run fleetRun
	for range oks {
		run.ok++
		if ev := events[run.ok]; ev != nil {
			ev()
		}
	}
	for i, cmd := range cmds {
		err := cmd.Wait()
		run.logs = append(run.logs, stderrs[i].String())
		require.NoError(t, err, "process %d: %s", i, stderrs[i].String())
	}

	var times, admitted []time.Time
	for _, r := range srv.Requests() {
		times = append(times, r.Time)
		if r.Status != 429 {
			admitted = append(admitted, r.Time)
		}
	}
	run.tooMany = srv.Stats().RateLimited
	run.admitted = len(admitted)
	run.maxInWindow = maxInWindow(times, fleetWindow)
	if len(admitted) > 0 {
		run.elapsed = admitted[len(admitted)-1].Sub(admitted[0])
	}
	run.ideal = time.Duration((fleetTotal-1)/fleetLimit) * fleetWindow
	return run
}

// maxInWindow returns the most times in any window (t-w, t]; times are in
// arrival order.
func maxInWindow(times []time.Time, w time.Duration) int {
	best, lo := 0, 0
	for hi, t := range times {
		for !times[lo].After(t.Add(-w)) {
			lo++
		}
		best = max(best, hi-lo+1)
	}
	return best
}

func TestMaxInWindow(t *testing.T) {
	base := time.Unix(0, 0)
	at := func(ms ...int) []time.Time {
		var ts []time.Time
		for _, m := range ms {
			ts = append(ts, base.Add(time.Duration(m)*time.Millisecond))
		}
		return ts
	}
	assert.Equal(t, 0, maxInWindow(nil, time.Second))
	assert.Equal(t, 2, maxInWindow(at(0, 999, 1000), time.Second), "(t-w, t]: 0 is out of 1000's window")
	assert.Equal(t, 3, maxInWindow(at(0, 10, 20, 2000), time.Second))
}

// fleetStores are the stores the fleet runs on, each started afresh.
var fleetStores = []struct {
	name  string
	start func(t *testing.T) (*server, string)
}{
	{"redis", startRedis},
	{"postgres", func(t *testing.T) (*server, string) {
		srv, dsn := startPostgres(t)
		require.NoError(t, Migrate(context.Background(), newPool(t, dsn)))
		return srv, dsn
	}},
}

// TestFleetSharesOneBudget: the whole fleet stays within the server's
// budget (no 429) and uses it fully (close to the ideal time).
func TestFleetSharesOneBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("the fleet test takes about 13s a store")
	}
	for _, st := range fleetStores {
		t.Run(st.name, func(t *testing.T) {
			_, addr := st.start(t)
			run := runFleet(t, st.name, addr, nil)
			t.Logf("%s: %d requests from %d processes x %d workers at %d per %s: %d answered 429, at most %d in a rolling window, %s from first to last (ideal %s, ratio %.3f)",
				st.name, fleetTotal, fleetProcs, fleetWorkers, fleetLimit, fleetWindow, run.tooMany, run.maxInWindow, run.elapsed.Round(time.Millisecond), run.ideal, run.ratio())
			assert.Equal(t, fleetTotal, run.ok)
			assert.Equal(t, fleetTotal, run.admitted)
			assert.Zero(t, run.tooMany, "no request over the budget")
			assert.LessOrEqual(t, run.maxInWindow, fleetLimit)
			// The earliest schedule is floor((N-1)/L) windows+margins,
			// 1.042 times the ideal, plus the time the workers take to
			// send the first window's requests.
			assert.GreaterOrEqual(t, run.ratio(), 1.0, "faster than the budget allows")
			assert.LessOrEqual(t, run.ratio(), 1.1, "the fleet wasted its budget")
			for i, l := range run.logs {
				assert.NotContains(t, l, "unreachable", "process %d fell back", i)
			}
		})
	}
}

// TestFleetKeepsGoingWhenTheStoreDies kills the store a third of the way
// through: every request still succeeds, paced by each process's fallback
// share, and each process says so once.
func TestFleetKeepsGoingWhenTheStoreDies(t *testing.T) {
	if testing.Short() {
		t.Skip("the fleet test takes about 20s a store")
	}
	for _, st := range fleetStores {
		t.Run(st.name, func(t *testing.T) {
			store, addr := st.start(t)
			run := runFleet(t, st.name, addr, map[int]func(){fleetTotal / 3: store.Kill})
			t.Logf("%s killed after %d requests: %d requests, %d answered 429 (retried), at most %d in a rolling window, %s from first to last (ideal %s, ratio %.3f)",
				st.name, fleetTotal/3, fleetTotal, run.tooMany, run.maxInWindow, run.elapsed.Round(time.Millisecond), run.ideal, run.ratio())
			assert.Equal(t, fleetTotal, run.ok, "every request went through")
			assert.Equal(t, fleetTotal, run.admitted)
			for i, l := range run.logs {
				// The warning, not the debug lines of later probes.
				assert.Equal(t, 1, strings.Count(l, "level=WARN msg=\"fleetlimit: shared rate budget unreachable"), "process %d logs the outage once:\n%s", i, l)
			}
		})
	}
}

// TestFleetReturnsToTheStore kills the store a quarter of the way through
// and starts it again, empty, at half way: the processes go back to it,
// and hand it the grants they made on their own, so the window it paces
// counts them.
func TestFleetReturnsToTheStore(t *testing.T) {
	if testing.Short() {
		t.Skip("the fleet test takes about 15s a store")
	}
	for _, st := range fleetStores {
		t.Run(st.name, func(t *testing.T) {
			store, addr := st.start(t)
			run := runFleet(t, st.name, addr, map[int]func(){
				fleetTotal / 4: store.Kill,
				fleetTotal / 2: store.Restart,
			})
			t.Logf("%s killed after %d requests, back after %d: %d requests, %d answered 429 (retried), at most %d in a rolling window, %s from first to last (ideal %s, ratio %.3f)",
				st.name, fleetTotal/4, fleetTotal/2, fleetTotal, run.tooMany, run.maxInWindow, run.elapsed.Round(time.Millisecond), run.ideal, run.ratio())
			assert.Equal(t, fleetTotal, run.ok, "every request went through")
			assert.Equal(t, fleetTotal, run.admitted)
			// A process that slept through the outage on slots it had
			// reserved never saw it; one whose last requests were all
			// paced on its share never saw the return.
			warned, back := 0, 0
			for i, l := range run.logs {
				n := strings.Count(l, "level=WARN msg=\"fleetlimit: shared rate budget unreachable")
				assert.LessOrEqual(t, n, 1, "process %d logs the outage once:\n%s", i, l)
				warned += n
				if strings.Contains(l, "shared rate budget reachable again") {
					back++
				}
			}
			assert.Positive(t, warned, "some process saw the store die")
			assert.Positive(t, back, "some process went back to the store:\n%s", strings.Join(run.logs, "\n"))
		})
	}
}
