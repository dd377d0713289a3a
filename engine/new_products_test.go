package engine_test

import (
	"context"
	"strings"
	"testing"

	"shelf/engine"
	"shelf/store"
)

// TestSessionOfNewProducts: a guest who looked only at products added
// since the model trained gets what is popular in their categories, each
// reason naming the product behind it, not trending products labelled as
// personal.
func TestSessionOfNewProducts(t *testing.T) {
	e, _ := newEngine(t)
	if err := e.Train(context.Background()); err != nil {
		t.Fatal(err)
	}
	trending, err := e.Popular(10, engine.Filter{MaxPrice: -1})
	if err != nil {
		t.Fatal(err)
	}
	// A category that is not the trending list's first.
	cat := trending[0].Product.Category
	for _, r := range trending {
		if r.Product.Category != cat {
			cat = r.Product.Category
			break
		}
	}
	p := store.Product{Name: "Brand New Thing", Description: "Added after training.", Category: cat, Price: 1999}
	if err := e.CreateProduct(&p); err != nil {
		t.Fatal(err)
	}
	it := store.Interaction{ProductID: p.ID, Type: store.Like, SessionID: "guest-new-products"}
	if _, err := e.RecordInteraction(&it); err != nil {
		t.Fatal(err)
	}
	recs, err := e.SessionRecommend("guest-new-products", 6, engine.Filter{MaxPrice: -1})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 6 {
		t.Fatalf("%d recommendations, want 6", len(recs))
	}
	for _, r := range recs {
		if r.Product.ID == p.ID {
			t.Errorf("the product the guest liked is recommended back")
		}
		if r.Product.Category != cat || r.Reason != "Popular in "+cat+", like Brand New Thing you liked" || r.Because == nil || r.Because.ID != p.ID {
			t.Errorf("%s (%s): reason %q, because %v; want popular in %s, because of the new product", r.Product.Name, r.Product.Category, r.Reason, r.Because, cat)
		}
	}
	// Once the guest looks at a product the model knows, the models answer.
	it = store.Interaction{ProductID: trending[0].Product.ID, Type: store.View, SessionID: "guest-new-products"}
	if _, err := e.RecordInteraction(&it); err != nil {
		t.Fatal(err)
	}
	recs, err = e.SessionRecommend("guest-new-products", 6, engine.Filter{MaxPrice: -1})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if strings.HasPrefix(r.Reason, "Popular in "+cat+", like") {
			t.Errorf("with a known product in the session, still %q", r.Reason)
		}
	}
}
