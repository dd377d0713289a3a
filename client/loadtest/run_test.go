package loadtest

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"strings"
	"testing"
	"time"
)

// quick returns options for a short run against srv.
func quick(url, scenario string) Options {
	return Options{BaseURL: url, Scenario: scenario, Concurrency: 8, Duration: 5 * time.Second, Seed: 1}
}

func TestMixedCountsAndStatuses(t *testing.T) {
	f := &fakeShop{users: 250, products: 320, similar404: true}
	srv := newFakeShop(t, f)
	opt := quick(srv.URL, ScenarioMixed)
	opt.MaxRequests = 2000
	rep, err := Run(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Requests != 2000 || rep.StoppedBy != StopMaxRequests {
		t.Fatalf("requests %d stopped by %s, want exactly 2000 stopped by max-requests", rep.Requests, rep.StoppedBy)
	}
	sum := 0
	for _, n := range rep.ByStatus {
		sum += n
	}
	if sum != rep.Requests || rep.NoResponse != 0 {
		t.Errorf("statuses add up to %d with %d without response, want %d and 0", sum, rep.NoResponse, rep.Requests)
	}
	// Every similar request is a 404 and the only error; the report and the
	// server must agree on how many there were.
	sim := f.opCount("similar")
	if rep.ByStatus[404] != sim || rep.Errors != sim || rep.Ops["similar"].Errors != sim {
		t.Errorf("404s %d, errors %d, similar errors %d; the server saw %d similar requests", rep.ByStatus[404], rep.Errors, rep.Ops["similar"].Errors, sim)
	}
	if !strings.Contains(strings.Join(rep.Notes, "\n"), "similar answered 404s") {
		t.Errorf("notes %q do not explain the 404s", rep.Notes)
	}
	// The blend, within a tolerance of 4 points on 2000 draws (about 4 sigma).
	want := map[string]float64{"product": 30, "listing": 10, "recommend": 25, "search": 15, "interaction": 15, "similar": 5}
	for op, pct := range want {
		o := rep.Ops[op]
		if got := 100 * float64(o.Requests) / float64(rep.Requests); got < pct-4 || got > pct+4 {
			t.Errorf("%s is %.1f%% of requests, want %v%% ± 4", op, got, pct)
		}
		if op != "similar" && f.opCount(op) != o.Requests {
			t.Errorf("%s: report says %d, the server saw %d", op, o.Requests, f.opCount(op))
		}
	}
	if rep.Cache == nil {
		t.Errorf("cache counters missing though /api/model/ answers")
	}
}

func TestIngestTraffic(t *testing.T) {
	f := &fakeShop{users: 500, products: 1000}
	srv := newFakeShop(t, f)
	opt := quick(srv.URL, ScenarioIngest)
	opt.MaxRequests = 3000
	rep, err := Run(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	if rep.ByStatus[201] != 3000 || rep.Errors != 0 {
		t.Fatalf("statuses %v errors %d, want 3000 × 201 (every body valid)", rep.ByStatus, rep.Errors)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for typ, pct := range map[string]float64{"view": 70, "like": 12, "cart": 12, "purchase": 6} {
		if got := 100 * float64(f.types[typ]) / 3000; got < pct-3.5 || got > pct+3.5 {
			t.Errorf("%s is %.1f%% of events, want %v%% ± 3.5", typ, got, pct)
		}
	}
	// Zipf-drawn users: the busiest user has far more than a uniform share
	// (6 events), and many users still appear.
	top := 0
	for _, n := range f.byUser {
		top = max(top, n)
	}
	if top < 100 || len(f.byUser) < 100 {
		t.Errorf("busiest user has %d events over %d users; want a skewed draw (≥100) over many users (≥100)", top, len(f.byUser))
	}
}

func TestRecommendHotSetAndNoCache(t *testing.T) {
	tests := []struct {
		scenario      string
		hotUsers      int
		maxUsers      int     // distinct users the server may see
		minUsers      int     // distinct users it must see
		hitRatioAbove float64 // the cache ratio during the run must be above
		hitRatioBelow float64 // and below
	}{
		{ScenarioRecommend, 1, 1, 1, 0.99, 1.01},
		{ScenarioRecommend, 16, 16, 16, 0.95, 1.01},
		{ScenarioRecommendNoCache, 0, 200, 150, -0.01, 0.2},
	}
	for _, tc := range tests {
		t.Run(tc.scenario, func(t *testing.T) {
			f := &fakeShop{users: 200}
			srv := newFakeShop(t, f)
			opt := quick(srv.URL, tc.scenario)
			opt.MaxRequests, opt.HotUsers = 1000, tc.hotUsers
			rep, err := Run(context.Background(), opt)
			if err != nil {
				t.Fatal(err)
			}
			f.mu.Lock()
			users := len(f.byUser)
			_, first := f.byUser[1]
			f.mu.Unlock()
			if users < tc.minUsers || users > tc.maxUsers {
				t.Errorf("the server saw %d distinct users, want %d to %d", users, tc.minUsers, tc.maxUsers)
			}
			if tc.hotUsers == 1 && !first {
				t.Errorf("a hot set of one must be user 1, the lowest id")
			}
			if rep.Cache == nil {
				t.Fatal("no cache report")
			}
			if c := rep.Cache; c.Hits+c.Misses != 1000 || c.HitRatio <= tc.hitRatioAbove || c.HitRatio >= tc.hitRatioBelow {
				t.Errorf("cache %+v: want 1000 lookups, ratio in (%v, %v)", *c, tc.hitRatioAbove, tc.hitRatioBelow)
			}
		})
	}
}

func TestSearchQueries(t *testing.T) {
	f := &fakeShop{products: 150}
	srv := newFakeShop(t, f)
	opt := quick(srv.URL, ScenarioSearch)
	opt.MaxRequests = 1000
	if _, err := Run(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	known := map[string]bool{"wireless": true, "headphones": true, "deluxe": true}
	var two, prefixes, typos int
	for _, q := range f.queries {
		words := strings.Fields(q)
		switch {
		case len(words) == 2:
			two++
		case len(words) != 1:
			t.Fatalf("query %q has %d words, want 1 or 2", q, len(words))
		case known[q]:
		case strings.HasPrefix("wireless", q) || strings.HasPrefix("headphones", q) || strings.HasPrefix("deluxe", q):
			prefixes++
		default:
			typos++
		}
	}
	// 30% two words, 10% prefixes, 10% typos (a typo may leave a word
	// unchanged when it replaces a letter with itself).
	for name, n := range map[string]int{"two-word": two, "prefix": prefixes, "typo": typos} {
		if n < 40 {
			t.Errorf("%d %s queries in %d, want a fair share", n, name, len(f.queries))
		}
	}
}

func TestDurationBound(t *testing.T) {
	f := &fakeShop{users: 50, delay: func(int64) time.Duration { return time.Millisecond }}
	srv := newFakeShop(t, f)
	opt := quick(srv.URL, ScenarioRecommend)
	opt.Duration, opt.Warmup = 400*time.Millisecond, 200*time.Millisecond
	began := time.Now()
	rep, err := Run(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	total := time.Since(began)
	if rep.StoppedBy != StopDuration || rep.Elapsed < 400*time.Millisecond || rep.Elapsed > 700*time.Millisecond {
		t.Errorf("stopped by %s after %v measured, want duration and 400ms (+ a tail)", rep.StoppedBy, rep.Elapsed)
	}
	if total > 1500*time.Millisecond {
		t.Errorf("the run took %v, want about warmup + duration", total)
	}
	// The warmup's requests are excluded: the server saw more than measured.
	if seen := int(f.recs.Load()); rep.Requests == 0 || rep.Requests >= seen {
		t.Errorf("measured %d of %d served requests, want some, and fewer than all", rep.Requests, seen)
	}
}

func TestPercentilesOfKnownLatencies(t *testing.T) {
	// Every tenth recommendation takes 25ms, the others 2ms: p50 is about
	// 2ms and p95, p99 about 25ms, plus the loopback's overhead.
	f := &fakeShop{users: 10, delay: func(n int64) time.Duration {
		if n%10 == 9 {
			return 25 * time.Millisecond
		}
		return 2 * time.Millisecond
	}}
	srv := newFakeShop(t, f)
	opt := quick(srv.URL, ScenarioRecommend)
	opt.Concurrency, opt.MaxRequests = 4, 400
	rep, err := Run(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	within := func(name string, got, low, high time.Duration) {
		if got < low || got > high {
			t.Errorf("%s = %v, want %v to %v", name, got, low, high)
		}
	}
	within("p50", rep.P50, 2*time.Millisecond, 6*time.Millisecond)
	within("p95", rep.P95, 25*time.Millisecond, 35*time.Millisecond)
	within("p99", rep.P99, 25*time.Millisecond, 35*time.Millisecond)
	within("max", rep.Max, rep.P99, 60*time.Millisecond)
	within("mean", rep.Mean, 4*time.Millisecond, 9*time.Millisecond) // 0.9×2 + 0.1×25 = 4.3
}

func TestCancelReturnsWhatWasMeasured(t *testing.T) {
	f := &fakeShop{users: 20, delay: func(int64) time.Duration { return time.Millisecond }}
	srv := newFakeShop(t, f)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(300*time.Millisecond, cancel)
	rep, err := Run(ctx, quick(srv.URL, ScenarioRecommend))
	if err != nil {
		t.Fatal(err)
	}
	if rep.StoppedBy != StopInterrupted || rep.Requests == 0 || rep.Errors != 0 {
		t.Errorf("stopped by %s with %d requests, %d errors; want interrupted, some requests, and no errors from the cancel", rep.StoppedBy, rep.Requests, rep.Errors)
	}
}

func TestDiscoveryFailures(t *testing.T) {
	// An address nothing listens on: take a port and give it back.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + l.Addr().String()
	l.Close()

	locked := newFakeShop(t, &fakeShop{users: 5, products: 5, key: "shelf_sk_test"})
	empty := newFakeShop(t, &fakeShop{users: 0, products: 5})
	tests := []struct {
		name, url, key, want string
	}{
		{"unreachable", dead, "", "cannot reach shelf at " + dead},
		{"no key", locked.URL, "", "pass -key"},
		{"wrong key", locked.URL, "nope", "pass -key"},
		{"no users", empty.URL, "", "the shop has no users"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			opt := quick(tc.url, ScenarioMixed)
			opt.APIKey = tc.key
			rep, err := Run(context.Background(), opt)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Run = %v, %v; want an error containing %q", rep, err, tc.want)
			}
		})
	}
	t.Run("right key", func(t *testing.T) {
		opt := quick(locked.URL, ScenarioMixed)
		opt.APIKey, opt.MaxRequests = "shelf_sk_test", 50
		rep, err := Run(context.Background(), opt)
		if err != nil || rep.Errors != 0 {
			t.Fatalf("Run = %v errors, %v; want none", rep, err)
		}
	})
}

func TestOptionsValidation(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*Options)
		want   string // "" means valid
	}{
		{"loopback v4", func(o *Options) { o.BaseURL = "http://127.0.0.1:8080/" }, ""},
		{"loopback v4 other", func(o *Options) { o.BaseURL = "http://127.0.0.2:8080" }, ""},
		{"loopback v6", func(o *Options) { o.BaseURL = "http://[::1]:8080" }, ""},
		{"localhost", func(o *Options) { o.BaseURL = "https://LocalHost:8443" }, ""},
		{"private address", func(o *Options) { o.BaseURL = "http://10.0.0.5:8080" }, "not a loopback address"},
		{"a name", func(o *Options) { o.BaseURL = "http://shop.example.com" }, "not a loopback address"},
		{"a name that looks local", func(o *Options) { o.BaseURL = "http://localhost.example.com" }, "not a loopback address"},
		{"remote allowed", func(o *Options) { o.BaseURL, o.AllowRemote = "http://shop.example.com", true }, ""},
		{"other scheme", func(o *Options) { o.BaseURL = "ftp://127.0.0.1" }, "http:// or https://"},
		{"no scheme", func(o *Options) { o.BaseURL = "127.0.0.1:8080" }, ""},
		{"empty", func(o *Options) { o.BaseURL = "" }, "not a URL"},
		{"unknown scenario", func(o *Options) { o.Scenario = "browse" }, "unknown scenario"},
		{"too long", func(o *Options) { o.Duration = 11 * time.Minute }, "at most 10m0s"},
		{"negative duration", func(o *Options) { o.Duration = -time.Second }, "duration"},
		{"long warmup", func(o *Options) { o.Warmup = 2 * time.Minute }, "warmup"},
		{"no clients", func(o *Options) { o.Concurrency = -1 }, "concurrency"},
		{"negative cap", func(o *Options) { o.MaxRequests = -1 }, "max requests"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			opt := Options{BaseURL: "http://127.0.0.1:8080", Scenario: ScenarioMixed}
			tc.mutate(&opt)
			got, err := opt.withDefaults()
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("want valid, got %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("want an error containing %q, got %v", tc.want, err)
			case err == nil && (got.Concurrency == 0 || got.Duration == 0 || strings.HasSuffix(got.BaseURL, "/")):
				t.Fatalf("defaults not applied: %+v", got)
			}
		})
	}
}

func TestRefusesRemoteBeforeSending(t *testing.T) {
	// 192.0.2.1 is TEST-NET-1: nothing answers there, and a refusal must
	// come at once, not after a dial timeout.
	began := time.Now()
	_, err := Run(context.Background(), Options{BaseURL: "http://192.0.2.1:8080", Scenario: ScenarioRecommend})
	if err == nil || !strings.Contains(err.Error(), "not a loopback address") || time.Since(began) > time.Second {
		t.Fatalf("Run = %v after %v, want an immediate refusal", err, time.Since(began))
	}
}

func TestReportWriters(t *testing.T) {
	f := &fakeShop{users: 30, products: 40}
	srv := newFakeShop(t, f)
	opt := quick(srv.URL, ScenarioRecommendNoCache)
	opt.MaxRequests = 100
	rep, err := Run(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	var text bytes.Buffer
	if err := rep.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"scenario recommend-nocache", "requests 100, errors 0", "status: 200×100", "hit ratio", "-cache-mb 0", "p99"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text report lacks %q:\n%s", want, text.String())
		}
	}
	var buf bytes.Buffer
	if err := rep.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Scenario   string             `json:"scenario"`
		Requests   int                `json:"requests"`
		ByStatus   map[string]int     `json:"by_status"`
		Throughput float64            `json:"throughput_rps"`
		Latency    map[string]float64 `json:"latency_ms"`
		Cache      *struct {
			Misses uint64 `json:"misses"`
		} `json:"cache"`
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("JSON report does not decode: %v\n%s", err, buf.String())
	}
	if got.Scenario != ScenarioRecommendNoCache || got.Requests != 100 || got.ByStatus["200"] != 100 || got.Throughput <= 0 ||
		got.Latency["p50"] <= 0 || got.Latency["max"] < got.Latency["p99"] || got.Cache == nil || got.Cache.Misses == 0 {
		t.Errorf("JSON report %s does not carry the figures", buf.String())
	}
}

// UserIDs draws recommend-nocache's users from the ids 1 to UserIDs, not
// from those discovery found.
func TestUserIDsDrawsFromTheIDRange(t *testing.T) {
	f := &fakeShop{users: 200}
	srv := newFakeShop(t, f)
	opt := quick(srv.URL, ScenarioRecommendNoCache)
	opt.MaxRequests, opt.UserIDs = 1000, 50
	if _, err := Run(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for u := range f.byUser {
		if u < 1 || u > 50 {
			t.Errorf("user %d asked for, outside 1 to 50", u)
		}
	}
	if len(f.byUser) < 45 {
		t.Errorf("%d distinct users of 50 asked for in 1,000 requests", len(f.byUser))
	}
	opt.UserIDs = -1
	if _, err := Run(context.Background(), opt); err == nil || !strings.Contains(err.Error(), "user ids") {
		t.Errorf("negative user ids: %v", err)
	}
}
