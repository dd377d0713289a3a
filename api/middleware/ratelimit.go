package middleware

import (
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"shelf/api/httperr"
)

// Rate is a token bucket: PerSecond requests per second on average, and
// bursts of up to Burst. A zero PerSecond disables the limit.
type Rate struct {
	PerSecond float64
	Burst     int
}

// LimitConfig sets the two rate limits.
type LimitConfig struct {
	// PerAddress limits each client address (an IPv6 client by its /64).
	PerAddress Rate
	// PerKey limits each caller named by Info.KeyID (API key or session).
	PerKey Rate
	// IdleTTL is how long an idle client's bucket is kept; 0 means 5
	// minutes. It is raised to at least the time a bucket takes to refill,
	// so forgetting a client never hands it more than a full bucket.
	IdleTTL time.Duration
	// MaxClients bounds the buckets of each limit; 0 means 100,000
	// (around 20 MB at most). When full, the oldest generation of buckets is
	// dropped early, which can only make limits laxer for a moment.
	MaxClients int
	// Now is the clock, for tests; nil means time.Now.
	Now func() time.Time
}

// Limiter applies per-address and per-key rate limits. The address limit
// runs as a middleware before the router; the key limit needs the caller's
// identity, known only after authentication, so the router calls AllowKey
// (and WriteRateLimited when it refuses) once it knows the key. It needs no Close: idle buckets
// are dropped lazily (see limiterSet).
type Limiter struct {
	addr *limiterSet // nil when disabled
	key  *limiterSet
	now  func() time.Time
}

// NewLimiter returns a limiter for cfg.
func NewLimiter(cfg LimitConfig) *Limiter {
	if cfg.IdleTTL <= 0 {
		cfg.IdleTTL = 5 * time.Minute
	}
	if cfg.MaxClients <= 0 {
		cfg.MaxClients = 100_000
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Limiter{
		addr: newLimiterSet(cfg.PerAddress, cfg.IdleTTL, cfg.MaxClients),
		key:  newLimiterSet(cfg.PerKey, cfg.IdleTTL, cfg.MaxClients),
		now:  cfg.Now,
	}
}

// AllowAddress takes a token for r's client address; when none is left it
// reports how long until one is.
func (l *Limiter) AllowAddress(r *http.Request) (ok bool, retryAfter time.Duration) {
	if l == nil || l.addr == nil {
		return true, 0
	}
	client := ""
	if info := InfoFrom(r.Context()); info != nil {
		client = info.Client
	} else {
		client = remoteHost(r.RemoteAddr)
	}
	return l.addr.allow(limitKey(client), l.now())
}

// AllowKey takes a token for the caller keyID; "" (anonymous) is always
// allowed, since the address limit covers it.
func (l *Limiter) AllowKey(keyID string) (ok bool, retryAfter time.Duration) {
	if l == nil || l.key == nil || keyID == "" {
		return true, 0
	}
	return l.key.allow(keyID, l.now())
}

// Address is the middleware of the per-address limit: it answers 429 with
// Retry-After when the client has no token left.
func (l *Limiter) Address(next http.Handler) http.Handler {
	if l == nil || l.addr == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ok, wait := l.AllowAddress(r); !ok {
			WriteRateLimited(w, wait, "too many requests from this address")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// WriteRateLimited answers 429 {"error":"rate limit exceeded: <why>"} with
// Retry-After in whole seconds, rounded up so that a client that waits that
// long finds a token.
func WriteRateLimited(w http.ResponseWriter, retryAfter time.Duration, why string) {
	secs := max(int64(math.Ceil(retryAfter.Seconds())), 1)
	httperr.Write(w, &httperr.Error{Code: httperr.RateLimited, RetryAfter: time.Duration(secs) * time.Second,
		Message: "rate limit exceeded: " + why + "; retry in " + strconv.FormatInt(secs, 10) + "s"})
}

// limiterSet maps clients to token buckets in two generations: lookups
// check cur, then prev (moving a hit into cur); every ttl, or when cur is
// full, prev is dropped whole and cur becomes prev. A bucket idle for two
// ttls is thus gone, memory stays under two maps of max entries, and no
// request ever pays for a sweep and no janitor goroutine needs stopping.
type limiterSet struct {
	limit rate.Limit
	burst int
	ttl   time.Duration
	max   int

	mu      sync.Mutex
	cur     map[string]*rate.Limiter
	prev    map[string]*rate.Limiter
	rotated time.Time
}

func newLimiterSet(r Rate, ttl time.Duration, max int) *limiterSet {
	if r.PerSecond <= 0 {
		return nil
	}
	if r.Burst < 1 {
		r.Burst = 1
	}
	// A bucket must refill before it may be forgotten.
	if refill := time.Duration(float64(r.Burst) / r.PerSecond * float64(time.Second)); ttl < refill {
		ttl = refill
	}
	return &limiterSet{limit: rate.Limit(r.PerSecond), burst: r.Burst, ttl: ttl, max: max, cur: map[string]*rate.Limiter{}}
}

// allow takes a token from key's bucket, or reports the wait for one
// without taking it, so a client hammering while limited does not push its
// own recovery further out.
func (s *limiterSet) allow(key string, now time.Time) (bool, time.Duration) {
	lim := s.get(key, now)
	res := lim.ReserveN(now, 1)
	if wait := res.DelayFrom(now); wait > 0 {
		res.CancelAt(now)
		return false, wait
	}
	return true, 0
}

func (s *limiterSet) get(key string, now time.Time) *rate.Limiter {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.rotated.IsZero() {
		s.rotated = now
	}
	if age := now.Sub(s.rotated); age >= s.ttl || len(s.cur) >= s.max {
		if age >= 2*s.ttl {
			s.prev = nil // everything is idle for a ttl at least
		} else {
			s.prev = s.cur
		}
		s.cur = make(map[string]*rate.Limiter, len(s.prev)/2)
		s.rotated = now
	}
	lim := s.cur[key]
	if lim == nil {
		lim = s.prev[key]
		if lim == nil {
			lim = rate.NewLimiter(s.limit, s.burst)
		} else {
			delete(s.prev, key)
		}
		s.cur[key] = lim
	}
	return lim
}

// size returns the number of buckets held, for tests.
func (s *limiterSet) size() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.cur) + len(s.prev)
}
