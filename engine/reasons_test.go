package engine_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"shelf/engine"
	"shelf/store"
)

// TestReasonsComeFromTheModel: a shopper the model's view of is current
// is not read to word the reasons, and an event older than the newest
// hundreds is still named by what the shopper did; a shopper who acted
// since, or was erased, is read from the store.
func TestReasonsComeFromTheModel(t *testing.T) {
	e, st := newEngine(t)
	const user = 5
	seen := map[uint64]bool{}
	history, _, err := st.UserInteractions(user, 0, 100_000)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range history {
		seen[it.ProductID] = true
	}
	var bought uint64
	for id := uint64(1); bought == 0; id++ {
		if !seen[id] {
			bought = id
		}
	}
	// A purchase, then 300 newer views of other products.
	add := func(product uint64, typ store.InteractionType, at time.Time) {
		t.Helper()
		if err := st.AddInteraction(&store.Interaction{UserID: user, ProductID: product, Type: typ, Timestamp: at}); err != nil {
			t.Fatal(err)
		}
	}
	add(bought, store.Purchase, now.Add(-40*24*time.Hour))
	for i := range 300 {
		product := uint64(i%150 + 1)
		if product == bought {
			product = 151
		}
		add(product, store.View, now.Add(-time.Duration(300-i)*time.Minute))
	}
	if err := e.Train(context.Background()); err != nil {
		t.Fatal(err)
	}
	typ, ok, read, err := e.ReasonType(user, bought)
	if err != nil || typ != store.Purchase || !ok || read {
		t.Fatalf("the old purchase: %v %v, read the store: %v, %v; want a purchase, from the model", typ, ok, read, err)
	}

	// Every reason names the strongest of all the shopper's events with
	// the product it names.
	all, _, err := st.UserInteractions(user, 0, 100_000)
	if err != nil {
		t.Fatal(err)
	}
	strongest := map[uint64]store.InteractionType{}
	for _, it := range all {
		strongest[it.ProductID] = max(strongest[it.ProductID], it.Type)
	}
	recs, err := e.Recommend(user, 20, engine.Filter{MaxPrice: -1})
	if err != nil {
		t.Fatal(err)
	}
	named := 0
	for _, r := range recs {
		if r.Because == nil {
			continue
		}
		named++
		if want, ok := strongest[r.Because.ID]; !ok || r.BecauseType != want {
			t.Errorf("%q: type %v, want %v (the strongest of the shopper's events)", r.Reason, r.BecauseType, want)
		}
	}
	if named == 0 {
		t.Fatal("no reason names a product: nothing was checked")
	}

	// A shopper without events gets the trending list, and nothing is
	// read but that the shopper exists.
	fresh := store.User{Username: "fresh", Email: "fresh@example.com"}
	if err := st.CreateUser(&fresh); err != nil {
		t.Fatal(err)
	}
	if recs, err := e.Recommend(fresh.ID, 5, engine.Filter{MaxPrice: -1}); err != nil || len(recs) != 5 {
		t.Fatalf("a shopper without events: %d products, %v", len(recs), err)
	}
	if _, ok, read, err := e.ReasonType(fresh.ID, bought); ok || read || err != nil {
		t.Errorf("a shopper without events: named %v, read the store %v, %v", ok, read, err)
	}
	var nf *store.NotFoundError
	if _, _, _, err := e.ReasonType(fresh.ID+1000, bought); !errors.As(err, &nf) {
		t.Errorf("a shopper who does not exist: %v, want not found", err)
	}

	// An action makes the shopper dirty: the events are read again.
	purchase(t, e, user)
	if typ, ok, read, err := e.ReasonType(user, 7); err != nil || typ != store.Purchase || !ok || !read {
		t.Errorf("after a purchase of 7: %v %v, read the store: %v, %v", typ, ok, read, err)
	}
	// An erased shopper is gone, although the model still knows them.
	if err := e.DeleteUser(user); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Recommend(user, 10, engine.Filter{MaxPrice: -1}); !errors.As(err, &nf) {
		t.Errorf("recommendations for an erased shopper: %v, want not found", err)
	}
}
