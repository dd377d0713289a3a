package middleware

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

var hexID = regexp.MustCompile(`^[0-9a-f]{16}$`)

func TestRequestID(t *testing.T) {
	h := New(Config{}).Wrap(newRouter(nil))
	tests := []struct {
		name     string
		incoming string
		keep     bool
	}{
		{"absent", "", false},
		{"sane", "req-42_a.B", true},
		{"max length", strings.Repeat("a", 64), true},
		{"too long", strings.Repeat("a", 65), false},
		{"space", "a b", false},
		{"newline", "a\nb", false},
		{"non-ascii", "ü", false},
		{"colon", "a:b", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "/api/products/1", nil)
			if tt.incoming != "" {
				req.Header.Set("X-Request-ID", tt.incoming)
			}
			rec := do(h, req)
			got := rec.Header().Get("X-Request-ID")
			if tt.keep {
				if got != tt.incoming {
					t.Fatalf("id %q, want the incoming %q", got, tt.incoming)
				}
				return
			}
			if !hexID.MatchString(got) {
				t.Fatalf("id %q, want 16 hex characters", got)
			}
		})
	}
}

func TestNewRequestIDUnique(t *testing.T) {
	seen := map[string]bool{}
	for range 10000 {
		id := NewRequestID()
		if !hexID.MatchString(id) || seen[id] {
			t.Fatalf("bad or repeated id %q", id)
		}
		seen[id] = true
	}
}

func TestInfoRecordsStatusRouteAndBytes(t *testing.T) {
	var got Info
	inner := newRouter(nil)
	capture := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		inner.ServeHTTP(w, r)
		got = *InfoFrom(r.Context())
	})
	h := RequestInfo(Proxy{})(capture)
	tests := []struct {
		method, path string
		status       int
		route        string
	}{
		{http.MethodGet, "/api/products/7", 200, "/api/products/:id"},
		{http.MethodPost, "/api/products", 201, "/api/products"},
		{http.MethodGet, "/api/nope", 404, Unmatched},
		{http.MethodGet, "/api/fail", 500, "/api/fail"},
	}
	for _, tt := range tests {
		rec := do(h, httptest.NewRequest(tt.method, tt.path, nil))
		if got.Status != tt.status || rec.Code != tt.status {
			t.Errorf("%s %s: info status %d, response %d, want %d", tt.method, tt.path, got.Status, rec.Code, tt.status)
		}
		if got.RouteLabel() != tt.route {
			t.Errorf("%s %s: route %q, want %q", tt.method, tt.path, got.RouteLabel(), tt.route)
		}
		if got.Bytes != int64(rec.Body.Len()) || got.Bytes == 0 {
			t.Errorf("%s %s: %d bytes recorded, %d sent", tt.method, tt.path, got.Bytes, rec.Body.Len())
		}
		if got.Client != "192.0.2.1" {
			t.Errorf("client %q", got.Client)
		}
	}
}

func TestInfoFromNilSafe(t *testing.T) {
	info := InfoFrom(httptest.NewRequest(http.MethodGet, "/", nil).Context())
	if info != nil {
		t.Fatal("Info outside RequestInfo")
	}
	info.SetRoute("/x") // must not panic
	info.SetKeyID("k")
	if info.RouteLabel() != Unmatched {
		t.Fatal("nil Info has a route")
	}
}

func TestRecorderIgnoresInformational(t *testing.T) {
	var got int
	h := RequestInfo(Proxy{})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusEarlyHints)
		w.WriteHeader(http.StatusAccepted)
		got = InfoFrom(r.Context()).Status
	}))
	do(h, httptest.NewRequest(http.MethodGet, "/", nil))
	if got != http.StatusAccepted {
		t.Fatalf("status %d, want 202", got)
	}
}

// The recorder must let http.ResponseController reach the real writer.
func TestRecorderFlushThroughController(t *testing.T) {
	h := RequestInfo(Proxy{})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := http.NewResponseController(w).Flush(); err != nil {
			t.Errorf("flush: %v", err)
		}
	}))
	rec := do(h, httptest.NewRequest(http.MethodGet, "/", nil))
	if !rec.Flushed {
		t.Fatal("not flushed")
	}
}
