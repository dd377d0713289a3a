package middleware

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/julienschmidt/httprouter"

	"shelf/api/httperr"
)

// newRouter is a small shelf-like router: httprouter with JSON handlers, a
// route wrapper that records the pattern and the caller in Info as the api
// package does, and the per-key limit applied after "authentication" (the
// X-Test-Key header stands in for an API key).
func newRouter(lim *Limiter) http.Handler {
	r := httprouter.New()
	r.NotFound = http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		httperr.Write(w, httperr.New(httperr.NotFound, "no such endpoint"))
	})
	handle := func(method, path string, h http.HandlerFunc) {
		r.Handle(method, path, func(w http.ResponseWriter, req *http.Request, _ httprouter.Params) {
			info := InfoFrom(req.Context())
			info.SetRoute(path)
			if k := req.Header.Get("X-Test-Key"); k != "" {
				info.SetKeyID(k)
			}
			if ok, wait := lim.AllowKey(info.KeyID); !ok {
				WriteRateLimited(w, wait, "too many requests for this key")
				return
			}
			h(w, req)
		})
	}
	handle(http.MethodGet, "/api/products/:id", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"id": 1, "name": "Green Tea"})
	})
	handle(http.MethodPost, "/api/products", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusCreated, map[string]any{"id": 2})
	})
	handle(http.MethodGet, "/api/boom", func(http.ResponseWriter, *http.Request) {
		panic("boom")
	})
	handle(http.MethodGet, "/api/half", func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte("partial"))
		panic("after the header")
	})
	handle(http.MethodGet, "/api/fail", func(w http.ResponseWriter, _ *http.Request) {
		httperr.Write(w, httperr.New(httperr.Internal, "internal server error"))
	})
	handle(http.MethodGet, "/", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte("<!doctype html><title>shelf</title><div id=root></div>"))
	})
	return r
}

// logBuffer collects JSON log lines safely across the server's goroutines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// lines decodes every JSON line logged so far.
func (b *logBuffer) lines(t *testing.T) []map[string]any {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(b.buf.String()), "\n") {
		if l == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("log line %q: %v", l, err)
		}
		out = append(out, m)
	}
	return out
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func newLogger() (*slog.Logger, *logBuffer) {
	b := &logBuffer{}
	return slog.New(slog.NewJSONHandler(b, &slog.HandlerOptions{Level: slog.LevelDebug})), b
}

// fakeClock is a settable clock for the rate limiter.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// do serves one request through h and returns the recorded response.
func do(h http.Handler, req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// errorOf decodes an error body.
func errorOf(t *testing.T, rec *httptest.ResponseRecorder) string {
	t.Helper()
	var body struct {
		Error string `json:"error"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("body %q is not a JSON error: %v", rec.Body.String(), err)
	}
	return body.Error
}
