package store_test

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"shelf/store"
)

// mappedKB is how much of the file at path the process holds resident
// through its memory maps, from /proc/self/smaps.
func mappedKB(t *testing.T, path string) int {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skip("no /proc/self/smaps here:", err)
	}
	defer f.Close()
	total, in := 0, false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		switch {
		case len(fields) >= 5 && strings.Contains(fields[0], "-") && !strings.HasSuffix(fields[0], ":"):
			in = len(fields) >= 6 && fields[5] == path
		case in && len(fields) == 3 && fields[0] == "Rss:":
			kb, _ := strconv.Atoi(fields[1])
			total += kb
		}
	}
	return total
}

// TestReadsLeaveNoFilePagesBehind: a large blob's chunks leave the
// process's resident memory once they are copied, and ReleaseMemory
// drops whatever else a read mapped in.
func TestReadsLeaveNoFilePagesBehind(t *testing.T) {
	path := filepath.Join(t.TempDir(), "release.db")
	s, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const mb = 1 << 20
	big := make([]byte, 16*mb)
	for i := range big {
		big[i] = byte(i * 7)
	}
	if err := s.PutLargeBlob("big", big); err != nil {
		t.Fatal(err)
	}
	for i := range 16 {
		if err := s.PutBlob(fmt.Sprintf("plain/%d", i), big[i*mb/4:(i+1)*mb/4]); err != nil {
			t.Fatal(err)
		}
	}
	s.ReleaseMemory()
	before := mappedKB(t, path)
	got, err := s.Blob("big")
	if err != nil || len(got) != len(big) {
		t.Fatalf("Blob: %d bytes, %v", len(got), err)
	}
	if after := mappedKB(t, path); after-before > 1024 {
		t.Errorf("reading a 16 MB chunked blob left %d kB of the file resident (%d kB before)", after, before)
	}
	for i := range 16 {
		if _, err := s.Blob(fmt.Sprintf("plain/%d", i)); err != nil {
			t.Fatal(err)
		}
	}
	read := mappedKB(t, path)
	if read-before < 2048 {
		t.Fatalf("setup: reading 4 MB of plain blobs mapped in only %d kB", read-before)
	}
	s.ReleaseMemory()
	if after := mappedKB(t, path); after > before+64 {
		t.Errorf("after ReleaseMemory %d kB of the file are resident, %d kB before the reads", after, before)
	}
	// What was released reads back whole.
	if again, err := s.Blob("big"); err != nil || string(again) != string(big) {
		t.Fatalf("reading again after the release: %v", err)
	}
}
