package middleware

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestCORS(t *testing.T) {
	listed := []string{"https://Shop.example/", "http://localhost:5173"}
	tests := []struct {
		name        string
		origins     []string
		method      string
		origin      string
		preflight   bool
		status      int
		allowOrigin string
		credentials bool
	}{
		{"listed simple", listed, "GET", "https://shop.example", false, 200, "https://shop.example", true},
		{"listed other port", listed, "GET", "http://localhost:5173", false, 200, "http://localhost:5173", true},
		{"unlisted simple", listed, "GET", "https://evil.example", false, 200, "", false},
		{"no origin", listed, "GET", "", false, 200, "", false},
		{"listed preflight", listed, "OPTIONS", "https://shop.example", true, 204, "https://shop.example", true},
		{"unlisted preflight", listed, "OPTIONS", "https://evil.example", true, 403, "", false},
		{"scheme differs", listed, "OPTIONS", "http://shop.example", true, 403, "", false},
		{"wildcard simple", []string{"*"}, "GET", "https://any.example", false, 200, "*", false},
		{"wildcard preflight", []string{"*"}, "OPTIONS", "https://any.example", true, 204, "*", false},
		{"listed beats wildcard", []string{"*", "https://shop.example"}, "GET", "https://shop.example", false, 200, "https://shop.example", true},
		{"disabled", nil, "GET", "https://shop.example", false, 200, "", false},
		{"disabled preflight goes to router", nil, "OPTIONS", "https://shop.example", true, 200, "", false},
		{"plain OPTIONS goes to router", listed, "OPTIONS", "https://shop.example", false, 200, "https://shop.example", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := New(Config{CORSOrigins: tt.origins}).Wrap(newRouter(nil))
			req := httptest.NewRequest(tt.method, "/api/products/1", nil)
			if tt.origin != "" {
				req.Header.Set("Origin", tt.origin)
			}
			if tt.preflight {
				req.Header.Set("Access-Control-Request-Method", "PATCH")
				req.Header.Set("Access-Control-Request-Headers", "authorization, content-type")
			}
			rec := do(h, req)
			hd := rec.Header()
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.status, rec.Body.String())
			}
			if got := hd.Get("Access-Control-Allow-Origin"); got != tt.allowOrigin {
				t.Errorf("Allow-Origin %q, want %q", got, tt.allowOrigin)
			}
			if got := hd.Get("Access-Control-Allow-Credentials") == "true"; got != tt.credentials {
				t.Errorf("credentials %v, want %v", got, tt.credentials)
			}
			if tt.status == 403 && errorOf(t, rec) != "origin not allowed: "+tt.origin {
				t.Errorf("403 body %q", rec.Body.String())
			}
			if tt.status == 204 {
				if hd.Get("Access-Control-Allow-Methods") != corsAllowMethods ||
					hd.Get("Access-Control-Allow-Headers") != corsAllowHeaders ||
					hd.Get("Access-Control-Max-Age") != corsMaxAge {
					t.Errorf("preflight headers %v", hd)
				}
				if hd.Get("Content-Security-Policy") == "" {
					t.Error("preflight without security headers")
				}
			}
			if tt.allowOrigin != "" && tt.status == 200 && tt.method == "GET" && hd.Get("Access-Control-Expose-Headers") != corsExposeHeaders {
				t.Errorf("expose headers %q", hd.Get("Access-Control-Expose-Headers"))
			}
			vary := hd.Values("Vary")
			if len(tt.origins) > 0 && tt.origins[0] != "*" && (len(vary) == 0 || vary[0] != "Origin") {
				t.Errorf("Vary %q, want Origin first", vary)
			}
		})
	}
}

// A cross-origin 429 must carry CORS headers, or the app cannot read it.
func TestCORSOnRateLimited(t *testing.T) {
	h := New(Config{CORSOrigins: []string{"https://shop.example"}, Limits: LimitConfig{PerAddress: Rate{PerSecond: 0.001, Burst: 1}}}).Wrap(newRouter(nil))
	var rec *httptest.ResponseRecorder
	for range 2 {
		req := httptest.NewRequest(http.MethodGet, "/api/products/1", nil)
		req.Header.Set("Origin", "https://shop.example")
		rec = do(h, req)
	}
	if rec.Code != 429 || rec.Header().Get("Access-Control-Allow-Origin") != "https://shop.example" {
		t.Fatalf("status %d, headers %v", rec.Code, rec.Header())
	}
}
