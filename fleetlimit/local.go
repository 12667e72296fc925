package fleetlimit

import (
	"sort"
	"sync"
	"time"
)

// localLog is this process's own record of its grants, the store's and
// its own, and the fallback that paces the process on its share of the
// budget while the store cannot be reached.
//
// Counting the grants the store handed out keeps the switch safe: a
// process that used more than its share in the last window+margin through
// the store gets nothing more until its use falls under its share, so the
// fleet does not add a fresh share on top of a window the store already
// filled. A process that was idle gets its share at once. The rule is the
// store's: a grant goes at the earliest instant when fewer than limit of
// the process's grants lie in the last window+margin, and never before the
// process's latest grant, so that grants stay in order.
type localLog struct {
	mu    sync.Mutex
	limit int // the process's share of the budget
	span  time.Duration
	times []time.Time // oldest first
	// own are the grants made on the share that the store has not been
	// told of: the first request the store answers again hands them over,
	// so that the store counts them in the window it starts.
	own []time.Time
}

func newLocalLog(limit int, span time.Duration) *localLog {
	return &localLog{limit: limit, span: span}
}

// prune drops grants that can no longer share a window with one at or
// after now.
func (g *localLog) prune(now time.Time) {
	cut := 0
	for cut < len(g.times) && !g.times[cut].After(now.Add(-g.span)) {
		cut++
	}
	g.times = g.times[cut:]
	cut = 0
	for cut < len(g.own) && !g.own[cut].After(now.Add(-g.span)) {
		cut++
	}
	g.own = g.own[cut:]
}

// record notes a grant the store handed out, at its slot.
func (g *localLog) record(now, at time.Time) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.prune(now)
	i := len(g.times)
	for i > 0 && g.times[i-1].After(at) {
		i--
	}
	g.times = append(g.times, time.Time{})
	copy(g.times[i+1:], g.times[i:])
	g.times[i] = at
}

// reserve grants the next slot of the process's share and returns it, or
// returns ok false and records nothing when it lies more than maxWait
// ahead (maxWait negative: no bound).
func (g *localLog) reserve(now time.Time, maxWait time.Duration) (at time.Time, ok bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.prune(now)
	at = now
	if n := len(g.times); n > 0 {
		if last := g.times[n-1]; last.After(at) {
			at = last
		}
		if n >= g.limit {
			if free := g.times[n-g.limit].Add(g.span); free.After(at) {
				at = free
			}
		}
	}
	if maxWait >= 0 && at.Sub(now) > maxWait {
		return at, false
	}
	g.times = append(g.times, at)
	g.own = append(g.own, at)
	return at, true
}

// handOver takes the grants made on the share that may still share a
// window with one at or after now, as ages before now, for the store.
func (g *localLog) handOver(now time.Time) []time.Duration {
	g.mu.Lock()
	defer g.mu.Unlock()
	var ages []time.Duration
	for _, at := range g.own {
		if age := now.Sub(at); age < g.span {
			ages = append(ages, max(age, 0))
		}
	}
	g.own = nil
	return ages
}

// giveBack returns grants handOver took when the store did not take them.
func (g *localLog) giveBack(now time.Time, ages []time.Duration) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, a := range ages {
		g.own = append(g.own, now.Add(-a))
	}
	sort.Slice(g.own, func(i, j int) bool { return g.own[i].Before(g.own[j]) })
}

// remove gives back a grant that was not used.
func (g *localLog) remove(at time.Time) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.times = removeTime(g.times, at)
	g.own = removeTime(g.own, at)
}

func removeTime(ts []time.Time, at time.Time) []time.Time {
	for i := len(ts) - 1; i >= 0; i-- {
		if ts[i].Equal(at) {
			return append(ts[:i], ts[i+1:]...)
		}
	}
	return ts
}
