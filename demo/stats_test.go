package demo

import (
	"cmp"
	"math"
	"slices"
	"testing"
	"time"
)

// TestFunnelProportions checks the shares of a real shop's log: mostly
// views, a few percent of likes and carts, 1-4% purchases.
func TestFunnelProportions(t *testing.T) {
	shop, _ := defaultShop(t)
	want := map[EventType][2]float64{View: {0.90, 0.97}, Like: {0.005, 0.05}, Cart: {0.005, 0.05}, Purchase: {0.01, 0.04}}
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
		t.Logf("%-8s %.4f (want %.3f to %.3f)", typ, got, w[0], w[1])
		if got < w[0] || got > w[1] {
			t.Errorf("%s share %.4f, want %.3f to %.3f", typ, got, w[0], w[1])
		}
	}
	if share := float64(rated) / float64(count[Purchase]); share < 0.25 || share > 0.45 {
		t.Errorf("%.2f of purchases rated, want 0.25 to 0.45", share)
	}
}

// TestViewsRepeatHeavyTailed checks the other marks of a real log: a
// pair's views are usually one, sometimes dozens; many users come once.
func TestViewsRepeatHeavyTailed(t *testing.T) {
	shop, _ := defaultShop(t)
	pairs := map[[2]uint64]int{}
	users := map[uint64]int{}
	for _, it := range shop.Interactions {
		if it.Type == View {
			pairs[[2]uint64{it.UserID, it.ProductID}]++
		}
		users[it.UserID]++
	}
	once, most := 0, 0
	for _, n := range pairs {
		if n == 1 {
			once++
		}
		most = max(most, n)
	}
	single := 0
	for _, n := range users {
		if n == 1 {
			single++
		}
	}
	onceShare, perPair := float64(once)/float64(len(pairs)), float64(len(shop.Interactions))/float64(len(pairs))
	singleShare := float64(single) / float64(len(users))
	t.Logf("%d viewed pairs, %.2f viewed once, at most %d views, %.1f events per pair; %.2f of active users have one event", len(pairs), onceShare, most, perPair, singleShare)
	if onceShare < 0.2 || onceShare > 0.7 || most < 50 || perPair < 3 {
		t.Errorf("views per pair: %.2f once, at most %d, %.1f events per pair; want a heavy tail", onceShare, most, perPair)
	}
	if singleShare < 0.1 {
		t.Errorf("%.2f of active users have one event, want many (>= 0.1)", singleShare)
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
