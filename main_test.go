package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// The tests come in two kinds. Most run shelf in the test process
// (MustRunMain, e2e_test.go and browser_test.go); those that need a
// process of their own, for SIGKILL, SIGTERM or the command line, run the
// real binary (shelfBinary, process_test.go).

func TestMain(m *testing.M) {
	code := m.Run()
	if binary.dir != "" {
		os.RemoveAll(binary.dir)
	}
	os.Exit(code)
}

// binary is the shelf binary the process tests share.
var binary struct {
	once      sync.Once
	dir, path string
	err       error
}

// shelfBinary builds the real binary, once per test run, with the test
// hooks of testhooks_shelftest.go, into a directory TestMain removes.
func shelfBinary(t *testing.T) string {
	t.Helper()
	binary.once.Do(func() {
		if binary.dir, binary.err = os.MkdirTemp("", "shelf-test-"); binary.err != nil {
			return
		}
		binary.path = filepath.Join(binary.dir, "shelf")
		cmd := exec.Command("go", "build", "-tags", "shelftest", "-o", binary.path, ".")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			binary.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binary.err != nil {
		t.Fatal(binary.err)
	}
	return binary.path
}

// testMain is a Main running in the test process.
type testMain struct {
	*Main
	base   string // its URL
	logs   *logBuffer
	cancel context.CancelFunc
	done   chan error // Run's result
	closed bool
}

// MustRunMain opens and runs a Main as `shelf serve args...` would, on
// 127.0.0.1:0 with a temporary database and warnings only in the log
// unless args say otherwise (the last of a repeated flag wins). The test's
// cleanup closes it.
func MustRunMain(t testing.TB, args ...string) *testMain {
	t.Helper()
	args = append([]string{"-addr", "127.0.0.1:0", "-db", filepath.Join(t.TempDir(), "shelf.db"), "-log-level", "warn"}, args...)
	cfg, err := parseServeFlags(args, io.Discard)
	if err != nil {
		t.Fatalf("serve %v: %v", args, err)
	}
	logs := &logBuffer{}
	log, err := newLogger("text", cfg.LogLevel, logs)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	m := &testMain{Main: NewMain(cfg, log), logs: logs, cancel: cancel, done: make(chan error, 1)}
	if err := m.Open(ctx); err != nil {
		cancel()
		m.Main.Close()
		t.Fatalf("open shelf: %v\n%s", err, logs)
	}
	m.base = m.URL()
	go func() { m.done <- m.Run(ctx) }()
	t.Cleanup(func() { MustCloseMain(t, m) })
	return m
}

// MustCloseMain stops m as SIGTERM stops shelf serve (the requests in
// flight finish, then everything closes) and prints its log if the test
// failed. Closing it again does nothing.
func MustCloseMain(t testing.TB, m *testMain) {
	t.Helper()
	if m.closed {
		return
	}
	m.closed = true
	m.cancel()
	if err := <-m.done; err != nil {
		t.Errorf("Run: %v", err)
	}
	if err := m.Main.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if t.Failed() {
		t.Logf("shelf's log:\n%s", m.logs)
	}
}

// logBuffer collects a log written from many goroutines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// get fetches url and returns its status, headers and body.
func get(t *testing.T, url string) (int, http.Header, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(body)
}

// getJSON fetches url, which must answer 200, into v.
func getJSON(t *testing.T, url string, v any) {
	t.Helper()
	code, _, body := get(t, url)
	if code != 200 {
		t.Fatalf("GET %s: %d %s", url, code, body)
	}
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("GET %s: %v in %s", url, err, body)
	}
}

// postInteraction records a purchase of product by user 1 and returns the
// interaction's id.
func postInteraction(t *testing.T, base string, product uint64) uint64 {
	t.Helper()
	body := fmt.Sprintf(`{"user_id":1,"product_id":%d,"interaction_type":"purchase","session_id":"e2e"}`, product)
	resp, err := http.Post(base+"/api/interaction/", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var created struct {
		ID uint64 `json:"id"`
	}
	json.NewDecoder(resp.Body).Decode(&created)
	if resp.StatusCode != 201 || created.ID == 0 {
		t.Fatalf("POST interaction: %d %+v", resp.StatusCode, created)
	}
	return created.ID
}

// waitFor polls cond until it holds or the time runs out.
func waitFor(t *testing.T, what string, timeout time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestCommandLine(t *testing.T) {
	// shelf admin create reads the password from standard input.
	db := filepath.Join(t.TempDir(), "admin.db")
	if err := run(t.Context(), []string{"admin", "create", "-db", db, "-username", "ana"}, strings.NewReader("short\n"), io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "at least 12") {
		t.Fatalf("short password: %v", err)
	}
	var said strings.Builder
	if err := run(t.Context(), []string{"admin", "create", "-db", db, "-username", "ana"}, strings.NewReader("a long enough password\n"), &said, io.Discard); err != nil || !strings.Contains(said.String(), "admin ana saved") {
		t.Fatalf("admin create: %v %q", err, said.String())
	}

	var out strings.Builder
	if err := run(t.Context(), []string{"version"}, nil, &out, io.Discard); err != nil || !strings.HasPrefix(out.String(), "shelf ") {
		t.Fatalf("version: %v %q", err, out.String())
	}
	if err := run(t.Context(), []string{"frobnicate"}, nil, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "unknown command") {
		t.Fatalf("unknown command: %v", err)
	}
	// A bad environment value is an error naming the variable.
	t.Setenv("SHELF_RETRAIN", "often")
	err := run(t.Context(), []string{"serve", "-db", filepath.Join(t.TempDir(), "x.db")}, nil, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "SHELF_RETRAIN") {
		t.Fatalf("bad SHELF_RETRAIN: %v", err)
	}
}

// do sends a request with a JSON body (or none) and returns the status
// and the body.
func do(t *testing.T, method, url, body string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, out
}
