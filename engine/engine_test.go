package engine_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"shelf/demo"
	"shelf/engine"
	"shelf/store"
	"shelf/store/seed"
)

var now = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

// loadShop fills st with a small generated shop: 200 products, 60 users,
// 4,000 events.
func loadShop(t *testing.T, st *store.Store) {
	t.Helper()
	cfg := demo.DefaultConfig(now)
	cfg.Products, cfg.Users, cfg.Interactions = 200, 60, 4000
	if _, err := seed.Load(st, demo.Generate(cfg)); err != nil {
		t.Fatal(err)
	}
}

// shopFile opens a store at path on the tests' clock, fills it with
// loadShop's shop and returns it with an engine configuration on the same
// clock. Closing the store is the caller's.
func shopFile(t *testing.T, path string) (*store.Store, engine.Config) {
	t.Helper()
	st, err := store.Open(path, store.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	loadShop(t, st)
	ecfg := engine.DefaultConfig()
	ecfg.Now = func() time.Time { return now }
	return st, ecfg
}

// purchase records that user bought product 7 now.
func purchase(t *testing.T, e *engine.Engine, user uint64) {
	t.Helper()
	if _, err := e.RecordInteraction(&store.Interaction{UserID: user, ProductID: 7, Type: store.Purchase, Timestamp: now}); err != nil {
		t.Fatal(err)
	}
}

func newEngine(t *testing.T, mods ...func(*engine.Config)) (*engine.Engine, *store.Store) {
	t.Helper()
	st, ecfg := shopFile(t, filepath.Join(t.TempDir(), "e.db"))
	t.Cleanup(func() { st.Close() })
	for _, mod := range mods {
		mod(&ecfg)
	}
	e, err := engine.New(context.Background(), st, ecfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.Close)
	return e, st
}

func TestCacheHitsAndInvalidation(t *testing.T) {
	e, _ := newEngine(t)
	first, err := e.Recommend(1, 10, engine.Filter{MaxPrice: -1})
	if err != nil || len(first) != 10 {
		t.Fatalf("Recommend: %d, %v", len(first), err)
	}
	e.WaitCache()
	h0, m0 := e.CacheStats()
	if _, err := e.Recommend(1, 10, engine.Filter{MaxPrice: -1}); err != nil {
		t.Fatal(err)
	}
	h1, m1 := e.CacheStats()
	if h1 != h0+1 || m1 != m0 {
		t.Fatalf("second identical request: hits %d->%d misses %d->%d; want one more hit", h0, h1, m0, m1)
	}
	// An action of the user makes their cached list unreachable at once.
	it := store.Interaction{UserID: 1, ProductID: first[0].Product.ID, Type: store.Purchase}
	if _, err := e.RecordInteraction(&it); err != nil {
		t.Fatal(err)
	}
	after, err := e.Recommend(1, 10, engine.Filter{MaxPrice: -1})
	if err != nil {
		t.Fatal(err)
	}
	if _, m2 := e.CacheStats(); m2 != m1+1 {
		t.Fatal("the request after an action was served from the cache")
	}
	for _, r := range after {
		if r.Product.ID == first[0].Product.ID {
			t.Fatalf("product %d still recommended after the user bought it", r.Product.ID)
		}
	}
	// Another user's entry survives; a new model invalidates everything.
	if _, err := e.Recommend(2, 10, engine.Filter{MaxPrice: -1}); err != nil {
		t.Fatal(err)
	}
	e.WaitCache()
	if err := e.Train(context.Background()); err != nil {
		t.Fatal(err)
	}
	_, m3 := e.CacheStats()
	if _, err := e.Recommend(2, 10, engine.Filter{MaxPrice: -1}); err != nil {
		t.Fatal(err)
	}
	if _, m4 := e.CacheStats(); m4 != m3+1 {
		t.Fatal("a new model did not invalidate the cached list")
	}
	if v := e.Status().ModelVersion; v < 2 {
		t.Fatalf("model version after retraining = %d", v)
	}
}

func TestUnknownUserIsNotFound(t *testing.T) {
	e, _ := newEngine(t)
	if _, err := e.Recommend(9999, 5, engine.Filter{MaxPrice: -1}); err == nil {
		t.Fatal("recommendations for a user that does not exist")
	}
}

func TestRunRetrainsOnRequestAndStops(t *testing.T) {
	published := make(chan uint64, 4)
	e, _ := newEngine(t, func(c *engine.Config) {
		c.OnTrain = func(st engine.TrainStatus, err error) {
			if err == nil {
				published <- st.ModelVersion
			}
		}
	})
	<-published // the popularity model New trains first
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { e.Run(ctx); close(done) }()
	// New seeded a request for the full model; wait for it to be published.
	select {
	case v := <-published:
		if v < 2 {
			t.Fatalf("published version %d", v)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("the background trainer did not publish the full model")
	}
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not stop after its context was cancelled")
	}
}

// TestStoredModelServesAfterRestart trains, closes, reopens: the new engine
// serves the stored model at once (same version, same lists) and asks for
// no retraining while the data is unchanged.
func TestStoredModelServesAfterRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "restart.db")
	st, ecfg := shopFile(t, path)
	e, err := engine.New(context.Background(), st, ecfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Train(context.Background()); err != nil {
		t.Fatal(err)
	}
	before, _ := e.Recommend(3, 10, engine.Filter{MaxPrice: -1})
	status := e.Status()
	if status.Validation["ensemble"].NDCG <= 0 {
		t.Errorf("no validation metrics for the ensemble: %+v", status.Validation)
	}
	if p, err := st.Profile(3); err != nil || len(p.TopCategories) == 0 || len(p.Embedding) == 0 {
		t.Errorf("profile after training: %+v %v", p, err)
	}
	e.Close()
	st.Close()

	st, err = store.Open(path, store.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	e, err = engine.New(context.Background(), st, ecfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if got := e.Status(); got.ModelVersion != status.ModelVersion || got.Events != status.Events {
		t.Fatalf("after restart: version %d events %d; want %d %d", got.ModelVersion, got.Events, status.ModelVersion, status.Events)
	}
	if e.RequestTrain() == false {
		t.Fatal("a retraining was queued although the data did not change")
	}
	after, _ := e.Recommend(3, 10, engine.Filter{MaxPrice: -1})
	if len(after) != len(before) {
		t.Fatalf("lists differ in length: %d vs %d", len(after), len(before))
	}
	for i := range before {
		if before[i].Product.ID != after[i].Product.ID {
			t.Fatalf("restart changed the recommendations: %v vs %v", ids(before), ids(after))
		}
	}
	if h := e.History(); len(h) == 0 || h[len(h)-1].ModelVersion != status.ModelVersion {
		t.Fatalf("history after restart: %+v", h)
	}
}

func ids(recs []engine.Recommendation) []uint64 {
	out := make([]uint64, len(recs))
	for i, r := range recs {
		out[i] = r.Product.ID
	}
	return out
}

func TestSettingsApplyAndPersist(t *testing.T) {
	e, _ := newEngine(t)
	s := e.Settings()
	s.Exclude["view"] = false
	s.HalfLifeDays = 7
	if _, err := e.SetSettings(s); err != nil {
		t.Fatal(err)
	}
	bad := e.Settings()
	bad.Weights = map[string]float64{"view": -1}
	if _, err := e.SetSettings(bad); err == nil {
		t.Fatal("a negative weight was accepted")
	}
	if got := e.Settings(); got.HalfLifeDays != 7 || got.Exclude["view"] || got.Weights["view"] != 1 {
		t.Fatalf("settings after a good and a bad change: %+v", got)
	}
}
