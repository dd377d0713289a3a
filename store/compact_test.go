package store

import (
	"errors"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestCompactWhileServing: an online compaction, with readers and writers
// running throughout, leaves not a byte of the erased customer in the
// file, clears the erasure mark, and keeps everything else, every write
// that returned nil included (also those that waited for the copy).
func TestCompactWhileServing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shop.db")
	s := shopWithErasedUser(t, path)
	if since, pending, err := s.ErasurePending(); err != nil || !pending || !since.Equal(s.now()) {
		t.Fatalf("after the erasure: pending %v since %v, %v; want pending since %v", pending, since, err, s.now())
	}

	var (
		mu       sync.Mutex
		acked    []uint64
		failures atomic.Int64
		reads    atomic.Int64
		written  atomic.Int64
		stop     = make(chan struct{})
		wg       sync.WaitGroup
	)
	fail := func(what string, err error) {
		if failures.Add(1) <= 5 {
			t.Errorf("%s during the compaction: %v", what, err)
		}
	}
	for w := range 8 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				it := Interaction{UserID: uint64(w%10 + 1), ProductID: uint64(i%20 + 1), Type: Cart, Timestamp: s.now().Add(-time.Minute)}
				if err := s.AddInteraction(&it); err != nil {
					fail("a write", err)
					continue
				}
				mu.Lock()
				acked = append(acked, it.ID)
				mu.Unlock()
				written.Add(1)
			}
		})
	}
	for r := range 4 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := s.User(uint64(r + 1)); err != nil {
					fail("a read of a user", err)
				}
				if _, _, err := s.ListProducts(ProductQuery{Limit: 5}); err != nil {
					fail("a listing", err)
				}
				if _, _, err := s.UserInteractions(uint64(i%10+1), 0, 10); err != nil {
					fail("a history", err)
				}
				reads.Add(1)
			}
		})
	}
	// Wait on the writers themselves: some writes before the compaction,
	// and some after it, on the new file.
	waitUntil := func(what string, cond func() bool) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for !cond() {
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s", what)
			}
			time.Sleep(time.Millisecond)
		}
	}
	waitUntil("writes before the compaction", func() bool { return written.Load() >= 20 && reads.Load() >= 20 })
	// The copy must see every write: none may commit while it is written
	// and before the swap (it would land in the old file). A write
	// started then waits, and lands in the new one.
	var late Interaction
	lateDone := make(chan error, 1)
	s.opt.AfterCompactStep = func(step string) error {
		if step == CompactCopied {
			if s.writes.TryRLock() {
				s.writes.RUnlock()
				t.Error("writers may commit while the copy is written")
			}
			late = Interaction{UserID: 1, ProductID: 1, Type: Purchase, Timestamp: s.now()}
			go func() { lateDone <- s.AddInteraction(&late) }()
		}
		return nil
	}
	res, err := s.Compact()
	if err != nil {
		t.Fatal(err)
	}
	if err := <-lateDone; err != nil {
		t.Fatalf("a write started during the copy: %v", err)
	}
	mu.Lock()
	acked = append(acked, late.ID)
	mu.Unlock()
	w0, r0 := written.Load(), reads.Load()
	waitUntil("writes after the compaction", func() bool { return written.Load() >= w0+20 && reads.Load() >= r0+20 })
	close(stop)
	wg.Wait()

	if res.Before <= 0 || res.After <= 0 || res.Duration <= 0 {
		t.Errorf("result %+v", res)
	}
	if leaks := erasedIn(readTestFile(t, path)); len(leaks) > 0 {
		t.Errorf("the compacted file still holds %q", leaks)
	}
	if _, pending, err := s.ErasurePending(); pending || err != nil {
		t.Errorf("after the compaction: pending %v, %v", pending, err)
	}
	for _, id := range acked {
		if _, err := s.Interaction(id); err != nil {
			t.Fatalf("interaction %d was acknowledged and is gone: %v", id, err)
		}
	}
	if err := s.checkIndexes(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	r, err := Verify(path, VerifyOptions{})
	want := RecordCounts{Products: 20, Users: 10, Interactions: 50 + len(acked), Profiles: 1, Admins: 1, Sessions: 1, APIKeys: 1, Blobs: 1}
	if err != nil || !r.OK() || r.Counts != want || !r.ErasurePendingSince.IsZero() {
		t.Fatalf("the compacted file: %+v, %v; want counts %+v", r, err, want)
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
	t.Logf("%d writes and %d rounds of reads around a compaction of %d to %d bytes in %v", len(acked), reads.Load(), res.Before, res.After, res.Duration)
}

// TestFailedCompactionKeepsTheOldFile: a compaction that fails before the
// rename leaves the old file serving, the erasure mark in place and no
// copy behind; the next one succeeds.
func TestFailedCompactionKeepsTheOldFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shop.db")
	s := shopWithErasedUser(t, path)
	broken := errors.New("the disk is full")
	s.opt.AfterCompactStep = func(step string) error {
		if step == CompactCopied {
			return broken
		}
		return nil
	}
	if _, err := s.Compact(); !errors.Is(err, broken) {
		t.Fatalf("compact: %v, want the step's error", err)
	}
	if _, pending, err := s.ErasurePending(); !pending || err != nil {
		t.Fatalf("after a failed compaction: pending %v, %v; want the mark kept", pending, err)
	}
	// Read before the next write: bbolt may reuse the erased pages for
	// it (which of the free pages its map freelist hands out varies).
	if leaks := erasedIn(readTestFile(t, path)); len(leaks) == 0 {
		t.Error("the failed compaction rewrote the file")
	}
	it := Interaction{UserID: 1, ProductID: 1, Type: View, Timestamp: s.now()}
	if err := s.AddInteraction(&it); err != nil {
		t.Fatalf("a write after a failed compaction: %v", err)
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
	s.opt.AfterCompactStep = nil
	if _, err := s.Compact(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Interaction(it.ID); err != nil {
		t.Fatalf("the write before the compaction: %v", err)
	}
	if leaks := erasedIn(readTestFile(t, path)); len(leaks) > 0 {
		t.Errorf("the compacted file still holds %q", leaks)
	}
}

// TestOpenRemovesCompactionLeftovers: the copy of a compaction that a
// crash interrupted is removed when the file is next opened read-write;
// other files of the directory stay.
func TestOpenRemovesCompactionLeftovers(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "shop.db")
	journalShop(t, path).Close()
	leftover := filepath.Join(dir, compactTempPrefix("shop.db")+"123456")
	other := filepath.Join(dir, compactTempPrefix("other.db")+"123456")
	for _, name := range []string{leftover, other} {
		writeTestFile(t, name, []byte("a half-written copy"))
	}
	if r, err := Verify(path, VerifyOptions{}); err != nil || !r.OK() {
		t.Fatal(r, err)
	}
	if _, err := os.Stat(leftover); err != nil {
		t.Fatalf("a read-only open removed the copy: %v", err)
	}
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := os.Stat(leftover); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the leftover copy is still there: %v", err)
	}
	if _, err := os.Stat(other); err != nil {
		t.Errorf("another file's copy was removed: %v", err)
	}
}
