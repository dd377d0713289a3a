package api_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"io/fs"
	"maps"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strconv"
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
func newUIServer(t testing.TB, ui fs.FS) *httptest.Server {
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

// plainClient sends requests as they are written: Go's default transport
// adds Accept-Encoding: gzip to a request without one and decodes the
// answer, which would hide what shelf sends.
var plainClient = &http.Client{Transport: &http.Transport{DisableCompression: true}}

func fetchStatic(t *testing.T, method, url string, header map[string]string) staticAnswer {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := plainClient.Do(req)
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

// compressedUI is a built UI whose text files have precompressed siblings,
// as ui/scripts/precompress.mjs makes them: real gzip, and for brotli a
// stand-in of marked bytes, since shelf sends a sibling's bytes as they are
// and never decodes them (the real dist's .br files are checked by
// TestPrecompressedDist). The picture has no siblings, as a compressed
// format gains nothing from them.
func compressedUI(t testing.TB) fstest.MapFS {
	t.Helper()
	ui := fstest.MapFS{
		"index.html":           {Data: []byte(indexHTML + strings.Repeat("<!-- page -->", 40))},
		"assets/app-1a2b.js":   {Data: []byte(strings.Repeat("console.log('app');", 200))},
		"assets/app-1a2b.css":  {Data: []byte(strings.Repeat("body{margin:0}", 100))},
		"widget.js":            {Data: []byte(strings.Repeat("customElements.define('shelf-recommendations',class{});", 50))},
		"assets/logo-3c4d.png": {Data: []byte("\x89PNG\r\n\x1a\n not really a picture")},
	}
	for name, f := range maps.Clone(ui) {
		if strings.HasSuffix(name, ".png") {
			continue
		}
		var gz bytes.Buffer
		zw, err := gzip.NewWriterLevel(&gz, gzip.BestCompression)
		if err != nil {
			t.Fatal(err)
		}
		zw.Write(f.Data) //nolint:errcheck // a bytes.Buffer
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		ui[name+".gz"] = &fstest.MapFile{Data: gz.Bytes()}
		ui[name+".br"] = &fstest.MapFile{Data: brStandIn(f.Data)}
	}
	return ui
}

// brStandIn stands for the brotli form of data in compressedUI.
func brStandIn(data []byte) []byte { return append([]byte("brotli of "), data[:16]...) }

// gunzip decodes a gzip body, failing the test on a bad one.
func gunzip(t *testing.T, body string) string {
	t.Helper()
	zr, err := gzip.NewReader(strings.NewReader(body))
	if err != nil {
		t.Fatalf("not gzip: %v", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("bad gzip: %v", err)
	}
	return string(out)
}

// TestStaticAcceptEncoding: a hashed asset in every representation that
// Accept-Encoding can ask for. Brotli is preferred, q-values are honoured,
// a refused identity is respected, and each representation has its own
// ETag; every answer says Vary: Accept-Encoding, compressed or not.
func TestStaticAcceptEncoding(t *testing.T) {
	ui := compressedUI(t)
	srv := newUIServer(t, ui)
	const name = "assets/app-1a2b.js"
	js := string(ui[name].Data)
	etags := map[string]string{} // by Content-Encoding

	for _, sc := range []struct {
		accept string // "-" sends no Accept-Encoding at all
		coding string // the Content-Encoding wanted; "406" for none acceptable
	}{
		{"-", ""},
		{"", ""},
		{"br", "br"},
		{"gzip", "gzip"},
		{"br, gzip", "br"},
		{"gzip, br", "br"},
		{"gzip, deflate, br, zstd", "br"}, // Chromium's
		{"gzip, deflate", "gzip"},         // an older client's
		{"GZip", "gzip"},
		{"x-gzip", "gzip"},
		{"deflate", ""},
		{"zstd", ""},
		{"gzip;q=1.0, br;q=0.5", "gzip"},
		{"br;q=0.5, gzip;q=0.8", "gzip"},
		{"br;q=0.8, gzip;q=0.8", "br"},
		{"br ; q=0.2 , gzip ; q=0.1", "br"},
		{"br;q=0.5, identity", ""},
		{"br;q=0.001", "br"},
		{"identity", ""},
		{"identity;q=0", "406"},
		{"gzip;q=0", ""},
		{"br;q=0, gzip;q=0", ""},
		{"br;q=0, *", "gzip"},
		{"*", "br"},
		{"*;q=0", "406"},
		{"*;q=0, identity", ""},
		{"gzip, identity;q=0", "gzip"},
		{"deflate, identity;q=0", "406"},
		{"br;q=2, gzip", "gzip"},    // a q-value out of range drops its element
		{"br;q=0.5x, gzip", "gzip"}, // as does a malformed one
		{"br;q=1.5, gzip", "gzip"},
		{"br;q=0, br, gzip", "gzip"}, // a coding named twice: the first counts
		{"br", "br"},
	} {
		header := map[string]string{"Accept-Encoding": sc.accept}
		if sc.accept == "-" {
			header = nil
		}
		got := fetchStatic(t, "GET", srv.URL+"/"+name, header)
		if vary := got.header.Values("Vary"); !slices.Contains(vary, "Accept-Encoding") {
			t.Errorf("Accept-Encoding %q: Vary %q", sc.accept, vary)
		}
		if sc.coding == "406" {
			if got.status != http.StatusNotAcceptable || got.header.Get("Content-Encoding") != "" || got.header.Get("ETag") != "" {
				t.Errorf("Accept-Encoding %q: %d %q, ETag %q; want a 406", sc.accept, got.status, got.body, got.header.Get("ETag"))
			}
			continue
		}
		want := map[string]string{"": js, "gzip": string(ui[name+".gz"].Data), "br": string(ui[name+".br"].Data)}[sc.coding]
		if got.status != 200 || got.header.Get("Content-Encoding") != sc.coding || got.body != want {
			t.Errorf("Accept-Encoding %q: %d, Content-Encoding %q, %d bytes; want %q, %d bytes",
				sc.accept, got.status, got.header.Get("Content-Encoding"), len(got.body), sc.coding, len(want))
			continue
		}
		if sc.coding == "gzip" && gunzip(t, got.body) != js {
			t.Errorf("Accept-Encoding %q: the gzip body is not the script", sc.accept)
		}
		for h, v := range map[string]string{
			"Content-Type":   "text/javascript; charset=utf-8",
			"Content-Length": strconv.Itoa(len(want)),
			"Cache-Control":  "public, max-age=31536000, immutable",
		} {
			if got.header.Get(h) != v {
				t.Errorf("Accept-Encoding %q: %s %q, want %q", sc.accept, h, got.header.Get(h), v)
			}
		}
		etag := got.header.Get("ETag")
		if held, ok := etags[sc.coding]; ok && held != etag {
			t.Errorf("Accept-Encoding %q: ETag %q, another answer in %q had %q", sc.accept, etag, sc.coding, held)
		}
		etags[sc.coding] = etag
	}

	// Strong ETags, one per representation: the original's hash, with a
	// suffix for each compression.
	id := etags[""]
	if len(id) != 26 || !strings.HasPrefix(id, `"`) || strings.HasPrefix(id, "W/") {
		t.Fatalf("identity ETag %q: want a quoted strong hash", id)
	}
	if etags["br"] != id[:25]+`-br"` || etags["gzip"] != id[:25]+`-gz"` {
		t.Fatalf("ETags %q: want the identity's with -br and -gz", etags)
	}
}

// TestStaticRevalidation: each representation of each kind of file answers
// its own ETag with a 304 (HEAD alike), keeping Vary and its caching rules;
// another representation's ETag gets the full answer.
func TestStaticRevalidation(t *testing.T) {
	ui := compressedUI(t)
	srv := newUIServer(t, ui)
	for _, file := range []struct {
		path, name, ctype, cache string
	}{
		{"/assets/app-1a2b.js", "assets/app-1a2b.js", "text/javascript; charset=utf-8", "public, max-age=31536000, immutable"},
		{"/assets/app-1a2b.css", "assets/app-1a2b.css", "text/css; charset=utf-8", "public, max-age=31536000, immutable"},
		{"/widget.js", "widget.js", "text/javascript; charset=utf-8", "public, max-age=300"},
		{"/", "index.html", "text/html; charset=utf-8", "no-cache"},
		{"/index.html", "index.html", "text/html; charset=utf-8", "no-cache"},
		{"/products/3", "index.html", "text/html; charset=utf-8", "no-cache"}, // the app's fallback
		{"/admin/model", "index.html", "text/html; charset=utf-8", "no-cache"},
	} {
		etags := map[string]string{}
		for _, rep := range []struct{ accept, coding, ext string }{
			{"identity", "", ""}, {"gzip", "gzip", ".gz"}, {"gzip, br", "br", ".br"},
		} {
			what := file.path + " as " + rep.accept
			ae := map[string]string{"Accept-Encoding": rep.accept}
			got := fetchStatic(t, "GET", srv.URL+file.path, ae)
			etag := got.header.Get("ETag")
			if got.status != 200 || got.header.Get("Content-Encoding") != rep.coding || got.body != string(ui[file.name+rep.ext].Data) {
				t.Fatalf("%s: %d, Content-Encoding %q, %d bytes", what, got.status, got.header.Get("Content-Encoding"), len(got.body))
			}
			if got.header.Get("Content-Type") != file.ctype || got.header.Get("Cache-Control") != file.cache || etag == "" {
				t.Errorf("%s: Content-Type %q, Cache-Control %q, ETag %q", what, got.header.Get("Content-Type"), got.header.Get("Cache-Control"), etag)
			}
			for other, held := range etags {
				if held == etag {
					t.Errorf("%s: ETag %q is also %s's", what, etag, other)
				}
			}
			etags[rep.accept] = etag
			for _, sc := range []struct {
				name, method, inm string
				status            int
				body              string
			}{
				{"HEAD", "HEAD", "", 200, ""},
				{"held", "GET", etag, 304, ""},
				{"held, asked weakly", "GET", "W/" + etag, 304, ""},
				{"held among others", "GET", `"0123", ` + etag, 304, ""},
				{"HEAD, held", "HEAD", etag, 304, ""},
				{"another representation held", "GET", `"` + strings.Trim(etag, `"`) + `-x"`, 200, got.body},
			} {
				h := map[string]string{"Accept-Encoding": rep.accept}
				if sc.inm != "" {
					h["If-None-Match"] = sc.inm
				}
				again := fetchStatic(t, sc.method, srv.URL+file.path, h)
				if again.status != sc.status || again.body != sc.body {
					t.Errorf("%s, %s: %d, %d bytes; want %d, %d bytes", what, sc.name, again.status, len(again.body), sc.status, len(sc.body))
				}
				if again.header.Get("ETag") != etag || again.header.Get("Cache-Control") != file.cache ||
					!slices.Contains(again.header.Values("Vary"), "Accept-Encoding") {
					t.Errorf("%s, %s: ETag %q, Cache-Control %q, Vary %q", what, sc.name,
						again.header.Get("ETag"), again.header.Get("Cache-Control"), again.header.Values("Vary"))
				}
				if sc.status == 200 && (again.header.Get("Content-Encoding") != rep.coding ||
					again.header.Get("Content-Length") != strconv.Itoa(len(got.body))) {
					t.Errorf("%s, %s: Content-Encoding %q, Content-Length %q", what, sc.name,
						again.header.Get("Content-Encoding"), again.header.Get("Content-Length"))
				}
			}
		}
		// A held br copy does not stand for the gzip one.
		crossed := fetchStatic(t, "GET", srv.URL+file.path, map[string]string{"Accept-Encoding": "gzip", "If-None-Match": etags["gzip, br"]})
		if crossed.status != 200 || crossed.header.Get("Content-Encoding") != "gzip" {
			t.Errorf("%s as gzip, holding the br copy: %d %q", file.path, crossed.status, crossed.header.Get("Content-Encoding"))
		}
	}

	// The page still hands out the storefront's cookie, and the widget
	// stays loadable by shops of any origin, in every representation.
	page := fetchStatic(t, "GET", srv.URL+"/", map[string]string{"Accept-Encoding": "br"})
	if page.header.Get("Set-Cookie") == "" {
		t.Error("GET / in br sets no storefront cookie")
	}
	widget := fetchStatic(t, "GET", srv.URL+"/widget.js", map[string]string{"Accept-Encoding": "br"})
	if widget.header.Get("Cross-Origin-Resource-Policy") != "cross-origin" || widget.header.Get("Set-Cookie") != "" {
		t.Errorf("GET /widget.js in br: CORP %q, Set-Cookie %q", widget.header.Get("Cross-Origin-Resource-Policy"), widget.header.Get("Set-Cookie"))
	}
}

// TestStaticRange: a Range on the original gets its bytes; on a compressed
// representation it is ignored and the whole answer comes, marked as one
// that takes no ranges, since ranges of compressed bytes help no client.
func TestStaticRange(t *testing.T) {
	ui := compressedUI(t)
	srv := newUIServer(t, ui)
	js := string(ui["assets/app-1a2b.js"].Data)

	part := fetchStatic(t, "GET", srv.URL+"/assets/app-1a2b.js", map[string]string{"Accept-Encoding": "identity", "Range": "bytes=0-9"})
	if part.status != http.StatusPartialContent || part.body != js[:10] || part.header.Get("Content-Range") != "bytes 0-9/"+strconv.Itoa(len(js)) {
		t.Errorf("a range of the original: %d %q, Content-Range %q", part.status, part.body, part.header.Get("Content-Range"))
	}
	if part.header.Get("Accept-Ranges") != "bytes" {
		t.Errorf("the original: Accept-Ranges %q", part.header.Get("Accept-Ranges"))
	}
	for _, sc := range []struct{ accept, ext string }{{"br", ".br"}, {"gzip", ".gz"}} {
		for _, method := range []string{"GET", "HEAD"} {
			got := fetchStatic(t, method, srv.URL+"/assets/app-1a2b.js", map[string]string{"Accept-Encoding": sc.accept, "Range": "bytes=0-9"})
			want := string(ui["assets/app-1a2b.js"+sc.ext].Data)
			if method == "HEAD" {
				want = ""
			}
			if got.status != 200 || got.body != want || got.header.Get("Content-Range") != "" ||
				got.header.Get("Accept-Ranges") != "none" || got.header.Get("Content-Encoding") != map[string]string{"br": "br", "gzip": "gzip"}[sc.accept] {
				t.Errorf("%s a range as %s: %d, %d bytes, Content-Range %q, Accept-Ranges %q", method, sc.accept,
					got.status, len(got.body), got.header.Get("Content-Range"), got.header.Get("Accept-Ranges"))
			}
		}
	}
}

// TestStaticUncompressible: a file the build left without siblings (a
// picture) has one representation: it is sent as it is whatever the
// browser accepts, with no Vary; only a browser refusing even that gets a
// 406 (which says Vary, as it depends on the header).
func TestStaticUncompressible(t *testing.T) {
	ui := compressedUI(t)
	srv := newUIServer(t, ui)
	got := fetchStatic(t, "GET", srv.URL+"/assets/logo-3c4d.png", map[string]string{"Accept-Encoding": "gzip, deflate, br, zstd"})
	if got.status != 200 || got.body != string(ui["assets/logo-3c4d.png"].Data) || got.header.Get("Content-Encoding") != "" {
		t.Fatalf("the picture: %d, Content-Encoding %q", got.status, got.header.Get("Content-Encoding"))
	}
	if got.header.Get("Vary") != "" || got.header.Get("Content-Type") != "image/png" || got.header.Get("ETag") == "" {
		t.Errorf("the picture: Vary %q, Content-Type %q, ETag %q", got.header.Get("Vary"), got.header.Get("Content-Type"), got.header.Get("ETag"))
	}
	refused := fetchStatic(t, "GET", srv.URL+"/assets/logo-3c4d.png", map[string]string{"Accept-Encoding": "br, identity;q=0"})
	if refused.status != http.StatusNotAcceptable || !slices.Contains(refused.header.Values("Vary"), "Accept-Encoding") {
		t.Errorf("the picture with identity refused: %d, Vary %q", refused.status, refused.header.Values("Vary"))
	}
	// The fake UI of the other tests has no siblings at all: its files
	// are sent as they are.
	plain := fetchStatic(t, "GET", newUIServer(t, widgetUI("x")).URL+"/", map[string]string{"Accept-Encoding": "br"})
	if plain.status != 200 || plain.header.Get("Content-Encoding") != "" || plain.header.Get("Vary") != "" {
		t.Errorf("a UI without siblings: %d, Content-Encoding %q, Vary %q", plain.status, plain.header.Get("Content-Encoding"), plain.header.Get("Vary"))
	}
}

// FuzzAcceptEncoding: whatever a browser sends as Accept-Encoding, the
// answer is one of the file's representations, byte for byte and labelled
// as such, or a 406; always with Vary.
func FuzzAcceptEncoding(f *testing.F) {
	for _, s := range []string{"", "gzip, deflate, br, zstd", "br;q=0.5, gzip;q=0.8", "*;q=0", "identity;q=0",
		"br;q=1.000, GZIP;Q=0.999", "x-gzip;q=0.", ",;,q=,", "br;q=1.0001", "*;q=0.5;q=1, identity;q=0.5"} {
		f.Add(s)
	}
	ui := compressedUI(f)
	h := newUIServer(f, ui).Config.Handler
	reps := map[string]string{"": "", "gzip": ".gz", "br": ".br"}
	f.Fuzz(func(t *testing.T, accept string) {
		req := httptest.NewRequest("GET", "/assets/app-1a2b.js", nil)
		req.Header.Set("Accept-Encoding", accept)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if !slices.Contains(rec.Header().Values("Vary"), "Accept-Encoding") {
			t.Fatalf("%q: Vary %q", accept, rec.Header().Values("Vary"))
		}
		if rec.Code == http.StatusNotAcceptable {
			return
		}
		coding := rec.Header().Get("Content-Encoding")
		ext, ok := reps[coding]
		if rec.Code != 200 || !ok || rec.Body.String() != string(ui["assets/app-1a2b.js"+ext].Data) {
			t.Fatalf("%q: %d, Content-Encoding %q, %d bytes", accept, rec.Code, coding, rec.Body.Len())
		}
	})
}
