package auth

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"shelf/api/httperr"
)

// A password check costs about 19 MiB and tens of milliseconds (argon2id),
// so logins are guarded twice:
//
//   - At most GuardConfig.Verifiers checks run at once and at most
//     GuardConfig.Queue wait for a turn; a login beyond that is answered 503
//     with Retry-After at once. A flood of logins then costs the server a
//     bounded amount of memory and CPU, and other requests keep being served.
//   - Failures are counted per account and per client address. After
//     FreeFailures of them, each further failure doubles a delay (from
//     BaseDelay, at most MaxDelay) during which that account or address is
//     answered 429 with Retry-After without a check. A correct password
//     clears both counts. An attacker can slow the real admin down while
//     the flood lasts, never lock them out for longer than MaxDelay after it
//     stops; counts are forgotten after ForgetAfter without failures.

// GuardConfig tunes the login guard; zero fields take the defaults.
type GuardConfig struct {
	Verifiers    int           // checks at once; default 2
	Queue        int           // logins waiting for a check; default 8
	QueueWait    time.Duration // longest wait in the queue; default 2 s
	FreeFailures int           // failures before any delay; default 5
	BaseDelay    time.Duration // the first delay; default 500 ms
	MaxDelay     time.Duration // the longest delay; default 30 s
	ForgetAfter  time.Duration // failures are forgotten after; default 15 min
	MaxTracked   int           // accounts and addresses remembered; default 10,000 each
}

func (c GuardConfig) withDefaults() GuardConfig {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	defDur := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&c.Verifiers, 2)
	def(&c.Queue, 8)
	def(&c.FreeFailures, 5)
	def(&c.MaxTracked, 10_000)
	defDur(&c.QueueWait, 2*time.Second)
	defDur(&c.BaseDelay, 500*time.Millisecond)
	defDur(&c.MaxDelay, 30*time.Second)
	defDur(&c.ForgetAfter, 15*time.Minute)
	return c
}

// failures is the record of one account or address.
type failures struct {
	n     int       // failures since the last success or forgetting
	last  time.Time // the last failure
	until time.Time // no check before this
}

// guard is the login guard (see above).
type guard struct {
	cfg     GuardConfig
	now     func() time.Time
	slots   chan struct{}
	waiting atomic.Int32
	checks  atomic.Int64 // password checks run, for tests
	running atomic.Int32 // checks running now
	peak    atomic.Int32 // the most that ran at once, for tests

	mu       sync.Mutex
	accounts map[string]*failures
	addrs    map[string]*failures
}

func newGuard(cfg GuardConfig, now func() time.Time) *guard {
	cfg = cfg.withDefaults()
	return &guard{cfg: cfg, now: now, slots: make(chan struct{}, cfg.Verifiers),
		accounts: map[string]*failures{}, addrs: map[string]*failures{}}
}

// admit refuses a login while its account or address is delayed.
func (g *guard) admit(account, addr string) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	wait := max(g.delayed(g.accounts, account, now), g.delayed(g.addrs, addr, now))
	if wait <= 0 {
		return nil
	}
	secs := int((wait + time.Second - 1) / time.Second)
	return &httperr.Error{Code: httperr.RateLimited, RetryAfter: wait,
		Message: fmt.Sprintf("too many failed logins: try again in %d s", secs)}
}

func (g *guard) delayed(m map[string]*failures, key string, now time.Time) time.Duration {
	f := m[key]
	if f == nil {
		return 0
	}
	return f.until.Sub(now)
}

// check runs verify when a slot is free, waiting in the queue if needed,
// and returns its error.
func (g *guard) check(ctx context.Context, verify func() error) error {
	busy := &httperr.Error{Code: httperr.Unavailable, RetryAfter: time.Second,
		Message: "too many logins at once: try again in a second"}
	select {
	case g.slots <- struct{}{}:
	default:
		if g.waiting.Add(1) > int32(g.cfg.Queue) {
			g.waiting.Add(-1)
			return busy
		}
		t := time.NewTimer(g.cfg.QueueWait)
		select {
		case g.slots <- struct{}{}:
			t.Stop()
			g.waiting.Add(-1)
		case <-t.C:
			g.waiting.Add(-1)
			return busy
		case <-ctx.Done():
			t.Stop()
			g.waiting.Add(-1)
			return ctx.Err()
		}
	}
	defer func() { <-g.slots }()
	n := g.running.Add(1)
	defer g.running.Add(-1)
	for p := g.peak.Load(); n > p && !g.peak.CompareAndSwap(p, n); p = g.peak.Load() {
	}
	return verify()
}

// failed counts a failure of account from addr.
func (g *guard) failed(account, addr string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	g.fail(g.accounts, account, now)
	g.fail(g.addrs, addr, now)
}

func (g *guard) fail(m map[string]*failures, key string, now time.Time) {
	f := m[key]
	if f != nil && now.Sub(f.last) > g.cfg.ForgetAfter {
		f = nil
	}
	if f == nil {
		if len(m) >= g.cfg.MaxTracked {
			g.forget(m, now)
		}
		f = &failures{}
		m[key] = f
	}
	f.n++
	f.last = now
	if extra := f.n - g.cfg.FreeFailures; extra > 0 {
		d := g.cfg.BaseDelay << min(extra-1, 20)
		f.until = now.Add(min(d, g.cfg.MaxDelay))
	}
}

// forget makes room in a full map: records not failed for ForgetAfter go
// first; if none did, the whole map (an attacker spraying addresses or
// names then loses their counts too, but memory stays bounded).
func (g *guard) forget(m map[string]*failures, now time.Time) {
	for k, f := range m {
		if now.Sub(f.last) > g.cfg.ForgetAfter {
			delete(m, k)
		}
	}
	if len(m) >= g.cfg.MaxTracked {
		clear(m)
	}
}

// succeeded clears the counts of account and addr.
func (g *guard) succeeded(account, addr string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	delete(g.accounts, account)
	delete(g.addrs, addr)
}
