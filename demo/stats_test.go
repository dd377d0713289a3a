package demo

import (
	"cmp"
	"math"
	"slices"
	"testing"
	"time"
)

func TestFunnelProportions(t *testing.T) {
	shop, _ := defaultShop(t)
	want := map[EventType]float64{View: 0.70, Like: 0.12, Cart: 0.12, Purchase: 0.06}
	count := map[EventType]int{}
	rated := 0
	for _, it := range shop.Interactions {
		count[it.Type]++
		if it.Rating != nil {
			rated++
		}
	}
	n := float64(len(shop.Interactions))
	for typ, w := range want {
		got := float64(count[typ]) / n
		t.Logf("%-8s %.4f (want %.2f)", typ, got, w)
		if math.Abs(got-w) > 0.015 {
			t.Errorf("%s share %.4f, want %.2f ± 0.015", typ, got, w)
		}
	}
	if share := float64(rated) / float64(count[Purchase]); share < 0.25 || share > 0.45 {
		t.Errorf("%.2f of purchases rated, want 0.25 to 0.45", share)
	}
}

func TestPurchasesFollowTheFunnel(t *testing.T) {
	shop, _ := defaultShop(t)
	type key struct {
		session string
		product uint64
	}
	viewed, carted := map[key]bool{}, map[key]bool{}
	purchases, afterView, afterCart := 0, 0, 0
	for _, it := range shop.Interactions {
		k := key{it.SessionID, it.ProductID}
		switch it.Type {
		case View:
			viewed[k] = true
		case Cart:
			carted[k] = true
		case Purchase:
			purchases++
			if viewed[k] {
				afterView++
			}
			if viewed[k] && carted[k] {
				afterCart++
			}
		}
	}
	if afterView != purchases {
		t.Errorf("%d of %d purchases lack a view of the product in the session", purchases-afterView, purchases)
	}
	share := float64(afterCart) / float64(purchases)
	t.Logf("%d purchases, %.3f after view and cart", purchases, share)
	if share < 0.8 || share > 0.97 {
		t.Errorf("%.3f of purchases follow a view and a cart, want 0.8 to 0.97 (usually, not always)", share)
	}
}

func TestActivityIsHeavyTailed(t *testing.T) {
	shop, cfg := defaultShop(t)
	per := make([]int, len(shop.Users))
	for _, it := range shop.Interactions {
		per[it.UserID-1]++
	}
	slices.Sort(per)
	slices.Reverse(per)
	top := 0
	for _, c := range per[:len(per)/10] {
		top += c
	}
	topShare := float64(top) / float64(cfg.Interactions)
	few := 0
	for _, c := range per {
		if c < 20 {
			few++
		}
	}
	fewShare := float64(few) / float64(len(per))
	t.Logf("max %d, median %d, top 10%% of users make %.2f of events, %.2f of users have < 20", per[0], per[len(per)/2], topShare, fewShare)
	if topShare < 0.35 || topShare > 0.7 {
		t.Errorf("top 10%% of users make %.2f of events, want 0.35 to 0.7", topShare)
	}
	if fewShare < 0.15 {
		t.Errorf("%.2f of users have fewer than 20 events, want many (>= 0.15)", fewShare)
	}
	if per[0] < 500 || per[0] > 3000 {
		t.Errorf("busiest user has %d events, want hundreds to a few thousand", per[0])
	}
}

func TestTimesSpreadOverTheirRanges(t *testing.T) {
	shop, cfg := defaultShop(t)
	now := cfg.Now.UTC()
	day := 24 * time.Hour
	first, last := shop.Interactions[0].Timestamp, shop.Interactions[len(shop.Interactions)-1].Timestamp
	if d := first.Sub(now.Add(-90 * day)); d > day {
		t.Errorf("first event %v after the window opens", d)
	}
	if d := now.Sub(last); d > 3*time.Hour {
		t.Errorf("last event %v before now", d)
	}
	// Each tenth of the window holds a fair share of the events.
	var tenths [10]int
	for _, it := range shop.Interactions {
		tenths[int(10*(1-now.Sub(it.Timestamp).Hours()/(90*24)))]++
	}
	for i, c := range tenths {
		if share := float64(c) / float64(len(shop.Interactions)); share < 0.05 || share > 0.15 {
			t.Errorf("tenth %d of the window holds %.3f of events", i, share)
		}
	}
	newest, oldest := 0, shop.Products[0].CreatedAt
	for _, p := range shop.Products {
		if now.Sub(p.CreatedAt) < 7*day {
			newest++
		}
	}
	if share := float64(newest) / float64(len(shop.Products)); share < 0.03 || share > 0.08 {
		t.Errorf("%.3f of products are from the last week, want about 0.05", share)
	}
	if age := now.Sub(oldest); age < 350*day || age > 366*day {
		t.Errorf("oldest product is %v old, want about a year", age)
	}
}

func TestPricesFollowCategories(t *testing.T) {
	shop := Generate(Config{Seed: 9, Products: 6000, Users: 1, Categories: MaxCategories, Days: 30, Now: testNow()})
	logSum, n := map[string]float64{}, map[string]int{}
	for _, p := range shop.Products {
		logSum[p.Category] += math.Log(float64(p.Price) / 100)
		n[p.Category]++
	}
	for _, spec := range categoryTable {
		// Log-prices are normal around log(median × line factor), lines
		// drawn uniformly, so the geometric mean estimates this.
		var lineLog float64
		for _, l := range spec.lines {
			lineLog += math.Log(cmp.Or(l.price, 1))
		}
		want := spec.median * math.Exp(lineLog/float64(len(spec.lines)))
		got := math.Exp(logSum[spec.name] / float64(n[spec.name]))
		// The .99/.49/.00 endings add about half a unit.
		if got < 0.85*want || got > 1.15*want+1 {
			t.Errorf("%s: geometric mean price %.2f over %d products, want about %.2f", spec.name, got, n[spec.name], want)
		}
	}
}
