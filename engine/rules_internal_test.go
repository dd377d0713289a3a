package engine

import (
	"testing"
	"time"

	"shelf/store"
)

// TestConditionsMatch: each part of a rule's condition, alone and together.
func TestConditionsMatch(t *testing.T) {
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	p := store.Product{ID: 7, Category: "Audio", Brand: "Sonara", Tags: []string{"Wireless"}, Price: 5000,
		CreatedAt: now.Add(-48 * time.Hour), Attributes: map[string]string{"colour": "black"}}
	price := func(v store.Price) *store.Price { return &v }
	for _, tc := range []struct {
		name string
		c    Condition
		want bool
	}{
		{"category", Condition{Category: "Audio"}, true},
		{"another category", Condition{Category: "Books"}, false},
		{"brand in any case", Condition{Brand: "sonara"}, true},
		{"tag in any case", Condition{Tag: "wireless"}, true},
		{"missing tag", Condition{Tag: "sale"}, false},
		{"attribute", Condition{Attributes: map[string]string{"colour": "black"}}, true},
		{"other attribute value", Condition{Attributes: map[string]string{"colour": "red"}}, false},
		{"price in range", Condition{MinPrice: price(4000), MaxPrice: price(5000)}, true},
		{"price below", Condition{MinPrice: price(5001)}, false},
		{"price above", Condition{MaxPrice: price(4999)}, false},
		{"newer than 3 days", Condition{NewerThanDays: 3}, true},
		{"newer than 1 day", Condition{NewerThanDays: 1}, false},
		{"in ids", Condition{IDs: []uint64{3, 7}}, true},
		{"not in ids", Condition{IDs: []uint64{3}}, false},
		{"every part must hold", Condition{Category: "Audio", Brand: "Other"}, false},
	} {
		if got := tc.c.matches(&p, now); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestShapeAppliesRules: boosts and buries reorder, excludes drop, the
// brand limit skips, pins land at their positions; each moved item says
// which rule moved it.
func TestShapeAppliesRules(t *testing.T) {
	e := &Engine{products: newCatalog()}
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	var cands []Recommendation
	for i, brand := range []string{"A", "A", "A", "B", "C", "D"} {
		p := store.Product{ID: uint64(i + 1), Name: "p", Category: "x", Brand: brand, Price: store.Price(100 * (i + 1)), CreatedAt: now}
		e.products.put(p)
		cands = append(cands, Recommendation{Product: p, Confidence: 1 - float64(i)/10})
	}
	pinned := store.Product{ID: 9, Name: "pinned", Category: "y", CreatedAt: now}
	e.products.put(pinned)
	zero := int64(0)
	gone := store.Product{ID: 10, Name: "sold out", Category: "y", Stock: &zero, CreatedAt: now}
	e.products.put(gone)
	pl := &Placement{MaxPerBrand: 2, Rules: []Rule{
		{Type: "boost", Factor: 3, When: &Condition{Brand: "D"}},
		{Type: "bury", Factor: 0.1, When: &Condition{IDs: []uint64{1}}},
		{Type: "exclude", When: &Condition{Brand: "C"}},
		{Type: "pin", ProductID: 9, Position: 2},
		{Type: "pin", ProductID: 10, Position: 1},                              // out of stock: never shown
		{Type: "boost", Factor: 50, When: &Condition{Brand: "B"}, Until: &now}, // over
	}}
	got := e.shape(pl, cands, 5, now)
	var ids []uint64
	for _, r := range got {
		ids = append(ids, r.Product.ID)
	}
	// D boosted to 1.5 first; 9 pinned second; then 2 and 3 (A, two at
	// most, 1 buried below them); 4 (B); C excluded.
	want := []uint64{6, 9, 2, 3, 4}
	if len(ids) != len(want) {
		t.Fatalf("shaped %v, want %v", ids, want)
	}
	for i := range want {
		if ids[i] != want[i] {
			t.Fatalf("shaped %v, want %v", ids, want)
		}
	}
	if len(got[0].Rules) != 1 || got[0].Rules[0] != (Applied{Rule: 0, Type: "boost"}) {
		t.Errorf("the boosted item's rules: %+v", got[0].Rules)
	}
	if got[1].Reason != "Featured by the shop" || got[1].Rules[0] != (Applied{Rule: 3, Type: "pin"}) {
		t.Errorf("the pinned item: %+v", got[1])
	}
	if len(got[4].Rules) != 0 {
		t.Errorf("a rule whose window is over moved an item: %+v", got[4])
	}
}

// TestPinsCountInTheLimits: a pinned product takes its place in its
// category's and brand's limits, so the whole list keeps them; a pin that
// is not shown (sold out) takes none.
func TestPinsCountInTheLimits(t *testing.T) {
	e := &Engine{products: newCatalog()}
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	var cands []Recommendation
	for i, cat := range []string{"x", "x", "x", "y", "y", "z"} {
		p := store.Product{ID: uint64(i + 1), Name: "p", Category: cat, Brand: "b" + cat, Price: 100, CreatedAt: now}
		e.products.put(p)
		cands = append(cands, Recommendation{Product: p, Confidence: 1 - float64(i)/10})
	}
	pin := store.Product{ID: 9, Name: "pinned", Category: "x", CreatedAt: now}
	e.products.put(pin)
	zero := int64(0)
	gone := store.Product{ID: 10, Name: "sold out", Category: "y", Stock: &zero, CreatedAt: now}
	e.products.put(gone)
	pl := &Placement{MaxPerCategory: 2, Rules: []Rule{
		{Type: "pin", ProductID: 9, Position: 1},
		{Type: "pin", ProductID: 10, Position: 2},
	}}
	var ids []uint64
	for _, r := range e.shape(pl, cands, 5, now) {
		ids = append(ids, r.Product.ID)
	}
	// 9 (x) pinned first leaves room for one more x (1); y twice (4, 5):
	// the sold-out pin took no place; then z (6).
	want := []uint64{9, 1, 4, 5, 6}
	if len(ids) != len(want) {
		t.Fatalf("shaped %v, want %v", ids, want)
	}
	for i := range want {
		if ids[i] != want[i] {
			t.Fatalf("shaped %v, want %v", ids, want)
		}
	}
}
