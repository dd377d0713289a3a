package client_test

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"shelf/api"
	"shelf/api/auth"
	"shelf/api/middleware"
	"shelf/client"
	"shelf/demo"
	"shelf/engine"
	"shelf/store"
	"shelf/store/seed"
)

// now is the clock of the test shop: its events end here.
var now = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

// testShelf is a real shelf serving a small generated shop on 127.0.0.1:0,
// with a secret and a publishable key, as a shop would run it: the real
// router behind the real middleware, over a bbolt file of the test's own.
type testShelf struct {
	base        string
	st          *store.Store
	secret      *client.Client
	publishable *client.Client
	// pubKey is the publishable key's text.
	pubKey string
}

// newShelf starts a shelf with the given rate limits (zero: none) and a
// trained model.
func newShelf(t *testing.T, limits middleware.LimitConfig) *testShelf {
	t.Helper()
	clock := func() time.Time { return now }
	st, err := store.Open(filepath.Join(t.TempDir(), "shelf.db"), store.Options{Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	shop := demo.Generate(demo.Config{Seed: 3, Products: 120, Users: 40, Interactions: 3000, Categories: 6, Days: 30, Now: now})
	if _, err := seed.Load(st, shop); err != nil {
		t.Fatal(err)
	}
	cfg := engine.DefaultConfig()
	cfg.Now = clock
	cfg.RetrainInterval = 0
	eng, err := engine.New(context.Background(), st, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := eng.Train(context.Background()); err != nil {
		t.Fatal(err)
	}
	au, err := auth.New(st, auth.Config{Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	secret, _, err := au.CreateKey("backend", "secret")
	if err != nil {
		t.Fatal(err)
	}
	pub, _, err := au.CreateKey("storefront", "publishable")
	if err != nil {
		t.Fatal(err)
	}
	chain := middleware.New(middleware.Config{Limits: limits})
	a := api.New(api.Config{Limiter: chain.Limiter, ListCacheBytes: 4 << 20}, st, eng, au, nil, nil)
	srv := httptest.NewServer(chain.Wrap(a.Handler()))
	t.Cleanup(func() {
		srv.Close()
		a.Close()
		eng.Close()
		if err := st.Check(); err != nil {
			t.Errorf("consistency check: %v", err)
		}
		st.Close()
	})
	return &testShelf{base: srv.URL, st: st, secret: client.New(srv.URL, secret),
		publishable: client.New(srv.URL, pub), pubKey: pub}
}
