package model

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

func TestRecencyRow(t *testing.T) {
	r := &userRow{cols: []int32{1, 2, 3, 4}, vals: []float64{1, 2, 1, 1}, times: []int64{10, 40, 40, 20}}
	got := recencyRow(r, 2)
	// Ranks: 40 and 40 share rank 0, then 20 is rank 2 and 10 rank 3.
	want := []float64{math.Exp2(-3.0 / 2), 2, 1, math.Exp2(-2.0 / 2)}
	for k := range want {
		if math.Abs(got.vals[k]-want[k]) > 1e-12 {
			t.Errorf("vals[%d] = %v, want %v", k, got.vals[k], want[k])
		}
	}
	if r.vals[0] != 1 {
		t.Error("recencyRow changed its input")
	}
	if recencyRow(r, 0) != r || recencyRow(&userRow{cols: r.cols, vals: r.vals}, 2).vals[0] != 1 {
		t.Error("no half-life or no times must leave the row alone")
	}
}

// driftInput generates a shop whose users change taste: each user takes
// up 6 items of the user's group, then 6 of another group drawn at
// random, in time order. It also returns, per user, 3 further items of
// that later group taken up after: the future, left out of the input.
func driftInput(seed uint64) (Input, map[uint64]map[uint64]bool) {
	const perGroup, future = 6, 3
	rng := rand.New(rand.NewPCG(seed, 9))
	in := Input{Now: testNow}
	nItems := synthGroups * synthItemsPerGroup
	for i := 1; i <= nItems; i++ {
		in.Items = append(in.Items, ItemInfo{ID: uint64(i), Category: "a"})
	}
	next := map[uint64]map[uint64]bool{}
	for u := uint64(1); u <= 2*synthUsers; u++ {
		next[u] = map[uint64]bool{}
		groups := []int{synthGroup(u), (synthGroup(u) + 1 + rng.IntN(synthGroups-1)) % synthGroups}
		for phase, g := range groups {
			n := perGroup + phase*future
			for k, p := range rng.Perm(synthItemsPerGroup)[:n] {
				item := uint64(g + synthGroups*p)
				if item == 0 {
					item = synthGroups * synthItemsPerGroup
				}
				if k >= perGroup {
					next[u][item] = true
					continue
				}
				at := testNow - int64(30-phase*perGroup-k)*secondsPerDay
				in.Events = append(in.Events, Event{User: u, Item: item, Type: View, Rating: -1, Time: at})
			}
		}
	}
	return in, next
}

// TestRecencyFollowsDrift checks that tuning finds the planted drift:
// each item-based component with the settings chosen on validation ranks
// the users' future items better than with the same settings and every
// item of the history counting fully.
func TestRecencyFollowsDrift(t *testing.T) {
	in, future := driftInput(1)
	ndcg := func(m *Model) float64 {
		var sum Metrics
		for u := uint64(1); u <= 2*synthUsers; u++ {
			var rel []bool
			for _, r := range m.Recommend(u, 10, Filter{}) {
				rel = append(rel, future[u][r.Item])
			}
			sum.Add(RankMetrics(rel, len(future[u]), 10))
		}
		return sum.Mean().NDCG
	}
	for _, name := range []string{EASE, KNN, CF} {
		cfg := DefaultConfig()
		cfg.Models, cfg.Weights = []string{name}, map[string]float64{name: 1}
		cfg.SVD.Components = 8
		tuned, err := Train(context.Background(), in, cfg)
		if err != nil {
			t.Fatal(err)
		}
		flat := tuned.Config()
		flat.Validate, flat.Tune = false, false
		flat.SVD.Recency, flat.EASE.Recency, flat.KNN.Recency = 0, 0, 0
		mFlat, err := Train(context.Background(), in, flat)
		if err != nil {
			t.Fatal(err)
		}
		f, g := ndcg(mFlat), ndcg(tuned)
		t.Logf("%s: NDCG@10 of the future items %.3f without recency, %.3f tuned (%s)", name, f, g, tuned.Info().Settings[name])
		if g < 1.2*f {
			t.Errorf("%s: NDCG@10 %.3f tuned, want at least 1.2 x %.3f without recency", name, g, f)
		}
	}
}
