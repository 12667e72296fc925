// Package fleetlimit shares one Syncro rate budget among every process
// behind one egress IP address.
//
// Syncro allows 180 requests per rolling minute per IP address, whatever
// the token or program. A syncro.WindowLimiter knows only its own process:
// four workers behind one NAT, each with its own limiter, together send four
// times the budget and collect 429s. A Limiter from this package keeps the
// budget in a store every process sees, Redis (NewRedis) or PostgreSQL
// (NewPostgres), and is given to each client with syncro.WithLimiter:
//
//	lim, err := fleetlimit.NewRedis(rdb, fleetlimit.IPKey("203.0.113.7"), syncro.DefaultRateLimit, time.Minute)
//	...
//	client, err := syncro.NewClient(sub, token, syncro.WithLimiter(lim))
//
// Each request costs one round trip to the store: it reserves the next free
// slot of the shared budget (the store computes the slot on its own clock,
// so hosts whose clocks disagree still agree) and sleeps until that slot.
// Slots are handed out in the order requests reach the store; nothing polls.
// A request under the budget does not wait. No rolling window holds more
// than the limit across the fleet: like the core limiter, the store keeps a
// jitter margin of window/60, at least 250ms, so a request admitted when
// fewer than limit grants lie in the last window+margin.
//
// A 429 seen by any process pauses the whole fleet (Limiter.Pause, called by
// the syncro client through syncro.Pauser). When the store cannot be
// reached, each process paces itself on a share of the budget
// (WithFallbackShare), counting the grants the store gave it in the last
// window, logs it once, and returns to the store when it answers again.
// Each reservation also hands the store the process's grants of the last
// window that it lacks, so a store that comes back empty (Redis without
// persistence, an unlogged table after a crash) relearns the window from
// the processes that use it; a process that finds a grant of the store's
// own missing pauses the fleet until that lost window has passed. Until
// each active process has asked once, a store that came back empty may
// admit a little over the window; the syncro client's Pause on the 429
// that follows holds the fleet back.
//
// Redis keeps the grants in a sorted set at the key, in one Lua script per
// request (EVALSHA, falling back to EVAL), timed by redis.call('TIME').
// PostgreSQL keeps them in an unlogged table, in one statement per request
// (the function syncro_fleet_reserve, under a per-key advisory lock, timed
// by clock_timestamp()); Migrate creates both, once, at deploy.
package fleetlimit
