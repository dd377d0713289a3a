package middleware

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func scrape(t *testing.T, m *Metrics) string {
	t.Helper()
	rec := do(m.Handler(), httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if rec.Code != 200 {
		t.Fatalf("scrape: %d", rec.Code)
	}
	b, _ := io.ReadAll(rec.Body)
	return string(b)
}

func TestMetricsExposition(t *testing.T) {
	m := NewMetrics()
	var hits, misses atomic.Uint64
	if err := m.RegisterCache(hits.Load, misses.Load); err != nil {
		t.Fatal(err)
	}
	if err := m.RegisterCache(hits.Load, misses.Load); err == nil {
		t.Fatal("registering the cache twice succeeded")
	}
	hits.Add(7)
	misses.Add(3)
	h := New(Config{Metrics: m}).Wrap(newRouter(nil))
	for range 3 {
		do(h, httptest.NewRequest(http.MethodGet, "/api/products/1", nil))
	}
	do(h, httptest.NewRequest(http.MethodPost, "/api/products", nil))
	do(h, httptest.NewRequest(http.MethodGet, "/api/no/such/thing", nil))
	do(h, httptest.NewRequest(http.MethodGet, "/api/boom", nil))
	do(h, httptest.NewRequest("BREW", "/api/products/1", nil))
	m.AddInteractions(5)
	m.AddInteractions(2)
	m.ObserveTraining("ok", 1500*time.Millisecond)
	m.ObserveTraining("error", time.Second)
	m.SetModelMetric("ease", "ndcg@10", 0.25)

	out := scrape(t, m)
	for _, want := range []string{
		`shelf_http_requests_total{method="GET",route="/api/products/:id",status="200"} 3`,
		`shelf_http_requests_total{method="POST",route="/api/products",status="201"} 1`,
		`shelf_http_requests_total{method="GET",route="unmatched",status="404"} 1`,
		`shelf_http_requests_total{method="GET",route="/api/boom",status="500"} 1`,
		`shelf_http_requests_total{method="OTHER",route="unmatched",status="405"} 1`,
		`shelf_http_request_duration_seconds_bucket{method="GET",route="/api/products/:id",le="0.0001"}`,
		`shelf_http_request_duration_seconds_bucket{method="GET",route="/api/products/:id",le="10"} 3`,
		`shelf_http_request_duration_seconds_count{method="GET",route="/api/products/:id"} 3`,
		`shelf_interactions_ingested_total 7`,
		`shelf_cache_hits_total 7`,
		`shelf_cache_misses_total 3`,
		`shelf_training_runs_total{outcome="ok"} 1`,
		`shelf_training_runs_total{outcome="error"} 1`,
		`shelf_training_duration_seconds_sum 2.5`,
		`shelf_training_duration_seconds_count 2`,
		`shelf_model_metric{metric="ndcg@10",model="ease"} 0.25`,
		`go_goroutines `,
		`process_resident_memory_bytes `,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("exposition lacks %s", want)
		}
	}
	if strings.Contains(out, "/api/no/such/thing") || strings.Contains(out, "BREW") {
		t.Error("raw path or method leaked into labels")
	}
}

// Two Metrics in one process do not clash: no global registry.
func TestMetricsIndependent(t *testing.T) {
	a, b := NewMetrics(), NewMetrics()
	a.AddInteractions(1)
	if strings.Contains(scrape(t, b), "shelf_interactions_ingested_total 1") {
		t.Fatal("metrics shared between registries")
	}
}

func TestStatusLabel(t *testing.T) {
	for _, code := range []int{200, 201, 204, 206, 304, 400, 401, 403, 404, 405, 409, 413, 429, 500, 502, 503} {
		if got := statusLabel(code); got != strconv.Itoa(code) {
			t.Errorf("statusLabel(%d) = %q", code, got)
		}
	}
}
