package eval

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"shelf/demo"
	"shelf/model"
)

// TestHalfLifeChoice measures the trending row on the default demo shop
// for several decay half-lives, on a validation split carved from the
// training pairs (which is what chooses) and on the test split (reported
// only). It runs with SHELF_HALFLIFE=1; the figures are in the package
// docs of model (Signals) and in the report to the lead.
func TestHalfLifeChoice(t *testing.T) {
	if os.Getenv("SHELF_HALFLIFE") == "" {
		t.Skip("set SHELF_HALFLIFE=1 to measure trending per half-life")
	}
	path := writeDemoEvents(t)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	events, err := load(f, Options{Format: "events"})
	if err != nil {
		t.Fatal(err)
	}
	measureHalfLives(t, "demo", holdout(events))
	if f, err := os.Open(filepath.Join("..", "..", "..", "shared", "data", "ml-100k", "u.data")); err == nil {
		defer f.Close()
		events, err := load(f, Options{Format: "movielens", MinRating: 4})
		if err != nil {
			t.Fatal(err)
		}
		measureHalfLives(t, "movielens", holdout(events))
	}
}

// TestDemoShopRows runs the whole evaluation on the default demo shop with
// the default configuration (SHELF_DEMO=1) and logs every row.
func TestDemoShopRows(t *testing.T) {
	if os.Getenv("SHELF_DEMO") == "" {
		t.Skip("set SHELF_DEMO=1 to evaluate every model on the demo shop")
	}
	rep, err := Run(context.Background(), Options{Format: "events", Path: writeDemoEvents(t)})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rep.Rows {
		t.Logf("%-10s P %.4f R %.4f NDCG %.4f hit %.4f cov %.4f %s", r.Model, r.Precision, r.Recall, r.NDCG, r.HitRate, r.Coverage, r.TrainTime.Round(time.Millisecond))
	}
}

// writeDemoEvents writes the default demo shop's identified users' events
// as an events CSV in a temporary directory and returns its path.
func writeDemoEvents(t *testing.T) string {
	t.Helper()
	now := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	shop := demo.Generate(demo.DefaultConfig(now))
	var b strings.Builder
	b.WriteString("user_id,product_id,interaction_type,timestamp,rating\n")
	for _, it := range shop.Interactions {
		if it.UserID == 0 {
			continue // guests have no user id in the events format
		}
		rating := ""
		if it.Rating != nil {
			rating = fmt.Sprint(*it.Rating)
		}
		fmt.Fprintf(&b, "%d,%d,%s,%s,%s\n", it.UserID, it.ProductID, it.Type, it.Timestamp.Format(time.RFC3339), rating)
	}
	path := filepath.Join(t.TempDir(), "demo.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// measureHalfLives logs the trending row per half-life on s and on a
// validation split carved from its training pairs.
func measureHalfLives(t *testing.T, name string, s *split) {
	val := validation(s)
	for _, hl := range []float64{0, 1, 3, 7, 14, 30, 60, 120} {
		cfg := model.DefaultConfig()
		cfg.Signals.HalfLifeDays = hl
		cfg.Models = []string{}
		var ndcg [2]float64
		for k, sp := range []*split{val, s} {
			rep, err := evaluate(context.Background(), sp, "events", []string{"trending"}, 10, cfg)
			if err != nil {
				t.Fatal(err)
			}
			ndcg[k] = rep.Rows[0].NDCG
		}
		t.Logf("%s: half-life %4g days: validation NDCG@10 %.4f, test NDCG@10 %.4f", name, hl, ndcg[0], ndcg[1])
	}
}

// TestServedModelBeatsPopularityOnDemoShop is the bar on generated
// data with planted tastes: the ensemble that serve would serve scores at
// least 1.3 x plain popularity's NDCG@10 under the protocol.
func TestServedModelBeatsPopularityOnDemoShop(t *testing.T) {
	if testing.Short() {
		t.Skip("trains the served ensemble on the demo shop")
	}
	rep, err := Run(context.Background(), Options{Format: "events", Path: writeDemoEvents(t), Models: []string{"popularity", "ensemble"}})
	if err != nil {
		t.Fatal(err)
	}
	ndcg := map[string]float64{}
	for _, r := range rep.Rows {
		ndcg[r.Model] = r.NDCG
	}
	if ndcg["popularity"] <= 0 || ndcg["ensemble"] < 1.3*ndcg["popularity"] {
		t.Fatalf("ensemble NDCG@10 %.4f, popularity %.4f: want at least 1.3x", ndcg["ensemble"], ndcg["popularity"])
	}
	t.Logf("ensemble NDCG@10 %.4f = %.1fx popularity's %.4f", ndcg["ensemble"], ndcg["ensemble"]/ndcg["popularity"], ndcg["popularity"])
}
