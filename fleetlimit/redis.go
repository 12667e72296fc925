package fleetlimit

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// NewRedis returns a Limiter sharing limit requests per rolling window
// among every process that gives the same key to the same Redis (the key
// is usually IPKey of the egress address). Grants live in a sorted set at
// key, scored in microseconds of the Redis server's clock, and a pause
// after a 429 at key+":pause"; both expire on their own. In Redis Cluster,
// put a hash tag in the key ("syncro:ip:{203.0.113.7}") so both land on
// one slot. NewRedis does not contact Redis: a store that is down at start
// is handled like one that fails later (see WithFallbackShare).
func NewRedis(rdb redis.UniversalClient, key string, limit int, window time.Duration, opts ...Option) (*Limiter, error) {
	if rdb == nil {
		return nil, errors.New("fleetlimit: NewRedis: nil Redis client")
	}
	return newLimiter(&redisStore{rdb: rdb, keys: []string{key, key + ":pause"}}, "redis", key, limit, window, opts)
}

type redisStore struct {
	rdb  redis.UniversalClient
	keys []string // the grants' sorted set, the pause
}

// reserveScript computes and records a request's slot in one step: Redis
// runs a script alone, so reservers are served one at a time, in arrival
// order. Times are integer microseconds of the server's clock, formatted
// with %d when handed back to Redis: Lua's default number format keeps 14
// digits and would round them. Grants at or before now-span can no longer
// share a window with a new grant, so they are dropped first; the set is
// ordered, and its limit-th newest grant plus span is the earliest instant
// with room. ARGV[5] onwards are the process's recent grants, age and
// token in turn: those the set lacks (Redis restarted empty, or they were
// made while it could not be reached) go in first, so that the window Redis
// paces counts them. A grant Redis itself handed out (token "s...") and no
// longer has means Redis lost the window, other processes' grants too:
// the fleet pauses until the latest such grant leaves the window.
var reserveScript = redis.NewScript(`
if redis.replicate_commands then pcall(redis.replicate_commands) end
local limit = tonumber(ARGV[1])
local span = tonumber(ARGV[2])
local max_wait = tonumber(ARGV[3])
local tm = redis.call('TIME')
local now = tonumber(tm[1]) * 1000000 + tonumber(tm[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%d', now - span))
local lost = nil
for i = 5, #ARGV - 1, 2 do
  local age = tonumber(ARGV[i])
  local token = ARGV[i + 1]
  if age < span then
    local added = redis.call('ZADD', KEYS[1], 'NX', string.format('%d', now - age), token)
    if added == 1 and string.sub(token, 1, 1) == 's' and (lost == nil or now - age > lost) then
      lost = now - age
    end
  end
end
local paused = tonumber(redis.call('GET', KEYS[2]) or '0')
if lost ~= nil and lost + span > paused then
  paused = lost + span
  redis.call('SET', KEYS[2], string.format('%d', paused), 'PX', math.floor((paused - now) / 1000) + 1000)
end
local at = now
if paused > at then at = paused end
local n = redis.call('ZCARD', KEYS[1])
if n >= limit then
  local g = redis.call('ZRANGE', KEYS[1], n - limit, n - limit, 'WITHSCORES')
  local free = tonumber(g[2]) + span
  if free > at then at = free end
end
local delay = at - now
if max_wait >= 0 and delay > max_wait then
  if redis.call('PTTL', KEYS[1]) == -1 then
    redis.call('PEXPIRE', KEYS[1], math.floor(span / 1000) + 1000)
  end
  return {delay, 0}
end
redis.call('ZADD', KEYS[1], string.format('%d', at), ARGV[4])
redis.call('PEXPIRE', KEYS[1], math.floor((delay + span) / 1000) + 1000)
return {delay, 1}
`)

// pauseScript moves the fleet's pause to now+ARGV[1] microseconds on the
// server's clock, unless it already runs longer.
var pauseScript = redis.NewScript(`
if redis.replicate_commands then pcall(redis.replicate_commands) end
local d = tonumber(ARGV[1])
local tm = redis.call('TIME')
local now = tonumber(tm[1]) * 1000000 + tonumber(tm[2])
local until_ = now + d
local cur = tonumber(redis.call('GET', KEYS[2]) or '0')
if until_ > cur then
  redis.call('SET', KEYS[2], string.format('%d', until_), 'PX', math.floor(d / 1000) + 1000)
end
return 1
`)

func (s *redisStore) reserve(ctx context.Context, token string, limit int, span, maxWait time.Duration, past []pastGrant) (time.Duration, bool, error) {
	mw := int64(-1)
	if maxWait >= 0 {
		mw = maxWait.Microseconds()
	}
	args := []any{limit, span.Microseconds(), mw, token}
	for _, p := range past {
		args = append(args, p.age.Microseconds(), p.token)
	}
	// Run sends EVALSHA and falls back to EVAL when Redis has not seen
	// the script yet.
	res, err := reserveScript.Run(ctx, s.rdb, s.keys, args...).Int64Slice()
	if err != nil {
		return 0, false, err
	}
	if len(res) != 2 {
		return 0, false, fmt.Errorf("fleetlimit: redis reserve script answered %v, want [delay taken]", res)
	}
	return time.Duration(res[0]) * time.Microsecond, res[1] == 1, nil
}

func (s *redisStore) release(ctx context.Context, token string) error {
	return s.rdb.ZRem(ctx, s.keys[0], token).Err()
}

func (s *redisStore) pause(ctx context.Context, d time.Duration) error {
	return pauseScript.Run(ctx, s.rdb, s.keys, d.Microseconds()).Err()
}

func (s *redisStore) explain(err error) error { return err }
