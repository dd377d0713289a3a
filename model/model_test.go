package model

import (
	"context"
	"errors"
	"math"
	"slices"
	"sync"
	"testing"
)

const testNow = 1_700_000_000

// shopInput is a small shop: items 1-6 in two categories, a few users.
func shopInput() Input {
	ev := func(u, i uint64, t EventType) Event {
		return Event{User: u, Item: i, Type: t, Rating: -1, Time: testNow}
	}
	return Input{
		Now: testNow,
		Items: []ItemInfo{
			{ID: 6, Category: "books", Price: 500},
			{ID: 1, Category: "shoes", Price: 5000},
			{ID: 2, Category: "shoes", Price: 8000},
			{ID: 3, Category: "books", Price: 1500},
			{ID: 4, Category: "books", Price: 2500},
			{ID: 5, Category: "shoes", Price: 3000},
			{ID: 1, Category: "duplicate", Price: 1}, // repeated id: first wins
		},
		Events: []Event{
			ev(10, 2, Purchase), // item 2: 5
			ev(11, 4, Cart),     // item 4: 3 + 1 = 4
			ev(12, 4, View),
			ev(10, 3, Like),      // item 3: 2 + 2 = 4 (ties with 4, lower id first)
			ev(0, 3, Like),       // guest: popularity only
			ev(11, 1, View),      // item 1: 1
			ev(10, 99, Purchase), // unknown item: ignored
			{User: 12, Item: 5, Type: 9, Time: testNow},                                   // invalid type: ignored
			{User: 13, Item: 5, Type: View, Rating: -1, Time: testNow - 30*secondsPerDay}, // item 5: 0.5
		},
	}
}

// trainShop trains popularity only, so rankings are easy to work out by hand.
func trainShop(t *testing.T) *Model {
	t.Helper()
	cfg := DefaultConfig()
	cfg.Models = []string{}
	cfg.Signals.HalfLifeDays = 30 // the figures below assume it
	m, err := Train(context.Background(), shopInput(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func ids(recs []Recommendation) []uint64 {
	out := make([]uint64, len(recs))
	for i, r := range recs {
		out[i] = r.Item
	}
	return out
}

func TestPopular(t *testing.T) {
	m := trainShop(t)
	tests := []struct {
		name string
		n    int
		f    Filter
		want []uint64
	}{
		{"all", 10, Filter{}, []uint64{2, 3, 4, 1, 5, 6}},
		{"top 2", 2, Filter{}, []uint64{2, 3}},
		{"zero n", 0, Filter{}, nil},
		{"category", 10, Filter{Category: "books"}, []uint64{3, 4, 6}},
		{"unknown category", 10, Filter{Category: "hats"}, []uint64{}},
		{"price band", 10, Filter{MinPrice: 1500, MaxPrice: 5000}, []uint64{3, 4, 1, 5}},
		{"min only", 10, Filter{MinPrice: 5000}, []uint64{2, 1}},
		{"exclude", 3, Filter{Exclude: func(id uint64) bool { return id == 2 }}, []uint64{3, 4, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ids(m.Popular(tt.n, tt.f))
			if tt.want == nil && got != nil && len(got) == 0 {
				got = nil
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Popular = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestPopularConfidenceAndScores(t *testing.T) {
	m := trainShop(t)
	recs := m.Popular(6, Filter{})
	want := map[uint64]float64{2: 1, 3: 0.8, 4: 0.8, 1: 0.2, 5: 0.1, 6: 0}
	for _, r := range recs {
		if math.Abs(r.Confidence-want[r.Item]) > 1e-9 || r.Scores["popularity"] != r.Confidence {
			t.Errorf("item %d: confidence %v scores %v, want %v", r.Item, r.Confidence, r.Scores, want[r.Item])
		}
		if r.Reason == "" {
			t.Errorf("item %d has no reason", r.Item)
		}
	}
	if got := m.PopularityScore(4); math.Abs(got-4) > 1e-9 {
		t.Errorf("PopularityScore(4) = %v, want 4", got)
	}
	if got := m.PopularityScore(99); got != 0 {
		t.Errorf("PopularityScore(unknown) = %v, want 0", got)
	}
}

func TestRecommendFallsBackToTrending(t *testing.T) {
	m := trainShop(t)
	tests := []struct {
		name string
		user uint64
		f    Filter
		want []uint64
	}{
		{"unknown user", 777, Filter{}, []uint64{2, 3, 4}},
		{"guest", 0, Filter{}, []uint64{2, 3, 4}},
		{"known user skips seen", 10, Filter{}, []uint64{4, 1, 5}},
		{"known user include seen", 10, Filter{IncludeSeen: true}, []uint64{2, 3, 4}},
		{"known user in category", 11, Filter{Category: "books"}, []uint64{3, 6}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ids(m.Recommend(tt.user, 3, tt.f)); !slices.Equal(got, tt.want) {
				t.Errorf("Recommend = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestInfo(t *testing.T) {
	info := trainShop(t).Info()
	if info.Users != 4 || info.Items != 6 || info.Events != 7 {
		t.Errorf("Info = %+v, want 4 users, 6 items, 7 events", info)
	}
	if info.TrainedAt.Unix() != testNow || !slices.Contains(info.Models, "popularity") {
		t.Errorf("Info = %+v", info)
	}
}

func TestTrainCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Train(ctx, shopInput(), DefaultConfig()); !errors.Is(err, context.Canceled) {
		t.Errorf("Train with cancelled ctx: err = %v", err)
	}
}

func TestEmptyInput(t *testing.T) {
	m, err := Train(context.Background(), Input{}, DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Recommend(1, 5, Filter{}); len(got) != 0 {
		t.Errorf("Recommend on empty model = %v", got)
	}
	if got := m.Popular(5, Filter{}); len(got) != 0 {
		t.Errorf("Popular on empty model = %v", got)
	}
}

func TestConcurrentReaders(t *testing.T) {
	m := trainShop(t)
	want := ids(m.Recommend(10, 3, Filter{}))
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 100 {
				if got := ids(m.Recommend(10, 3, Filter{})); !slices.Equal(got, want) {
					t.Errorf("concurrent Recommend = %v, want %v", got, want)
					return
				}
				m.Popular(5, Filter{Category: "books"})
			}
		})
	}
	wg.Wait()
}
