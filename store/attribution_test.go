package store_test

import (
	"errors"
	"testing"
	"time"

	"shelf/store"
)

func TestEventIDIsRecordedOnce(t *testing.T) {
	s := openTemp(t)
	p := mustProduct(t, s, "Kettle", "Home", 2500)
	u := mustUser(t, s, "ana")
	first := store.Interaction{UserID: u.ID, ProductID: p.ID, Type: store.Purchase, EventID: "order-7/line-1"}
	if err := s.AddInteraction(&first); err != nil {
		t.Fatal(err)
	}
	again := first
	again.ID = 0
	var dup *store.DuplicateEventError
	if err := s.AddInteraction(&again); !errors.As(err, &dup) || dup.ID != first.ID {
		t.Fatalf("retry: %v, want a duplicate of %d", err, first.ID)
	}
	if _, total, _ := s.UserInteractions(u.ID, 0, 10); total != 1 {
		t.Fatalf("%d events stored, want 1", total)
	}
	got, err := s.InteractionByEventID("order-7/line-1")
	if err != nil || got.ID != first.ID {
		t.Fatalf("by event id: %+v, %v", got, err)
	}
	// Erasing the user frees the event id.
	if err := s.DeleteUser(u.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.InteractionByEventID("order-7/line-1"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("after erasure: %v", err)
	}
}

func TestEventIDMustBePrintable(t *testing.T) {
	s := openTemp(t)
	p := mustProduct(t, s, "Kettle", "Home", 2500)
	u := mustUser(t, s, "ana")
	for _, id := range []string{"a b", "é", string(make([]byte, store.MaxEventIDLen+1))} {
		it := store.Interaction{UserID: u.ID, ProductID: p.ID, Type: store.View, EventID: id}
		var v *store.ValidationError
		if err := s.AddInteraction(&it); !errors.As(err, &v) || v.Fields["event_id"] == "" {
			t.Errorf("event_id %q: %v", id, err)
		}
	}
}

func TestLastClick(t *testing.T) {
	s := openTemp(t)
	p := mustProduct(t, s, "Kettle", "Home", 2500)
	other := mustProduct(t, s, "Mug", "Home", 500)
	u := mustUser(t, s, "ana")
	at := t0.Add(-time.Hour)
	click := store.Interaction{UserID: u.ID, SessionID: "s-1", ProductID: p.ID, Type: store.View, RecommendationID: "r1.x", Timestamp: at}
	plain := store.Interaction{UserID: u.ID, ProductID: other.ID, Type: store.View, Timestamp: at}
	for _, it := range []*store.Interaction{&click, &plain} {
		if err := s.AddInteraction(it); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		name string
		buy  store.Interaction
		want uint64
	}{
		{"same user", store.Interaction{UserID: u.ID, ProductID: p.ID, Timestamp: t0}, click.ID},
		{"same session, as a guest", store.Interaction{SessionID: "s-1", ProductID: p.ID, Timestamp: t0}, click.ID},
		{"another product", store.Interaction{UserID: u.ID, ProductID: other.ID, Timestamp: t0}, 0},
		{"another session", store.Interaction{SessionID: "s-2", ProductID: p.ID, Timestamp: t0}, 0},
		{"before the click", store.Interaction{UserID: u.ID, ProductID: p.ID, Timestamp: at.Add(-time.Second)}, 0},
	} {
		got, ok, err := s.LastClick(&c.buy)
		if err != nil || ok != (c.want != 0) || got.ID != c.want {
			t.Errorf("%s: click %d, %v, %v; want %d", c.name, got.ID, ok, err, c.want)
		}
		if ok && got.RecommendationID != "r1.x" {
			t.Errorf("%s: recommendation id %q", c.name, got.RecommendationID)
		}
	}
	if n, err := s.PruneClicks(at); err != nil || n != 0 {
		t.Fatalf("prune at the click: %d, %v", n, err)
	}
	if n, err := s.PruneClicks(at.Add(time.Second)); err != nil || n != 2 {
		t.Fatalf("prune after the click: %d, %v (want its user and session entries)", n, err)
	}
	if _, ok, _ := s.LastClick(&store.Interaction{UserID: u.ID, ProductID: p.ID, Timestamp: t0}); ok {
		t.Fatal("a pruned click is still found")
	}
}

func TestGuestClicksFollowTheMerge(t *testing.T) {
	s := openTemp(t)
	p := mustProduct(t, s, "Kettle", "Home", 2500)
	u := mustUser(t, s, "ana")
	click := store.Interaction{SessionID: "s-9", ProductID: p.ID, Type: store.View, RecommendationID: "r1.y", Timestamp: t0.Add(-time.Minute)}
	if err := s.AddInteraction(&click); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MergeSession("s-9", u.ID); err != nil {
		t.Fatal(err)
	}
	got, ok, err := s.LastClick(&store.Interaction{UserID: u.ID, ProductID: p.ID, Timestamp: t0})
	if err != nil || !ok || got.ID != click.ID {
		t.Fatalf("after the merge: %d, %v, %v", got.ID, ok, err)
	}
	// Erasing the user drops the click from both entries.
	if err := s.DeleteUser(u.ID); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.LastClick(&store.Interaction{SessionID: "s-9", ProductID: p.ID, Timestamp: t0}); ok {
		t.Fatal("the erased user's click is still found")
	}
}

func TestRefund(t *testing.T) {
	s := openTemp(t)
	p := mustProduct(t, s, "Kettle", "Home", 2500)
	u := mustUser(t, s, "ana")
	value := store.Price(1999)
	buy := store.Interaction{UserID: u.ID, ProductID: p.ID, Type: store.Purchase, Value: &value}
	view := store.Interaction{UserID: u.ID, ProductID: p.ID, Type: store.View}
	for _, it := range []*store.Interaction{&buy, &view} {
		if err := s.AddInteraction(it); err != nil {
			t.Fatal(err)
		}
	}
	before, err := s.Refund(buy.ID)
	if err != nil || before.Refunded || before.Value == nil || *before.Value != value {
		t.Fatalf("refund: %+v, %v", before, err)
	}
	if got, _ := s.Interaction(buy.ID); !got.Refunded || *got.Value != value {
		t.Fatalf("stored: %+v", got)
	}
	for _, id := range []uint64{buy.ID, view.ID} {
		if _, err := s.Refund(id); !errors.Is(err, store.ErrConflict) {
			t.Errorf("refund %d again: %v, want a conflict", id, err)
		}
	}
	if _, err := s.Refund(999); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("refund of nothing: %v", err)
	}
}

// TestImportIndexesEventIDs: an import's client event ids are indexed as
// a live event's are, and an import may not repeat one.
func TestImportIndexesEventIDs(t *testing.T) {
	s := openTemp(t)
	p := mustProduct(t, s, "Kettle", "Home", 2500)
	u := mustUser(t, s, "ana")
	v := store.Price(990)
	batch := func(ids ...string) *store.ImportBatch {
		b := &store.ImportBatch{}
		for _, id := range ids {
			b.Interactions = append(b.Interactions, store.Interaction{UserID: u.ID, ProductID: p.ID, Type: store.Purchase, Timestamp: t0, EventID: id, Value: &v})
		}
		return b
	}
	if _, err := s.Import(batch("a", "b", ""), store.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	got, err := s.InteractionByEventID("b")
	if err != nil || got.Value == nil || *got.Value != v {
		t.Fatalf("imported event b: %+v, %v", got, err)
	}
	var bad *store.ImportError
	if _, err := s.Import(batch("c", "a"), store.ImportOptions{}); !errors.As(err, &bad) || bad.Total != 1 {
		t.Fatalf("re-import of a: %v", err)
	}
	if _, err := s.Import(batch("d", "d"), store.ImportOptions{}); !errors.As(err, &bad) || bad.Total != 1 {
		t.Fatalf("d twice: %v", err)
	}
	if _, err := s.InteractionByEventID("c"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a failed import left c: %v", err)
	}
	live := store.Interaction{UserID: u.ID, ProductID: p.ID, Type: store.Purchase, EventID: "a"}
	var dup *store.DuplicateEventError
	if err := s.AddInteraction(&live); !errors.As(err, &dup) {
		t.Fatalf("a live retry of an imported event: %v", err)
	}
}
