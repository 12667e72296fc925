package fleetlimit

import (
	"sync"
	"time"
)

// localLog is this process's own record of its grants in the last
// window+margin, the store's and its own. It serves two ends.
//
// It is the fallback that paces the process on its share of the budget
// while the store cannot be reached. Counting the grants the store handed
// out keeps the switch safe: a process that used more than its share in
// the last window+margin through the store gets nothing more until its use
// falls under its share, so the fleet does not add a fresh share on top of
// a window the store already filled. A process that was idle gets its
// share at once. The rule is the store's: a grant goes at the earliest
// instant when fewer than limit of the process's grants lie in the last
// window+margin, and never before the process's latest grant, so that
// grants stay in order.
//
// And it is what the process tells the store with each reservation (see
// history): a store that lost its grants (Redis restarted without
// persistence, an unlogged table after a crash) learns them back from
// every process that asks, and the store adds the grants made on the
// fallback share to the window it paces.
type localLog struct {
	mu     sync.Mutex
	limit  int // the process's share of the budget
	span   time.Duration
	grants []grant // oldest first
}

// grant is one request slot, named by the token the store knows it by.
type grant struct {
	at    time.Time
	token string
}

// pastGrant is a grant as handed to the store: its age before now, so
// that the store places it on its own clock.
type pastGrant struct {
	age   time.Duration
	token string
}

func newLocalLog(limit int, span time.Duration) *localLog {
	return &localLog{limit: limit, span: span}
}

// prune drops grants that can no longer share a window with one at or
// after now.
func (g *localLog) prune(now time.Time) {
	cut := 0
	for cut < len(g.grants) && !g.grants[cut].at.After(now.Add(-g.span)) {
		cut++
	}
	g.grants = g.grants[cut:]
}

// record notes a grant the store handed out, at its slot.
func (g *localLog) record(now, at time.Time, token string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.prune(now)
	i := len(g.grants)
	for i > 0 && g.grants[i-1].at.After(at) {
		i--
	}
	g.grants = append(g.grants, grant{})
	copy(g.grants[i+1:], g.grants[i:])
	g.grants[i] = grant{at: at, token: token}
}

// reserve grants the next slot of the process's share and returns it, or
// returns ok false and records nothing when it lies more than maxWait
// ahead (maxWait negative: no bound).
func (g *localLog) reserve(now time.Time, maxWait time.Duration, token string) (at time.Time, ok bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.prune(now)
	at = now
	if n := len(g.grants); n > 0 {
		if last := g.grants[n-1].at; last.After(at) {
			at = last
		}
		if n >= g.limit {
			if free := g.grants[n-g.limit].at.Add(g.span); free.After(at) {
				at = free
			}
		}
	}
	if maxWait >= 0 && at.Sub(now) > maxWait {
		return at, false
	}
	g.grants = append(g.grants, grant{at: at, token: token})
	return at, true
}

// history returns the process's grants that may still share a window with
// one at or after now. A grant still ahead is given age 0: the store
// records it no later than a grant it hands out now, which keeps the
// store's grants in order.
func (g *localLog) history(now time.Time) []pastGrant {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.prune(now)
	out := make([]pastGrant, len(g.grants))
	for i, gr := range g.grants {
		out[i] = pastGrant{age: max(now.Sub(gr.at), 0), token: gr.token}
	}
	return out
}

// remove gives back a grant that was not used.
func (g *localLog) remove(token string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for i := len(g.grants) - 1; i >= 0; i-- {
		if g.grants[i].token == token {
			g.grants = append(g.grants[:i], g.grants[i+1:]...)
			return
		}
	}
}
