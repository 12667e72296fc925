// Package benchharness reproduces the pacing table of issue 11 against
// syncrotest: short jobs, concurrent jobs, a job longer than the rate
// limit's window, and a walk over 50 pages, each with the SDK's limiter
// and, as a baseline measured in the same run, the token bucket of burst
// one it replaced. Each result is printed as a ratio to its ideal.
//
// Run it with
//
//	go test -run '^$' -bench . -benchtime 1x ./internal/benchharness
//
// Windows, round-trip latencies and the limiter's safety margin are scaled
// by SYNCRO_BENCH_SCALE (default 0.1, so the default run takes about 20s;
// 1 reproduces the full table in a few minutes). The rows
// without latency take SYNCRO_BENCH_RTT as their round trip (default 0).
// Nothing here is part of the SDK's API.
package benchharness
