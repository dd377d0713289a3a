package engine_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"shelf/engine"
	"shelf/store"
)

var anyPrice = engine.Filter{MaxPrice: -1}

// TestFoldInLostUpdate replays the interleaving that lost an action: a
// request folds the user in from the history it read, and the user buys
// the top product before that state is stored. The stale state must not be
// kept: the next request excludes the bought product.
func TestFoldInLostUpdate(t *testing.T) {
	e, _ := newEngine(t)
	// A first action makes user 1 dirty, so lists fold the history in.
	first, err := e.Recommend(1, 10, anyPrice)
	if err != nil || len(first) < 2 {
		t.Fatalf("Recommend: %d, %v", len(first), err)
	}
	if _, err := e.RecordInteraction(&store.Interaction{UserID: 1, ProductID: first[1].Product.ID, Type: store.View}); err != nil {
		t.Fatal(err)
	}
	before, err := e.Recommend(1, 10, anyPrice)
	if err != nil {
		t.Fatal(err)
	}
	bought := before[0].Product.ID
	// Cut into the next uncached request: the purchase lands after its
	// history was read and before its fold-in is stored.
	if _, err := e.RecordInteraction(&store.Interaction{UserID: 1, ProductID: first[1].Product.ID, Type: store.Like}); err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	e.SetHookBeforeFoldStore(func(user uint64) {
		once.Do(func() {
			if _, err := e.RecordInteraction(&store.Interaction{UserID: user, ProductID: bought, Type: store.Purchase}); err != nil {
				t.Error(err)
			}
		})
	})
	if _, err := e.Recommend(1, 10, anyPrice); err != nil {
		t.Fatal(err)
	}
	e.SetHookBeforeFoldStore(nil)
	after, err := e.Recommend(1, 10, anyPrice)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(ids(after), bought) {
		t.Fatalf("product %d is recommended again after the user bought it: %v", bought, ids(after))
	}
}

// TestFoldInRaceStress runs actions and requests of the same users at once
// (for -race) and then checks that every bought product is left out.
func TestFoldInRaceStress(t *testing.T) {
	e, _ := newEngine(t)
	var wg sync.WaitGroup
	bought := make([][]uint64, 4)
	for w := range 4 {
		user := uint64(w + 1)
		wg.Go(func() {
			for range 25 {
				recs, err := e.Recommend(user, 5, anyPrice)
				if err != nil || len(recs) == 0 {
					t.Errorf("Recommend(%d): %d, %v", user, len(recs), err)
					return
				}
				id := recs[0].Product.ID
				if _, err := e.RecordInteraction(&store.Interaction{UserID: user, ProductID: id, Type: store.Purchase}); err != nil {
					t.Error(err)
					return
				}
				bought[w] = append(bought[w], id)
			}
		})
		wg.Go(func() {
			for range 50 {
				if _, err := e.Recommend(user, 5, anyPrice); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	for w := range 4 {
		recs, err := e.Recommend(uint64(w+1), 10, anyPrice)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range ids(recs) {
			if slices.Contains(bought[w], id) {
				t.Fatalf("user %d: bought product %d recommended again", w+1, id)
			}
		}
	}
}

// TestProductWritesReachEveryList: a product created, changed and deleted
// through the engine shows in search, in cached lists and in the catalog at
// the next request.
func TestProductWritesReachEveryList(t *testing.T) {
	e, _ := newEngine(t)
	p := store.Product{Name: "Quokka Lantern", Category: "Home", Price: 1999}
	if err := e.CreateProduct(&p); err != nil {
		t.Fatal(err)
	}
	found := func(q string, id uint64) bool {
		page, err := e.Search(engine.SearchQuery{Text: q, MaxPrice: -1, Limit: 10})
		res := page.Results
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range res {
			if r.Product.ID == id {
				return true
			}
		}
		return false
	}
	if !found("quokka", p.ID) {
		t.Fatal("a created product is not found by search")
	}
	pop, _ := e.Popular(10, anyPrice)
	l0, err := e.RecommendList(1, 10, anyPrice)
	if err != nil {
		t.Fatal(err)
	}
	e.WaitCache()
	if _, err := e.UpdateProduct(pop[0].Product.ID, func(q *store.Product) error { q.Name = "Renamed Wombat Kettle"; return nil }); err != nil {
		t.Fatal(err)
	}
	again, _ := e.Popular(10, anyPrice)
	if again[0].Product.Name != "Renamed Wombat Kettle" {
		t.Fatalf("a cached list shows the old name %q after the change", again[0].Product.Name)
	}
	if l1, _ := e.RecommendList(1, 10, anyPrice); l1.Key == l0.Key {
		t.Fatal("a list keeps its key after a product changed: a cache of its encoding would serve the old one")
	}
	if !found("wombat", pop[0].Product.ID) {
		t.Fatal("a changed product is not found under its new name")
	}
	if err := e.DeleteProduct(p.ID); err != nil {
		t.Fatal(err)
	}
	if found("quokka", p.ID) {
		t.Fatal("a deleted product is still found by search")
	}
	if _, err := e.Similar(p.ID, 5, anyPrice); err == nil {
		t.Fatal("similar products of a deleted product")
	}
}

// TestImportNotifiesOnce: an import of many products changes the catalog's
// generation once, and an import of events marks each touched user dirty.
func TestImportNotifiesOnce(t *testing.T) {
	e, _ := newEngine(t)
	var b store.ImportBatch
	for i := range 500 {
		b.Products = append(b.Products, store.Product{ID: uint64(10_000 + i), Name: fmt.Sprintf("Imported %d", i), Category: "Books", Price: 500})
	}
	g0 := e.CatalogGeneration()
	if _, err := e.Import(&b, store.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if g := e.CatalogGeneration(); g != g0+1 {
		t.Fatalf("an import of 500 products changed the catalog generation %d times; want once", g-g0)
	}
	if page, _ := e.Search(engine.SearchQuery{Text: "imported", MaxPrice: -1, Limit: 5}); len(page.Results) == 0 {
		t.Fatal("imported products are not searchable")
	}
	before, _ := e.Recommend(5, 10, anyPrice)
	e.WaitCache()
	ev := store.ImportBatch{}
	for i := range 20 {
		ev.Interactions = append(ev.Interactions, store.Interaction{UserID: 5, ProductID: before[i%len(before)].Product.ID, Type: store.Purchase})
		ev.Interactions = append(ev.Interactions, store.Interaction{UserID: 6, ProductID: 10_000 + uint64(i), Type: store.View})
	}
	if _, err := e.Import(&ev, store.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if !e.Dirty(5) || !e.Dirty(6) || e.Dirty(7) {
		t.Fatal("an event import did not mark exactly its users dirty")
	}
	after, _ := e.Recommend(5, 10, anyPrice)
	for _, id := range ids(after) {
		if slices.Contains(ids(before), id) {
			t.Fatalf("product %d the user bought in the import is still recommended", id)
		}
	}
	// Events naming unknown products create placeholders, which join the
	// catalog.
	ph := store.ImportBatch{Interactions: []store.Interaction{{UserID: 5, ProductID: 77_777, Type: store.View}}}
	if _, err := e.Import(&ph, store.ImportOptions{CreateMissing: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Similar(77_777, 3, anyPrice); err != nil {
		t.Fatalf("a placeholder product is not in the catalog: %v", err)
	}
}

func TestDeleteUserForgetsThem(t *testing.T) {
	e, _ := newEngine(t)
	if _, err := e.Recommend(3, 5, anyPrice); err != nil {
		t.Fatal(err)
	}
	e.WaitCache()
	if err := e.DeleteUser(3); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Recommend(3, 5, anyPrice); err == nil {
		t.Fatal("recommendations for an erased user (from the cache?)")
	}
}

// TestListKeyNamesTheList: ListKey is the key RecommendList gives, and it
// changes with the user's actions, the catalog and the model, so that a
// cache of encodings under it never serves an old list.
func TestListKeyNamesTheList(t *testing.T) {
	e, _ := newEngine(t)
	l, err := e.RecommendList(4, 10, anyPrice)
	if err != nil {
		t.Fatal(err)
	}
	if k := e.ListKey(4, 10, anyPrice); k != l.Key {
		t.Fatalf("ListKey %q, RecommendList's key %q", k, l.Key)
	}
	keys := map[string]bool{l.Key: true}
	changes := []func() error{
		func() error {
			_, err := e.RecordInteraction(&store.Interaction{UserID: 4, ProductID: l.Recs[0].Product.ID, Type: store.Purchase})
			return err
		},
		func() error {
			_, err := e.UpdateProduct(l.Recs[1].Product.ID, func(p *store.Product) error { p.Price++; return nil })
			return err
		},
		func() error { return e.Train(context.Background()) },
	}
	for i, change := range changes {
		if err := change(); err != nil {
			t.Fatal(err)
		}
		k := e.ListKey(4, 10, anyPrice)
		if keys[k] {
			t.Fatalf("change %d left the list's key as it was", i)
		}
		keys[k] = true
	}
	if e.ListKey(4, 5, anyPrice) == e.ListKey(4, 10, anyPrice) || e.ListKey(5, 10, anyPrice) == e.ListKey(4, 10, anyPrice) {
		t.Fatal("different requests share a key")
	}
}

// TestShownMemoryIsBounded: what shoppers were shown stays within its
// bounds however many shoppers come, and expires after the window.
func TestShownMemoryIsBounded(t *testing.T) {
	e, _ := newEngine(t)
	for i := range 250_000 {
		e.RecordShown(engine.ShopperKey(uint64(i+1), ""), []uint64{1, 2, 3})
	}
	if n := e.ShownShoppers(); n > 100_000 {
		t.Fatalf("%d shoppers remembered; at most 100,000", n)
	}
	long := make([]uint64, 300)
	for i := range long {
		long[i] = uint64(i + 1)
	}
	e.RecordShown("u7", long)
	if got := e.Shown("u7", 1000); len(got) != 100 || got[0] != 1 {
		t.Fatalf("a shopper shown 300 products remembers %d, first %v", len(got), got[:1])
	}
	if e.Impressions() != 250_000*3+300 {
		t.Fatalf("impressions %d", e.Impressions())
	}
}

// TestContentSimilarityReadsBrandTagsAttributes: two new products that
// share only their brand, tags and attributes are similar by content.
func TestContentSimilarityReadsBrandTagsAttributes(t *testing.T) {
	e, _ := newEngine(t)
	mk := func(name, brand string, tags []string, attrs map[string]string) uint64 {
		p := store.Product{Name: name, Description: "A thing.", Category: "Oddities", Price: 1000, Brand: brand, Tags: tags, Attributes: attrs}
		if err := e.CreateProduct(&p); err != nil {
			t.Fatal(err)
		}
		return p.ID
	}
	// c comes before b, so that a tie (nothing but name and description
	// read) would rank c first.
	a := mk("Alpha", "Zorblax", []string{"quuxly", "frobbed"}, map[string]string{"finish": "glimmerine"})
	c := mk("Gamma", "Plonk", []string{"dull"}, map[string]string{"finish": "matte"})
	b := mk("Beta", "Zorblax", []string{"quuxly", "frobbed"}, map[string]string{"finish": "glimmerine"})
	if err := e.Train(context.Background()); err != nil {
		t.Fatal(err)
	}
	recs, err := e.Similar(a, 5, anyPrice)
	if err != nil || len(recs) == 0 {
		t.Fatalf("similar to a new product: %v %v", recs, err)
	}
	rank := func(id uint64) int {
		for i, r := range recs {
			if r.Product.ID == id {
				return i
			}
		}
		return len(recs)
	}
	if rank(b) != 0 || rank(b) >= rank(c) {
		t.Errorf("similar to %d: %v; want %d (same brand, tags and attributes) first, before %d", a, ids(recs), b, c)
	}
}

// TestImpressionCountsPersist: counted impressions are written by
// FlushCounters (and Close) and add up across restarts.
func TestImpressionCountsPersist(t *testing.T) {
	e, st := newEngine(t)
	home := engine.ListKind{Strategy: "personal", Placement: "home"}
	for range 3 {
		e.CountImpression(home, "")
	}
	e.CountImpression(engine.ListKind{Strategy: "trending"}, "")
	if err := e.FlushCounters(); err != nil {
		t.Fatal(err)
	}
	e.CountImpression(home, "") // pending: counted, not written yet
	day := now.Unix() / 86400
	count := func(e *engine.Engine) map[string]int64 {
		got := map[string]int64{}
		cs, err := e.CountsBetween(day-1, day)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			got[c.Strategy+"/"+c.Placement] += c.Impressions
		}
		return got
	}
	if got := count(e); got["personal/home"] != 4 || got["trending/"] != 1 {
		t.Fatalf("counts %v", got)
	}
	e.Close() // writes the pending one
	cfg := engine.DefaultConfig()
	cfg.Now = func() time.Time { return now }
	again, err := engine.New(context.Background(), st, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	again.CountImpression(home, "")
	if got := count(again); got["personal/home"] != 5 || got["trending/"] != 1 {
		t.Fatalf("counts after a restart %v", got)
	}
}

// TestImpressionCountsNeverVanish: a reader during a flush sees every
// impression counted before it asked, neither lost between the pending
// counts and the file nor counted twice (a dashboard read once showed no
// impressions at all while a slow commit was in flight).
func TestImpressionCountsNeverVanish(t *testing.T) {
	e, _ := newEngine(t)
	home := engine.ListKind{Strategy: "personal", Placement: "home"}
	day := now.Unix() / 86400
	var started, done atomic.Int64 // impressions begun, and counted
	stop := make(chan struct{})
	var wg sync.WaitGroup
	defer wg.Wait() // before newEngine's cleanup closes the file
	defer close(stop)
	// loop runs step until stop closes or step returns false.
	loop := func(step func() bool) {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
					if !step() {
						return
					}
				}
			}
		})
	}
	loop(func() bool { // the shop's traffic
		started.Add(1)
		e.CountImpression(home, "")
		done.Add(1)
		return true
	})
	loop(func() bool { // the writer's ticks, as fast as the disk allows
		if err := e.FlushCounters(); err != nil {
			t.Error(err)
			return false
		}
		return true
	})
	for range 300 {
		before := done.Load()
		cs, err := e.CountsBetween(day, day)
		after := started.Load()
		if err != nil {
			t.Fatal(err)
		}
		var got int64
		for _, c := range cs {
			got += c.Impressions
		}
		if got < before || got > after {
			t.Fatalf("read %d impressions; between %d and %d were counted", got, before, after)
		}
	}
}

// TestExperimentShoppersPersist: the shoppers a variant served, and what
// each spent since, are written with the counts and read back at start.
func TestExperimentShoppersPersist(t *testing.T) {
	e, st := newEngine(t)
	if _, err := e.PutPlacement(engine.Placement{Name: "home", Strategy: "personal"}); err != nil {
		t.Fatal(err)
	}
	x, err := e.CreateExperiment(engine.Experiment{Name: "x", Placement: "home",
		Variants: []engine.Variant{{Name: "a", Share: 0.5}, {Name: "b", Share: 0.5, Strategy: "trending"}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.ChangeExperiment(x.ID, "start", ""); err != nil {
		t.Fatal(err)
	}
	served := map[int]int{}
	for u := uint64(1); u <= 40; u++ {
		shopper := engine.ShopperKey(u, "")
		_, i, ok := e.Assign("home", shopper)
		if !ok {
			t.Fatal("no assignment")
		}
		served[i]++
		e.CountImpression(engine.ListKind{Strategy: "personal", Placement: "home", Variant: engine.VariantKey(x.ID, i)}, shopper)
	}
	buy := &store.Interaction{UserID: 1, ProductID: 1, Type: store.Purchase}
	if _, err := e.RecordInteraction(buy); err != nil {
		t.Fatal(err)
	}
	_, before, err := e.ExperimentTotals(x.ID)
	if err != nil {
		t.Fatal(err)
	}
	e.Close()
	cfg := engine.DefaultConfig()
	cfg.Now = func() time.Time { return now }
	again, err := engine.New(context.Background(), st, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	_, after, err := again.ExperimentTotals(x.ID)
	if err != nil {
		t.Fatal(err)
	}
	var spent float64
	for i := range after {
		if after[i].Shoppers != uint64(served[i]) || after[i].RevenueSum != before[i].RevenueSum || after[i].Impressions != before[i].Impressions {
			t.Errorf("variant %d after a restart: %+v, before %+v (served %d)", i, after[i], before[i], served[i])
		}
		spent += after[i].RevenueSum
	}
	if spent <= 0 {
		t.Errorf("user 1's purchase is in no variant's revenue: %+v", after)
	}
}
