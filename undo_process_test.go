package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestUndoneImportKeepsAcknowledgedWrites is issue 12's item 5 on a real
// process: a journalled import over HTTP that creates users and a product
// is paused between its chunks (the test build's
// SHELF_TEST_PAUSE_AFTER_CHUNK hook); meanwhile an interaction naming a
// user or the product the import created is refused with a 409 that says
// why, and one for records that existed before is answered 201. Then shelf
// is killed with SIGKILL and restarted on the same file: the import is
// undone (its users and product are gone), every interaction that got a
// 201 is still there, and the file passes shelf check.
func TestUndoneImportKeepsAcknowledgedWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := shelfBinary(t)
	db := filepath.Join(t.TempDir(), "undo.db")
	p := startShelfEnv(t, bin, []string{"SHELF_TEST_PAUSE_AFTER_CHUNK=0"}, "-db", db, "-demo", "-retrain", "0")
	// The demo shop's users and products have small ids; the import names
	// users from 1,000,001 and product 1,000,001, which it creates.
	const newUser, newProduct = 1_000_001, 1_000_001
	if code, _, _ := get(t, fmt.Sprintf("%s/api/users/%d/", p.base, newUser)); code != http.StatusNotFound {
		t.Fatalf("user %d before the import: %d, want 404", newUser, code)
	}
	acked := map[uint64]uint64{} // interaction id -> user id, for every 201
	before := tryInteraction(t, p.base, 1, 7)
	if before.status != http.StatusCreated {
		t.Fatalf("an interaction before the import: %d %s", before.status, before.body)
	}
	acked[before.id] = 1

	// More than one chunk (50,000 events) makes the import journalled.
	const n = 120_000
	var csv strings.Builder
	csv.WriteString("user_id,product_id,interaction_type,timestamp\n")
	t0 := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		product := i%500 + 1
		if i%1000 == 999 {
			product = newProduct
		}
		fmt.Fprintf(&csv, "%d,%d,view,%s\n", newUser+i%1000, product, t0.Add(time.Duration(i)*time.Second).Format(time.RFC3339))
	}
	importDone := make(chan error, 1)
	go func() {
		resp, err := http.Post(p.base+"/api/interactions/import?create_missing=true", "text/csv", strings.NewReader(csv.String()))
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			err = fmt.Errorf("the import answered %d %s before the kill", resp.StatusCode, body)
		}
		importDone <- err
	}()
	p.waitLog(t, "test hook: import paused", 60*time.Second)
	// The import is half written: its users exist.
	if code, _, body := get(t, fmt.Sprintf("%s/api/users/%d/", p.base, newUser)); code != http.StatusOK {
		t.Fatalf("user %d while the import is paused: %d %s, want 200", newUser, code, body)
	}

	for _, c := range []struct {
		user, product uint64
		field         string
	}{{newUser, 7, "user_id"}, {newUser + 999, 8, "user_id"}, {2, newProduct, "product_id"}} {
		r := tryInteraction(t, p.base, c.user, c.product)
		if r.status == http.StatusCreated {
			acked[r.id] = c.user // then it must survive the undo as well
		}
		if r.status != http.StatusConflict || !strings.Contains(r.body, "still being written") || !strings.Contains(r.body, c.field) {
			t.Errorf("an interaction of user %d with product %d during the import: %d %s; want 409 on %s saying the import is still being written",
				c.user, c.product, r.status, r.body, c.field)
		}
	}
	during := tryInteraction(t, p.base, 2, 9)
	if during.status != http.StatusCreated {
		t.Fatalf("an interaction of existing records during the import: %d %s, want 201", during.status, during.body)
	}
	acked[during.id] = 2

	if err := p.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	p.cmd.Wait()
	if err := <-importDone; err != nil && strings.Contains(err.Error(), "answered") {
		t.Fatal(err)
	}

	p = startShelf(t, bin, "-db", db, "-demo", "-retrain", "0")
	p.waitLog(t, "an import that did not finish (the process stopped during it) was undone; run it again", 10*time.Second)
	for _, id := range []uint64{newUser, newUser + 999} {
		if code, _, body := get(t, fmt.Sprintf("%s/api/users/%d/", p.base, id)); code != http.StatusNotFound {
			t.Errorf("user %d, created by the undone import: %d %s, want 404", id, code, body)
		}
	}
	if code, _, body := get(t, fmt.Sprintf("%s/api/products/%d/", p.base, newProduct)); code != http.StatusNotFound {
		t.Errorf("product %d, created by the undone import: %d %s, want 404", newProduct, code, body)
	}
	stored := storedInteractions(t, p.base)
	for id, user := range acked {
		if !stored[id] {
			t.Errorf("interaction %d of user %d was answered 201 and is gone after the undo", id, user)
		}
	}
	p.stop(t)
	if out, err := runShelf(t, bin, "check", "-db", db); err != nil || !strings.Contains(out, "is consistent") {
		t.Fatalf("shelf check after the undo: %v\n%s", err, out)
	}
}

// posted is the answer to one POST /api/interaction/.
type posted struct {
	status int
	body   string
	id     uint64
}

// tryInteraction posts a view of product by user and returns the answer,
// whatever its status.
func tryInteraction(t *testing.T, base string, user, product uint64) posted {
	t.Helper()
	client := &http.Client{Timeout: 10 * time.Second}
	body := fmt.Sprintf(`{"user_id":%d,"product_id":%d,"interaction_type":"view"}`, user, product)
	resp, err := client.Post(base+"/api/interaction/", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	r := posted{status: resp.StatusCode, body: string(raw)}
	if r.status == http.StatusCreated {
		var created struct {
			ID uint64 `json:"id"`
		}
		if err := json.Unmarshal(raw, &created); err != nil || created.ID == 0 {
			t.Fatalf("POST interaction: 201 without an id: %s", raw)
		}
		r.id = created.ID
	}
	return r
}
