package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestKilledCompactionLeavesAWholeFile erases a customer on a running
// shelf and stops it before the compaction (an hour away); the next start
// compacts at once, and the test build's SHELF_TEST_KILL_IN_COMPACT hook
// kills it with SIGKILL there: once with the copy written beside the file,
// once with the copy renamed over it. Each time the next start serves the
// complete data, leaves no copy behind and no byte of the customer in the
// file, and the file passes shelf check.
func TestKilledCompactionLeavesAWholeFile(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := shelfBinary(t)
	dir := t.TempDir()
	erased := filepath.Join(dir, "erased.db")
	p := startShelf(t, bin, "-db", erased, "-demo", "-retrain", "0")
	id := createErasedCustomer(t, p.base)
	if code, body := do(t, "DELETE", fmt.Sprintf("%s/api/users/%d/", p.base, id), ""); code/100 != 2 {
		t.Fatalf("erase the customer: %d %s", code, body)
	}
	want := exports(t, p.base)
	p.stop(t)
	if out := mustRunShelf(t, bin, "check", "-db", erased); !strings.Contains(out, "still in freed pages") {
		t.Fatalf("shelf check does not report the pending erasure:\n%s", out)
	}
	original, err := os.ReadFile(erased)
	if err != nil {
		t.Fatal(err)
	}
	if leaks := erasedIn(original); len(leaks) != 3 {
		t.Fatalf("bbolt cleared the erased customer's pages (%q): the test proves nothing", leaks)
	}

	for _, step := range []string{"copied", "renamed"} {
		t.Run(step, func(t *testing.T) {
			dir := t.TempDir()
			db := filepath.Join(dir, "shop.db")
			if err := os.WriteFile(db, original, 0o600); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
			defer cancel()
			killed := exec.CommandContext(ctx, bin, "serve", "-db", db, "-addr", "127.0.0.1:0", "-retrain", "0", "-log-format", "json")
			killed.Env = append(os.Environ(), "SHELF_TEST_KILL_IN_COMPACT="+step)
			said, err := killed.CombinedOutput()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
				t.Fatalf("serve with a kill at %s: want death by SIGKILL, got %v\n%s", step, err, said)
			}
			copies, _ := filepath.Glob(filepath.Join(dir, ".shop.db.compact-*"))
			if (len(copies) == 1) != (step == "copied") {
				t.Fatalf("after a kill at %s: copies %v beside the file", step, copies)
			}

			p := startShelf(t, bin, "-db", db, "-demo", "-retrain", "0")
			if step == "copied" {
				// The old file came back with its mark: compacted at start.
				p.waitLog(t, "compacted the database: erased users are gone from the file", 30*time.Second)
			}
			if got := exports(t, p.base); got != want {
				t.Errorf("after a kill at %s the data differs from before", step)
			}
			p.stop(t)
			if copies, _ := filepath.Glob(filepath.Join(dir, ".shop.db.compact-*")); len(copies) > 0 {
				t.Errorf("copies left: %v", copies)
			}
			out, err := runShelf(t, bin, "check", "-db", db)
			if err != nil || !strings.Contains(out, "is consistent") || strings.Contains(out, "freed pages") {
				t.Fatalf("shelf check after a kill at %s: %v\n%s", step, err, out)
			}
			data, err := os.ReadFile(db)
			if err != nil {
				t.Fatal(err)
			}
			if leaks := erasedIn(data); len(leaks) > 0 {
				t.Errorf("after a kill at %s and a restart the file holds %q", step, leaks)
			}
		})
	}
}

// exports is every product, user and interaction, as NDJSON exports.
func exports(t *testing.T, base string) string {
	t.Helper()
	var all strings.Builder
	for _, kind := range []string{"products", "users", "interactions"} {
		code, _, body := get(t, base+"/api/export/"+kind+"?format=ndjson")
		if code != 200 || len(body) < 100 {
			t.Fatalf("export %s: %d %s", kind, code, body)
		}
		all.WriteString(body)
	}
	return all.String()
}
