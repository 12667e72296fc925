package fleetlimit

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// NewPostgres returns a Limiter sharing limit requests per rolling window
// among every process that gives the same key to the same PostgreSQL
// database (the key is usually IPKey of the egress address). Each request
// is one statement: a call of the function syncro_fleet_reserve, which
// serializes the key's reservers with a transaction-scoped advisory lock
// and reads time from the database's clock. Run Migrate once, at deploy,
// before the first process starts: NewPostgres creates nothing and does not
// contact the database.
func NewPostgres(pool *pgxpool.Pool, key string, limit int, window time.Duration, opts ...Option) (*Limiter, error) {
	if pool == nil {
		return nil, errors.New("fleetlimit: NewPostgres: nil *pgxpool.Pool")
	}
	return newLimiter(&postgresStore{pool: pool, key: key}, "postgres", key, limit, window, opts)
}

// schema is what Migrate creates. The tables are UNLOGGED: a grant matters
// for one window, so neither the write-ahead log nor a crash recovery is
// worth paying for. The advisory lock is taken inside the function, before
// any read, and each statement of a plpgsql function sees the rows
// committed before it began, so the reads after the lock see every grant
// the previous holder recorded. p_past_us and p_past_tokens are the
// process's recent grants: those the table lacks (lost in a crash, or made
// while the database was unreachable) are recorded first, so that the
// window the database paces counts them. A grant the database itself
// handed out (token "s...") and no longer has means it lost the window,
// other processes' grants too: the fleet pauses until the latest such
// grant leaves the window.
const schema = `
CREATE UNLOGGED TABLE IF NOT EXISTS syncro_fleet_grants (
	key   text        NOT NULL,
	token text        NOT NULL,
	at    timestamptz NOT NULL,
	PRIMARY KEY (key, token)
);
CREATE INDEX IF NOT EXISTS syncro_fleet_grants_key_at ON syncro_fleet_grants (key, at);
CREATE UNLOGGED TABLE IF NOT EXISTS syncro_fleet_pauses (
	key   text PRIMARY KEY,
	until timestamptz NOT NULL
);
CREATE OR REPLACE FUNCTION syncro_fleet_reserve(
	p_key text, p_limit integer, p_span_us bigint, p_max_wait_us bigint, p_token text,
	p_past_us bigint[], p_past_tokens text[], OUT delay_us bigint, OUT taken boolean)
LANGUAGE plpgsql AS $fn$
DECLARE
	v_span  interval := p_span_us * interval '1 microsecond';
	v_now   timestamptz;
	v_at    timestamptz;
	v_limit timestamptz;
	v_pause timestamptz;
	v_lost  timestamptz;
BEGIN
	PERFORM pg_advisory_xact_lock(hashtextextended('syncro_fleet:' || p_key, 0));
	v_now := clock_timestamp();
	DELETE FROM syncro_fleet_grants g WHERE g.key = p_key AND g.at <= v_now - v_span;
	WITH added AS (
		INSERT INTO syncro_fleet_grants (key, token, at)
			SELECT p_key, u.token, v_now - u.age * interval '1 microsecond'
			FROM unnest(p_past_us, p_past_tokens) AS u(age, token)
			WHERE u.age < p_span_us
			ON CONFLICT (key, token) DO NOTHING
			RETURNING token, at)
	SELECT max(a.at) INTO v_lost FROM added a WHERE left(a.token, 1) = 's';
	IF v_lost IS NOT NULL THEN
		INSERT INTO syncro_fleet_pauses AS p (key, until) VALUES (p_key, v_lost + v_span)
			ON CONFLICT (key) DO UPDATE SET until = greatest(p.until, excluded.until);
	END IF;
	v_at := v_now;
	SELECT p.until INTO v_pause FROM syncro_fleet_pauses p WHERE p.key = p_key;
	IF v_pause > v_at THEN
		v_at := v_pause;
	END IF;
	SELECT g.at INTO v_limit FROM syncro_fleet_grants g WHERE g.key = p_key
		ORDER BY g.at DESC OFFSET p_limit - 1 LIMIT 1;
	IF v_limit + v_span > v_at THEN
		v_at := v_limit + v_span;
	END IF;
	delay_us := (extract(epoch FROM v_at - v_now) * 1000000)::bigint;
	IF p_max_wait_us >= 0 AND delay_us > p_max_wait_us THEN
		taken := false;
		RETURN;
	END IF;
	INSERT INTO syncro_fleet_grants (key, token, at) VALUES (p_key, p_token, v_at);
	taken := true;
END
$fn$;
`

// Migrate creates the tables and the function NewPostgres needs, or
// brings them up to date. Run it once, at deploy, rather than from every
// process at start; concurrent calls are serialized all the same.
func Migrate(ctx context.Context, pool *pgxpool.Pool) error {
	if pool == nil {
		return errors.New("fleetlimit: Migrate: nil *pgxpool.Pool")
	}
	tx, err := pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("fleetlimit: migrate: %w", err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('syncro_fleet:migrate', 0))`); err != nil {
		return fmt.Errorf("fleetlimit: migrate: %w", err)
	}
	if _, err := tx.Exec(ctx, schema); err != nil {
		return fmt.Errorf("fleetlimit: migrate: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("fleetlimit: migrate: %w", err)
	}
	return nil
}

type postgresStore struct {
	pool *pgxpool.Pool
	key  string
}

func (s *postgresStore) reserve(ctx context.Context, token string, limit int, span, maxWait time.Duration, past []pastGrant) (time.Duration, bool, error) {
	mw := int64(-1)
	if maxWait >= 0 {
		mw = maxWait.Microseconds()
	}
	pastUS := make([]int64, len(past))
	pastTokens := make([]string, len(past))
	for i, p := range past {
		pastUS[i], pastTokens[i] = p.age.Microseconds(), p.token
	}
	var delayUS int64
	var taken bool
	err := s.pool.QueryRow(ctx, `SELECT delay_us, taken FROM syncro_fleet_reserve($1, $2, $3, $4, $5, $6, $7)`,
		s.key, limit, span.Microseconds(), mw, token, pastUS, pastTokens).Scan(&delayUS, &taken)
	if err != nil {
		return 0, false, err
	}
	return time.Duration(delayUS) * time.Microsecond, taken, nil
}

func (s *postgresStore) release(ctx context.Context, token string) error {
	_, err := s.pool.Exec(ctx, `DELETE FROM syncro_fleet_grants WHERE key = $1 AND token = $2`, s.key, token)
	return err
}

func (s *postgresStore) pause(ctx context.Context, d time.Duration) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO syncro_fleet_pauses AS p (key, until)
		VALUES ($1, clock_timestamp() + $2 * interval '1 microsecond')
		ON CONFLICT (key) DO UPDATE SET until = greatest(p.until, excluded.until)`, s.key, d.Microseconds())
	return err
}

// explain says to run Migrate when the schema is missing: the limiter
// still paces on its fallback share, but the fleet shares nothing.
func (s *postgresStore) explain(err error) error {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && (pgErr.Code == "42P01" || pgErr.Code == "42883") {
		return fmt.Errorf("%w (the schema is missing: run fleetlimit.Migrate once before starting the fleet)", err)
	}
	return err
}
