package middleware

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestRateLimitBurstThenRecover(t *testing.T) {
	tests := []struct {
		name       string
		limits     LimitConfig
		key        string
		addr2      string // a second client that must be unaffected
		burst      int
		retryAfter string
		recover    time.Duration
		why        string
	}{
		{"per address", LimitConfig{PerAddress: Rate{PerSecond: 2, Burst: 3}}, "", "198.51.100.2:1", 3, "1", 500 * time.Millisecond, "too many requests from this address"},
		{"per address slow", LimitConfig{PerAddress: Rate{PerSecond: 0.1, Burst: 2}}, "", "198.51.100.2:1", 2, "10", 10 * time.Second, "too many requests from this address"},
		{"per key", LimitConfig{PerKey: Rate{PerSecond: 4, Burst: 5}}, "key-a", "", 5, "1", 250 * time.Millisecond, "too many requests for this key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
			tt.limits.Now = clock.Now
			chain := New(Config{Limits: tt.limits})
			h := chain.Wrap(newRouter(chain.Limiter))
			get := func(addr string) *httptest.ResponseRecorder {
				req := httptest.NewRequest(http.MethodGet, "/api/products/1", nil)
				req.RemoteAddr = addr
				if tt.key != "" {
					req.Header.Set("X-Test-Key", tt.key)
				}
				return do(h, req)
			}
			for i := range tt.burst {
				if rec := get("198.51.100.1:1"); rec.Code != 200 {
					t.Fatalf("request %d of the burst: %d", i, rec.Code)
				}
			}
			// Denied requests must not consume tokens, so hammer a bit.
			for range 5 {
				rec := get("198.51.100.1:1")
				if rec.Code != http.StatusTooManyRequests {
					t.Fatalf("after the burst: %d", rec.Code)
				}
				if got := rec.Header().Get("Retry-After"); got != tt.retryAfter {
					t.Fatalf("Retry-After %q, want %q", got, tt.retryAfter)
				}
				if msg := errorOf(t, rec); !strings.HasPrefix(msg, "rate limit exceeded: "+tt.why) {
					t.Fatalf("message %q", msg)
				}
			}
			if tt.addr2 != "" {
				if rec := get(tt.addr2); rec.Code != 200 {
					t.Fatalf("other client limited: %d", rec.Code)
				}
			}
			clock.Advance(tt.recover - time.Millisecond)
			if rec := get("198.51.100.1:1"); rec.Code != 429 {
				t.Fatalf("just before a token: %d", rec.Code)
			}
			clock.Advance(time.Millisecond)
			if rec := get("198.51.100.1:1"); rec.Code != 200 {
				t.Fatalf("after waiting Retry-After: %d", rec.Code)
			}
			if rec := get("198.51.100.1:1"); rec.Code != 429 {
				t.Fatalf("one token, two requests: %d", rec.Code)
			}
		})
	}
}

func TestRetryAfterRoundsUp(t *testing.T) {
	tests := []struct {
		wait time.Duration
		want string
	}{{0, "1"}, {time.Millisecond, "1"}, {time.Second, "1"}, {time.Second + 1, "2"}, {90 * time.Second, "90"}}
	for _, tt := range tests {
		rec := httptest.NewRecorder()
		WriteRateLimited(rec, tt.wait, "x")
		if got := rec.Header().Get("Retry-After"); got != tt.want || rec.Code != 429 {
			t.Errorf("%v: Retry-After %q status %d, want %q", tt.wait, got, rec.Code, tt.want)
		}
	}
}

func TestAnonymousNotKeyLimited(t *testing.T) {
	l := NewLimiter(LimitConfig{PerKey: Rate{PerSecond: 1, Burst: 1}})
	for range 10 {
		if ok, _ := l.AllowKey(""); !ok {
			t.Fatal("anonymous caller key-limited")
		}
	}
	if ok, _ := l.AllowKey("k"); !ok {
		t.Fatal("first request denied")
	}
	if ok, _ := l.AllowKey("k"); ok {
		t.Fatal("second request allowed")
	}
}

func TestDisabledLimiter(t *testing.T) {
	var nilLimiter *Limiter
	for _, l := range []*Limiter{NewLimiter(LimitConfig{}), nilLimiter} {
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		for range 100 {
			if ok, _ := l.AllowAddress(req); !ok {
				t.Fatal("disabled address limit denied")
			}
			if ok, _ := l.AllowKey("k"); !ok {
				t.Fatal("disabled key limit denied")
			}
		}
	}
}

// IPv6 clients share a bucket per /64; IPv4 clients do not share.
func TestLimitKey(t *testing.T) {
	tests := []struct{ addr, want string }{
		{"192.0.2.1", "192.0.2.1"},
		{"2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"},
		{"2001:db8:1:2:ffff::1", "2001:db8:1:2::/64"},
		{"::ffff:192.0.2.1", "192.0.2.1"},
		{"fe80::1%eth0", "fe80::/64"},
		{"not-an-ip", "not-an-ip"},
	}
	for _, tt := range tests {
		if got := limitKey(tt.addr); got != tt.want {
			t.Errorf("limitKey(%q) = %q, want %q", tt.addr, got, tt.want)
		}
	}
}

func TestEvictionBoundsMemory(t *testing.T) {
	clock := &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	const max = 100
	l := NewLimiter(LimitConfig{PerAddress: Rate{PerSecond: 10, Burst: 10}, IdleTTL: time.Minute, MaxClients: max, Now: clock.Now})
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	// A flood of distinct clients never holds more than two generations.
	for i := range 10_000 {
		req.RemoteAddr = fmt.Sprintf("10.%d.%d.%d:1", i>>16&255, i>>8&255, i&255)
		l.AllowAddress(req)
		if n := l.addr.size(); n > 2*max {
			t.Fatalf("%d buckets after %d clients, bound %d", n, i+1, 2*max)
		}
	}
	// Idle clients are forgotten after two TTLs, active ones are kept.
	req.RemoteAddr = "192.0.2.7:1"
	for range 10 {
		l.AllowAddress(req)
	}
	for range 3 {
		clock.Advance(time.Minute)
		l.AllowAddress(req)
	}
	if n := l.addr.size(); n != 1 {
		t.Fatalf("%d buckets after idling, want only the active client", n)
	}
	// An idle gap of two TTLs drops everything.
	clock.Advance(2 * time.Minute)
	req.RemoteAddr = "192.0.2.8:1"
	l.AllowAddress(req)
	if n := l.addr.size(); n != 1 {
		t.Fatalf("%d buckets after a long idle gap", n)
	}
}

// Forgetting a client must not refill it early: a bucket kept across one
// rotation still holds its deficit.
func TestRotationKeepsState(t *testing.T) {
	clock := &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	l := NewLimiter(LimitConfig{PerKey: Rate{PerSecond: 0.01, Burst: 2}, IdleTTL: time.Second, Now: clock.Now})
	l.AllowKey("k")
	l.AllowKey("k")
	// The TTL is raised to the refill time (200 s); after half of it the
	// bucket has one token, not a fresh two.
	clock.Advance(100 * time.Second)
	if ok, _ := l.AllowKey("k"); !ok {
		t.Fatal("no token after 100 s")
	}
	if ok, _ := l.AllowKey("k"); ok {
		t.Fatal("bucket was reset by eviction")
	}
}

func TestLimiterConcurrent(t *testing.T) {
	l := NewLimiter(LimitConfig{PerAddress: Rate{PerSecond: 1, Burst: 50}, MaxClients: 8})
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		allowed int
	)
	for range 8 {
		wg.Go(func() {
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			req.RemoteAddr = "192.0.2.1:1"
			for range 100 {
				ok, _ := l.AllowAddress(req)
				mu.Lock()
				if ok {
					allowed++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	// 50 of burst, plus at most a token or two from the elapsed time.
	if allowed < 50 || allowed > 53 {
		t.Fatalf("%d allowed of 800, want about 50", allowed)
	}
}
