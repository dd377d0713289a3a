package model

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"
)

// factorsOf reads a model's MF factors back as the maps WithFactors takes,
// as Spark's userFactors and itemFactors would hold them.
func factorsOf(m *Model) (users, items map[uint64][]float32) {
	users, items = map[uint64][]float32{}, map[uint64][]float32{}
	for u, id := range m.userIDs {
		users[id] = slices.Clone(rowOf32(m.als.x, u))
	}
	for i, it := range m.items {
		items[it.ID] = slices.Clone(rowOf32(m.als.y, i))
	}
	return users, items
}

func trainSynth(t *testing.T, models []string) *Model {
	t.Helper()
	cfg := DefaultConfig()
	cfg.Models, cfg.Validate, cfg.Tune = models, false, false
	cfg.SVD.Components, cfg.ALS.Factors = 8, 8
	m, err := Train(context.Background(), synthInput(5), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestWithFactorsServesTheImportedFactors(t *testing.T) {
	m := trainSynth(t, []string{MF})
	users, items := factorsOf(m)
	// The same factors serve the same lists.
	same, rep, err := m.WithFactors(users, items)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Factors != 8 || rep.Users != len(m.userIDs) || rep.Items != len(m.items) || rep.FoldedIn != 0 || rep.ItemsWithout != 0 {
		t.Errorf("report %+v", rep)
	}
	for u := uint64(1); u <= 20; u++ {
		if got, want := ids(same.Recommend(u, 10, Filter{})), ids(m.Recommend(u, 10, Filter{})); !slices.Equal(got, want) {
			t.Fatalf("user %d: %v with its own factors imported, %v trained", u, got, want)
		}
	}
	// Other factors serve other lists: reversed item vectors (item i gets
	// the vector of item n+1-i) move each user's picks to other items.
	n := uint64(len(m.items))
	swapped := map[uint64][]float32{}
	for id, v := range items {
		swapped[n+1-id] = v
	}
	other, _, err := m.WithFactors(users, swapped)
	if err != nil {
		t.Fatal(err)
	}
	moved := 0
	for u := uint64(1); u <= 20; u++ {
		if !slices.Equal(ids(other.Recommend(u, 10, Filter{})), ids(m.Recommend(u, 10, Filter{}))) {
			moved++
		}
	}
	if moved < 15 {
		t.Errorf("swapped item factors changed only %d of 20 lists", moved)
	}
	// The model file keeps the imported factors.
	back := roundTrip(t, other)
	for u := uint64(1); u <= 20; u++ {
		if got, want := ids(back.Recommend(u, 10, Filter{})), ids(other.Recommend(u, 10, Filter{})); !slices.Equal(got, want) {
			t.Fatalf("user %d after a round trip: %v, want %v", u, got, want)
		}
	}
	// m itself is unchanged.
	if got := rowOf32(m.als.y, 0); !slices.Equal(got, items[m.items[0].ID]) {
		t.Errorf("WithFactors changed the model it was called on")
	}
}

func TestWithFactorsFoldsInAndSkips(t *testing.T) {
	m := trainSynth(t, []string{CF})
	if m.als != nil {
		t.Fatal("a CF-only model has factors")
	}
	users, items := factorsOf(trainSynth(t, []string{MF}))
	delete(users, 7)            // joined after the export
	delete(items, 3)            // added after the export
	users[1_000_000] = users[8] // erased since
	items[1_000_000] = items[4] // deleted since
	v, rep, err := m.WithFactors(users, items)
	if err != nil {
		t.Fatal(err)
	}
	if rep.FoldedIn != 1 || rep.ItemsWithout != 1 || rep.SkippedUsers != 1 || rep.SkippedItems != 1 {
		t.Errorf("report %+v, want one folded in, one item without, one of each skipped", rep)
	}
	if !slices.Contains(v.Info().Models, MF) || v.Weights()[MF] != 1 || slices.Contains(m.Info().Models, MF) {
		t.Errorf("models %v weights %v; the original has %v", v.Info().Models, v.Weights(), m.Info().Models)
	}
	// The folded-in user gets personal, in-group picks from MF.
	recs := v.Recommend(7, 5, Filter{})
	inGroup := 0
	for _, r := range recs {
		if _, ok := r.Scores[MF]; !ok {
			t.Fatalf("recommendation %+v has no MF score", r)
		}
		if synthGroup(r.Item) == synthGroup(7) {
			inGroup++
		}
	}
	if inGroup < 4 {
		t.Errorf("user 7 (folded in): %d of 5 picks in its group", inGroup)
	}
}

func TestWithFactorsRejectsBadVectors(t *testing.T) {
	m := trainSynth(t, []string{MF})
	users, items := factorsOf(m)
	short := map[uint64][]float32{}
	for id, v := range items {
		short[id] = v
	}
	short[2] = short[2][:5]
	nan := map[uint64][]float32{1: {1, float32(math.NaN())}, 2: {1, 2}}
	for _, c := range []struct {
		name         string
		users, items map[uint64][]float32
		want         string
	}{
		{"no items", users, nil, "no item factors"},
		{"mixed sizes", users, short, "item 2: 5 factors, but the others have 8"},
		{"users disagree", map[uint64][]float32{1: {1, 2}}, items, "user 1: 2 factors, but the others have 8"},
		{"not finite", nil, nan, "not a finite number"},
		{"empty vectors", nil, map[uint64][]float32{1: {}}, "0 factors, want 1 to 1024"},
		{"too long", nil, map[uint64][]float32{1: make([]float32, MaxImportedFactors+1)}, "1025 factors"},
	} {
		if _, _, err := m.WithFactors(c.users, c.items); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
	}
}
