package model

import (
	"context"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
)

// synthGroups and friends shape a shop with planted taste groups: users of
// group g mostly interact with items of group g.
const (
	synthGroups        = 4
	synthItemsPerGroup = 25
	synthUsers         = 200
	synthPerUser       = 8
)

// synthGroup returns the taste group of a user or item id.
func synthGroup(id uint64) int { return int(id % synthGroups) }

// synthInput generates the planted shop with a fixed seed. Item ids are
// 1..groups*itemsPerGroup, user ids 1..users; an id's group is id mod groups.
func synthInput(seed uint64) Input {
	rng := rand.New(rand.NewPCG(seed, 7))
	in := Input{Now: testNow}
	nItems := synthGroups * synthItemsPerGroup
	for i := 1; i <= nItems; i++ {
		in.Items = append(in.Items, ItemInfo{ID: uint64(i), Category: []string{"a", "b"}[i%2], Price: int64(i * 100)})
	}
	for u := uint64(1); u <= synthUsers; u++ {
		g := synthGroup(u)
		for k := range synthPerUser {
			item := uint64(g + synthGroups*rng.IntN(synthItemsPerGroup))
			if item == 0 {
				item = synthGroups * synthItemsPerGroup // id 0 is not an item; same group 0
			}
			if k == 0 && rng.IntN(4) == 0 {
				item = uint64(1 + rng.IntN(nItems)) // some noise across groups
			}
			t := EventType(1 + rng.IntN(4))
			in.Events = append(in.Events, Event{User: u, Item: item, Type: t, Rating: -1,
				Time: testNow - int64(rng.IntN(60*secondsPerDay))})
		}
	}
	return in
}

// inGroupShare is the share of recommended items that belong to the user's group.
func inGroupShare(t *testing.T, m *Model, n int) float64 {
	t.Helper()
	hits, total := 0, 0
	for u := uint64(1); u <= synthUsers; u++ {
		for _, r := range m.Recommend(u, n, Filter{}) {
			total++
			if synthGroup(r.Item) == synthGroup(u) {
				hits++
			}
			if r.Confidence < 0 || r.Confidence > 1 {
				t.Fatalf("confidence %v out of [0,1]", r.Confidence)
			}
		}
	}
	if total != synthUsers*n {
		t.Fatalf("got %d recommendations, want %d", total, synthUsers*n)
	}
	return float64(hits) / float64(total)
}

func TestPersonalModelsFindPlantedGroups(t *testing.T) {
	in := synthInput(1)
	tests := []struct {
		models  []string
		atLeast float64
	}{
		{[]string{}, 0}, // popularity only: the baseline
		{[]string{CF}, 0.9},
		{[]string{MF}, 0.9},
		{nil, 0.9}, // the default ensemble
	}
	baseline := 0.0
	for _, tt := range tests {
		cfg := DefaultConfig()
		cfg.Models = tt.models
		cfg.SVD.Components = 8
		cfg.ALS.Factors = 8
		m, err := Train(context.Background(), in, cfg)
		if err != nil {
			t.Fatal(err)
		}
		share := inGroupShare(t, m, 5)
		t.Logf("models %q (nil: default): in-group share %.3f", tt.models, share)
		if len(tt.models) == 0 {
			baseline = share
			continue
		}
		if share < tt.atLeast || share < baseline+0.3 {
			t.Errorf("models %v: in-group share %.3f, want >= %.2f and popularity %.3f + 0.3", tt.models, share, tt.atLeast, baseline)
		}
	}
}

func TestConcurrentPersonalReaders(t *testing.T) {
	cfg := DefaultConfig()
	cfg.SVD.Components, cfg.ALS.Factors = 8, 8
	m, err := Train(context.Background(), synthInput(3), cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Weights[KNN] = 100 // the model must not see edits made after Train
	want := ids(m.Recommend(9, 10, Filter{}))
	wantSimilar := ids(m.Similar(9, 10, Filter{}))
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 50 {
				if got := ids(m.Recommend(9, 10, Filter{})); !slices.Equal(got, want) {
					t.Errorf("concurrent Recommend = %v, want %v", got, want)
					return
				}
				if got := ids(m.Similar(9, 10, Filter{})); !slices.Equal(got, wantSimilar) {
					t.Errorf("concurrent Similar = %v, want %v", got, wantSimilar)
					return
				}
			}
		})
	}
	wg.Wait()
	if got := ids(m.Recommend(9, 10, Filter{})); !slices.Equal(got, want) {
		t.Errorf("Recommend changed after editing the caller's Config: %v, want %v", got, want)
	}
}

func TestTrainCancelledDuringComponents(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	in := synthInput(4)
	cfg := DefaultConfig()
	cfg.Models = []string{MF}
	cfg.ALS.Sweeps = 1_000_000 // would run for hours without the cancel
	go cancel()
	if _, err := Train(ctx, in, cfg); err == nil {
		t.Error("Train ignored the cancelled context")
	}
}

func TestTrainRejectsUnknownComponent(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Models = []string{"magic"}
	if _, err := Train(context.Background(), synthInput(1), cfg); err == nil {
		t.Error("unknown component accepted")
	}
}
