package middleware

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
)

// benchWriter is a reusable ResponseWriter, so that the benchmark measures
// the middlewares rather than httptest.ResponseRecorder.
type benchWriter struct{ h http.Header }

func (w *benchWriter) Header() http.Header         { return w.h }
func (w *benchWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *benchWriter) WriteHeader(int)             {}

// benchChain measures the per-request overhead of the middleware around a
// handler that does nothing but write a short JSON body, with the router
// setting the route and key as shelf's does.
func benchChain(b *testing.B, cfg Config) {
	body := []byte(`{"id":1}`)
	inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		info := InfoFrom(r.Context())
		info.SetRoute("/api/products/:id")
		info.SetKeyID("key-1")
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	})
	chain := New(cfg)
	var h http.Handler = inner
	if cfg.Logger != nil || cfg.Metrics != nil || cfg.CORSOrigins != nil || cfg.Limits.PerAddress.PerSecond > 0 || cfg.Limits.PerKey.PerSecond > 0 {
		h = chain.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if ok, wait := chain.Limiter.AllowKey(InfoFrom(r.Context()).KeyID); !ok {
				WriteRateLimited(w, wait, "too many requests for this key")
				return
			}
			inner(w, r)
		}))
	}
	req := httptest.NewRequest(http.MethodGet, "/api/products/1?x=1", nil)
	req.RemoteAddr = "192.0.2.1:1234"
	req.Header.Set("Origin", "https://shop.example")
	w := &benchWriter{h: http.Header{}}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		clear(w.h)
		h.ServeHTTP(w, req)
	}
}

var unlimited = LimitConfig{PerAddress: Rate{PerSecond: 1e9, Burst: 1 << 30}, PerKey: Rate{PerSecond: 1e9, Burst: 1 << 30}}

func BenchmarkBare(b *testing.B) { benchChain(b, Config{}) }

func BenchmarkChainNoLog(b *testing.B) {
	benchChain(b, Config{Logger: slog.New(slog.DiscardHandler), Metrics: NewMetrics(), CORSOrigins: []string{"https://shop.example"}, Limits: unlimited})
}

func BenchmarkChainJSONLog(b *testing.B) {
	benchChain(b, Config{Logger: slog.New(slog.NewJSONHandler(io.Discard, nil)), Metrics: NewMetrics(), CORSOrigins: []string{"https://shop.example"}, Limits: unlimited})
}

func BenchmarkChainTextLog(b *testing.B) {
	benchChain(b, Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Metrics: NewMetrics(), CORSOrigins: []string{"https://shop.example"}, Limits: unlimited})
}

func BenchmarkLimiterParallel(b *testing.B) {
	l := NewLimiter(unlimited)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.RemoteAddr = "192.0.2.1:1234"
		for pb.Next() {
			l.AllowAddress(req)
		}
	})
}
