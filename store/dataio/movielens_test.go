package dataio

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"shelf/store"
)

// movieLensPath finds u.data at ../shared/data/ml-100k from the repository
// root (the first parent holding go.mod), or skips the test.
func movieLensPath(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("repository root not found")
		}
		dir = parent
	}
	p := filepath.Join(dir, "..", "shared", "data", "ml-100k", "u.data")
	if _, err := os.Stat(p); err != nil {
		t.Skipf("MovieLens 100K not available: %v", err)
	}
	return p
}

// TestMovieLensAsEvents turns u.data into the events CSV of EVAL.md, as the
// eval command's users will, and checks that every rating comes through.
func TestMovieLensAsEvents(t *testing.T) {
	f, err := os.Open(movieLensPath(t))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var csv bytes.Buffer
	csv.WriteString("user_id,product_id,interaction_type,timestamp,rating\n")
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		p := strings.Split(sc.Text(), "\t")
		if len(p) != 4 {
			t.Fatalf("bad u.data line %q", sc.Text())
		}
		csv.WriteString(p[0] + "," + p[1] + ",view," + p[3] + "," + p[2] + "\n")
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	got, err := DecodeEvents(&csv, CSV)
	if err != nil {
		t.Fatal(err)
	}
	users, items := map[uint64]bool{}, map[uint64]bool{}
	var sum float64
	first, last := got[0].Timestamp, got[0].Timestamp
	for _, it := range got {
		users[it.UserID], items[it.ProductID] = true, true
		sum += *it.Rating
		if it.Timestamp.Before(first) {
			first = it.Timestamp
		}
		if it.Timestamp.After(last) {
			last = it.Timestamp
		}
		if it.Type != store.View {
			t.Fatalf("type %v", it.Type)
		}
	}
	// The figures MovieLens 100K documents in its README.
	if len(got) != 100_000 || len(users) != 943 || len(items) != 1682 {
		t.Fatalf("%d events, %d users, %d items; want 100000, 943, 1682", len(got), len(users), len(items))
	}
	if mean := sum / 100_000; mean < 3.52 || mean > 3.54 {
		t.Errorf("mean rating %.4f, want about 3.53", mean)
	}
	if first.Year() != 1997 || last.Year() != 1998 || first.Location() != time.UTC {
		t.Errorf("times from %v to %v, want 1997 to 1998 in UTC", first, last)
	}
}
