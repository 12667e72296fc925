package benchharness

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/syncrotest"
)

// scale shrinks windows, latencies and margins (SYNCRO_BENCH_SCALE).
func scale(tb testing.TB) float64 {
	s := 0.1
	if v := os.Getenv("SYNCRO_BENCH_SCALE"); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f <= 0 || f > 10 {
			tb.Fatalf("SYNCRO_BENCH_SCALE=%q: give a factor like 0.05 (fast) or 1 (the full table)", v)
		}
		s = f
	}
	return s
}

// baseRTT is the round trip of the rows without latency (SYNCRO_BENCH_RTT).
func baseRTT(tb testing.TB) time.Duration {
	v := os.Getenv("SYNCRO_BENCH_RTT")
	if v == "" {
		return 0
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		tb.Fatalf("SYNCRO_BENCH_RTT=%q: give a duration like 50ms", v)
	}
	return d
}

func scaled(d time.Duration, s float64) time.Duration { return time.Duration(float64(d) * s) }

// row is one line of the table.
type row struct {
	name       string
	limit      int
	window     time.Duration
	rtt        time.Duration // -1: the base round trip
	requests   int           // GETs of one customer list page
	goroutines int
	pages      int // > 0: walk this many pages instead
	inFlight   int // pages in flight
	// ideal is the time the job needs at best, before scaling; 0 means
	// the same job measured without any limiter.
	ideal time.Duration
}

var table = []row{
	{name: "10 GETs (a portal page view), no latency", limit: 180, window: time.Minute, rtt: -1, requests: 10, goroutines: 1},
	{name: "30 GETs, no latency", limit: 180, window: time.Minute, rtt: -1, requests: 30, goroutines: 1},
	{name: "10 GETs at once, 300 ms round trip", limit: 180, window: time.Minute, rtt: 300 * time.Millisecond, requests: 10, goroutines: 10, ideal: 300 * time.Millisecond},
	{name: "400 requests at 60 per rolling 10 s", limit: 60, window: 10 * time.Second, rtt: -1, requests: 400, goroutines: 1, ideal: 60 * time.Second},
	{name: "50 pages, 300 ms round trip, 8 in flight", limit: 180, window: time.Minute, rtt: 300 * time.Millisecond, pages: 50, inFlight: 8, ideal: 2400 * time.Millisecond},
	{name: "50 pages, 300 ms round trip, 4 in flight", limit: 180, window: time.Minute, rtt: 300 * time.Millisecond, pages: 50, inFlight: 4, ideal: 4200 * time.Millisecond},
}

// limiterKind builds the limiter under test for a scaled window.
type limiterKind struct {
	name string
	make func(limit int, window, margin time.Duration) syncro.Limiter
}

var kinds = []limiterKind{
	{"exact", func(limit int, window, margin time.Duration) syncro.Limiter {
		return syncro.NewWindowLimiter(limit, window, syncro.LimiterMargin(margin))
	}},
	{"old-bucket", func(limit int, window, margin time.Duration) syncro.Limiter {
		return newOldBucket(limit, window, margin)
	}},
}

// pageSize is the page size of the page walks: the fake takes a few
// milliseconds to render a page of 100 organizations, which a scaled round
// trip would not hide, and the walk measures round trips, not rendering.
const pageSize = 10

// BenchmarkTable runs every row with each limiter and reports the time of
// one job (sec/job), its ideal (ideal-sec), their ratio (x-ideal), and the
// 429 answers the server gave (429s). Each job runs against a fresh fake,
// so that every window starts empty.
func BenchmarkTable(b *testing.B) {
	s := scale(b)
	base := baseRTT(b)
	for _, r := range table {
		rtt := r.rtt
		if rtt < 0 {
			rtt = base
		}
		rtt = scaled(rtt, s)
		window := scaled(r.window, s)
		// The margin the full-size limiter keeps (max(250ms, window/60)),
		// scaled like the window so that the ratios match the full table,
		// but not under 25ms: scheduling jitter on a busy machine does not
		// scale down.
		margin := max(scaled(max(250*time.Millisecond, r.window/60), s), 25*time.Millisecond)
		server := func() *syncrotest.Server {
			srv := syncrotest.NewServer(syncrotest.WithRateLimit(0, 0), syncrotest.WithLatency(rtt),
				syncrotest.WithGeneratedData(syncrotest.Generate{Organizations: max(r.pages*pageSize, 10)}))
			// One request opens a connection and warms the fake before
			// the rate limit starts counting, so that the first timed
			// request of every run pays no more than the others.
			if _, err := srv.Client(syncro.WithRateLimit(0)).Customers.List(context.Background(), nil); err != nil {
				b.Fatal(err)
			}
			srv.SetRateLimit(r.limit, window)
			return srv
		}
		ideal := scaled(r.ideal, s)
		if r.ideal == 0 {
			// Nothing to wait for: the ideal is the same job without a
			// limiter, the best of three runs.
			for i := 0; i < 3; i++ {
				srv := server()
				took := measure(b, srv, r, syncro.WithRateLimit(0))
				srv.Close()
				if i == 0 || took < ideal {
					ideal = took
				}
			}
		}
		for _, k := range kinds {
			b.Run(r.name+"/"+k.name, func(b *testing.B) {
				var total time.Duration
				var limited int
				for i := 0; i < b.N; i++ {
					srv := server()
					total += measure(b, srv, r, syncro.WithLimiter(k.make(r.limit, window, margin)))
					limited += srv.Stats().RateLimited
					srv.Close()
				}
				per := total / time.Duration(b.N)
				ratio := float64(per) / float64(max(ideal, time.Microsecond))
				b.ReportMetric(per.Seconds(), "sec/job")
				b.ReportMetric(ideal.Seconds(), "ideal-sec")
				b.ReportMetric(ratio, "x-ideal")
				b.ReportMetric(float64(limited)/float64(b.N), "429s")
				fmt.Fprintf(os.Stdout, "| %-44s | %-10s | %8.3fs | ideal %8.3fs | %6.2fx | 429s %d |\n",
					r.name, k.name, per.Seconds(), ideal.Seconds(), ratio, limited)
			})
		}
	}
}

// measure runs the row's job once through a fresh client and returns how
// long it took.
func measure(tb testing.TB, srv *syncrotest.Server, r row, opts ...syncro.Option) time.Duration {
	tb.Helper()
	opts = append(opts, syncro.WithPageConcurrency(max(r.inFlight, 1)))
	c := srv.Client(opts...)
	ctx := context.Background()
	start := time.Now()
	if r.pages > 0 {
		n := 0
		opts := &syncro.CustomerListOptions{ListOptions: syncro.ListOptions{PerPage: pageSize}}
		for _, err := range c.Customers.All(ctx, opts) {
			if err != nil {
				tb.Fatal(err)
			}
			n++
		}
		if n != r.pages*pageSize {
			tb.Fatalf("walked %d organizations, want %d", n, r.pages*pageSize)
		}
		return time.Since(start)
	}
	jobs := make(chan struct{}, r.requests)
	for i := 0; i < r.requests; i++ {
		jobs <- struct{}{}
	}
	close(jobs)
	var wg sync.WaitGroup
	errs := make(chan error, r.requests)
	for g := 0; g < r.goroutines; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range jobs {
				if _, err := c.Customers.List(ctx, nil); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	took := time.Since(start)
	close(errs)
	for err := range errs {
		tb.Fatal(err)
	}
	return took
}

// oldBucket is the limiter the SDK had before issue 11, kept as the
// baseline: a token bucket of burst one refilled every
// (window+slack)/limit, so every request but the first waits.
type oldBucket struct {
	mu  sync.Mutex
	lim *rate.Limiter
}

func newOldBucket(limit int, window, slack time.Duration) *oldBucket {
	if limit > 1 {
		slack = min(slack, window/time.Duration(limit-1))
	}
	return &oldBucket{lim: rate.NewLimiter(rate.Every((window+slack)/time.Duration(limit)), 1)}
}

func (o *oldBucket) Wait(ctx context.Context) error {
	o.mu.Lock()
	r := o.lim.Reserve()
	o.mu.Unlock()
	d := r.Delay()
	if d == 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		r.Cancel()
		return ctx.Err()
	}
}
