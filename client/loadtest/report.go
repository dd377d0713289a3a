package loadtest

import (
	"encoding/json"
	"fmt"
	"io"
	"shelf/client"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// Why a run stopped.
const (
	StopDuration    = "duration"
	StopMaxRequests = "max-requests"
	StopInterrupted = "interrupted"
)

// Report is the outcome of one run. Durations are measured from the start
// of the request to the end of its body.
type Report struct {
	Scenario    string
	BaseURL     string
	Concurrency int
	Seed        int64
	// Warmup is the unmeasured lead-in; Elapsed the measured time after it.
	Warmup, Elapsed time.Duration
	// StoppedBy is StopDuration, StopMaxRequests or StopInterrupted.
	StoppedBy string
	// Requests counts the measured requests; Errors those that got no
	// response (NoResponse of them) or a status of 400 or more.
	Requests, Errors, NoResponse int
	// ByStatus counts the responses by HTTP status.
	ByStatus map[int]int
	// Throughput is Requests per second of Elapsed.
	Throughput float64
	// Latency percentiles of the requests that got a response; Max is
	// exact, the others within 0.4%.
	Mean, P50, P90, P95, P99, Max time.Duration
	// Ops breaks the figures down by kind of request (one for every
	// scenario but mixed).
	Ops map[string]OpReport
	// Cache is the server's recommendation cache over the measured run;
	// nil when GET /api/model/ was not readable.
	Cache *CacheReport
	// Shop is what discovery found.
	Shop ShopReport
	// ErrorSamples holds up to five distinct errors of requests without a
	// response.
	ErrorSamples []string
	// Notes say how to read the figures.
	Notes []string
}

// OpReport is the figures of one kind of request.
type OpReport struct {
	Requests, Errors int
	P50, P95, P99    time.Duration
}

// CacheReport is the change of the server's cache counters over a run.
type CacheReport struct {
	Hits, Misses uint64
	// HitRatio is Hits / (Hits + Misses), and BeforeHitRatio the server's
	// lifetime ratio when measuring began.
	HitRatio, BeforeHitRatio float64
}

// ShopReport is the size of what discovery found (bounded by its paging).
type ShopReport struct {
	Users, Products, Categories, Words int
}

func newReport(opt Options, sh *shop, t *tally, elapsed time.Duration, stoppedBy string, before, after *client.CacheCounts) *Report {
	r := &Report{
		Scenario: opt.Scenario, BaseURL: opt.BaseURL, Concurrency: opt.Concurrency, Seed: opt.Seed,
		Warmup: opt.Warmup, Elapsed: elapsed, StoppedBy: stoppedBy,
		ByStatus: map[int]int{}, Ops: map[string]OpReport{},
		Mean: t.all.Mean(), P50: t.all.Quantile(0.50), P90: t.all.Quantile(0.90), P95: t.all.Quantile(0.95),
		P99: t.all.Quantile(0.99), Max: t.all.Max(),
		Shop:         ShopReport{Users: len(sh.users), Products: len(sh.products), Categories: len(sh.categories), Words: len(sh.words)},
		ErrorSamples: t.samples,
	}
	r.NoResponse = int(t.status[0].Load())
	r.Requests, r.Errors = r.NoResponse, r.NoResponse
	for code := 1; code < len(t.status); code++ {
		if n := int(t.status[code].Load()); n > 0 {
			r.ByStatus[code] = n
			r.Requests += n
			if code >= 400 {
				r.Errors += n
			}
		}
	}
	for op := range numOps {
		h := &t.ops[op]
		n, errs := int(t.opCount[op].Load()), int(t.opErrors[op].Load())
		if n == 0 {
			continue
		}
		r.Ops[opNames[op]] = OpReport{Requests: n, Errors: errs, P50: h.Quantile(0.5), P95: h.Quantile(0.95), P99: h.Quantile(0.99)}
	}
	if elapsed > 0 {
		r.Throughput = float64(r.Requests) / elapsed.Seconds()
	}
	if before != nil && after != nil {
		c := &CacheReport{Hits: after.Hits - before.Hits, Misses: after.Misses - before.Misses, BeforeHitRatio: ratio(before.Hits, before.Misses)}
		c.HitRatio = ratio(c.Hits, c.Misses)
		r.Cache = c
	}
	r.Notes = notes(r)
	return r
}

func ratio(hits, misses uint64) float64 {
	if hits+misses == 0 {
		return 0
	}
	return float64(hits) / float64(hits+misses)
}

// notes explain what the figures of a scenario mean and flag what looks off.
func notes(r *Report) []string {
	var out []string
	switch r.Scenario {
	case ScenarioRecommendNoCache:
		out = append(out, "recommend-nocache measures uncached recommendations only if the server runs with -cache-mb 0; otherwise it measures a cache under churn (see the cache hit ratio)")
	case ScenarioRecommend:
		out = append(out, "recommend asks for the same few users again and again: it measures the cached path")
	case ScenarioIngest:
		out = append(out, "every interaction is a durable write: ingest is bound by fsync latency and the number of concurrent writers")
	}
	if r.Cache == nil {
		out = append(out, "cache counters unavailable: GET /api/model/ needs a secret key (pass -key) unless the server runs with -demo")
	}
	if op, ok := r.Ops[opNames[opSimilar]]; ok && r.ByStatus[404] > 0 && op.Errors > 0 {
		out = append(out, "similar answered 404s: this server may not have GET /api/products/{id}/similar/ yet; they count as errors")
	}
	if n := r.ByStatus[429]; n > 0 {
		out = append(out, fmt.Sprintf("%d requests were rate limited (429): start the server with -rate-limit 0 -key-rate-limit 0 to measure it rather than its limiter", n))
	}
	if r.Requests > 0 && r.Errors*10 > r.Requests {
		out = append(out, fmt.Sprintf("%.0f%% of requests failed: the figures do not describe a healthy server", 100*float64(r.Errors)/float64(r.Requests)))
	}
	return out
}

// ms renders a duration in milliseconds with three decimals.
func ms(d time.Duration) string { return fmt.Sprintf("%.3f", float64(d)/float64(time.Millisecond)) }

// WriteText writes the report as a human-readable summary.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "scenario %s against %s: %d clients, %s measured after %s warmup (stopped by %s), seed %d\n",
		r.Scenario, r.BaseURL, r.Concurrency, r.Elapsed.Round(time.Millisecond), r.Warmup, r.StoppedBy, r.Seed)
	fmt.Fprintf(&b, "shop: %d users, %d products, %d categories, %d search words\n", r.Shop.Users, r.Shop.Products, r.Shop.Categories, r.Shop.Words)
	fmt.Fprintf(&b, "requests %d, errors %d (no response %d), throughput %.1f req/s\n", r.Requests, r.Errors, r.NoResponse, r.Throughput)
	fmt.Fprintf(&b, "latency ms: mean %s  p50 %s  p90 %s  p95 %s  p99 %s  max %s\n", ms(r.Mean), ms(r.P50), ms(r.P90), ms(r.P95), ms(r.P99), ms(r.Max))
	codes := make([]int, 0, len(r.ByStatus))
	for c := range r.ByStatus {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	b.WriteString("status:")
	for _, c := range codes {
		fmt.Fprintf(&b, " %d×%d", c, r.ByStatus[c])
	}
	b.WriteString("\n")
	if len(r.Ops) > 0 {
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "op\trequests\terrors\tp50 ms\tp95 ms\tp99 ms\t")
		names := make([]string, 0, len(r.Ops))
		for n := range r.Ops {
			names = append(names, n)
		}
		slices.Sort(names)
		for _, n := range names {
			o := r.Ops[n]
			fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\t%s\t\n", n, o.Requests, o.Errors, ms(o.P50), ms(o.P95), ms(o.P99))
		}
		tw.Flush()
	}
	if c := r.Cache; c != nil && c.Hits+c.Misses > 0 {
		fmt.Fprintf(&b, "cache during the run: %d hits, %d misses, hit ratio %.1f%% (%.1f%% before)\n", c.Hits, c.Misses, 100*c.HitRatio, 100*c.BeforeHitRatio)
	}
	for _, s := range r.ErrorSamples {
		fmt.Fprintf(&b, "error: %s\n", s)
	}
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "note: %s\n", n)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteJSON writes the report as one indented JSON object, durations in
// milliseconds.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r.jsonView())
}
