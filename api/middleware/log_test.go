package middleware

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestAccessLog(t *testing.T) {
	logger, buf := newLogger()
	h := New(Config{Logger: logger}).Wrap(newRouter(nil))
	tests := []struct {
		name, method, target string
		key                  string
		status               int
		level, route, path   string
	}{
		{"match", "GET", "/api/products/3?api_key=s3cret&token=hunter2", "key-1", 200, "INFO", "/api/products/:id", "/api/products/3"},
		{"created", "POST", "/api/products", "", 201, "INFO", "/api/products", "/api/products"},
		{"unmatched", "GET", "/api/none?password=pw", "", 404, "INFO", "unmatched", "/api/none"},
		{"server error", "GET", "/api/fail", "", 500, "ERROR", "/api/fail", "/api/fail"},
		{"panic", "GET", "/api/boom", "", 500, "ERROR", "/api/boom", "/api/boom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(buf.lines(t))
			req := httptest.NewRequest(tt.method, tt.target, nil)
			req.RemoteAddr = "203.0.113.9:5555"
			req.Header.Set("X-Request-ID", "rid-"+tt.name[:3])
			if tt.key != "" {
				req.Header.Set("X-Test-Key", tt.key)
			}
			rec := do(h, req)
			var line map[string]any
			for _, l := range buf.lines(t)[before:] {
				if l["msg"] == "request" {
					line = l
				}
			}
			if line == nil {
				t.Fatal("no access log line")
			}
			want := map[string]any{
				"level": tt.level, "request_id": "rid-" + tt.name[:3], "method": tt.method,
				"route": tt.route, "path": tt.path, "status": float64(tt.status),
				"bytes": float64(rec.Body.Len()), "key_id": tt.key, "remote_addr": "203.0.113.9",
			}
			for k, v := range want {
				if line[k] != v {
					t.Errorf("%s = %v, want %v", k, line[k], v)
				}
			}
			if d, ok := line["duration_ms"].(float64); !ok || d < 0 || d > 5000 {
				t.Errorf("duration_ms = %v", line["duration_ms"])
			}
		})
	}
	for _, l := range buf.lines(t) {
		if p, _ := l["path"].(string); strings.Contains(p, "?") {
			t.Errorf("path with a query logged: %q", p)
		}
	}
	for _, secret := range []string{"s3cret", "hunter2", "password", "api_key"} {
		if strings.Contains(buf.String(), secret) {
			t.Errorf("log contains %q:\n%s", secret, buf.String())
		}
	}
}

// The panic line carries the stack; the access line still follows.
func TestPanicLoggedWithStack(t *testing.T) {
	logger, buf := newLogger()
	h := New(Config{Logger: logger}).Wrap(newRouter(nil))
	do(h, httptest.NewRequest(http.MethodGet, "/api/boom", nil))
	lines := buf.lines(t)
	if len(lines) != 2 || lines[0]["msg"] != "panic serving request" || lines[1]["msg"] != "request" {
		t.Fatalf("lines: %v", lines)
	}
	if s, _ := lines[0]["stack"].(string); !strings.Contains(s, "runtime/debug.Stack") || lines[0]["panic"] != "boom" {
		t.Fatalf("panic line: %v", lines[0])
	}
}
