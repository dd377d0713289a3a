package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
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
)

// The tests of this file need a process of their own: they kill shelf,
// stop it with SIGTERM or run its commands. They share one binary
// (shelfBinary).

// shelfProc is a running `shelf serve`.
type shelfProc struct {
	cmd  *exec.Cmd
	base string

	mu    sync.Mutex
	lines []string      // its log, one JSON record a line
	more  chan struct{} // closed and replaced at each new line
	eof   bool          // its standard error is closed
}

// startShelf runs `shelf serve` on 127.0.0.1:0 with a JSON log and waits
// for the line that says where it listens.
func startShelf(t *testing.T, bin string, args ...string) *shelfProc {
	t.Helper()
	return startShelfEnv(t, bin, nil, args...)
}

// startShelfEnv is startShelf with variables (test hooks) added to the
// environment.
func startShelfEnv(t *testing.T, bin string, env []string, args ...string) *shelfProc {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve", "-addr", "127.0.0.1:0", "-log-format", "json"}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &shelfProc{cmd: cmd, more: make(chan struct{})}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			p.mu.Lock()
			p.lines = append(p.lines, sc.Text())
			close(p.more)
			p.more = make(chan struct{})
			p.mu.Unlock()
		}
		p.mu.Lock()
		p.eof = true
		close(p.more)
		p.mu.Unlock()
	}()
	rec := p.waitLog(t, "shelf listening", 60*time.Second)
	p.base = "http://" + rec.Addr
	return p
}

// logRecord is what the tests read of a JSON log line.
type logRecord struct {
	Msg  string `json:"msg"`
	Addr string `json:"addr"`
}

// waitLog waits for the first log record whose message is msg.
func (p *shelfProc) waitLog(t *testing.T, msg string, timeout time.Duration) logRecord {
	t.Helper()
	deadline := time.After(timeout)
	for seen := 0; ; {
		p.mu.Lock()
		lines, more, eof := p.lines[seen:], p.more, p.eof
		p.mu.Unlock()
		for _, line := range lines {
			var rec logRecord
			if json.Unmarshal([]byte(line), &rec) == nil && rec.Msg == msg {
				return rec
			}
		}
		seen += len(lines)
		if eof {
			t.Fatalf("shelf ended its log without %q:\n%s", msg, p.logText())
		}
		select {
		case <-more:
		case <-deadline:
			t.Fatalf("no %q in shelf's log after %s:\n%s", msg, timeout, p.logText())
		}
	}
}

func (p *shelfProc) logText() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return strings.Join(p.lines, "\n")
}

// stop sends SIGTERM and waits for a clean exit.
func (p *shelfProc) stop(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	p.wait(t, "SIGTERM")
}

// wait waits for shelf to exit, cleanly, within 10 s of what stopped it.
func (p *shelfProc) wait(t *testing.T, after string) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("shelf exited with %v after %s; logs:\n%s", err, after, p.logText())
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("shelf did not stop within 10 s of %s", after)
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

// mustRunShelf runs a command of the binary that must succeed.
func mustRunShelf(t *testing.T, bin string, args ...string) string {
	t.Helper()
	out, err := runShelf(t, bin, args...)
	if err != nil {
		t.Fatalf("shelf %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// historyHas says whether user 1's history holds the interaction id.
func historyHas(t *testing.T, base string, id uint64) bool {
	t.Helper()
	var history struct {
		Results []struct {
			ID uint64 `json:"id"`
		} `json:"results"`
	}
	getJSON(t, base+"/api/users/1/interactions/?page_size=100", &history)
	for _, h := range history.Results {
		if h.ID == id {
			return true
		}
	}
	return false
}

// storedInteractions is the set of the ids of every stored interaction,
// from an export.
func storedInteractions(t *testing.T, base string) map[uint64]bool {
	t.Helper()
	_, _, export := get(t, base+"/api/export/interactions?format=ndjson")
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
	return stored
}

// productCount is the size of the catalog.
func productCount(t *testing.T, base string) int {
	t.Helper()
	var products struct {
		Count int `json:"count"`
	}
	getJSON(t, base+"/api/products/", &products)
	return products.Count
}

// TestEndToEnd runs the real binary with the demo shop, records an
// interaction, stops it with SIGTERM, restarts it on the same file and
// finds what it wrote; takes an online backup with shelf backup, restores
// it and finds the same data; then exports and re-imports the data with
// the command line, and imports a bad file. TestAPI covers the API itself.
func TestEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := shelfBinary(t)
	db := filepath.Join(t.TempDir(), "shop.db")
	p := startShelf(t, bin, "-db", db, "-demo", "-retrain", "0")
	products := productCount(t, p.base)
	if products < 900 {
		t.Fatalf("demo catalog: %d products", products)
	}
	created := postInteraction(t, p.base, 42)
	p.stop(t)

	// Restart on the same file: -demo leaves a filled database alone and
	// the interaction is still there.
	p = startShelf(t, bin, "-db", db, "-demo", "-retrain", "0")
	if !historyHas(t, p.base, created) {
		t.Fatalf("interaction %d lost across a restart", created)
	}
	if n := productCount(t, p.base); n != products {
		t.Fatalf("restart with -demo changed the catalog: %d -> %d", products, n)
	}

	// Online backup while serving, then wipe and restore: same data.
	backup := filepath.Join(t.TempDir(), "backup.db")
	mustRunShelf(t, bin, "backup", "-url", p.base, "-o", backup)
	_, _, exportBefore := get(t, p.base+"/api/export/interactions")
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
	mustRunShelf(t, bin, "check", "-db", db)
	p = startShelf(t, bin, "-db", db, "-demo", "-retrain", "0")
	if _, _, exportAfter := get(t, p.base+"/api/export/interactions"); exportAfter != exportBefore || len(exportAfter) < 1000 {
		t.Fatalf("restored interactions differ from the backed-up ones (%d vs %d bytes)", len(exportAfter), len(exportBefore))
	}
	p.stop(t)

	// Export everything and import it into a new file with the CLI.
	dir := t.TempDir()
	fresh := filepath.Join(dir, "copy.db")
	for _, kind := range []string{"products", "users", "interactions"} {
		file := filepath.Join(dir, kind+".csv")
		mustRunShelf(t, bin, "export", "-db", db, "-kind", kind, "-o", file)
		mustRunShelf(t, bin, "import", "-db", fresh, "-kind", kind, file)
	}
	p = startShelf(t, bin, "-db", fresh, "-demo", "-retrain", "0") // -demo: an anonymous client may read; the file is not empty, so nothing is generated
	if n := productCount(t, p.base); n != products {
		t.Fatalf("re-imported catalog has %d products, want %d", n, products)
	}
	if !historyHas(t, p.base, created) {
		t.Fatal("the exported interaction did not survive export and import")
	}
	p.stop(t)

	// A bad file imports nothing and names its lines.
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("user_id,product_id,interaction_type,timestamp\n1,1,view,2026-01-01T00:00:00Z\n1,1,buy,2026-01-01T00:00:00Z\nx,1,view,2026-01-01T00:00:00Z\n"), 0o600)
	out, err := runShelf(t, bin, "import", "-db", fresh, bad)
	if err == nil || !strings.Contains(out, "bad.csv:line 3") || !strings.Contains(out, "bad.csv:line 4") {
		t.Fatalf("bad import: %v\n%s", err, out)
	}
}

// TestNothingAcknowledgedIsLost posts interactions from many concurrent
// clients, kills shelf with SIGKILL in mid-stream, restarts it and finds
// every interaction that was answered 201, in a consistent file.
func TestNothingAcknowledgedIsLost(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := shelfBinary(t)
	db := filepath.Join(t.TempDir(), "crash.db")
	p := startShelf(t, bin, "-db", db, "-demo", "-retrain", "0")

	var mu sync.Mutex
	acked := map[uint64]bool{}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	client := &http.Client{Timeout: 5 * time.Second}
	for w := 0; w < 32; w++ {
		wg.Go(func() {
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
		})
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

	if out, err := runShelf(t, bin, "check", "-db", db); err != nil {
		t.Fatalf("the file is not consistent after SIGKILL: %v\n%s", err, out)
	}
	p = startShelf(t, bin, "-db", db, "-demo", "-retrain", "0")
	defer p.stop(t)
	stored := storedInteractions(t, p.base)
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

// TestKilledImportIsUndone kills `shelf import` of a large file with
// SIGKILL right after the second of its chunks commits (the test build's
// SHELF_TEST_KILL_AFTER_CHUNK hook), then checks that the next open undid
// the half-written import, that the file is consistent, and that the same
// import then succeeds in full: the journal's undo exercised on a real
// process death, not only in the store's tests.
func TestKilledImportIsUndone(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := shelfBinary(t)
	dir := t.TempDir()
	// The store writes an import of more than 50,000 events in chunks of
	// 50,000 (store/journal.go's importChunk): 200,000 make at least four.
	const n = 200_000
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
	db := filepath.Join(dir, "killed.db")
	importArgs := []string{"import", "-db", db, "-kind", "interactions", "-create-missing", events}

	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	killed := exec.CommandContext(ctx, bin, importArgs...)
	killed.Env = append(os.Environ(), "SHELF_TEST_KILL_AFTER_CHUNK=1")
	said, err := killed.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("import with a kill after chunk 1: want death by SIGKILL, got %v\n%s", err, said)
	}

	counts := regexp.MustCompile(`(\d+) products, (\d+) users, (\d+) interactions`)
	out, err := runShelf(t, bin, "check", "-db", db)
	if err != nil {
		t.Fatalf("the file is not consistent after SIGKILL: %v\n%s", err, out)
	}
	if m := counts.FindStringSubmatch(out); !strings.Contains(out, "did not finish was undone") || m == nil || m[1] != "0" || m[2] != "0" || m[3] != "0" {
		t.Fatalf("check after the kill: want the import undone and an empty file, got %s", out)
	}
	if out, err := runShelf(t, bin, "check", "-db", db); err != nil || strings.Contains(out, "undone") {
		t.Fatalf("a second check: %v\n%s", err, out)
	}

	mustRunShelf(t, bin, importArgs...)
	out = mustRunShelf(t, bin, "check", "-db", db)
	if m := counts.FindStringSubmatch(out); m == nil || m[1] != "2000" || m[2] != "5000" || m[3] != strconv.Itoa(n) {
		t.Fatalf("check after importing again: want all of the import, got %s", out)
	}
}

// TestBadDatabaseFiles: a file locked by a running shelf, a corrupt file
// and a full disk each end shelf with a clear message and a non-zero exit,
// never a panic or a hang.
func TestBadDatabaseFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := shelfBinary(t)
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

// TestDrainOnSIGTERM: a bulk import whose body is half sent when SIGTERM
// arrives is finished and answered before shelf exits cleanly.
func TestDrainOnSIGTERM(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := shelfBinary(t)
	p := startShelf(t, bin, "-db", filepath.Join(t.TempDir(), "drain.db"), "-demo", "-retrain", "0")
	addr := strings.TrimPrefix(p.base, "http://")

	body := "user_id,product_id,interaction_type,timestamp\n" + strings.Repeat("1,2,view,2026-01-01T00:00:00Z\n", 200)
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(30 * time.Second))
	// Expect: 100-continue makes the server say when the handler starts
	// reading the body: from then on the request is in flight.
	fmt.Fprintf(conn, "POST /api/interactions/import HTTP/1.1\r\nHost: %s\r\nContent-Type: text/csv\r\nContent-Length: %d\r\nExpect: 100-continue\r\n\r\n", addr, len(body))
	r := bufio.NewReader(conn)
	resp, err := http.ReadResponse(r, nil)
	if err != nil || resp.StatusCode != http.StatusContinue {
		t.Fatalf("want 100 Continue before the body, got %v %v", resp, err)
	}
	half := len(body) / 2
	fmt.Fprint(conn, body[:half])
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// The rest of the body goes once the shutdown has closed the listener.
	p.waitLog(t, "shutting down", 10*time.Second)
	waitFor(t, "the listener to close", 10*time.Second, func() bool {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
		}
		return err != nil
	})
	fmt.Fprint(conn, body[half:])
	resp, err = http.ReadResponse(r, nil)
	if err != nil {
		t.Fatalf("the request in flight at SIGTERM got no answer: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("the request in flight at SIGTERM got %d", resp.StatusCode)
	}
	p.wait(t, "SIGTERM")
}
