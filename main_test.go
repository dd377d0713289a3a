package main

import (
	"bufio"
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
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"shelf/api/loadtest"
)

// buildShelf compiles the real binary once per test run.
func buildShelf(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "shelf")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// shelfProc is a running shelf serve.
type shelfProc struct {
	cmd  *exec.Cmd
	base string
	logs chan string
}

// startShelf runs `shelf serve` on 127.0.0.1:0 and waits for the line that
// says where it listens.
func startShelf(t *testing.T, bin string, args ...string) *shelfProc {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve", "-addr", "127.0.0.1:0", "-log-format", "json"}, args...)...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &shelfProc{cmd: cmd, logs: make(chan string, 1000)}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			select {
			case p.logs <- line:
			default:
			}
			var rec struct {
				Msg  string `json:"msg"`
				Addr string `json:"addr"`
			}
			if json.Unmarshal([]byte(line), &rec) == nil && rec.Msg == "shelf listening" {
				addr <- rec.Addr
			}
		}
		close(p.logs)
	}()
	select {
	case a := <-addr:
		p.base = "http://" + a
	case <-time.After(60 * time.Second):
		t.Fatalf("shelf did not start; logs:\n%s", drain(p.logs))
	}
	return p
}

func drain(logs chan string) string {
	var b strings.Builder
	for {
		select {
		case l, ok := <-logs:
			if !ok {
				return b.String()
			}
			b.WriteString(l + "\n")
		default:
			return b.String()
		}
	}
}

// stop sends SIGTERM and waits for a clean exit.
func (p *shelfProc) stop(t *testing.T) {
	t.Helper()
	p.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("shelf exited with %v; logs:\n%s", err, drain(p.logs))
		}
	case <-time.After(10 * time.Second):
		t.Fatal("shelf did not stop within 10 s of SIGTERM")
	}
}

func (p *shelfProc) get(t *testing.T, path string) (int, http.Header, string) {
	t.Helper()
	resp, err := http.Get(p.base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(body)
}

func getJSON(t *testing.T, p *shelfProc, path string, v any) {
	t.Helper()
	code, _, body := p.get(t, path)
	if code != 200 {
		t.Fatalf("GET %s: %d %s", path, code, body)
	}
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("GET %s: %v in %s", path, err, body)
	}
}

// TestEndToEnd runs the real binary with the demo shop, uses its API and UI
// over HTTP, stops it with SIGTERM, restarts it on the same file and finds
// what it wrote; then exports and re-imports the data with the CLI.
func TestEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildShelf(t)
	db := filepath.Join(t.TempDir(), "shop.db")
	p := startShelf(t, bin, "-db", db, "-demo")

	var products struct {
		Count   int `json:"count"`
		Results []struct {
			ID uint64 `json:"id"`
		} `json:"results"`
	}
	getJSON(t, p, "/api/products/?page_size=5", &products)
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
	getJSON(t, p, "/api/recommendations/1/", &recs)
	if recs.Count != 10 || recs.Recommendations[0].Confidence <= 0 || recs.Recommendations[0].Confidence > 1 {
		t.Fatalf("recommendations: %+v", recs)
	}
	var search struct {
		Count int `json:"count"`
	}
	getJSON(t, p, "/api/search/?q=headphones", &search)
	if search.Count == 0 {
		t.Fatal("the demo shop has no headphones to find")
	}

	body := fmt.Sprintf(`{"user_id":1,"product_id":%d,"interaction_type":"purchase","session_id":"e2e"}`, recs.Recommendations[0].ProductID)
	resp, err := http.Post(p.base+"/api/interaction/", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var created struct {
		ID uint64 `json:"id"`
	}
	json.NewDecoder(resp.Body).Decode(&created)
	resp.Body.Close()
	if resp.StatusCode != 201 || created.ID == 0 {
		t.Fatalf("POST interaction: %d %+v", resp.StatusCode, created)
	}

	// The UI: index.html at / and for app routes, assets cached for good.
	code, hdr, html := p.get(t, "/")
	if code != 200 || !strings.Contains(html, `<div id="root">`) || hdr.Get("Cache-Control") != "no-cache" {
		t.Fatalf("GET /: %d %q %.200s", code, hdr.Get("Cache-Control"), html)
	}
	if code, _, page := p.get(t, "/products/42"); code != 200 || page != html {
		t.Fatalf("GET /products/42 is not the app: %d", code)
	}
	asset := regexp.MustCompile(`/assets/[^"]+\.js`).FindString(html)
	if asset == "" {
		t.Fatalf("index.html names no script: %s", html)
	}
	if code, hdr, _ := p.get(t, asset); code != 200 || !strings.Contains(hdr.Get("Cache-Control"), "immutable") {
		t.Fatalf("GET %s: %d %q", asset, code, hdr.Get("Cache-Control"))
	}
	if code, _, body := p.get(t, "/api/no/such/thing"); code != 404 || !strings.Contains(body, `"error"`) {
		t.Fatalf("unknown API path: %d %s", code, body)
	}

	// Every response carries the security headers and a request id.
	for _, path := range []string{"/", "/api/categories/", "/api/nope"} {
		_, hdr, _ := p.get(t, path)
		for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Request-Id"} {
			if hdr.Get(h) == "" {
				t.Errorf("GET %s: no %s header", path, h)
			}
		}
		if !strings.Contains(hdr.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
			t.Errorf("GET %s: CSP %q lacks frame-ancestors", path, hdr.Get("Content-Security-Policy"))
		}
	}
	if code, _, body := p.get(t, "/healthz"); code != 200 || !strings.Contains(body, `"ok"`) {
		t.Errorf("healthz: %d %s", code, body)
	}
	if code, _, body := p.get(t, "/readyz"); code != 200 || !strings.Contains(body, `"ready"`) {
		t.Errorf("readyz: %d %s", code, body)
	}
	// Once the background trainer published the learned models, their
	// validation metrics are exported too.
	waitFor(t, "the learned models' metrics", 90*time.Second, func() bool {
		_, _, m := p.get(t, "/metrics")
		return strings.Contains(m, `shelf_model_metric{metric="ndcg_at_10",model="ensemble"}`)
	})
	code, _, metrics := p.get(t, "/metrics")
	for _, series := range []string{`shelf_http_requests_total{method="GET",route="/api/products",status="200"}`, "shelf_interactions_ingested_total 1", "shelf_cache_hits_total", "shelf_training_runs_total",
		`shelf_model_metric{metric="ndcg_at_10",model="ensemble"}`} {
		if code != 200 || !strings.Contains(metrics, series) {
			t.Errorf("metrics lack %s (status %d)", series, code)
		}
	}
	p.stop(t)

	// Restart on the same file: -demo leaves a filled database alone and
	// the interaction is still there.
	p = startShelf(t, bin, "-db", db, "-demo")
	var history struct {
		Results []struct {
			ID uint64 `json:"id"`
		} `json:"results"`
	}
	getJSON(t, p, "/api/users/1/interactions/?page_size=100", &history)
	found := false
	for _, h := range history.Results {
		found = found || h.ID == created.ID
	}
	if !found {
		t.Fatalf("interaction %d lost across a restart", created.ID)
	}
	var again struct {
		Count int `json:"count"`
	}
	getJSON(t, p, "/api/products/", &again)
	if again.Count != products.Count {
		t.Fatalf("restart with -demo changed the catalog: %d -> %d", products.Count, again.Count)
	}

	// Online backup while serving, then wipe and restore: same data.
	backup := filepath.Join(t.TempDir(), "backup.db")
	if out, err := exec.Command(bin, "backup", "-url", p.base, "-o", backup).CombinedOutput(); err != nil {
		t.Fatalf("online backup: %v %s", err, out)
	}
	_, _, exportBefore := p.get(t, "/api/export/interactions")
	p.stop(t)
	if err := os.Remove(db); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(db, data, 0o600); err != nil {
		t.Fatal(err)
	}
	p = startShelf(t, bin, "-db", db, "-demo")
	if _, _, exportAfter := p.get(t, "/api/export/interactions"); exportAfter != exportBefore || len(exportAfter) < 1000 {
		t.Fatalf("restored interactions differ from the backed-up ones (%d vs %d bytes)", len(exportAfter), len(exportBefore))
	}
	p.stop(t)

	// Export everything and import it into a new file with the CLI.
	dir := t.TempDir()
	fresh := filepath.Join(dir, "copy.db")
	for _, kind := range []string{"products", "users", "interactions"} {
		file := filepath.Join(dir, kind+".csv")
		if out, err := exec.Command(bin, "export", "-db", db, "-kind", kind, "-o", file).CombinedOutput(); err != nil {
			t.Fatalf("export %s: %v %s", kind, err, out)
		}
		out, err := exec.Command(bin, "import", "-db", fresh, "-kind", kind, file).CombinedOutput()
		if err != nil {
			t.Fatalf("import %s: %v %s", kind, err, out)
		}
	}
	p = startShelf(t, bin, "-db", fresh, "-demo") // -demo: an anonymous client may read; the file is not empty, so nothing is generated
	getJSON(t, p, "/api/products/", &again)
	if again.Count != products.Count {
		t.Fatalf("re-imported catalog has %d products, want %d", again.Count, products.Count)
	}
	getJSON(t, p, "/api/users/1/interactions/?page_size=100", &history)
	found = false
	for _, h := range history.Results {
		found = found || h.ID == created.ID
	}
	if !found {
		t.Fatal("the exported interaction did not survive export and import")
	}
	p.stop(t)

	// A bad file imports nothing and names its lines.
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("user_id,product_id,interaction_type,timestamp\n1,1,view,2026-01-01T00:00:00Z\n1,1,buy,2026-01-01T00:00:00Z\nx,1,view,2026-01-01T00:00:00Z\n"), 0o600)
	out, err := exec.Command(bin, "import", "-db", fresh, bad).CombinedOutput()
	if err == nil || !strings.Contains(string(out), "bad.csv:line 3") || !strings.Contains(string(out), "bad.csv:line 4") {
		t.Fatalf("bad import: %v\n%s", err, out)
	}
}

// TestRateLimit runs shelf with a low per-address limit and checks that a
// burst gets 429s with Retry-After and never a 5xx.
func TestRateLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildShelf(t)
	p := startShelf(t, bin, "-db", filepath.Join(t.TempDir(), "rl.db"), "-demo", "-rate-limit", "5", "-retrain", "0")
	defer p.stop(t)
	limited := 0
	for i := 0; i < 40; i++ {
		code, hdr, body := p.get(t, "/api/categories/")
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

func TestCommandLine(t *testing.T) {
	// shelf admin create reads the password from standard input.
	db := filepath.Join(t.TempDir(), "admin.db")
	stdin = strings.NewReader("short\n")
	if err := run(t.Context(), []string{"admin", "create", "-db", db, "-username", "ana"}, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "at least 12") {
		t.Fatalf("short password: %v", err)
	}
	stdin = strings.NewReader("a long enough password\n")
	var said strings.Builder
	if err := run(t.Context(), []string{"admin", "create", "-db", db, "-username", "ana"}, &said, io.Discard); err != nil || !strings.Contains(said.String(), "admin ana saved") {
		t.Fatalf("admin create: %v %q", err, said.String())
	}
	stdin = os.Stdin

	var out strings.Builder
	if err := run(t.Context(), []string{"version"}, &out, io.Discard); err != nil || !strings.HasPrefix(out.String(), "shelf ") {
		t.Fatalf("version: %v %q", err, out.String())
	}
	if err := run(t.Context(), []string{"frobnicate"}, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "unknown command") {
		t.Fatalf("unknown command: %v", err)
	}
	// A bad environment value is an error naming the variable.
	t.Setenv("SHELF_RETRAIN", "often")
	err := run(t.Context(), []string{"serve", "-db", filepath.Join(t.TempDir(), "x.db")}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "SHELF_RETRAIN") {
		t.Fatalf("bad SHELF_RETRAIN: %v", err)
	}
}

// TestNothingAcknowledgedIsLost posts interactions from many concurrent
// clients, kills shelf with SIGKILL in mid-stream, restarts it and finds
// every interaction that was answered 201, in a consistent file.
func TestNothingAcknowledgedIsLost(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildShelf(t)
	db := filepath.Join(t.TempDir(), "crash.db")
	p := startShelf(t, bin, "-db", db, "-demo", "-retrain", "0")

	var mu sync.Mutex
	acked := map[uint64]bool{}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	client := &http.Client{Timeout: 5 * time.Second}
	for w := 0; w < 32; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				body := fmt.Sprintf(`{"user_id":%d,"product_id":%d,"interaction_type":"view"}`, w%500+1, (w*131+i)%1000+1)
				resp, err := client.Post(p.base+"/api/interaction/", "application/json", strings.NewReader(body))
				if err != nil {
					return // the server is gone
				}
				var out struct {
					ID uint64 `json:"id"`
				}
				err = json.NewDecoder(resp.Body).Decode(&out)
				resp.Body.Close()
				if resp.StatusCode == http.StatusCreated && err == nil {
					mu.Lock()
					acked[out.ID] = true
					mu.Unlock()
				}
			}
		}(w)
	}
	// Let the writers run, then kill the process without warning.
	waitFor(t, "a few hundred acknowledged writes", 30*time.Second, func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(acked) >= 300
	})
	if err := p.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	p.cmd.Wait()
	close(stop)
	wg.Wait()

	if out, err := exec.Command(bin, "check", "-db", db).CombinedOutput(); err != nil {
		t.Fatalf("the file is not consistent after SIGKILL: %v\n%s", err, out)
	}
	p = startShelf(t, bin, "-db", db, "-demo", "-retrain", "0")
	defer p.stop(t)
	_, _, export := p.get(t, "/api/export/interactions?format=ndjson")
	stored := map[uint64]bool{}
	for _, line := range strings.Split(strings.TrimSpace(export), "\n") {
		var rec struct {
			ID uint64 `json:"id"`
		}
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("export line %q: %v", line, err)
		}
		stored[rec.ID] = true
	}
	lost := 0
	for id := range acked {
		if !stored[id] {
			lost++
		}
	}
	if lost > 0 {
		t.Fatalf("%d of %d acknowledged interactions were lost", lost, len(acked))
	}
	t.Logf("%d acknowledged interactions, all found after SIGKILL and restart", len(acked))
}

// TestKilledImportIsUndone kills `shelf import` of a large file at
// different moments and checks each time that the file holds all of the
// import or none of it. The kill time is searched until one lands while
// the chunks are being written, so that the journal's undo is exercised
// on a real process death, not only in the store's tests.
func TestKilledImportIsUndone(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildShelf(t)
	dir := t.TempDir()
	const n = 400_000
	var csv strings.Builder
	csv.WriteString("id,user_id,product_id,interaction_type,timestamp,rating,session_id\n")
	t0 := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		fmt.Fprintf(&csv, "0,%d,%d,view,%s,,s-%d\n", i*7%5000+1, i*13%2000+1, t0.Add(time.Duration(i)*time.Second).Format(time.RFC3339), i/10)
	}
	events := filepath.Join(dir, "events.csv")
	if err := os.WriteFile(events, []byte(csv.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	importInto := func(db string) *exec.Cmd {
		return exec.Command(bin, "import", "-db", db, "-kind", "interactions", "-create-missing", events)
	}
	start := time.Now()
	if out, err := importInto(filepath.Join(dir, "full.db")).CombinedOutput(); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	full := time.Since(start)

	counts := regexp.MustCompile(`(\d+) products, (\d+) users, (\d+) interactions`)
	lo, hi := time.Duration(0), full
	for attempt := range 10 {
		at := (lo + hi) / 2
		db := filepath.Join(dir, fmt.Sprintf("killed%d.db", attempt))
		cmd := importInto(db)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(at)
		cmd.Process.Kill()
		cmd.Wait()
		out, err := exec.Command(bin, "check", "-db", db).CombinedOutput()
		if err != nil {
			if _, statErr := os.Stat(db); statErr != nil {
				lo = at // killed before the file existed
				continue
			}
			t.Fatalf("the file is not consistent after SIGKILL at %v: %v\n%s", at, err, out)
		}
		m := counts.FindStringSubmatch(string(out))
		if m == nil {
			t.Fatalf("check said %q", out)
		}
		undone := strings.Contains(string(out), "did not finish was undone")
		switch {
		case m[1] == "0" && m[2] == "0" && m[3] == "0" && undone:
			t.Logf("killed after %v of %v: the half-written import was undone", at, full)
			return
		case m[1] == "0" && m[2] == "0" && m[3] == "0":
			lo = at // killed before the first write
		case m[1] == "2000" && m[2] == "5000" && m[3] == strconv.Itoa(n) && !undone:
			hi = at // killed after the import finished
		default:
			t.Fatalf("killed after %v: the file holds part of the import: %s", at, out)
		}
	}
	t.Fatalf("no kill landed while the import was writing (full import %v)", full)
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
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildShelf(t)
	dir := t.TempDir()
	certFile, keyFile, pool := selfSigned(t, dir)
	p := startShelf(t, bin, "-db", filepath.Join(dir, "tls.db"), "-tls-cert", certFile, "-tls-key", keyFile, "-retrain", "0")
	defer p.stop(t)
	base := strings.Replace(p.base, "http://", "https://", 1)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	resp, err := client.Get(base + "/")
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
	if resp, err := http.Get(p.base + "/healthz"); err == nil {
		resp.Body.Close()
		if resp.StatusCode == 200 {
			t.Error("plain HTTP was served on the TLS port")
		}
	}
}

// runShelf runs the binary to completion (bounded) and returns its exit
// error and combined output.
func runShelf(t *testing.T, bin string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, args...).CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("shelf %v hung: %s", args, out)
	}
	return string(out), err
}

// TestBadDatabaseFiles: a file locked by a running shelf, a corrupt file
// and a full disk each end shelf with a clear message and a non-zero exit,
// never a panic or a hang.
func TestBadDatabaseFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildShelf(t)
	dir := t.TempDir()

	db := filepath.Join(dir, "busy.db")
	p := startShelf(t, bin, "-db", db, "-retrain", "0")
	out, err := runShelf(t, bin, "serve", "-db", db, "-addr", "127.0.0.1:0")
	if err == nil || !strings.Contains(out, "locked by another running process") || strings.Contains(out, "panic") {
		t.Errorf("second shelf on a locked file: %v\n%s", err, out)
	}
	p.stop(t)

	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, []byte(strings.Repeat("this is not a database\n", 2000)), 0o600)
	out, err = runShelf(t, bin, "serve", "-db", junk, "-addr", "127.0.0.1:0")
	if err == nil || !strings.Contains(out, "corrupt") || strings.Contains(out, "panic") {
		t.Errorf("shelf on a corrupt file: %v\n%s", err, out)
	}
	out, err = runShelf(t, bin, "check", "-db", junk)
	if err == nil || strings.Contains(out, "panic") {
		t.Errorf("shelf check on a corrupt file: %v\n%s", err, out)
	}

	// A full disk: a 2 MiB tmpfs cannot hold the demo shop.
	full := filepath.Join(dir, "full")
	os.Mkdir(full, 0o700)
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", full).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a small tmpfs to fill (needs root): %v %s", err, out)
	}
	defer exec.Command("umount", full).Run()
	out, err = runShelf(t, bin, "serve", "-demo", "-db", filepath.Join(full, "x.db"), "-addr", "127.0.0.1:0")
	if err == nil || !strings.Contains(out, "no space left on device") || strings.Contains(out, "panic") {
		t.Errorf("shelf on a full disk: %v\n%s", err, out)
	}
}

// TestMixedLoad is the trust bar: a 60-second mixed storefront load from 64
// concurrent clients on loopback ends with no 5xx and bounded memory.
func TestMixedLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("a 60-second load test")
	}
	bin := buildShelf(t)
	p := startShelf(t, bin, "-db", filepath.Join(t.TempDir(), "load.db"), "-demo", "-rate-limit", "0", "-key-rate-limit", "0")
	defer p.stop(t)
	rep, err := loadtest.Run(t.Context(), loadtest.Options{
		BaseURL: p.base, Scenario: loadtest.ScenarioMixed, Concurrency: 64,
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
	peak := peakRSS(t, p.cmd.Process.Pid)
	t.Logf("%d requests, %.0f req/s, p99 %s, statuses %v, peak RSS %d MB", rep.Requests, rep.Throughput, rep.P99, rep.ByStatus, peak>>20)
	if fivexx > 0 || rep.NoResponse > 0 {
		t.Errorf("%d 5xx responses and %d requests without a response", fivexx, rep.NoResponse)
	}
	if rep.Requests < 1000 {
		t.Errorf("only %d requests in 60 s", rep.Requests)
	}
	if peak > 1<<30 {
		t.Errorf("peak resident memory %d MB; want it bounded under 1 GB", peak>>20)
	}
}

// peakRSS reads a process's peak resident memory from /proc.
func peakRSS(t *testing.T, pid int) int64 {
	t.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Skipf("no /proc: %v", err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			var kb int64
			fmt.Sscanf(strings.TrimSpace(strings.TrimPrefix(line, "VmHWM:")), "%d", &kb)
			return kb << 10
		}
	}
	t.Fatal("no VmHWM in /proc status")
	return 0
}

// TestSlowClientsAndDrain: a client that dribbles its headers is cut off
// after the header timeout, and a request in flight when SIGTERM arrives
// is finished before shelf exits cleanly.
func TestSlowClientsAndDrain(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildShelf(t)
	p := startShelf(t, bin, "-db", filepath.Join(t.TempDir(), "slow.db"), "-demo", "-retrain", "0", "-header-timeout", "1s")
	addr := strings.TrimPrefix(p.base, "http://")

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

	// A bulk import whose body is half sent when SIGTERM arrives.
	body := "user_id,product_id,interaction_type,timestamp\n" + strings.Repeat("1,2,view,2026-01-01T00:00:00Z\n", 200)
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /api/interactions/import HTTP/1.1\r\nHost: %s\r\nContent-Type: text/csv\r\nContent-Length: %d\r\n\r\n", addr, len(body))
	half := len(body) / 2
	io.WriteString(conn, body[:half])
	time.Sleep(300 * time.Millisecond) // let the server start reading the body
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	io.WriteString(conn, body[half:])
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("the request in flight at SIGTERM got no answer: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("the request in flight at SIGTERM got %d", resp.StatusCode)
	}
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("shelf exited with %v after SIGTERM", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("shelf did not exit within 10 s of SIGTERM")
	}
}
