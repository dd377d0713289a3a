package api_test

import (
	"context"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"shelf/api"
	"shelf/api/auth"
	"shelf/engine"
	"shelf/store"
)

// newUIServer runs the real router over an empty shop with ui as the built
// UI: the files are what these tests are about.
func newUIServer(t *testing.T, ui fs.FS) *httptest.Server {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "shelf.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	eng, err := engine.New(context.Background(), st, engine.DefaultConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	au, err := auth.New(st, auth.Config{})
	if err != nil {
		t.Fatal(err)
	}
	a := api.New(api.Config{}, st, eng, au, ui, nil)
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(func() {
		srv.Close()
		a.Close()
		eng.Close()
		st.Close()
	})
	return srv
}

func widgetUI(js string) fstest.MapFS {
	return fstest.MapFS{
		"index.html":         {Data: []byte(indexHTML)},
		"assets/app-1a2b.js": {Data: []byte("console.log('app')")},
		"widget.js":          {Data: []byte(js)},
	}
}

type staticAnswer struct {
	status int
	header http.Header
	body   string
}

func fetchStatic(t *testing.T, method, url string, header map[string]string) staticAnswer {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return staticAnswer{resp.StatusCode, resp.Header, string(body)}
}

// TestStaticWidget: shops' pages load /widget.js by name, so it is cached
// briefly and revalidated by a hash of its bytes, never kept forever; the
// app's hashed assets still are.
func TestStaticWidget(t *testing.T) {
	const js = "(function(){customElements.define('shelf-recommendations',class extends HTMLElement{})})();"
	srv := newUIServer(t, widgetUI(js))

	got := fetchStatic(t, "GET", srv.URL+"/widget.js", nil)
	etag := got.header.Get("ETag")
	if got.status != 200 || got.body != js {
		t.Fatalf("GET /widget.js: %d %q", got.status, got.body)
	}
	for name, want := range map[string]string{
		"Content-Type":                 "text/javascript; charset=utf-8",
		"Cache-Control":                "public, max-age=300",
		"Cross-Origin-Resource-Policy": "cross-origin",
	} {
		if v := got.header.Get(name); v != want {
			t.Errorf("GET /widget.js: %s %q, want %q", name, v, want)
		}
	}
	if len(etag) != 26 || etag[0] != '"' || etag[25] != '"' {
		t.Errorf("ETag %q: want a quoted hash", etag)
	}
	if cc := got.header.Get("Cache-Control"); strings.Contains(cc, "immutable") || strings.Contains(cc, "no-store") {
		t.Errorf("Cache-Control %q: the widget is revalidated, neither immutable nor uncached", cc)
	}
	if ck := got.header.Get("Set-Cookie"); ck != "" {
		t.Errorf("GET /widget.js sets a cookie: %q", ck)
	}

	for _, sc := range []struct {
		name, method string
		header       map[string]string
		status       int
		body         string
	}{
		{"HEAD answers the same headers without the body", "HEAD", nil, 200, ""},
		{"a browser holding this version gets a 304", "GET", map[string]string{"If-None-Match": etag}, 304, ""},
		{"as does a CDN asking weakly", "GET", map[string]string{"If-None-Match": "W/" + etag}, 304, ""},
		{"HEAD revalidates too", "HEAD", map[string]string{"If-None-Match": etag}, 304, ""},
		{"an older version gets the new one", "GET", map[string]string{"If-None-Match": `"0123456789abcdef01234567"`}, 200, js},
		{"one of several versions held", "GET", map[string]string{"If-None-Match": `"old", ` + etag}, 304, ""},
	} {
		t.Run(sc.name, func(t *testing.T) {
			got := fetchStatic(t, sc.method, srv.URL+"/widget.js", sc.header)
			if got.status != sc.status || got.body != sc.body {
				t.Fatalf("%d %q, want %d %q", got.status, got.body, sc.status, sc.body)
			}
			if got.header.Get("ETag") != etag || got.header.Get("Cache-Control") != "public, max-age=300" {
				t.Errorf("ETag %q, Cache-Control %q", got.header.Get("ETag"), got.header.Get("Cache-Control"))
			}
			if sc.status == 200 && got.header.Get("Content-Type") != "text/javascript; charset=utf-8" {
				t.Errorf("Content-Type %q", got.header.Get("Content-Type"))
			}
		})
	}

	// A new build is a new ETag, so a held copy is replaced at its next check.
	other := fetchStatic(t, "GET", newUIServer(t, widgetUI(js+"\n")).URL+"/widget.js", map[string]string{"If-None-Match": etag})
	if other.status != 200 || other.header.Get("ETag") == etag {
		t.Errorf("a changed widget: %d with ETag %q (the old one was %q)", other.status, other.header.Get("ETag"), etag)
	}

	// The app's own files keep their rules.
	if cc := fetchStatic(t, "GET", srv.URL+"/assets/app-1a2b.js", nil).header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
		t.Errorf("a hashed asset: Cache-Control %q, want immutable", cc)
	}
	if p := fetchStatic(t, "POST", srv.URL+"/widget.js", nil); p.status != http.StatusMethodNotAllowed {
		t.Errorf("POST /widget.js: %d, want 405", p.status)
	}
}

// TestStaticWidgetMissing: a binary built without the widget answers 404
// for it (not the app's page, which a script tag would run as JavaScript).
func TestStaticWidgetMissing(t *testing.T) {
	srv := newUIServer(t, fstest.MapFS{"index.html": {Data: []byte(indexHTML)}})
	got := fetchStatic(t, "GET", srv.URL+"/widget.js", nil)
	if got.status != http.StatusNotFound || strings.Contains(got.body, "<title>") {
		t.Fatalf("GET /widget.js without a widget: %d %q", got.status, got.body)
	}
}
