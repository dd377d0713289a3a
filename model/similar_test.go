package model

import (
	"context"
	"math"
	"slices"
	"testing"
)

func TestKNNSimilarities(t *testing.T) {
	// Users 0-2 share items 0 and 1; user 2 also has item 2; item 3 stands alone.
	a := newCSR(4, 4, []entry{{0, 0, 1}, {0, 1, 1}, {1, 0, 1}, {1, 1, 1}, {2, 0, 1}, {2, 1, 1}, {2, 2, 1}, {3, 3, 1}})
	m, err := trainKNN(context.Background(), a, KNNConfig{Neighbours: 10, Shrink: 1})
	if err != nil {
		t.Fatal(err)
	}
	// sim(0,1) = 3 / (sqrt3*sqrt3 + 1) = 0.75; sim(0,2) = 1 / (sqrt3*1 + 1).
	want := map[[2]int32]float64{{0, 1}: 0.75, {1, 0}: 0.75, {0, 2}: 1 / (math.Sqrt(3) + 1),
		{2, 0}: 1 / (math.Sqrt(3) + 1), {1, 2}: 1 / (math.Sqrt(3) + 1), {2, 1}: 1 / (math.Sqrt(3) + 1)}
	got := map[[2]int32]float64{}
	for i := range 4 {
		nb, sims := m.sim.row(i)
		for p, j := range nb {
			got[[2]int32{int32(i), j}] = float64(sims[p])
		}
	}
	if len(got) != len(want) {
		t.Fatalf("similarities %v, want %v", got, want)
	}
	for k, w := range want {
		if math.Abs(got[k]-w) > 0x1p-24 { // stored as float32
			t.Errorf("sim%v = %v, want %v", k, got[k], w)
		}
	}
	one, _ := trainKNN(context.Background(), a, KNNConfig{Neighbours: 1, Shrink: 1})
	if nb, _ := one.sim.row(2); !slices.Equal(nb, []int32{0}) {
		t.Errorf("item 2's single neighbour = %v, want [0] (tie broken by lower index)", nb)
	}
}

func TestSimilarAndReasons(t *testing.T) {
	in := synthInput(2)
	cfg := DefaultConfig()
	cfg.SVD.Components, cfg.ALS.Factors = 8, 8
	m, err := Train(context.Background(), in, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, item := range []uint64{5, 10, 99} {
		recs := m.Similar(item, 5, Filter{})
		if len(recs) != 5 {
			t.Fatalf("Similar(%d) gave %d items", item, len(recs))
		}
		for _, r := range recs {
			if r.Item == item || synthGroup(r.Item) != synthGroup(item) {
				t.Errorf("Similar(%d) gave item %d of group %d", item, r.Item, synthGroup(r.Item))
			}
			if r.Because != item || r.Confidence <= 0 || r.Confidence > 1 {
				t.Errorf("Similar(%d): %+v", item, r)
			}
		}
	}
	if got := m.Similar(12345, 5, Filter{}); len(got) != 0 {
		t.Errorf("Similar(unknown) = %v", got)
	}
	onlyB := m.Similar(5, 3, Filter{Category: "b"})
	for _, r := range onlyB {
		if r.Item%2 != 1 { // odd ids are in category "b"
			t.Errorf("category filter let item %d through", r.Item)
		}
	}
	explained := 0
	for _, r := range m.Recommend(3, 5, Filter{}) {
		if r.Because != 0 {
			explained++
			if synthGroup(r.Because) != synthGroup(r.Item) {
				t.Errorf("item %d explained by item %d of another group", r.Item, r.Because)
			}
		}
	}
	if explained == 0 {
		t.Error("no recommendation carries a reason item")
	}
}
