package model_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"shelf/demo"
	"shelf/model"
)

// refreshCase is a shop whose last tenth of events came after a full
// training, with products added meanwhile, and one held-out later event
// for some of the users who came back.
type refreshCase struct {
	base, all model.Input
	hidden    map[uint64]uint64 // user -> held-out product
	fresh     map[uint64]bool   // users with events after the base
	newItems  []uint64
}

func newRefreshCase() refreshCase {
	now := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	shop := demo.Generate(demo.Config{Seed: 5, Products: 3_000, Users: 1_500, Interactions: 60_000, Categories: 8, Days: 90, Now: now})
	in := demoInput(shop, now)
	slices.SortStableFunc(in.Events, func(a, b model.Event) int { return int(a.Time - b.Time) })
	cut := len(in.Events) * 9 / 10
	rc := refreshCase{hidden: map[uint64]uint64{}, fresh: map[uint64]bool{}}
	rc.base = model.Input{Items: in.Items, Events: slices.Clone(in.Events[:cut]), Now: in.Events[cut].Time}
	// Twenty new products, each bought by the shoppers of a product of
	// its category after the base.
	items := slices.Clone(in.Items)
	next := items[len(items)-1].ID + 1
	events := slices.Clone(in.Events[cut:])
	for k := range 20 {
		twin := in.Items[k*97]
		items = append(items, model.ItemInfo{ID: next, Category: twin.Category, Price: twin.Price, Created: rc.base.Now, Text: twin.Text})
		for _, e := range in.Events[cut:] {
			if e.Item == twin.ID {
				e.Item = next
				events = append(events, e)
			}
		}
		rc.newItems = append(rc.newItems, next)
		next++
	}
	// Hold out the last event of 300 returning shoppers, on a product
	// they had no other event with.
	pairs := map[[2]uint64]int{}
	for _, e := range append(slices.Clone(rc.base.Events), events...) {
		pairs[[2]uint64{e.User, e.Item}]++
	}
	for k := len(events) - 1; k >= 0 && len(rc.hidden) < 300; k-- {
		e := events[k]
		if _, done := rc.hidden[e.User]; done || e.User == 0 || pairs[[2]uint64{e.User, e.Item}] != 1 {
			continue
		}
		rc.hidden[e.User] = e.Item
		events = slices.Delete(events, k, k+1)
	}
	for _, e := range events {
		rc.fresh[e.User] = true
	}
	delete(rc.fresh, 0)
	rc.all = model.Input{Items: items, Events: append(slices.Clone(rc.base.Events), events...), Now: in.Now}
	return rc
}

// hitRate is the share of the held-out products in their shopper's top 20.
func (rc refreshCase) hitRate(m *model.Model) float64 {
	hits := 0
	for user, item := range rc.hidden {
		if slices.ContainsFunc(m.Recommend(user, 20, model.Filter{}), func(r model.Recommendation) bool { return r.Item == item }) {
			hits++
		}
	}
	return float64(hits) / float64(len(rc.hidden))
}

// A refresh learns from the new events nearly what a full training
// learns, re-solving only the shoppers who came back (the others keep
// their factors exactly), and solves the new products.
func TestRefreshLearnsTheNewEvents(t *testing.T) {
	if testing.Short() {
		t.Skip("trains three models")
	}
	rc := newRefreshCase()
	cfg := model.DefaultConfig()
	cfg.Validate = false
	ctx := context.Background()
	prev, err := model.Train(ctx, rc.base, cfg)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	full, err := model.Train(ctx, rc.all, cfg)
	if err != nil {
		t.Fatal(err)
	}
	fullTook := time.Since(start)
	start = time.Now()
	ref, err := model.Refresh(ctx, rc.all, prev, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("full training %v, refresh %v", fullTook, time.Since(start))
	hrPrev, hrFull, hrRef := rc.hitRate(prev), rc.hitRate(full), rc.hitRate(ref)
	t.Logf("hit rate@20 of %d held-out events: before %.3f, full %.3f, refreshed %.3f", len(rc.hidden), hrPrev, hrFull, hrRef)
	if hrRef < 0.85*hrFull || hrRef <= hrPrev {
		t.Errorf("refreshed hit rate %.3f, want at least 0.85 of the full training's %.3f and above the previous model's %.3f", hrRef, hrFull, hrPrev)
	}
	info := ref.Info().Refreshed
	if info == nil || info.ChangedUsers != len(rc.fresh) || info.NewItems != len(rc.newItems) || !info.From.Equal(prev.Info().TrainedAt) {
		t.Fatalf("refresh info %+v, want %d changed users and %d new items from %v", info, len(rc.fresh), len(rc.newItems), prev.Info().TrainedAt)
	}
	if ref.Info().Validation != nil || !slices.Equal(ref.Info().Blend, prev.Info().Blend) {
		t.Errorf("refresh changed the blend %v (was %v) or invented validation", ref.Info().Blend, prev.Info().Blend)
	}
	kept, moved := 0, 0
	for _, e := range rc.base.Events {
		a, _, okA := prev.Profile(e.User)
		b, _, okB := ref.Profile(e.User)
		if !okA || !okB {
			continue
		}
		switch same := slices.Equal(a, b); {
		case rc.fresh[e.User] && same:
			t.Fatalf("user %d came back but kept the factors", e.User)
		case !rc.fresh[e.User] && !same:
			t.Fatalf("user %d did not come back but the factors moved", e.User)
		case same:
			kept++
		default:
			moved++
		}
	}
	if kept == 0 || moved == 0 {
		t.Errorf("%d event rows kept their user's factors, %d moved: want both", kept, moved)
	}
	scored := 0
	for user := range rc.fresh {
		s, ok := ref.ScoreItems(user, model.MF)
		if !ok {
			continue
		}
		ids := ref.ItemIDs()
		for k, id := range ids {
			if slices.Contains(rc.newItems, id) && s[k] != 0 {
				scored++
			}
		}
		break
	}
	if scored == 0 {
		t.Error("no new product has a factor-model score")
	}
}

// A product that left the catalog stops a refresh: the shop trains in full.
func TestRefreshNeedsTheCatalogToGrowOnly(t *testing.T) {
	rc := newRefreshCase()
	cfg := model.DefaultConfig()
	cfg.Validate = false
	cfg.Models = []string{model.MF, model.KNN}
	prev, err := model.Train(context.Background(), rc.base, cfg)
	if err != nil {
		t.Fatal(err)
	}
	in := rc.all
	in.Items = slices.Delete(slices.Clone(in.Items), 5, 6)
	if _, err := model.Refresh(context.Background(), in, prev, nil); !errors.Is(err, model.ErrNotRefreshable) {
		t.Errorf("a product gone: %v, want ErrNotRefreshable", err)
	}
	if _, err := model.Refresh(context.Background(), rc.all, nil, nil); !errors.Is(err, model.ErrNotRefreshable) {
		t.Errorf("no previous model: %v, want ErrNotRefreshable", err)
	}
}
