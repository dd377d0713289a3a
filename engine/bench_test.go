package engine_test

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"shelf/demo"
	"shelf/engine"
	"shelf/store"
	"shelf/store/seed"
)

// BenchmarkPlacementRules compares an uncached list over 20,000 products
// with and without a placement of 10 rules, diversity limits and filters:
// the placement's cost must stay within 1.2 times the plain request's
// (docs/BENCHMARKS.md).
func BenchmarkPlacementRules(b *testing.B) {
	st, err := store.Open(filepath.Join(b.TempDir(), "b.db"), store.Options{Now: func() time.Time { return now }})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	cfg := demo.DefaultConfig(now)
	cfg.Products, cfg.Users, cfg.Interactions = 20_000, 5_000, 200_000
	if _, err := seed.Load(st, demo.Generate(cfg)); err != nil {
		b.Fatal(err)
	}
	ecfg := engine.DefaultConfig()
	ecfg.Now = func() time.Time { return now }
	ecfg.CacheBytes = 0 // every request ranks
	e, err := engine.New(context.Background(), st, ecfg, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close()
	if err := e.Train(context.Background()); err != nil {
		b.Fatal(err)
	}
	f := engine.Filter{MinPrice: 500, MaxPrice: 50_000}
	rules := []engine.Rule{{Type: "pin", ProductID: 17, Position: 3}, {Type: "pin", ProductID: 99, Position: 7}}
	for i, cat := range []string{"Books", "Electronics", "Home & Kitchen", "Toys & Games"} {
		rules = append(rules, engine.Rule{Type: "boost", Factor: 1.5 + float64(i), When: &engine.Condition{Category: cat}},
			engine.Rule{Type: "bury", Factor: 0.5, When: &engine.Condition{NewerThanDays: float64(30 + i)}})
	}
	pl, err := e.PutPlacement(engine.Placement{Name: "bench", Strategy: "personal", Count: 10, MaxPerCategory: 3, MaxPerBrand: 2, Rules: rules})
	if err != nil {
		b.Fatal(err)
	}
	// The two requests alternate, for the same users, and are timed
	// apart: the ratio is what matters, and alternation keeps the machine's
	// drift out of it.
	var plain, placed time.Duration
	i := 0
	for b.Loop() {
		user := uint64(i%5_000 + 1)
		i++
		start := time.Now()
		if _, err := e.Recommend(user, 10, f); err != nil {
			b.Fatal(err)
		}
		mid := time.Now()
		if _, err := e.PlacementList(pl, engine.PlacementContext{User: user}, 10, f); err != nil {
			b.Fatal(err, strconv.Itoa(i))
		}
		placed += time.Since(mid)
		plain += mid.Sub(start)
	}
	b.ReportMetric(float64(plain.Nanoseconds())/float64(i), "plain-ns/op")
	b.ReportMetric(float64(placed.Nanoseconds())/float64(i), "placement-ns/op")
	b.ReportMetric(float64(placed)/float64(plain), "ratio")
}

// BenchmarkAnalyticsYear reads a year of counts (12 kinds of list, 3
// placements, 2 variants a day), as GET /api/analytics does for its
// longest range: the counts are kept per day, so the cost is the days', not
// the events' (docs/BENCHMARKS.md).
func BenchmarkAnalyticsYear(b *testing.B) {
	st, err := store.Open(filepath.Join(b.TempDir(), "b.db"), store.Options{Now: func() time.Time { return now }})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	clock := now.AddDate(-1, 0, 0)
	ecfg := engine.DefaultConfig()
	ecfg.Now = func() time.Time { return clock }
	ecfg.RetrainInterval = 0
	e, err := engine.New(context.Background(), st, ecfg, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close()
	for range 366 {
		for _, s := range []string{"personal", "similar", "bought-together", "trending"} {
			for _, p := range []string{"", "home", "product-page"} {
				for _, v := range []string{"", "1/0", "1/1"} {
					for range 3 {
						e.CountImpression(engine.ListKind{Strategy: s, Placement: p, Variant: v}, "")
					}
				}
			}
		}
		if err := e.FlushCounters(); err != nil {
			b.Fatal(err)
		}
		clock = clock.AddDate(0, 0, 1)
	}
	last := e.Day(clock.AddDate(0, 0, -1))
	b.ResetTimer()
	for b.Loop() {
		counts, err := e.CountsBetween(last-365, last)
		if err != nil || len(counts) != 366*36 {
			b.Fatalf("%d counts, %v", len(counts), err)
		}
	}
}
