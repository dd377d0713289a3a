package main

import (
	"cmp"
	"context"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"shelf/api/auth"
	"shelf/client"
	"shelf/demo"
	"shelf/store"
	"shelf/store/seed"
)

// simShop runs shelf serve in process over a small generated shop and
// returns it with a publishable and a secret key.
func simShop(t *testing.T) (m *testMain, publishable, secret string) {
	t.Helper()
	db := filepath.Join(t.TempDir(), "shop.db")
	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	shop := demo.Generate(demo.Config{Seed: 2, Products: 150, Users: 60, Interactions: 4000, Categories: 6, Days: 30, Now: time.Now()})
	if _, err := seed.Load(st, shop); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	m = MustRunMain(t, "-db", db, "-retrain", "0", "-rate-limit", "0", "-key-rate-limit", "0")
	au, err := auth.New(m.Store, auth.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if publishable, _, err = au.CreateKey("simulator", "publishable"); err != nil {
		t.Fatal(err)
	}
	if secret, _, err = au.CreateKey("backend", "secret"); err != nil {
		t.Fatal(err)
	}
	return m, publishable, secret
}

// TestSimulate plays a few shoppers against a real shelf through its
// public API with a publishable key: every visit gets the placement's
// list, the shoppers click and buy, and every event they sent is in the
// store and every list in shelf's impression counts.
func TestSimulate(t *testing.T) {
	m, pub, secret := simShop(t)
	ctx := t.Context()
	admin := client.New(m.base, secret)
	if _, err := admin.PutPlacement(ctx, client.Placement{Name: "home", Strategy: "personal", Count: 8}); err != nil {
		t.Fatal(err)
	}
	before, err := m.Store.Counts()
	if err != nil {
		t.Fatal(err)
	}
	o := simOptions{URL: m.base, Key: pub, Shoppers: 24, Rounds: 3, Duration: 15 * time.Second, Placement: "home",
		Seed: 1, Buy: 0.3, Browse: 1, Concurrency: 4, Timeout: 10 * time.Second}
	rep, err := simulate(ctx, o)
	if err != nil {
		t.Fatalf("%v\n%+v", err, rep)
	}
	var out strings.Builder
	rep.write(&out)
	t.Log(out.String())
	if rep.Errors != 0 || rep.Stopped != "" || rep.Lists != 24*3 || rep.Shown != 8*rep.Lists || rep.Views != 24*3 {
		t.Fatalf("every visit should have viewed a product and got a list of 8, without errors:\n%s", out.String())
	}
	if rep.Clicks == 0 || rep.Carts != rep.Purchases || rep.Purchases > rep.Clicks {
		t.Errorf("clicks %d, carts %d, purchases %d", rep.Clicks, rep.Carts, rep.Purchases)
	}
	after, err := m.Store.Counts()
	if err != nil {
		t.Fatal(err)
	}
	if sent := rep.Views + rep.Clicks + rep.Carts + rep.Purchases; int64(after.Interactions-before.Interactions) != sent {
		t.Errorf("the store gained %d events; the shoppers sent %d", after.Interactions-before.Interactions, sent)
	}
	// One session per shopper, one catalog page, and per visit its view,
	// its list and what it clicked.
	if want := 24 + 2 + rep.Lists + rep.Views + rep.Clicks + rep.Carts + rep.Purchases; rep.Requests != want {
		t.Errorf("%d requests for %d lists and %d events", rep.Requests, rep.Lists, want-26-rep.Lists)
	}
	// shelf counted every list, click and purchase as the shoppers did:
	// each click carried its list's id, each purchase followed a click.
	a, err := admin.Analytics(ctx, client.AnalyticsQuery{Placement: "home"})
	if err != nil {
		t.Fatal(err)
	}
	if int64(a.Total.Impressions) != rep.Lists || int64(a.Total.Clicks) != rep.Clicks || int64(a.Total.Carts) != rep.Carts || int64(a.Total.Purchases) != rep.Purchases {
		t.Errorf("shelf counted %+v on home; the shoppers got %d lists, clicked %d, carted %d and bought %d", a.Total, rep.Lists, rep.Clicks, rep.Carts, rep.Purchases)
	}
	for _, want := range []string{"lists      72 (576 items shown)", "errors     0", "CTR", `placement "home"`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the summary lacks %q", want)
		}
	}

	// With more rounds than time, -d ends the run; the requests it cut
	// are not errors of the server's.
	o.Rounds, o.Duration, o.Shoppers = simMaxRounds, 1200*time.Millisecond, 4
	start := time.Now()
	rep, err = simulate(ctx, o)
	if err != nil || rep.Stopped != "-d 1.2s ran out" || rep.Errors != 0 || rep.Lists == 0 || time.Since(start) > 5*time.Second {
		t.Errorf("a run longer than -d: %v %+v after %s", err, rep, time.Since(start))
	}
}

// TestClickChanceFollowsTaste: the shoppers click a list of their
// favourite category's products several times as often as the shop's
// best-sellers, so that a personal list can beat a popular one.
func TestClickChanceFollowsTaste(t *testing.T) {
	shop := demo.Generate(demo.Config{Seed: 1, Products: 300, Users: 100, Interactions: 10000, Categories: 8, Days: 30, Now: time.Now()})
	cat := &simCatalog{index: map[string]int{}, of: map[uint64]int{}, latents: map[uint64][]float64{}}
	sold := map[uint64]int{}
	for _, it := range shop.Interactions {
		if it.Type == demo.Purchase {
			sold[it.ProductID]++
		}
	}
	for _, p := range shop.Products {
		ci, ok := cat.index[p.Category]
		if !ok {
			ci = len(cat.names)
			cat.index[p.Category] = ci
			cat.names, cat.onSale, cat.prior = append(cat.names, p.Category), append(cat.onSale, nil), append(cat.prior, 0)
		}
		cat.of[p.ID], cat.latents[p.ID] = ci, demo.ProductLatent(1, p.ID)
		cat.onSale[ci] = append(cat.onSale[ci], p.ID)
		cat.prior[ci]++
	}
	best := slices.SortedFunc(maps.Keys(sold), func(a, b uint64) int { return cmp.Or(sold[b]-sold[a], cmp.Compare(a, b)) })[:10]
	var personal, popular float64
	for i := range 500 {
		sh := newShopper(1, i, cat)
		fav := slices.Index(sh.taste.Affinity, sh.top)
		for pos := range 10 {
			mine := cat.onSale[fav][pos%len(cat.onSale[fav])]
			personal += sh.clickChance(cat, client.Recommendation{ProductID: mine, Position: pos + 1})
			popular += sh.clickChance(cat, client.Recommendation{ProductID: best[pos], Position: pos + 1})
		}
	}
	t.Logf("expected clicks per list: %.2f on the favourite category, %.2f on the best-sellers", personal/500, popular/500)
	if personal < 3*popular || personal/500 < 1 {
		t.Errorf("taste does not drive clicks: %.2f on the favourite category vs %.2f on the best-sellers", personal/500, popular/500)
	}
	sh := newShopper(1, 0, cat)
	if sh.clickChance(cat, client.Recommendation{ProductID: 999999, Category: "No Such Thing", Position: 1}) != 0 {
		t.Error("a click on a product of an unknown category")
	}
	if c := sh.clickChance(cat, client.Recommendation{ProductID: 999999, Category: cat.names[0], Position: 1}); c <= 0 {
		t.Errorf("a product unknown to the catalog read, of a known category: %v", c)
	}
}

// TestSimulateStopsOnErrors: a shelf that answers errors gets its errors
// counted and the first few quoted, and the run stops instead of going on:
// at once when every shopper would get the same refusal, after a run of
// failures otherwise.
func TestSimulateStopsOnErrors(t *testing.T) {
	m, pub, _ := simShop(t)
	o := simOptions{URL: m.base, Key: pub, Shoppers: 40, Rounds: 5, Duration: 15 * time.Second, Placement: "nowhere",
		Seed: 1, Buy: 0.15, Browse: 1, Concurrency: 4, Timeout: 10 * time.Second}
	rep, err := simulate(t.Context(), o)
	if err == nil || !strings.Contains(err.Error(), "every shopper") || !strings.Contains(err.Error(), `404 placement "nowhere" not found`) ||
		!strings.Contains(err.Error(), "PUT /api/placements/nowhere") {
		t.Fatalf("a missing placement: %v", err)
	}
	if rep.Lists != 0 || rep.Errors == 0 || rep.Errors > 4 || len(rep.FirstErrors) == 0 || !strings.Contains(rep.FirstErrors[0], "nowhere") {
		t.Errorf("a missing placement: %+v", rep)
	}

	// In front of the real shelf, a proxy that answers 503 after 60
	// requests: the run counts the failures, quotes the first few and
	// stops after a run of them, well before its rounds are done.
	target, _ := url.Parse(m.base)
	proxy := httputil.NewSingleHostReverseProxy(target)
	var seen atomic.Int64
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if seen.Add(1) > 60 {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte(`{"error":"shelf is restarting"}`))
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	defer front.Close()
	o.URL, o.Placement = front.URL, ""
	start := time.Now()
	rep, err = simulate(t.Context(), o)
	if err == nil || !strings.Contains(err.Error(), "in a row") || !strings.Contains(err.Error(), "503 shelf is restarting") {
		t.Fatalf("a failing shelf: %v", err)
	}
	if rep.Errors < simMaxConsecutiveErrors || len(rep.FirstErrors) != simFirstErrors || rep.Requests > 60+2*simMaxConsecutiveErrors+int64(o.Concurrency) {
		t.Errorf("a failing shelf: %d errors, %d quoted, %d requests", rep.Errors, len(rep.FirstErrors), rep.Requests)
	}
	if time.Since(start) > 10*time.Second || rep.Lists >= 40*5 {
		t.Errorf("the run went on: %s, %d lists", time.Since(start), rep.Lists)
	}
	var out strings.Builder
	rep.write(&out)
	if !strings.Contains(out.String(), "first errors:\n  ") || !strings.Contains(out.String(), "stopped early: stopped after") {
		t.Errorf("the summary does not say what went wrong:\n%s", out.String())
	}
}

// TestSimulateFlags: the command line checks its bounds and refuses a
// remote shop unless told, and a bad key is an error before any shopper
// plays.
func TestSimulateFlags(t *testing.T) {
	for args, want := range map[string]string{
		"-shoppers 0":                     "-shoppers must be",
		"-buy 1.5":                        "-buy must be",
		"-d 2h":                           "-d must be",
		"-url http://shop.example:8080":   "not a loopback address",
		"-url ftp://127.0.0.1":            "not a base URL",
		"-concurrency 0":                  "-concurrency must be",
		"-url http://127.0.0.1:1 -d 5s":   "reading the catalog",
		"-rounds 5000":                    "-rounds must be",
		"-browse 11":                      "-browse must be",
		"-timeout 0s":                     "-timeout must be",
		"-url http://[::1]:1 -timeout 1s": "reading the catalog",
	} {
		err := run(t.Context(), append([]string{"simulate"}, strings.Fields(args)...), nil, &strings.Builder{}, &strings.Builder{})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("simulate %s: %v, want %q", args, err, want)
		}
	}
	m, _, _ := simShop(t)
	var out strings.Builder
	err := run(context.Background(), []string{"simulate", "-url", m.base, "-key", "shelf_pk_wrong", "-shoppers", "2"}, nil, &out, &strings.Builder{})
	if err == nil || !strings.Contains(err.Error(), "401 unknown or revoked API key") || out.Len() != 0 {
		t.Errorf("a wrong key: %v, printed %q", err, out.String())
	}
}

// TestSimulatedVariants: the lists of an experiment's placement are
// counted per variant, and the summary says so.
func TestSimulatedVariants(t *testing.T) {
	rep := &simReport{URL: "http://127.0.0.1:8080", Placement: "home", Shoppers: 2, Rounds: 1, Seed: 1, Lists: 4, Clicks: 3,
		Variants: []simVariant{{experiment: 1, name: "control", lists: 2, click: 2}, {experiment: 1, name: "trending", lists: 2, click: 1}}}
	var out strings.Builder
	rep.write(&out)
	for _, want := range []string{`variant "control" of experiment 1: 2 lists, 2 clicks, CTR 1.000`, `variant "trending" of experiment 1: 2 lists, 1 clicks, CTR 0.500`, "CTR        0.750"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the summary lacks %q:\n%s", want, out.String())
		}
	}
	run := &simRun{variants: map[string]*simVariant{}}
	for _, l := range []client.List{{Experiment: 1, Variant: "trending"}, {Experiment: 1, Variant: "control"}, {Experiment: 1, Variant: "trending"}, {}} {
		run.variant(&l)
	}
	if len(run.order) != 2 || run.variants["1:trending"].lists != 2 || run.variants["1:control"].lists != 1 {
		t.Errorf("variants counted %v %v", run.order, run.variants)
	}
}

// TestSimulatedExperiment: on the demo shop, an experiment "served blend
// vs trending" on the home placement, driven by shelf simulate, shows the
// blend's click-through higher than trending's with p < 0.01, and the
// experiment's figures are the simulator's.
func TestSimulatedExperiment(t *testing.T) {
	if testing.Short() {
		t.Skip("trains the demo shop")
	}
	m := MustRunMain(t, "-demo", "-retrain", "0", "-rate-limit", "0", "-key-rate-limit", "0")
	// The learned models must serve: popularity alone is trending.
	deadline := time.Now().Add(5 * time.Minute)
	for {
		var st struct {
			Status struct {
				State  string   `json:"state"`
				Models []string `json:"models"`
			} `json:"status"`
		}
		getJSON(t, m.base+"/api/model/", &st)
		if st.Status.State == "idle" && len(st.Status.Models) > 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the demo shop did not train: %+v", st.Status)
		}
		time.Sleep(200 * time.Millisecond)
	}
	ctx := t.Context()
	admin := client.New(m.base, "")
	if _, err := admin.PutPlacement(ctx, client.Placement{Name: "home", Strategy: "personal", Count: 8}); err != nil {
		t.Fatal(err)
	}
	x, err := admin.CreateExperiment(ctx, client.NewExperiment{Name: "served blend vs trending", Placement: "home",
		Variants: []client.Variant{{Name: "blend", Share: 0.5}, {Name: "trending", Share: 0.5, Strategy: "trending"}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := admin.UpdateExperiment(ctx, x.ID, client.ActionStart, ""); err != nil {
		t.Fatal(err)
	}
	o := simOptions{URL: m.base, Shoppers: 200, Rounds: 4, Duration: 2 * time.Minute, Placement: "home",
		Seed: 7, Buy: 0.1, Browse: 1, Concurrency: 8, Timeout: 10 * time.Second}
	rep, err := simulate(ctx, o)
	if err != nil {
		t.Fatalf("%v\n%+v", err, rep)
	}
	var out strings.Builder
	rep.write(&out)
	t.Log(out.String())
	if rep.Errors != 0 || rep.Stopped != "" {
		t.Fatalf("the run did not finish cleanly:\n%s", out.String())
	}
	got, err := admin.Experiment(ctx, x.ID)
	if err != nil {
		t.Fatal(err)
	}
	var blend, trending *client.VariantResult
	for i := range got.Results.Variants {
		switch v := &got.Results.Variants[i]; v.Name {
		case "blend":
			blend = v
		case "trending":
			trending = v
		}
	}
	if blend == nil || trending == nil || trending.VsControl == nil {
		t.Fatalf("results %+v", got.Results)
	}
	t.Logf("blend: %d impressions, CTR %.3f %v; trending: %d impressions, CTR %.3f %v; p = %.2g; %s",
		blend.Impressions, blend.CTR, blend.CTRCI, trending.Impressions, trending.CTR, trending.CTRCI, trending.VsControl.CTR.PValue, got.Results.Summary)
	if blend.Impressions+trending.Impressions != uint64(rep.Lists) || blend.Clicks+trending.Clicks != uint64(rep.Clicks) {
		t.Errorf("the experiment counted %d+%d lists and %d+%d clicks; the simulator %d and %d",
			blend.Impressions, trending.Impressions, blend.Clicks, trending.Clicks, rep.Lists, rep.Clicks)
	}
	if c := trending.VsControl.CTR; !(blend.CTR > trending.CTR) || c.Difference >= 0 || c.PValue >= 0.01 {
		t.Errorf("the blend's CTR %.3f against trending's %.3f, p = %.3g: want the blend higher with p < 0.01", blend.CTR, trending.CTR, c.PValue)
	}
	if got.Results.Winner == nil || *got.Results.Winner != "blend" {
		t.Errorf("winner %v, want blend: %s", got.Results.Winner, got.Results.Summary)
	}
}
