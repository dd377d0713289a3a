package model

import (
	"cmp"
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestNewPairsTakesStrongestEventAndCounts(t *testing.T) {
	evs := []pairEvent{
		{0, 1, 1, 100, View}, {0, 1, 5, 50, Purchase}, {0, 1, 1, 300, View}, // three events, a purchase among views
		{1, 0, 2, 10, Like},
	}
	p := newPairs(2, 2, evs, 0, 300)
	cols, vals := p.level.row(0)
	if len(cols) != 1 || cols[0] != 1 || vals[0] != 5 || p.counts[0] != 3 {
		t.Fatalf("row 0 = %v %v counts %v, want item 1 level 5 count 3", cols, vals, p.counts)
	}
	if p.kinds[0] != Purchase || p.kinds[1] != Like {
		t.Errorf("kinds %v, want the strongest event of each pair: [%d %d]", p.kinds, Purchase, Like)
	}
	// With decay the level is multiplied once, by the age of the last event.
	p = newPairs(2, 2, []pairEvent{{0, 1, 4, 0, View}, {0, 1, 4, 0, View}, {0, 1, 4, secondsPerDay, View}}, 1, 2*secondsPerDay)
	if got := p.level.val[0]; math.Abs(got-2) > 1e-12 {
		t.Errorf("decayed level %v, want 4 * 2^-1 = 2", got)
	}
}

func TestCellValues(t *testing.T) {
	for _, c := range []struct {
		cell         Cell
		level, count float64
		want         float64
	}{
		{CellLevel, 2, 100, 2},
		{CellBinary, 2, 100, 1},
		{CellConfidence, 2, 1, 2},
		{CellConfidence, 2, 100, 2 * (1 + math.Log(100))},
	} {
		if got := c.cell.value(c.level, c.count); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("%v.value(%v, %v) = %v, want %v", c.cell, c.level, c.count, got, c.want)
		}
	}
}

// withRepeats returns in with every pair's events followed by a heavy-tailed
// number of extra views (Pareto, alpha 1.2, at most 200) within 30 days
// of the pair's first event, as a shop's log repeats views: the first
// event of each pair, and so the validation split, stay as they were.
func withRepeats(in Input, seed uint64) Input {
	rng := rand.New(rand.NewPCG(seed, 11))
	out := in
	out.Events = nil
	seen := map[[2]uint64]bool{}
	for _, e := range in.Events {
		out.Events = append(out.Events, e)
		k := [2]uint64{e.User, e.Item}
		if seen[k] {
			continue
		}
		seen[k] = true
		n := min(int(math.Pow(1-rng.Float64(), -1/1.2)), 200)
		for range n - 1 {
			out.Events = append(out.Events, Event{User: e.User, Item: e.Item, Type: View, Rating: -1,
				Time: min(e.Time+1+rng.Int64N(30*secondsPerDay), in.Now)})
		}
	}
	return out
}

// TestRepeatedViewsReadLikeOnePerPair checks the point of cells: a model
// learns about as well from a shop log whose pairs repeat views many
// times as from the same pairs seen once.
func TestRepeatedViewsReadLikeOnePerPair(t *testing.T) {
	in := synthInput(31)
	rep := withRepeats(in, 5)
	if len(rep.Events) < 2*len(in.Events) {
		t.Fatalf("repeats log has %d events for %d", len(rep.Events), len(in.Events))
	}
	cfg := DefaultConfig()
	cfg.SVD.Components, cfg.ALS.Factors = 8, 8
	cfg.Models = []string{CF, MF, EASE, KNN}
	plain, err := Train(context.Background(), in, cfg)
	if err != nil {
		t.Fatal(err)
	}
	repeated, err := Train(context.Background(), rep, cfg)
	if err != nil {
		t.Fatal(err)
	}
	pv, rv := plain.Info().Validation, repeated.Info().Validation
	for _, name := range []string{CF, MF, EASE, KNN, Ensemble} {
		p, r := pv[name].NDCG, rv[name].NDCG
		t.Logf("%-8s plain %.4f repeats %.4f", name, p, r)
		if r < 0.95*p-0.01 {
			t.Errorf("%s: validation NDCG@10 %.4f on the repeats log, %.4f on one event per pair", name, r, p)
		}
	}
	if p, r := inGroupShare(t, plain, 5), inGroupShare(t, repeated, 5); r < p-0.05 {
		t.Errorf("in-group share %.3f on the repeats log, %.3f on one event per pair", r, p)
	}
}

// TestServedBlendNeverBelowBestComponent checks the selection rule: on
// the validation split, what the model serves scores at least what its
// best single component does, and Info names what it serves.
func TestServedBlendNeverBelowBestComponent(t *testing.T) {
	for _, seed := range []uint64{3, 17} {
		cfg := DefaultConfig()
		cfg.SVD.Components, cfg.ALS.Factors = 8, 8
		cfg.Models = []string{CF, MF, EASE, KNN}
		m, err := Train(context.Background(), synthInput(seed), cfg)
		if err != nil {
			t.Fatal(err)
		}
		info := m.Info()
		best := 0.0
		for _, name := range cfg.Models {
			best = max(best, info.Validation[name].NDCG)
			if info.Settings[name] == "" {
				t.Errorf("seed %d: no settings reported for %s", seed, name)
			}
		}
		if got := info.Validation[Ensemble].NDCG; got < best-1e-12 {
			t.Errorf("seed %d: served validation NDCG %.4f below the best component's %.4f", seed, got, best)
		}
		if len(info.Blend) == 0 {
			t.Errorf("seed %d: Info.Blend empty", seed)
		}
		for _, name := range info.Blend {
			if m.Weights()[name] <= 0 {
				t.Errorf("seed %d: %s in Info.Blend with weight %v", seed, name, m.Weights()[name])
			}
		}
		t.Logf("seed %d: serves %v, validation %.4f (best component %.4f), settings %v", seed, info.Blend, info.Validation[Ensemble].NDCG, best, info.Settings)
	}
}

func TestByRowAndColSorts(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	evs := make([]pairEvent, 20_000)
	for i := range evs {
		evs[i] = pairEvent{row: int32(r.IntN(700)), col: int32(r.IntN(300)), weight: float64(r.IntN(5)), time: int64(r.IntN(1000)), kind: EventType(1 + r.IntN(4))}
	}
	in := slices.Clone(evs)
	got := byRowAndCol(evs, 700)
	if !slices.Equal(evs, in) {
		t.Error("byRowAndCol changed its input")
	}
	if !slices.IsSortedFunc(got, func(a, b pairEvent) int { return cmp.Or(cmp.Compare(a.row, b.row), cmp.Compare(a.col, b.col)) }) {
		t.Fatal("not ordered by row, then column")
	}
	// The same events: ordered by every field, the two lists are equal.
	all := func(a, b pairEvent) int {
		return cmp.Or(cmp.Compare(a.row, b.row), cmp.Compare(a.col, b.col), cmp.Compare(a.weight, b.weight), cmp.Compare(a.time, b.time), cmp.Compare(a.kind, b.kind))
	}
	slices.SortFunc(got, all)
	slices.SortFunc(in, all)
	if !slices.Equal(got, in) {
		t.Fatal("byRowAndCol lost or changed events")
	}
	if len(byRowAndCol(nil, 5)) != 0 {
		t.Error("no events gave some")
	}
}
