package middleware

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds shelf's Prometheus metrics on a registry of its own (never
// the global one, so tests and several servers in one process do not
// clash). The HTTP series are filled by Middleware; the application series
// are fields the application updates, directly or through the helper
// methods below.
type Metrics struct {
	// Registry holds every series, the Go and process collectors included;
	// register more with Registry.Register.
	Registry *prometheus.Registry

	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec

	// InteractionsIngested counts interactions stored (single and bulk).
	InteractionsIngested prometheus.Counter
	// TrainingRuns counts training runs by outcome ("ok", "error",
	// "skipped", ...).
	TrainingRuns *prometheus.CounterVec
	// TrainingDuration observes how long a training run took, in seconds.
	TrainingDuration prometheus.Histogram
	// ModelMetric holds evaluation figures by model and metric name, e.g.
	// {model="ease", metric="ndcg@10"}.
	ModelMetric *prometheus.GaugeVec
}

// requestBuckets span 0.1 ms (a cached answer) to 10 s (a large import), in
// 1-2.5-5 steps.
var requestBuckets = []float64{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// trainingBuckets span 10 ms to about 20 minutes.
var trainingBuckets = prometheus.ExponentialBuckets(0.01, 2.5, 14)

// NewMetrics creates the metrics and registers them with the Go and process
// collectors on a fresh registry.
func NewMetrics() *Metrics {
	m := &Metrics{
		Registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "shelf_http_requests_total",
			Help: "HTTP requests served, by route pattern, method and status.",
		}, []string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "shelf_http_request_duration_seconds",
			Help:    "Time to serve an HTTP request, by route pattern and method.",
			Buckets: requestBuckets,
		}, []string{"route", "method"}),
		InteractionsIngested: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "shelf_interactions_ingested_total",
			Help: "Interactions stored, one by one or by import.",
		}),
		TrainingRuns: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "shelf_training_runs_total",
			Help: "Model training runs, by outcome.",
		}, []string{"outcome"}),
		TrainingDuration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "shelf_training_duration_seconds",
			Help:    "Time a model training run took.",
			Buckets: trainingBuckets,
		}),
		ModelMetric: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "shelf_model_metric",
			Help: "Offline evaluation figures of the served models, by model and metric.",
		}, []string{"model", "metric"}),
	}
	m.Registry.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.requests, m.duration,
		m.InteractionsIngested, m.TrainingRuns, m.TrainingDuration, m.ModelMetric,
	)
	return m
}

// AddInteractions counts n stored interactions.
func (m *Metrics) AddInteractions(n int) {
	if m != nil && n > 0 {
		m.InteractionsIngested.Add(float64(n))
	}
}

// ObserveTraining records one training run's outcome and duration.
func (m *Metrics) ObserveTraining(outcome string, d time.Duration) {
	if m == nil {
		return
	}
	m.TrainingRuns.WithLabelValues(outcome).Inc()
	m.TrainingDuration.Observe(d.Seconds())
}

// SetModelMetric sets one evaluation figure of a model.
func (m *Metrics) SetModelMetric(model, metric string, v float64) {
	if m != nil {
		m.ModelMetric.WithLabelValues(model, metric).Set(v)
	}
}

// RegisterCache exposes the application's own cache counters as
// shelf_cache_hits_total and shelf_cache_misses_total; the functions are
// read at each scrape, so they must be safe for concurrent use (atomics).
func (m *Metrics) RegisterCache(hits, misses func() uint64) error {
	for _, c := range []struct {
		name, help string
		fn         func() uint64
	}{
		{"shelf_cache_hits_total", "Recommendation cache hits.", hits},
		{"shelf_cache_misses_total", "Recommendation cache misses.", misses},
	} {
		fn := c.fn
		err := m.Registry.Register(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: c.name, Help: c.help},
			func() float64 { return float64(fn()) }))
		if err != nil {
			return err
		}
	}
	return nil
}

// Handler serves the registry in the Prometheus text format, for
// GET /metrics. It exposes internals (routes, volumes): serve it to the
// operator only.
func (m *Metrics) Handler() http.Handler {
	// Two scrapes at once are plenty; more are answered 503 rather than
	// queued, so a scrape storm cannot pile up goroutines.
	return promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{Registry: m.Registry, MaxRequestsInFlight: 2})
}

// Middleware counts and times each request by route pattern (Info.Route,
// or "unmatched"), method and status. It must sit inside RequestInfo and
// outside Recover, so that a panic counts as the 500 it becomes.
func (m *Metrics) Middleware(next http.Handler) http.Handler {
	if m == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w, r, info := begin(w, r, Proxy{})
		defer m.observe(r, info)
		next.ServeHTTP(w, r)
	})
}

func (m *Metrics) observe(r *http.Request, info *Info) {
	route, method := info.RouteLabel(), methodLabel(r.Method)
	status := info.Status
	if status == 0 {
		status = http.StatusOK
	}
	m.requests.WithLabelValues(route, method, statusLabel(status)).Inc()
	m.duration.WithLabelValues(route, method).Observe(time.Since(info.Start).Seconds())
}

// methodLabel keeps the method label bounded: clients may send any token.
func methodLabel(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions:
		return m
	}
	return "OTHER"
}

// statusLabel formats a status without allocating for the common ones.
func statusLabel(code int) string {
	switch code {
	case 200:
		return "200"
	case 201:
		return "201"
	case 204:
		return "204"
	case 304:
		return "304"
	case 400:
		return "400"
	case 401:
		return "401"
	case 403:
		return "403"
	case 404:
		return "404"
	case 405:
		return "405"
	case 409:
		return "409"
	case 413:
		return "413"
	case 429:
		return "429"
	case 500:
		return "500"
	case 503:
		return "503"
	}
	return strconv.Itoa(code)
}
