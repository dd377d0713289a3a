package main

import (
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"shelf/store"
)

// runDemoCmd runs shelf demo with args and returns what it printed.
func runDemoCmd(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out strings.Builder
	err := run(t.Context(), append([]string{"demo"}, args...), nil, &out, io.Discard)
	return out.String(), err
}

// readDemoFiles returns the bytes of the three files in dir.
func readDemoFiles(t *testing.T, dir string) [len(demoFiles)]string {
	t.Helper()
	var out [len(demoFiles)]string
	for i, name := range demoFiles {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		out[i] = string(b)
	}
	return out
}

// checkDemoFile checks that body is a CSV file with header and rows
// whose first column counts 1..rows.
func checkDemoFile(t *testing.T, name, body, header string, rows int) {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if got := strings.Join(recs[0], ","); got != header {
		t.Errorf("%s: header %q, want %q", name, got, header)
	}
	if len(recs)-1 != rows {
		t.Errorf("%s: %d rows, want %d", name, len(recs)-1, rows)
	}
	for i, rec := range recs[1:] {
		if rec[0] != strconv.Itoa(i+1) {
			t.Fatalf("%s: row %d has id %s", name, i+1, rec[0])
		}
	}
}

// TestDemoCommand: shelf demo writes the three files with their headers,
// row counts and ids 1..N; the same flags give the same bytes and another
// seed others; existing files are kept without -force; and shelf import
// loads the three into a fresh database.
func TestDemoCommand(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "shop", "new") // created with its parent
	flags := []string{"-products", "40", "-users", "30", "-events", "900", "-seed", "3", "-days", "20", "-categories", "5"}
	out, err := runDemoCmd(t, append(flags, "-o", dir)...)
	if err != nil || !strings.HasPrefix(out, "wrote 40 products, 30 users and 900 events to ") {
		t.Fatalf("shelf demo: %v %q", err, out)
	}
	entries, _ := os.ReadDir(dir)
	if names := entryNames(entries); !slices.Equal(names, []string{"events.csv", "products.csv", "users.csv"}) {
		t.Errorf("the directory holds %v, no more than the three files", names)
	}
	first := readDemoFiles(t, dir)
	checkDemoFile(t, "products.csv", first[0], "id,name,description,category,price,created_at,image_url,url,brand,tags,stock,active,attributes,skus", 40)
	checkDemoFile(t, "users.csv", first[1], "id,username,email,date_joined", 30)
	checkDemoFile(t, "events.csv", first[2], "id,user_id,product_id,interaction_type,timestamp,rating,session_id,value,event_id,recommendation_id,refunded", 900)

	again := filepath.Join(root, "again")
	if _, err := runDemoCmd(t, append(flags, "-o", again)...); err != nil {
		t.Fatal(err)
	}
	if readDemoFiles(t, again) != first {
		t.Error("the same flags gave different files")
	}

	// Another seed, into the first directory: refused, then forced.
	other := append(slices.Clone(flags), "-seed", "4", "-o", dir)
	if _, err := runDemoCmd(t, other...); err == nil || !strings.Contains(err.Error(), "products.csv exists") || !strings.Contains(err.Error(), "-force") {
		t.Errorf("existing files without -force: %v", err)
	}
	if readDemoFiles(t, dir) != first {
		t.Error("a refused run changed the files")
	}
	if _, err := runDemoCmd(t, append(other, "-force")...); err != nil {
		t.Fatal(err)
	}
	for i, b := range readDemoFiles(t, dir) {
		if b == first[i] {
			t.Errorf("seeds 3 and 4 gave the same %s", demoFiles[i])
		}
	}

	db := filepath.Join(root, "fresh.db")
	for i, kind := range [...]string{"products", "users", "interactions"} {
		var out strings.Builder
		if err := run(t.Context(), []string{"import", "-db", db, "-kind", kind, filepath.Join(dir, demoFiles[i])}, nil, &out, io.Discard); err != nil {
			t.Fatalf("shelf import -kind %s: %v", kind, err)
		}
	}
	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if n, err := st.Counts(); err != nil || n.Products != 40 || n.Users != 30 || n.Interactions != 900 {
		t.Errorf("the database holds %+v (%v)", n, err)
	}
	if err := st.Check(); err != nil {
		t.Error(err)
	}
}

func entryNames(entries []os.DirEntry) []string {
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// TestDemoFlags: a bad flag is an error that names it, and writes nothing.
func TestDemoFlags(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"-products", "-5"}, "-products must be from 1"},
		{[]string{"-products", "0"}, "-products must be from 1"},
		{[]string{"-users", "0"}, "-users must be from 1"},
		{[]string{"-events", "-1"}, "-events must be from 1"},
		{[]string{"-events", "0"}, "-events must be from 1"},
		{[]string{"-days", "0"}, "-days must be from 1"},
		{[]string{"-days", "40000"}, "-days must be from 1 to 36500"},
		{[]string{"-categories", "0"}, "-categories must be from 1 to 14"},
		{[]string{"-categories", "15"}, "-categories must be from 1 to 14"},
		{[]string{"-products", "many"}, "-products"},
		{[]string{"-seed", "x"}, "-seed"},
		{[]string{"-end", "yesterday"}, "-end must be an RFC 3339 time"},
		{[]string{"-end", "1970-06-01"}, "-end 1970-06-01 with -days 90 makes times outside"},
		{[]string{"-colour", "red"}, "-colour"},
		{[]string{"extra"}, "demo takes no arguments"},
	} {
		_, err := runDemoCmd(t, append([]string{"-o", dir}, tt.args...)...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: %v, want an error with %q", tt.args, err, tt.want)
		}
	}
	if _, err := runDemoCmd(t, "-products", "5"); err == nil || !strings.Contains(err.Error(), "-o DIR") {
		t.Errorf("without -o: %v", err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("a bad flag created %s (%v)", dir, err)
	}
}
