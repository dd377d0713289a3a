package loadtest

import (
	"strconv"
	"time"
)

// reportJSON is Report as JSON: snake_case names and durations in
// milliseconds, which is what dashboards and spreadsheets expect.
type reportJSON struct {
	Scenario     string            `json:"scenario"`
	BaseURL      string            `json:"base_url"`
	Concurrency  int               `json:"concurrency"`
	Seed         int64             `json:"seed"`
	WarmupMS     float64           `json:"warmup_ms"`
	ElapsedMS    float64           `json:"elapsed_ms"`
	StoppedBy    string            `json:"stopped_by"`
	Requests     int               `json:"requests"`
	Errors       int               `json:"errors"`
	NoResponse   int               `json:"no_response"`
	ByStatus     map[string]int    `json:"by_status"`
	Throughput   float64           `json:"throughput_rps"`
	Latency      latencyJSON       `json:"latency_ms"`
	Ops          map[string]opJSON `json:"ops"`
	Cache        *cacheJSON        `json:"cache"`
	Shop         ShopReport        `json:"shop"`
	ErrorSamples []string          `json:"error_samples"`
	Notes        []string          `json:"notes"`
}

type latencyJSON struct {
	Mean float64 `json:"mean"`
	P50  float64 `json:"p50"`
	P90  float64 `json:"p90"`
	P95  float64 `json:"p95"`
	P99  float64 `json:"p99"`
	Max  float64 `json:"max"`
}

type opJSON struct {
	Requests int     `json:"requests"`
	Errors   int     `json:"errors"`
	P50MS    float64 `json:"p50_ms"`
	P95MS    float64 `json:"p95_ms"`
	P99MS    float64 `json:"p99_ms"`
}

type cacheJSON struct {
	Hits           uint64  `json:"hits"`
	Misses         uint64  `json:"misses"`
	HitRatio       float64 `json:"hit_ratio"`
	BeforeHitRatio float64 `json:"before_hit_ratio"`
}

func msf(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func (r *Report) jsonView() reportJSON {
	v := reportJSON{
		Scenario: r.Scenario, BaseURL: r.BaseURL, Concurrency: r.Concurrency, Seed: r.Seed,
		WarmupMS: msf(r.Warmup), ElapsedMS: msf(r.Elapsed), StoppedBy: r.StoppedBy,
		Requests: r.Requests, Errors: r.Errors, NoResponse: r.NoResponse, Throughput: r.Throughput,
		ByStatus: map[string]int{}, Ops: map[string]opJSON{}, Shop: r.Shop,
		ErrorSamples: append([]string{}, r.ErrorSamples...), Notes: append([]string{}, r.Notes...),
		Latency: latencyJSON{Mean: msf(r.Mean), P50: msf(r.P50), P90: msf(r.P90), P95: msf(r.P95), P99: msf(r.P99), Max: msf(r.Max)},
	}
	for code, n := range r.ByStatus {
		v.ByStatus[strconv.Itoa(code)] = n
	}
	for name, o := range r.Ops {
		v.Ops[name] = opJSON{Requests: o.Requests, Errors: o.Errors, P50MS: msf(o.P50), P95MS: msf(o.P95), P99MS: msf(o.P99)}
	}
	if c := r.Cache; c != nil {
		v.Cache = &cacheJSON{Hits: c.Hits, Misses: c.Misses, HitRatio: c.HitRatio, BeforeHitRatio: c.BeforeHitRatio}
	}
	return v
}
