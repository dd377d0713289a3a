package auth

import (
	"context"
	"errors"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"shelf/api/httperr"
	"shelf/store"
)

const rightPassword = "a long enough password"

// fakeClock is a clock tests move by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newGuarded(t *testing.T, g GuardConfig) (*Auth, *fakeClock) {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "g.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := SetAdminPassword(st, "admin", rightPassword); err != nil {
		t.Fatal(err)
	}
	clock := &fakeClock{t: time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)}
	a, err := New(st, Config{Now: clock.now, Guard: g})
	if err != nil {
		t.Fatal(err)
	}
	return a, clock
}

func code(err error) httperr.Code {
	var he *httperr.Error
	if errors.As(err, &he) {
		return he.Code
	}
	if err == nil {
		return ""
	}
	return "other: " + httperr.Code(err.Error())
}

func login(a *Auth, addr, password string) error {
	_, err := a.Login(context.Background(), httptest.NewRecorder(), addr, "admin", password)
	return err
}

// TestLoginFlood: 200 clients guessing at once run at most Verifiers
// checks at a time and few checks in all; the others are answered 429 or
// 503 at once, and the right password works again once the delay ran out.
func TestLoginFlood(t *testing.T) {
	a, clock := newGuarded(t, GuardConfig{})
	var wg sync.WaitGroup
	var refused atomic.Int32
	for c := range 200 {
		wg.Go(func() {
			for range 5 {
				switch err := login(a, "10.0.0.1", "wrong guess"); code(err) {
				case httperr.Unauthorized:
				case httperr.RateLimited, httperr.Unavailable:
					refused.Add(1)
				default:
					t.Errorf("client %d: %v", c, err)
				}
			}
		})
	}
	wg.Wait()
	if p := a.guard.peak.Load(); p > 2 {
		t.Fatalf("%d password checks ran at once; the guard allows 2", p)
	}
	if n := a.guard.checks.Load(); n > 20 {
		t.Fatalf("%d of 1,000 guesses were checked; want the account delayed after a few", n)
	}
	if refused.Load() < 980 {
		t.Fatalf("only %d of 1,000 guesses were refused without a check", refused.Load())
	}
	if err := login(a, "10.0.0.2", rightPassword); code(err) != httperr.RateLimited {
		t.Fatalf("during the delay the right password gave %v; want 429 (the account is delayed)", err)
	}
	clock.add(31 * time.Second)
	if err := login(a, "10.0.0.2", rightPassword); err != nil {
		t.Fatalf("the right password after the flood: %v", err)
	}
}

// TestLoginBackoff: free failures, then a delay that doubles up to its
// cap; a success clears it; addresses are slowed on their own.
func TestLoginBackoff(t *testing.T) {
	a, clock := newGuarded(t, GuardConfig{FreeFailures: 3, BaseDelay: time.Second, MaxDelay: 8 * time.Second})
	for i := range 3 {
		if err := login(a, "10.0.0.1", "wrong"); code(err) != httperr.Unauthorized {
			t.Fatalf("free failure %d: %v", i, err)
		}
	}
	for _, want := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 8 * time.Second} {
		if err := login(a, "10.0.0.1", "wrong"); code(err) != httperr.Unauthorized {
			t.Fatalf("a checked failure: %v", err)
		}
		err := login(a, "10.0.0.1", rightPassword)
		var he *httperr.Error
		if !errors.As(err, &he) || he.Code != httperr.RateLimited || he.RetryAfter != want {
			t.Fatalf("during the delay: %v (retry after %v), want 429 after %v", err, he, want)
		}
		clock.add(want)
	}
	if err := login(a, "10.0.0.1", rightPassword); err != nil {
		t.Fatalf("after the delay: %v", err)
	}
	if n := len(a.guard.accounts) + len(a.guard.addrs); n != 0 {
		t.Fatalf("a success left %d failure records", n)
	}
}

// TestAddressDelayedAcrossAccounts: one address guessing many account
// names is delayed too, while another address still logs in.
func TestAddressDelayedAcrossAccounts(t *testing.T) {
	a, _ := newGuarded(t, GuardConfig{FreeFailures: 2})
	for _, name := range []string{"a1", "a2", "a3", "a4"} {
		_, _ = a.Login(context.Background(), httptest.NewRecorder(), "10.9.9.9", name, "wrong")
	}
	if _, err := a.Login(context.Background(), httptest.NewRecorder(), "10.9.9.9", "a5", "wrong"); code(err) != httperr.RateLimited {
		t.Fatalf("a guessing address was not delayed: %v", err)
	}
	if err := login(a, "10.1.1.1", rightPassword); err != nil {
		t.Fatalf("another address: %v", err)
	}
}

// TestGuardMemoryIsBounded: a spray of addresses never grows the records
// past MaxTracked.
func TestGuardMemoryIsBounded(t *testing.T) {
	g := newGuard(GuardConfig{MaxTracked: 100}, time.Now)
	for i := range 1000 {
		g.failed("admin", "10.0."+string(rune('a'+i%26))+string(rune('a'+i/26)))
	}
	if len(g.addrs) > 100 {
		t.Fatalf("%d addresses tracked; the bound is 100", len(g.addrs))
	}
}

// TestQueueFull: beyond the slots and the queue, a login is answered 503
// at once with Retry-After.
func TestQueueFull(t *testing.T) {
	g := newGuard(GuardConfig{Verifiers: 1, Queue: 1, QueueWait: time.Minute}, time.Now)
	hold := make(chan struct{})
	started := make(chan struct{})
	go g.check(context.Background(), func() error { close(started); <-hold; return nil })
	<-started
	queued := make(chan error)
	go func() { queued <- g.check(context.Background(), func() error { return nil }) }()
	for g.waiting.Load() == 0 {
		time.Sleep(time.Millisecond) // the second check enters the queue
	}
	err := g.check(context.Background(), func() error { return nil })
	var he *httperr.Error
	if !errors.As(err, &he) || he.Code != httperr.Unavailable || he.RetryAfter <= 0 {
		t.Fatalf("a login beyond the queue: %v", err)
	}
	close(hold)
	if err := <-queued; err != nil {
		t.Fatalf("the queued login: %v", err)
	}
}
