package middleware

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSecurityHeaders(t *testing.T) {
	h := New(Config{}).Wrap(newRouter(nil))
	tests := []struct {
		name, path, contentType string
		status                  int
	}{
		{"html", "/", "text/html", 200},
		{"json", "/api/products/1", "application/json", 200},
		{"json 404", "/api/none", "application/json", 404},
		{"panic 500", "/api/boom", "application/json", 500},
	}
	want := map[string]string{
		"Content-Security-Policy": ContentSecurityPolicy,
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "strict-origin-when-cross-origin",
		"X-Frame-Options":         "DENY",
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := do(h, httptest.NewRequest(http.MethodGet, tt.path, nil))
			if rec.Code != tt.status || !strings.HasPrefix(rec.Header().Get("Content-Type"), tt.contentType) {
				t.Fatalf("status %d, type %q", rec.Code, rec.Header().Get("Content-Type"))
			}
			for k, v := range want {
				if got := rec.Header().Values(k); len(got) != 1 || got[0] != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
			if rec.Header().Get("Strict-Transport-Security") != "" {
				t.Error("HSTS over plain HTTP")
			}
		})
	}
}

func TestHSTSOnlyOverTLS(t *testing.T) {
	srv := httptest.NewTLSServer(New(Config{}).Wrap(newRouter(nil)))
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL + "/api/products/1")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := resp.Header.Get("Strict-Transport-Security"); got != hstsValue {
		t.Fatalf("HSTS over TLS = %q", got)
	}
	if resp.Header.Get("Content-Security-Policy") != ContentSecurityPolicy {
		t.Fatal("no CSP over TLS")
	}
}

// The CSP must admit what the built UI loads: scripts and styles from the
// same origin, and a data: favicon. The build is read from the repository
// (ui/dist) and the test skips when it is absent.
func TestCSPAdmitsBuiltUI(t *testing.T) {
	dist := findUp(t, "ui/dist/index.html")
	index, err := os.ReadFile(dist)
	if err != nil {
		t.Fatal(err)
	}
	html := string(index)
	if strings.Contains(html, "<script>") || strings.Contains(html, "<script type=\"module\">") {
		t.Error("inline script in index.html: script-src 'self' would block it")
	}
	for _, attr := range []string{`src="http`, `href="http`, `src="//`, `href="//`} {
		if strings.Contains(html, attr) {
			t.Errorf("index.html loads from another origin (%s): the CSP would block it", attr)
		}
	}
	if strings.Contains(html, `href="data:`) && !strings.Contains(ContentSecurityPolicy, "img-src 'self' data:") {
		t.Error("data: favicon blocked by img-src")
	}
	// Serve the real build and check the header is on the page and assets.
	srv := httptest.NewServer(New(Config{}).Wrap(http.FileServer(http.Dir(filepath.Dir(dist)))))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.Header.Get("Content-Security-Policy") != ContentSecurityPolicy {
		t.Fatalf("CSP on index.html = %q", resp.Header.Get("Content-Security-Policy"))
	}
}

// findUp looks for rel in the package directory and its parents, and skips
// the test when it is nowhere.
func findUp(t *testing.T, rel string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		p := filepath.Join(dir, rel)
		if _, err := os.Stat(p); err == nil {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skipf("%s not found above the package", rel)
		}
		dir = parent
	}
}
