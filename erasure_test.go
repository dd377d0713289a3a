package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"shelf/store"
)

// The erased customer of these tests: strings that occur nowhere else.
const (
	erasedName    = "zanzibar-quokka-7731"
	erasedEmail   = "quokka7731@erasure.example"
	erasedSession = "sess-quokka-90210"
)

// erasedIn returns which of the erased customer's strings data holds.
func erasedIn(data []byte) []string {
	var out []string
	for _, s := range []string{erasedName, erasedEmail, erasedSession} {
		if bytes.Contains(data, []byte(s)) {
			out = append(out, s)
		}
	}
	return out
}

// createErasedCustomer creates the customer of these tests with three
// interactions under their session id, and returns their id.
func createErasedCustomer(t *testing.T, base string) uint64 {
	t.Helper()
	code, body := do(t, "POST", base+"/api/users/", fmt.Sprintf(`{"username":%q,"email":%q}`, erasedName, erasedEmail))
	var u struct {
		ID uint64 `json:"id"`
	}
	if err := json.Unmarshal(body, &u); code != http.StatusCreated || err != nil || u.ID == 0 {
		t.Fatalf("create the customer: %d %s", code, body)
	}
	for p := 1; p <= 3; p++ {
		ev := fmt.Sprintf(`{"user_id":%d,"product_id":%d,"interaction_type":"cart","session_id":%q}`, u.ID, p, erasedSession)
		if code, body := do(t, "POST", base+"/api/interaction/", ev); code != http.StatusCreated {
			t.Fatalf("the customer's interaction: %d %s", code, body)
		}
	}
	return u.ID
}

// TestErasedCustomerLeavesTheFileWhileServing is issue 12's item 6 end to
// end: a customer erased over HTTP is gone from the database file, and
// from a backup taken afterwards, once the compaction that the erasure
// scheduled has run; clients reading and writing meanwhile are all
// served, and every write answered 201 is kept.
func TestErasedCustomerLeavesTheFileWhileServing(t *testing.T) {
	m := MustRunMain(t, "-demo", "-retrain", "0", "-log-level", "info", "-rate-limit", "0", "-compact-delay", "10ms")
	id := createErasedCustomer(t, m.base)

	// Clients read and write throughout.
	var (
		served, failed atomic.Int64
		mu             sync.Mutex
		acked          []uint64
		problems       []string
		stop           = make(chan struct{})
		wg             sync.WaitGroup
	)
	client := &http.Client{Timeout: 30 * time.Second}
	for w := range 4 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				var resp *http.Response
				var err error
				if i%2 == 0 {
					resp, err = client.Get(fmt.Sprintf("%s/api/products/%d/", m.base, i%100+1))
				} else {
					ev := fmt.Sprintf(`{"user_id":%d,"product_id":%d,"interaction_type":"view"}`, w+1, i%100+1)
					resp, err = client.Post(m.base+"/api/interaction/", "application/json", strings.NewReader(ev))
				}
				if err != nil {
					failed.Add(1)
					mu.Lock()
					problems = append(problems, err.Error())
					mu.Unlock()
					continue
				}
				var out struct {
					ID uint64 `json:"id"`
				}
				json.NewDecoder(resp.Body).Decode(&out)
				resp.Body.Close()
				mu.Lock()
				switch {
				case resp.StatusCode == http.StatusCreated:
					acked = append(acked, out.ID)
				case resp.StatusCode != http.StatusOK:
					problems = append(problems, fmt.Sprintf("%s %s: %d", resp.Request.Method, resp.Request.URL.Path, resp.StatusCode))
				}
				mu.Unlock()
				served.Add(1)
			}
		})
	}
	waitFor(t, "the clients to start", 30*time.Second, func() bool { return served.Load() >= 20 })
	if code, body := do(t, "DELETE", fmt.Sprintf("%s/api/users/%d/", m.base, id), ""); code/100 != 2 {
		t.Fatalf("erase the customer: %d %s", code, body)
	}
	waitFor(t, "the compaction after the erasure", 30*time.Second, func() bool {
		return strings.Contains(m.logs.String(), "compacted the database")
	})
	n := served.Load()
	waitFor(t, "the clients to go on after the compaction", 30*time.Second, func() bool { return served.Load() >= n+20 })
	close(stop)
	wg.Wait()
	if failed.Load() > 0 || len(problems) > 0 {
		t.Errorf("%d requests failed around the compaction: %q", len(problems), problems[:min(len(problems), 5)])
	}

	if _, pending, err := m.Store.ErasurePending(); pending || err != nil {
		t.Errorf("after the compaction: pending %v, %v", pending, err)
	}
	data, err := os.ReadFile(m.Config.DB)
	if err != nil {
		t.Fatal(err)
	}
	if leaks := erasedIn(data); len(leaks) > 0 {
		t.Errorf("the database file still holds %q after the compaction", leaks)
	}
	code, backup := do(t, "GET", m.base+"/api/admin/backup", "")
	if code != http.StatusOK || len(backup) < 1<<16 {
		t.Fatalf("backup: %d, %d bytes", code, len(backup))
	}
	if leaks := erasedIn(backup); len(leaks) > 0 {
		t.Errorf("a backup taken after the compaction holds %q", leaks)
	}
	if code, _ := do(t, "GET", fmt.Sprintf("%s/api/users/%d/", m.base, id), ""); code != http.StatusNotFound {
		t.Errorf("the erased customer: %d, want 404", code)
	}
	for _, ack := range acked {
		if _, err := m.Store.Interaction(ack); err != nil {
			t.Fatalf("interaction %d was answered 201 and is gone: %v", ack, err)
		}
	}
	copyPath := filepath.Join(t.TempDir(), "backup.db")
	if err := os.WriteFile(copyPath, backup, 0o600); err != nil {
		t.Fatal(err)
	}
	if r, err := store.Verify(copyPath, store.VerifyOptions{}); err != nil || !r.OK() {
		t.Fatalf("the backup: %v %v", r.Problems, err)
	}
	t.Logf("%d requests served (%d writes kept) around the compaction", served.Load(), len(acked))
}
