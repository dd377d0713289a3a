package store

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// randomEvent draws an event with every optional field now and then.
func randomEvent(r *rand.Rand, i int) Interaction {
	it := Interaction{
		UserID: uint64(r.IntN(1_000_000)), ProductID: uint64(r.IntN(200_000) + 1), Type: InteractionType(r.IntN(4) + 1),
		Timestamp: time.UnixMicro(r.Int64N(1_700_000_000_000_000)).UTC(),
	}
	if it.UserID == 0 || r.IntN(3) == 0 {
		it.SessionID = fmt.Sprintf("s-%d-%x", i, r.Uint64())[:1+r.IntN(20)]
	}
	if r.IntN(4) == 0 {
		v := float64(r.IntN(11)) / 2
		it.Rating = &v
	}
	if it.Type >= Cart && r.IntN(2) == 0 {
		v := Price(r.IntN(1_000_000))
		it.Value = &v
	}
	if r.IntN(5) == 0 {
		it.EventID = fmt.Sprintf("e%d", i)
	}
	if r.IntN(6) == 0 {
		it.RecommendationID = fmt.Sprintf("r1.%d", r.Uint64())
	}
	it.Refunded = it.Type == Purchase && r.IntN(3) == 0
	return it
}

// TestEventLogHeadReadsTheRecord checks, on 20,000 random events, that a
// log record decodes to the event added and that head reads its user,
// product, time, session and event id.
func TestEventLogHeadReadsTheRecord(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "s.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r := rand.New(rand.NewPCG(1, 2))
	l := s.NewEventLog()
	var want []Interaction
	for i := range 20_000 {
		it := randomEvent(r, i)
		l.Add(&it)
		want = append(want, it)
	}
	if err := l.Err(); err != nil || l.Len() != len(want) {
		t.Fatalf("log of %d events, %v", l.Len(), err)
	}
	for i, it := range want {
		var got Interaction
		if err := decodeEvent(l.record(i), &got); err != nil {
			t.Fatalf("event %d: %v", i, err)
		}
		if !reflect.DeepEqual(got, it) {
			t.Fatalf("event %d reads back as %+v, want %+v", i, got, it)
		}
		h := l.head(i)
		if h.user != it.UserID || h.product != it.ProductID || h.micros != it.Timestamp.UnixMicro() ||
			string(h.session) != it.SessionID || string(h.eventID) != it.EventID || (h.session == nil) != (it.SessionID == "") {
			t.Fatalf("event %d: head %+v for %+v", i, h, it)
		}
		if h.session != nil && string(l.record(i)[h.sessionAt:h.sessionAt+len(h.session)]) != it.SessionID {
			t.Fatalf("event %d: the session is not at %d of its record", i, h.sessionAt)
		}
	}
}

// TestEventLogRefusesBadEvents checks that a bad event is named by the
// order it was added in, and that nothing of the log is imported.
func TestEventLogRefusesBadEvents(t *testing.T) {
	s := journalShop(t, filepath.Join(t.TempDir(), "s.db"))
	before := dump(t, s)
	l := s.NewEventLog()
	for i := range 300 {
		it := journalEvent(i)
		if i == 7 || i == 250 {
			it.Type = 0
		}
		l.Add(&it)
	}
	_, err := s.ImportEvents(l, ImportOptions{})
	ie, ok := err.(*ImportError)
	if !ok || ie.Total != 2 || ie.Problems[0].Index != 7 || ie.Problems[1].Index != 250 || ie.Problems[0].Field != "interaction_type" {
		t.Fatalf("import of a log with bad events 7 and 250: %v", err)
	}
	if dump(t, s) != before {
		t.Fatal("a refused log changed the store")
	}
}

// TestLargeImportOfEventIDs checks a journalled import of events that
// carry client event ids and no ids of their own against one transaction,
// byte for byte, and that the indexes check out.
func TestLargeImportOfEventIDs(t *testing.T) {
	dir := t.TempDir()
	chunked := journalShop(t, filepath.Join(dir, "chunked.db"))
	whole := journalShop(t, filepath.Join(dir, "whole.db"))
	whole.chunk = 1 << 30
	for _, s := range []*Store{chunked, whole} {
		l := s.NewEventLog()
		for i := range 777 {
			it := journalEvent(1000 + i)
			if i%4 == 0 {
				it.EventID = fmt.Sprintf("order-%d", 777-i) // not in order
			}
			l.Add(&it)
		}
		if res, err := s.ImportEvents(l, ImportOptions{}); err != nil || res.Interactions != 777 {
			t.Fatalf("import: %+v, %v", res, err)
		}
		if err := s.Check(); err != nil {
			t.Fatal(err)
		}
	}
	if a, b := dump(t, chunked), dump(t, whole); a != b {
		t.Fatalf("a chunked import stored something else than one transaction:\n%s\n---\n%s", a, b)
	}
	// The last of the 777 events has event id order-1.
	it, err := chunked.InteractionByEventID("order-1")
	if err != nil || it.EventID != "order-1" || it.ID == 0 {
		t.Fatalf("event id order-1: %+v %v", it, err)
	}
}

// TestSessionKeysAreInByteOrder checks that the session index's keys come
// out in strictly increasing byte order, the order bbolt writes fastest,
// for names that tie on their first 8 bytes, are shorter than 8, exactly
// 8, or one is the other's prefix.
func TestSessionKeysAreInByteOrder(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "s.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r := rand.New(rand.NewPCG(3, 4))
	stems := []string{"", "a", "s-1", "s-123456", "s-1234567", "s-12345678", "éé", "sess_0000000000"}
	l := s.NewEventLog()
	for i := range 5_000 {
		it := randomEvent(r, i)
		it.SessionID = stems[r.IntN(len(stems))] + strings.Repeat("x", r.IntN(3))
		if r.IntN(3) == 0 {
			it.SessionID += fmt.Sprint(r.IntN(20))
		}
		l.Add(&it)
	}
	if err := l.Err(); err != nil {
		t.Fatal(err)
	}
	keys := sessionKeys(l)
	<-keys.ready
	var prev []byte
	n := 0
	for k := range keys.n {
		key := keys.at(k)
		if prev != nil && bytes.Compare(prev, key) >= 0 {
			t.Fatalf("key %d %q is not after %q", k, key, prev)
		}
		prev, n = append(prev[:0], key...), n+1
	}
	want := 0
	for i := range l.Len() {
		if l.head(i).session != nil {
			want++
		}
	}
	if n != want || n < 4_000 {
		t.Fatalf("%d session keys for %d events with a session", n, want)
	}
}
