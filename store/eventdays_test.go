package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// verifyClean fails the test on any problem the verifier finds, the day
// index and the count of interactions among them.
func verifyClean(t *testing.T, s *Store, step string) {
	t.Helper()
	r, err := s.Verify(VerifyOptions{})
	if err != nil || !r.OK() {
		t.Fatalf("after %s: %v %+v", step, err, r.Problems)
	}
}

// TestDayIndexKeepsUpWithEveryWrite makes every kind of write that adds
// or removes interactions (live events, a one-transaction import, a
// chunked import of an older history, a killed import and its undo, a
// guest's session merged, a refund, a user and a product deleted) and
// checks after each that the verifier finds the day index and the count
// right and that the overview and the log match the decoded interactions.
func TestDayIndexKeepsUpWithEveryWrite(t *testing.T) {
	now := time.Date(2026, 6, 15, 13, 30, 0, 0, time.UTC)
	s, err := Open(filepath.Join(t.TempDir(), "s.db"), Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.chunk = 100
	batch := &ImportBatch{}
	for i := 1; i <= 30; i++ {
		batch.Products = append(batch.Products, Product{Name: fmt.Sprintf("P%d", i), Category: fmt.Sprintf("C%d", i%4), Price: 100})
	}
	for i := 1; i <= 15; i++ {
		batch.Users = append(batch.Users, User{Username: fmt.Sprintf("u%d", i)})
	}
	if _, err := s.Import(batch, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	verifyClean(t, s, "an empty log")
	checkAgainstDecoded(t, s, now, false)

	types := []InteractionType{View, Like, Cart, Purchase}
	event := func(i int, at time.Time) Interaction {
		return Interaction{UserID: uint64(i%15 + 1), ProductID: uint64(i*7%30 + 1), Type: types[i%4], Timestamp: at, SessionID: fmt.Sprintf("s%d", i%9)}
	}
	// Live events, in time order over the last ten days.
	for i := range 200 {
		it := event(i, now.Add(-10*24*time.Hour+time.Duration(i)*71*time.Minute))
		if err := s.AddInteraction(&it); err != nil {
			t.Fatal(err)
		}
	}
	verifyClean(t, s, "live events")
	checkAgainstDecoded(t, s, now, false)
	// Each day's range is exactly its ids while ids follow time.
	days := map[int64][2]uint64{}
	if err := s.ForEachInteraction(func(it *Interaction) error {
		d := dayOf(it.Timestamp.UnixMicro())
		r, ok := days[d]
		if !ok {
			r = [2]uint64{it.ID, it.ID}
		}
		days[d] = [2]uint64{min(r[0], it.ID), max(r[1], it.ID)}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for d, want := range days {
		var lo, hi uint64
		var ok bool
		_ = s.view(func(tx *bolt.Tx) error { lo, hi, ok = dayBounds(tx, d, d); return nil })
		if !ok || lo != want[0] || hi != want[1] {
			t.Errorf("day %d: ids %d to %d (%v), want %d to %d", d, lo, hi, ok, want[0], want[1])
		}
	}

	history := func(n, from int) *EventLog {
		l := s.NewEventLog()
		for i := range n {
			it := event(from+i, now.Add(-45*24*time.Hour+time.Duration(i)*97*time.Minute))
			l.Add(&it)
		}
		return l
	}
	// An older history imported after them, in chunks.
	if _, err := s.ImportEvents(history(450, 1000), ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	verifyClean(t, s, "a chunked import")
	checkAgainstDecoded(t, s, now, true)
	// A small import, in one transaction, with products and users.
	small := &ImportBatch{Products: []Product{{Name: "P31", Category: "C9", Price: 5}}}
	for i := range 40 {
		small.Interactions = append(small.Interactions, event(3000+i, now.Add(-time.Duration(i)*13*time.Hour)))
	}
	if _, err := s.Import(small, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	verifyClean(t, s, "a small import")
	checkAgainstDecoded(t, s, now, true)
	// An import stopped after two chunks: the undo removes what they wrote.
	stop := errors.New("stopped")
	s.afterChunk = func(k int) error {
		if k == 1 {
			return stop
		}
		return nil
	}
	if _, err := s.ImportEvents(history(450, 5000), ImportOptions{}); !errors.Is(err, stop) {
		t.Fatalf("the stopped import: %v", err)
	}
	s.afterChunk = nil
	verifyClean(t, s, "an import undone")
	checkAgainstDecoded(t, s, now, true)

	// A guest's events, merged into an account; a refund.
	var purchase uint64
	for i := range 6 {
		it := Interaction{ProductID: uint64(i + 1), Type: types[i%4], SessionID: "guest", Timestamp: now.Add(-time.Duration(i) * time.Hour)}
		if err := s.AddInteraction(&it); err != nil {
			t.Fatal(err)
		}
		if it.Type == Purchase {
			purchase = it.ID
		}
	}
	if n, err := s.MergeSession("guest", 4); err != nil || n != 6 {
		t.Fatalf("merged %d, %v", n, err)
	}
	if _, err := s.Refund(purchase); err != nil {
		t.Fatal(err)
	}
	verifyClean(t, s, "a merge and a refund")
	checkAgainstDecoded(t, s, now, true)
	// A user and a product deleted with their interactions.
	if err := s.DeleteUser(3); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteProduct(8); err != nil {
		t.Fatal(err)
	}
	verifyClean(t, s, "deletions")
	checkAgainstDecoded(t, s, now, false) // user 3's query matches nothing now
}

// TestVersion4FileGetsItsDayIndex: a file of schema version 4 has no day
// index or count. Read-only, its overview and log count every
// interaction; the first read-write open builds both and makes it
// version 5.
func TestVersion4FileGetsItsDayIndex(t *testing.T) {
	now := time.Date(2026, 6, 15, 13, 30, 0, 0, time.UTC)
	path := filepath.Join(t.TempDir(), "s.db")
	s, err := Open(path, Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	batch := &ImportBatch{Products: []Product{{Name: "a", Category: "c", Price: 1}, {Name: "b", Category: "c", Price: 2}}, Users: []User{{Username: "u"}}}
	for i := range 500 {
		batch.Interactions = append(batch.Interactions, Interaction{UserID: 1, ProductID: uint64(i%2 + 1), Type: []InteractionType{View, Like, Cart, Purchase}[i%4], Timestamp: now.Add(-time.Duration(i) * 3 * time.Hour)})
	}
	if _, err := s.Import(batch, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	// Made a version 4 file, as that build wrote it.
	err = s.db.Update(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket(bEventDays); err != nil {
			return err
		}
		if err := tx.Bucket(bMeta).Delete(keyEventCount); err != nil {
			return err
		}
		return tx.Bucket(bMeta).Put(keySchema, u64(4))
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()

	ro, err := Open(path, Options{ReadOnly: true, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	verifyClean(t, ro, "opening version 4 read-only")
	checkAgainstDecoded(t, ro, now, false)
	ro.Close()

	s, err = Open(path, Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_ = s.view(func(tx *bolt.Tx) error {
		if v := binary.BigEndian.Uint64(tx.Bucket(bMeta).Get(keySchema)); v != SchemaVersion {
			t.Errorf("schema version %d, want %d", v, SchemaVersion)
		}
		if tx.Bucket(bEventDays).Stats().KeyN == 0 {
			t.Error("no day index")
		}
		return nil
	})
	verifyClean(t, s, "the migration")
	checkAgainstDecoded(t, s, now, false)
}
