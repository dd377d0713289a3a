package model

import (
	"context"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"
)

// bprConfig trains only BPR on the planted shop, small settings.
func bprConfig() Config {
	cfg := DefaultConfig()
	cfg.Models = []string{BPR}
	cfg.BPR.Factors = 16
	return cfg
}

func TestBPRFindsPlantedGroups(t *testing.T) {
	in := synthInput(1)
	pop := DefaultConfig()
	pop.Models = []string{}
	base, err := Train(context.Background(), in, pop)
	if err != nil {
		t.Fatal(err)
	}
	m, err := Train(context.Background(), in, bprConfig())
	if err != nil {
		t.Fatal(err)
	}
	baseline, share := inGroupShare(t, base, 5), inGroupShare(t, m, 5)
	t.Logf("in-group share: popularity %.3f, bpr %.3f", baseline, share)
	if share < 0.9 || share < baseline+0.3 {
		t.Errorf("bpr in-group share %.3f, want >= 0.9 and popularity %.3f + 0.3", share, baseline)
	}
}

func TestBPRDeterministic(t *testing.T) {
	in := synthInput(2)
	scores := func(seed uint64) [][]float64 {
		cfg := bprConfig()
		cfg.BPR.Seed = seed
		m, err := Train(context.Background(), in, cfg)
		if err != nil {
			t.Fatal(err)
		}
		var out [][]float64
		for u := uint64(1); u <= 20; u++ {
			s, ok := m.ScoreItems(u, BPR)
			if !ok {
				t.Fatalf("user %d has no bpr scores", u)
			}
			out = append(out, s)
		}
		return out
	}
	a, b, c := scores(1), scores(1), scores(2)
	if !reflect.DeepEqual(a, b) {
		t.Error("two trainings with the same seed scored differently")
	}
	if reflect.DeepEqual(a, c) {
		t.Error("another seed gave the very same scores")
	}
}

func TestBPRCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cfg := bprConfig()
	cfg.Validate = false
	cfg.BPR.Epochs = 100_000_000 // would run for days without the cancel
	var once bool
	cfg.Progress = func(phase string, _ float64) {
		if phase == BPR && !once {
			once = true
			time.AfterFunc(20*time.Millisecond, cancel)
		}
	}
	if _, err := Train(ctx, synthInput(4), cfg); err == nil {
		t.Error("Train ignored the cancelled context")
	}
	if !once {
		t.Error("training never reported the bpr phase")
	}
}

func TestBPRRoundTrip(t *testing.T) {
	m, err := Train(context.Background(), synthInput(5), bprConfig())
	if err != nil {
		t.Fatal(err)
	}
	got := roundTrip(t, m)
	for u := uint64(1); u <= synthUsers; u++ {
		a, _ := m.ScoreItems(u, BPR)
		b, ok := got.ScoreItems(u, BPR)
		if !ok || !slices.Equal(a, b) {
			t.Fatalf("user %d: bpr scores differ after the round trip", u)
		}
	}
	h := []Event{{User: 3, Item: 7, Type: Purchase, Rating: -1, Time: testNow}}
	for _, user := range []uint64{0, 3, synthUsers + 5} {
		if a, b := m.RecommendFor(m.FoldIn(user, h, testNow), 10, Filter{}), got.RecommendFor(got.FoldIn(user, h, testNow), 10, Filter{}); !reflect.DeepEqual(a, b) {
			t.Errorf("user %d: RecommendFor differs after round trip", user)
		}
	}
}

func TestBPRFoldIn(t *testing.T) {
	m, err := Train(context.Background(), synthInput(6), bprConfig())
	if err != nil {
		t.Fatal(err)
	}
	// A known user refolded with the trained history keeps the trained factors.
	const user = 8
	var history []Event
	for _, e := range synthInput(6).Events {
		if e.User == user {
			history = append(history, e)
		}
	}
	if a, b := ids(m.RecommendFor(m.FoldIn(user, history, testNow), 10, Filter{})), ids(m.Recommend(user, 10, Filter{})); !slices.Equal(a, b) {
		t.Errorf("refolding the trained history changed the list: %v, want %v", a, b)
	}
	// New users (and guests) who touched one group's items get that group.
	for g := range synthGroups {
		var h []Event
		for k := 1; k <= 3; k++ {
			h = append(h, Event{Item: uint64(g + synthGroups*k), Type: Cart, Rating: -1, Time: testNow})
		}
		for _, u := range []uint64{0, 10_000 + uint64(g)} {
			s := m.FoldIn(u, h, testNow)
			if again := m.FoldIn(u, h, testNow); !slices.Equal(s.row.bpr, again.row.bpr) {
				t.Errorf("user %d: two fold-ins gave different factors", u)
			}
			if share := groupShare(m.RecommendFor(s, 10, Filter{}), g); share < 0.7 {
				t.Errorf("user %d with group %d items: in-group share %.2f, want >= 0.7", u, g, share)
			}
		}
	}
}

// TestAliasDrawsByWeight checks the sampler against the weights with a
// chi-square-like bound on a fixed seed.
func TestAliasDrawsByWeight(t *testing.T) {
	tests := []struct {
		name string
		w    []float64
	}{
		{"skewed", []float64{5, 1, 0, 3, 1}},
		{"equal", []float64{2, 2, 2}},
		{"all zero", []float64{0, 0, 0, 0}},
		{"one", []float64{0.3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			const n = 200_000
			rng := rand.New(rand.NewPCG(1, 2))
			a := newAlias(tt.w)
			counts := make([]float64, len(tt.w))
			for range n {
				counts[a.draw(rng)]++
			}
			var sum float64
			for _, v := range tt.w {
				sum += v
			}
			for i, c := range counts {
				want := 1 / float64(len(tt.w))
				if sum > 0 {
					want = tt.w[i] / sum
				}
				if got := c / n; math.Abs(got-want) > 0.005 {
					t.Errorf("index %d drawn %.4f of the time, want %.4f", i, got, want)
				}
			}
		})
	}
}
