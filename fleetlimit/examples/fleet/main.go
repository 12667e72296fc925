// Command fleet shows two processes sharing one Syncro rate budget through
// Redis.
//
//	REDIS_URL=redis://localhost:6379/0 go run ./fleetlimit/examples/fleet
//
// It starts two copies of itself, each with two workers, against the
// built-in fake Syncro enforcing a budget scaled down to 6 requests per 2
// seconds, and prints when each request went and how many the fake refused
// (none: the two processes draw on one budget). The budget lives at a key of
// its own in the Redis at REDIS_URL. Without REDIS_URL it runs a private
// redis-server on loopback when one is installed; without either it shows
// the fallback: Redis unreachable, each process paces on its half of the
// budget.
package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/fleetlimit"
	"github.com/syncrokit/syncro/syncrotest"
)

const (
	limit    = 6
	window   = 2 * time.Second
	procs    = 2
	workers  = 2
	requests = 5 // per worker
	childEnv = "FLEET_EXAMPLE_CHILD"
)

func main() {
	log.SetFlags(0)
	if name := os.Getenv(childEnv); name != "" {
		if err := child(name); err != nil {
			log.Fatalf("%s: %v", name, err)
		}
		return
	}
	if err := parent(); err != nil {
		log.Fatal(err)
	}
}

func parent() error {
	redisURL, stop, err := redisForDemo()
	if err != nil {
		return err
	}
	defer stop()

	srv := syncrotest.NewServer(syncrotest.WithRateLimit(limit, window))
	defer srv.Close()
	id := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Fleet Demo Ltd"})
	key := fmt.Sprintf("syncro:example:fleet:%d", os.Getpid()) // not a real IP's budget

	fmt.Printf("2 processes x %d workers, %d requests, one budget of %d per %s at %q\n",
		workers, procs*workers*requests, limit, window, key)
	start := time.Now()
	var wg sync.WaitGroup
	errs := make([]error, procs)
	for i := range procs {
		name := fmt.Sprintf("process-%d", i+1)
		cmd := exec.Command(os.Args[0])
		cmd.Env = append(os.Environ(), srv.Env()...)
		cmd.Env = append(cmd.Env, childEnv+"="+name, "REDIS_URL="+redisURL, "FLEET_KEY="+key,
			"FLEET_CUSTOMER="+strconv.FormatInt(id, 10), "FLEET_START="+strconv.FormatInt(start.UnixNano(), 10))
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		if err := cmd.Start(); err != nil {
			return err
		}
		wg.Add(1)
		go func() { defer wg.Done(); errs[i] = cmd.Wait() }()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	st := srv.Stats()
	fmt.Printf("done in %s: %d requests reached the fake, %d refused with 429\n",
		time.Since(start).Round(100*time.Millisecond), st.Requests, st.RateLimited)
	return nil
}

// child is one process of the fleet: its workers share the budget with the
// other process through Redis.
func child(name string) error {
	ctx := context.Background()
	redis.SetLogger(quiet{}) // the limiter logs what matters, once
	opts, err := redis.ParseURL(os.Getenv("REDIS_URL"))
	if err != nil {
		return fmt.Errorf("REDIS_URL: %w", err)
	}
	opts.MaxRetries, opts.DialTimeout = -1, 300*time.Millisecond
	rdb := redis.NewClient(opts)
	defer rdb.Close()
	lim, err := fleetlimit.NewRedis(rdb, os.Getenv("FLEET_KEY"), limit, window,
		fleetlimit.WithFallbackShare(1.0/procs),
		fleetlimit.WithLogger(slog.New(slog.NewTextHandler(os.Stdout, nil)).With("process", name)))
	if err != nil {
		return err
	}
	client, err := syncro.NewClientFromEnv(syncro.WithLimiter(lim))
	if err != nil {
		return err
	}
	id, _ := strconv.ParseInt(os.Getenv("FLEET_CUSTOMER"), 10, 64)
	startNS, _ := strconv.ParseInt(os.Getenv("FLEET_START"), 10, 64)
	start := time.Unix(0, startNS)
	var wg sync.WaitGroup
	errs := make([]error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range requests {
				c, err := client.Customers.Get(ctx, id)
				if err != nil {
					errs[w] = err
					return
				}
				fmt.Printf("%6.2fs  %s worker %d  got %s\n", time.Since(start).Seconds(), name, w+1, c.BusinessName)
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// redisForDemo returns REDIS_URL, or starts a private redis-server on a
// loopback port, or explains that the demo runs on the fallback.
func redisForDemo() (url string, stop func(), err error) {
	if u := os.Getenv("REDIS_URL"); u != "" {
		return u, func() {}, nil
	}
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		fmt.Println("REDIS_URL is not set and no redis-server is installed: the processes cannot reach a")
		fmt.Println("store, so each falls back to half of the budget, logs it once, and the two still")
		fmt.Println("stay within it. Set REDIS_URL (or install redis-server) to share it through Redis.")
		return "redis://127.0.0.1:1/0", func() {}, nil
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	dir, err := os.MkdirTemp("", "fleet-example-redis-")
	if err != nil {
		return "", nil, err
	}
	cmd := exec.Command(bin, "--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return "", nil, err
	}
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	stop = func() { _ = cmd.Process.Kill(); _ = cmd.Wait(); _ = os.RemoveAll(dir) }
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if strings.Contains(sc.Text(), "Ready to accept connections") {
			go func() {
				for sc.Scan() { // keep draining so the server never blocks on its log
				}
			}()
			fmt.Printf("REDIS_URL is not set: using a private redis-server on 127.0.0.1:%d\n", port)
			return fmt.Sprintf("redis://127.0.0.1:%d/0", port), stop, nil
		}
	}
	stop()
	return "", nil, errors.New("redis-server exited before it was ready")
}

// quiet drops go-redis's own log lines (a failed dial on every probe).
type quiet struct{}

func (quiet) Printf(context.Context, string, ...any) {}
