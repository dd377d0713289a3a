package main

import (
	"compress/gzip"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"shelf/client/loadtest"
	"shelf/engine"
	"shelf/store"
)

// The end-to-end tests of this file run the whole of shelf serve in the
// test process (MustRunMain) and use it over HTTP on 127.0.0.1.

// TestAPI serves the demo shop and uses its API and UI over HTTP: the
// catalog, recommendations, search, an interaction, the app and its
// assets, the security headers, health, and the metrics once the
// background trainer has published the learned models.
func TestAPI(t *testing.T) {
	if testing.Short() {
		t.Skip("trains the demo shop's models")
	}
	m := MustRunMain(t, "-demo")

	var products struct {
		Count   int `json:"count"`
		Results []struct {
			ID uint64 `json:"id"`
		} `json:"results"`
	}
	getJSON(t, m.base+"/api/products/?page_size=5", &products)
	if products.Count < 900 || len(products.Results) != 5 {
		t.Fatalf("demo catalog: %d products, page of %d", products.Count, len(products.Results))
	}
	var recs struct {
		Count           int `json:"count"`
		Recommendations []struct {
			ProductID  uint64  `json:"product_id"`
			Confidence float64 `json:"confidence_score"`
		} `json:"recommendations"`
	}
	getJSON(t, m.base+"/api/recommendations/1/", &recs)
	if recs.Count != 10 || recs.Recommendations[0].Confidence <= 0 || recs.Recommendations[0].Confidence > 1 {
		t.Fatalf("recommendations: %+v", recs)
	}
	var search struct {
		Count int `json:"count"`
	}
	getJSON(t, m.base+"/api/search/?q=headphones", &search)
	if search.Count == 0 {
		t.Fatal("the demo shop has no headphones to find")
	}
	postInteraction(t, m.base, recs.Recommendations[0].ProductID)

	checkUI(t, m.base)
	checkHeaders(t, m.base)
	if code, _, body := get(t, m.base+"/healthz"); code != 200 || !strings.Contains(body, `"ok"`) {
		t.Errorf("healthz: %d %s", code, body)
	}
	if code, _, body := get(t, m.base+"/readyz"); code != 200 || !strings.Contains(body, `"ready"`) {
		t.Errorf("readyz: %d %s", code, body)
	}
	// Once the background trainer published the learned models, their
	// validation metrics are exported too.
	waitFor(t, "the learned models' metrics", 90*time.Second, func() bool {
		_, _, m := get(t, m.base+"/metrics")
		return strings.Contains(m, `shelf_model_metric{metric="ndcg_at_10",model="ensemble"}`)
	})
	code, _, metrics := get(t, m.base+"/metrics")
	for _, series := range []string{`shelf_http_requests_total{method="GET",route="/api/products",status="200"}`, "shelf_interactions_ingested_total 1", "shelf_cache_hits_total", "shelf_training_runs_total",
		`shelf_model_metric{metric="ndcg_at_10",model="ensemble"}`} {
		if code != 200 || !strings.Contains(metrics, series) {
			t.Errorf("metrics lack %s (status %d)", series, code)
		}
	}
}

// checkUI: index.html at / and for app routes, assets cached for good,
// JSON 404s for unknown API paths.
func checkUI(t *testing.T, base string) {
	t.Helper()
	code, hdr, html := get(t, base+"/")
	if code != 200 || !strings.Contains(html, `<div id="root">`) || hdr.Get("Cache-Control") != "no-cache" {
		t.Fatalf("GET /: %d %q %.200s", code, hdr.Get("Cache-Control"), html)
	}
	if code, _, page := get(t, base+"/products/42"); code != 200 || page != html {
		t.Fatalf("GET /products/42 is not the app: %d", code)
	}
	asset := regexp.MustCompile(`/assets/[^"]+\.js`).FindString(html)
	if asset == "" {
		t.Fatalf("index.html names no script: %s", html)
	}
	if code, hdr, _ := get(t, base+asset); code != 200 || !strings.Contains(hdr.Get("Cache-Control"), "immutable") {
		t.Fatalf("GET %s: %d %q", asset, code, hdr.Get("Cache-Control"))
	}
	if code, _, body := get(t, base+"/api/no/such/thing"); code != 404 || !strings.Contains(body, `"error"`) {
		t.Fatalf("unknown API path: %d %s", code, body)
	}
}

// checkHeaders: every response carries the security headers and a request
// id.
func checkHeaders(t *testing.T, base string) {
	t.Helper()
	for _, path := range []string{"/", "/api/categories/", "/api/nope"} {
		_, hdr, _ := get(t, base+path)
		for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Request-Id"} {
			if hdr.Get(h) == "" {
				t.Errorf("GET %s: no %s header", path, h)
			}
		}
		if !strings.Contains(hdr.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
			t.Errorf("GET %s: CSP %q lacks frame-ancestors", path, hdr.Get("Content-Security-Policy"))
		}
	}
}

// TestRateLimit serves with a low per-address limit: a burst gets 429s
// with Retry-After and never a 5xx.
func TestRateLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the demo shop")
	}
	m := MustRunMain(t, "-demo", "-rate-limit", "5", "-retrain", "0")
	limited := 0
	for i := 0; i < 40; i++ {
		code, hdr, body := get(t, m.base+"/api/categories/")
		switch {
		case code == 429:
			limited++
			if hdr.Get("Retry-After") == "" || !strings.Contains(body, "rate limit") {
				t.Fatalf("429 without Retry-After or reason: %v %s", hdr, body)
			}
		case code != 200:
			t.Fatalf("request %d: status %d %s", i, code, body)
		}
	}
	if limited == 0 {
		t.Fatal("40 quick requests at a limit of 5/s were never limited")
	}
}

// selfSigned writes a certificate for 127.0.0.1 and its key as PEM files.
func selfSigned(t *testing.T, dir string) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "shelf test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600)
	cert, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}

// TestTLS serves HTTPS from certificate and key flags: the page's cookie is
// Secure and responses carry Strict-Transport-Security.
func TestTLS(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile, pool := selfSigned(t, dir)
	m := MustRunMain(t, "-tls-cert", certFile, "-tls-key", keyFile, "-retrain", "0")
	if !strings.HasPrefix(m.base, "https://") {
		t.Fatalf("a TLS server's URL is %s", m.base)
	}
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	resp, err := client.Get(m.base + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.TLS == nil {
		t.Fatalf("GET / over TLS: %d", resp.StatusCode)
	}
	if !strings.Contains(resp.Header.Get("Strict-Transport-Security"), "max-age=") {
		t.Errorf("no HSTS header over TLS: %v", resp.Header)
	}
	cookie := resp.Header.Get("Set-Cookie")
	if !strings.Contains(cookie, "Secure") || !strings.Contains(cookie, "HttpOnly") {
		t.Errorf("the storefront cookie over TLS is %q; want Secure and HttpOnly", cookie)
	}
	// Plain HTTP to the TLS port is refused, not served.
	if resp, err := http.Get(strings.Replace(m.base, "https://", "http://", 1) + "/healthz"); err == nil {
		resp.Body.Close()
		if resp.StatusCode == 200 {
			t.Error("plain HTTP was served on the TLS port")
		}
	}
}

// TestMixedLoad is the trust bar: a 60-second mixed storefront load from 64
// concurrent clients on loopback ends with no 5xx and bounded memory.
func TestMixedLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("a 60-second load test")
	}
	// As shelf serve does (cmd_serve.go), unless GOGC is set.
	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(50))
	}
	m := MustRunMain(t, "-demo", "-rate-limit", "0", "-key-rate-limit", "0")
	rep, err := loadtest.Run(t.Context(), loadtest.Options{
		BaseURL: m.base, Scenario: loadtest.ScenarioMixed, Concurrency: 64,
		Duration: 60 * time.Second, Warmup: 2 * time.Second, Seed: 1,
	})
	if err != nil {
		t.Fatal(err)
	}
	fivexx := 0
	for status, n := range rep.ByStatus {
		if status >= 500 {
			fivexx += n
		}
	}
	// The server shares the process with the load generator and the race
	// detector's shadow memory (under -race), so the bound is on all the
	// memory Go's runtime ever mapped in this process: it is never less
	// than the peak of its resident part, and it does not count the race
	// detector's.
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	t.Logf("%d requests, %.0f req/s, p99 %s, statuses %v, Go runtime memory %d MB", rep.Requests, rep.Throughput, rep.P99, rep.ByStatus, ms.Sys>>20)
	if fivexx > 0 || rep.NoResponse > 0 {
		t.Errorf("%d 5xx responses and %d requests without a response", fivexx, rep.NoResponse)
	}
	if rep.Requests < 1000 {
		t.Errorf("only %d requests in 60 s", rep.Requests)
	}
	if ms.Sys > 1<<30 {
		t.Errorf("Go runtime memory %d MB; want it bounded under 1 GB", ms.Sys>>20)
	}
}

// TestSlowClients: a client that dribbles its headers is cut off after the
// header timeout.
func TestSlowClients(t *testing.T) {
	m := MustRunMain(t, "-retrain", "0", "-header-timeout", "1s")
	addr := strings.TrimPrefix(m.base, "http://")
	slow, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	fmt.Fprintf(slow, "GET /api/categories/ HTTP/1.1\r\nHost: %s\r\n", addr) // never finishes its headers
	slow.SetReadDeadline(time.Now().Add(5 * time.Second))
	start := time.Now()
	_, err = io.ReadAll(slow)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatal("the server kept a connection with unfinished headers open for 5 s")
	}
	if d := time.Since(start); d > 4*time.Second {
		t.Fatalf("the slow client was cut after %s", d)
	}
}

// TestProfiler: -debug-addr serves Go's profiler on its own address, and
// the public port does not.
func TestProfiler(t *testing.T) {
	m := MustRunMain(t, "-retrain", "0", "-debug-addr", "127.0.0.1:0")
	if code, _, body := get(t, "http://"+m.debugLn.Addr().String()+"/debug/pprof/"); code != 200 || !strings.Contains(body, "goroutine") {
		t.Errorf("the profiler's address: %d %.200s", code, body)
	}
	if code, _, body := get(t, m.base+"/debug/pprof/"); code == 200 && strings.Contains(body, "goroutine") {
		t.Error("the public port serves the profiler")
	}
}

// TestDemoListensOnLoopback: -demo opens everything to whoever reaches the
// port, so without -addr it listens on 127.0.0.1 only; an explicit -addr
// (flag or SHELF_ADDR) wins, and serve without -demo keeps :8080.
func TestDemoListensOnLoopback(t *testing.T) {
	for _, tc := range []struct {
		args []string
		env  string
		want string
	}{
		{[]string{"-demo"}, "", "127.0.0.1:8080"},
		{[]string{"-demo", "-addr", ":9000"}, "", ":9000"},
		{[]string{"-demo"}, "0.0.0.0:7000", "0.0.0.0:7000"},
		{nil, "", ":8080"},
	} {
		t.Setenv("SHELF_ADDR", tc.env)
		if tc.env == "" {
			os.Unsetenv("SHELF_ADDR")
		}
		cfg, err := parseServeFlags(tc.args, io.Discard)
		if err != nil || cfg.Addr != tc.want {
			t.Errorf("serve %v (SHELF_ADDR=%q): addr %q, %v; want %q", tc.args, tc.env, cfg.Addr, err, tc.want)
		}
	}
}

// TestFirstRunPasswordIsOneLogRecord: the generated admin password is one
// JSON log record with a password attribute, so -log-format json stays
// valid JSON from the first line.
func TestFirstRunPasswordIsOneLogRecord(t *testing.T) {
	cfg, err := parseServeFlags([]string{"-addr", "127.0.0.1:0", "-db", filepath.Join(t.TempDir(), "shelf.db")}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var out logBuffer
	log, err := newLogger("json", "warn", &out)
	if err != nil {
		t.Fatal(err)
	}
	m := NewMain(cfg, log)
	if err := m.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("a log line is not JSON: %q", line)
		}
		if pw, ok := rec["password"].(string); ok && len(pw) >= 12 && rec["username"] == "admin" {
			found = true
		}
	}
	if !found {
		t.Fatalf("no log record carries the first run's password:\n%s", out.String())
	}
}

// TestPreviousReleaseFileServes opens a database written by the previous
// release (testdata/previous-release.db.gz: 40 products, 12 users, 400
// events and its trained model, written by the binary before this round's
// changes) and serves it: the file verifies, the stored model is served
// without retraining, and recommendations come back.
func TestPreviousReleaseFileServes(t *testing.T) {
	gz, err := os.Open(filepath.Join("testdata", "previous-release.db.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer gz.Close()
	zr, err := gzip.NewReader(gz)
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "old.db")
	f, err := os.Create(db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(f, zr); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if r, err := store.Verify(db, store.VerifyOptions{Blob: engine.VerifyBlob}); err != nil || !r.OK() || r.Counts.Interactions != 400 {
		t.Fatalf("the previous release's file does not verify: %+v %v", r, err)
	}
	m := MustRunMain(t, "-db", db, "-demo", "-addr", "127.0.0.1:0", "-retrain", "0")
	var status struct {
		Status struct {
			ModelVersion uint64 `json:"model_version"`
			Events       int    `json:"events"`
		} `json:"status"`
	}
	getJSON(t, m.base+"/api/model/", &status)
	if status.Status.ModelVersion != 2 || status.Status.Events != 400 {
		t.Fatalf("model after opening the old file: %+v; want its stored version 2 on 400 events", status.Status)
	}
	var recs struct {
		Count int `json:"count"`
	}
	getJSON(t, m.base+"/api/recommendations/3/?count=5", &recs)
	if recs.Count != 5 {
		t.Fatalf("recommendations from the old file: %d", recs.Count)
	}
}
