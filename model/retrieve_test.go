package model_test

import (
	"bytes"
	"context"
	"math/rand/v2"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"shelf/demo"
	"shelf/model"
)

// retrievalShop trains, once per test binary, the default components on a
// generated shop of 20,000 products with retrieval on from 10,000 items.
var retrievalShop = sync.OnceValues(func() (*model.Model, error) {
	cfg := model.DefaultConfig()
	cfg.Validate = false
	cfg.Retrieval.MinItems = 10_000
	return model.Train(context.Background(), retrievalInput(), cfg)
})

// retrievalInput is the shop of retrievalShop.
var retrievalInput = sync.OnceValue(func() model.Input {
	now := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	shop := demo.Generate(demo.Config{Seed: 3, Products: 20_000, Users: 4_000, Interactions: 80_000, Categories: 12, Days: 90, Now: now})
	return demoInput(shop, now)
})

func trainedRetrieval(t *testing.T) *model.Model {
	t.Helper()
	if testing.Short() {
		t.Skip("trains a 20,000-product shop")
	}
	m, err := retrievalShop()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// The index of every factor component finds at least 0.95 of its exact
// best 100 items on shoppers it was not tuned on, with and without a
// category filter.
func TestRetrievalRecall(t *testing.T) {
	m := trainedRetrieval(t)
	got := map[string]model.RetrievalInfo{}
	for _, r := range m.Info().Retrieval {
		got[r.Component] = r
		t.Logf("%+v", r)
	}
	for _, name := range []string{model.MF, model.CF} {
		r, ok := got[name]
		if !ok {
			t.Fatalf("no index for %s: %+v", name, m.Info().Retrieval)
		}
		if r.Candidates != 100 || r.Queries < 100 || r.Lists < 100 || r.Probe >= r.Lists {
			t.Errorf("%s: %+v, want 100 candidates over at least 100 queries, probing fewer lists than there are", name, r)
		}
		if r.Recall < 0.95 || r.CategoryRecall < 0.95 {
			t.Errorf("%s: recall %.3f, in %q %.3f; want at least 0.95", name, r.Recall, r.Category, r.CategoryRecall)
		}
	}
}

// Ranking the candidates gives nearly the lists exact scoring gives, and
// every filter still holds on them.
func TestRetrievalAgreesWithExactScoring(t *testing.T) {
	m := trainedRetrieval(t)
	exact := model.ScoredExactly(m)
	items := map[uint64]model.ItemInfo{}
	for _, it := range retrievalInput().Items {
		items[it.ID] = it
	}
	cat := retrievalInput().Items[0].Category
	filters := map[string]model.Filter{
		"none":     {},
		"category": {Category: cat},
		"price":    {MinPrice: 2000, MaxPrice: 8000},
		"exclude":  {Exclude: func(id uint64) bool { return id%3 == 0 }},
	}
	for name, f := range filters {
		overlap, lists := 0.0, 0
		for user := uint64(1); user <= 4000; user += 20 {
			got, want := m.Recommend(user, 10, f), exact.Recommend(user, 10, f)
			if len(got) != len(want) {
				t.Fatalf("%s: user %d: %d items, exact scoring gives %d", name, user, len(got), len(want))
			}
			for _, r := range got {
				it := items[r.Item]
				if (f.Category != "" && it.Category != f.Category) || it.Price < f.MinPrice || (f.MaxPrice > 0 && it.Price > f.MaxPrice) || (f.Exclude != nil && f.Exclude(r.Item)) {
					t.Fatalf("%s: user %d got %d (%+v), which the filter leaves out", name, user, r.Item, it)
				}
			}
			if len(want) > 0 {
				overlap += float64(shared(got, want)) / float64(len(want))
				lists++
			}
		}
		if lists < 150 || overlap/float64(lists) < 0.9 {
			t.Errorf("%s: top-10 overlap with exact scoring %.3f over %d lists, want at least 0.9 over 150", name, overlap/float64(lists), lists)
		}
		t.Logf("%s: top-10 overlap %.3f over %d lists", name, overlap/float64(lists), lists)
	}
}

// Item-kNN's sparse scoring under retrieval ranks exactly as scoring
// every item does: the same items, scores and reasons, with every filter.
func TestSparseScoringIsExact(t *testing.T) {
	m := trainedRetrieval(t)
	cat := retrievalInput().Items[0].Category
	filters := []model.Filter{{}, {Category: cat}, {MinPrice: 2000, MaxPrice: 8000}, {IncludeSeen: true}}
	var sparse, dense [][]model.Recommendation
	for _, on := range []bool{true, false} {
		restore := model.SetSparseScoring(on)
		for user := uint64(1); user <= 4000; user += 13 {
			for _, f := range filters {
				if on {
					sparse = append(sparse, m.Recommend(user, 10, f))
				} else {
					dense = append(dense, m.Recommend(user, 10, f))
				}
			}
		}
		restore()
	}
	for k := range sparse {
		if !reflect.DeepEqual(sparse[k], dense[k]) {
			t.Fatalf("list %d differs:\nsparse %v\ndense  %v", k, sparse[k], dense[k])
		}
	}
}

// shared counts the items of a that b holds too.
func shared(a, b []model.Recommendation) int {
	n := 0
	for _, r := range a {
		if slices.ContainsFunc(b, func(s model.Recommendation) bool { return s.Item == r.Item }) {
			n++
		}
	}
	return n
}

// The indexes persist: the decoded model serves the same lists, and a
// corrupt index is refused.
func TestRetrievalPersists(t *testing.T) {
	m := trainedRetrieval(t)
	data, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	back, err := model.UnmarshalModel(data)
	if err != nil {
		t.Fatal(err)
	}
	for user := uint64(1); user <= 4000; user += 97 {
		a, b := m.Recommend(user, 10, model.Filter{}), back.Recommend(user, 10, model.Filter{})
		if !slices.EqualFunc(a, b, func(x, y model.Recommendation) bool { return x.Item == y.Item && x.Confidence == y.Confidence }) {
			t.Fatalf("user %d: %v before the round trip, %v after", user, a, b)
		}
	}
	at := bytes.LastIndex(data, []byte("retrieval"))
	if at < 0 {
		t.Fatal("no retrieval section")
	}
	for _, off := range []int{16, 40, 400, len(data) - at - 20} {
		bad := slices.Clone(data)
		bad[at+off] ^= 0x5a
		if _, err := model.UnmarshalModel(bad); err == nil {
			// A flipped byte inside a centroid is a valid, other centroid.
			t.Logf("offset %d: accepted", off)
		}
	}
	cut := data[:len(data)-8]
	if _, err := model.UnmarshalModel(cut); err == nil {
		t.Error("a truncated retrieval section was accepted")
	}
}

// Factors imported in place of mf's get an index of their own: its recall
// is measured on them, and cf keeps the index it had.
func TestRetrievalRebuiltForImportedFactors(t *testing.T) {
	m := trainedRetrieval(t)
	rng := rand.New(rand.NewPCG(7, 7))
	vec := func() []float32 {
		v := make([]float32, 16)
		for k := range v {
			v[k] = float32(rng.NormFloat64())
		}
		return v
	}
	users, items := map[uint64][]float32{}, map[uint64][]float32{}
	for _, it := range retrievalInput().Items {
		items[it.ID] = vec()
	}
	for u := uint64(1); u <= 4000; u++ {
		users[u] = vec()
	}
	v, _, err := m.WithFactors(users, items)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]model.RetrievalInfo{}
	for _, r := range v.Info().Retrieval {
		byName[r.Component] = r
	}
	if len(byName) != 2 || byName[model.CF] != m.Info().Retrieval[0] || byName[model.MF].Recall < 0.95 {
		t.Errorf("after the import: %+v; before: %+v", v.Info().Retrieval, m.Info().Retrieval)
	}
	if got := v.Recommend(1, 10, model.Filter{}); len(got) != 10 {
		t.Errorf("%d recommendations after the import", len(got))
	}
}

// Concurrent readers of a retrieving model get the lists one reader gets
// (their buffers come from a pool; the indexes are shared read-only).
func TestRetrievalConcurrentReaders(t *testing.T) {
	m := trainedRetrieval(t)
	cat := retrievalInput().Items[0].Category
	want := map[uint64][]model.Recommendation{}
	for user := uint64(1); user <= 400; user++ {
		want[user] = m.Recommend(user, 10, model.Filter{Category: cat})
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for user := uint64(1 + w); user <= 400; user += 4 {
				got := m.Recommend(user, 10, model.Filter{Category: cat})
				if !slices.EqualFunc(got, want[user], func(a, b model.Recommendation) bool { return a.Item == b.Item }) {
					t.Errorf("user %d: %v concurrently, %v alone", user, got, want[user])
				}
			}
		})
	}
	wg.Wait()
}
