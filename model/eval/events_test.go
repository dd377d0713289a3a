package eval

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"shelf/model"
)

// writePlantedEvents writes an events CSV where each of users users belongs
// to one of groups taste groups and touches perUser distinct items of its
// group (ids with id mod groups == group), one to three events per item.
// A few users have fewer than 5 items and so only train.
func writePlantedEvents(t *testing.T, users, groups, itemsPerGroup, perUser int) string {
	t.Helper()
	rng := rand.New(rand.NewPCG(21, 21))
	types := []string{"view", "like", "cart", "purchase"}
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var b strings.Builder
	b.WriteString("user_id,product_id,interaction_type,timestamp,rating\n")
	for u := 1; u <= users; u++ {
		g := u % groups
		n := perUser
		if u%10 == 0 {
			n = 3 // a light user: training only
		}
		for k, p := range rng.Perm(itemsPerGroup)[:n] {
			item := 1000 + g + groups*p
			at := base.Add(time.Duration(u*1000+k*10) * time.Minute)
			for e := range 1 + rng.IntN(3) {
				rating := ""
				if rng.IntN(3) == 0 {
					rating = fmt.Sprint(3 + rng.IntN(3))
				}
				fmt.Fprintf(&b, "%d,%d,%s,%s,%s\n", u, item, types[rng.IntN(4)],
					at.Add(time.Duration(e)*time.Minute).Format(time.RFC3339), rating)
			}
		}
	}
	path := filepath.Join(t.TempDir(), "events.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestRunOnPlantedEvents(t *testing.T) {
	const users, groups, itemsPerGroup, perUser = 120, 4, 30, 10
	path := writePlantedEvents(t, users, groups, itemsPerGroup, perUser)
	rep, err := Run(context.Background(), Options{Format: "events", Path: path})
	if err != nil {
		t.Fatal(err)
	}
	light := users / 10
	heavy := users - light
	// ceil(0.2 * 10) = 2 test pairs per heavy user.
	if rep.Users != users || rep.TestUsers != heavy || rep.TestPairs != 2*heavy ||
		rep.TrainPairs != heavy*(perUser-2)+light*3 {
		t.Errorf("counts: %d users, %d test users, %d test pairs, %d train pairs", rep.Users, rep.TestUsers, rep.TestPairs, rep.TrainPairs)
	}
	if len(rep.Rows) != len(Models()) {
		t.Fatalf("%d rows, want %d", len(rep.Rows), len(Models()))
	}
	ndcg := map[string]float64{}
	for _, r := range rep.Rows {
		ndcg[r.Model] = r.NDCG
		for _, v := range []float64{r.Precision, r.Recall, r.NDCG, r.HitRate, r.Coverage} {
			if v < 0 || v > 1 {
				t.Errorf("%s: metric %v out of [0,1]", r.Model, v)
			}
		}
	}
	// Popularity ignores the groups; every personal model must find them.
	for _, name := range []string{"svd", "als", "ease", "knn", "ensemble"} {
		if ndcg[name] < 2*ndcg["popularity"] || ndcg[name] < 0.2 {
			t.Errorf("%s NDCG@10 %.4f, want at least 0.2 and twice popularity's %.4f", name, ndcg[name], ndcg["popularity"])
		}
	}
	var text, js strings.Builder
	if err := rep.WriteText(&text); err != nil || !strings.Contains(text.String(), "ensemble") {
		t.Errorf("WriteText: %v\n%s", err, text.String())
	}
	if err := rep.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	var back Report
	if err := json.Unmarshal([]byte(js.String()), &back); err != nil || len(back.Rows) != len(rep.Rows) || back.Rows[0] != rep.Rows[0] {
		t.Errorf("JSON round trip: %v", err)
	}
	t.Log("\n" + text.String())
}

func TestRunRejectsBadOptions(t *testing.T) {
	tests := []Options{
		{Format: "movielens", Path: "does-not-exist"},
		{Format: "parquet", Path: writePlantedEvents(t, 5, 1, 10, 5)},
		{Format: "events", Path: "x", Models: []string{"magic"}},
		{Format: "events", Path: "x", K: -1},
	}
	for _, opt := range tests {
		if _, err := Run(context.Background(), opt); err == nil {
			t.Errorf("Run(%+v) succeeded", opt)
		}
	}
}

func TestTuneOnPlantedEvents(t *testing.T) {
	path := writePlantedEvents(t, 120, 4, 30, 10)
	cfg := model.DefaultConfig()
	cfg.ALS.Factors = 16 // keeps the search quick
	rep, err := Run(context.Background(), Options{Format: "events", Path: path, Config: &cfg, Tune: true,
		Models: []string{"popularity", "ensemble"}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Tuning == nil {
		t.Fatal("no tuning in the report")
	}
	log := strings.Join(rep.Tuning.Log, "\n")
	for _, want := range []string{"svd: chose", "als: chose", "ease: chose", "knn: chose", "ensemble: chose"} {
		if !strings.Contains(log, want) {
			t.Errorf("tuning log lacks %q:\n%s", want, log)
		}
	}
	positive := false
	for _, w := range rep.Tuning.Config.Weights {
		positive = positive || w > 0
	}
	if !positive {
		t.Errorf("tuned weights %v have no positive weight", rep.Tuning.Config.Weights)
	}
	if pop, ens := rep.Rows[0].NDCG, rep.Rows[1].NDCG; ens < 2*pop {
		t.Errorf("tuned ensemble NDCG@10 %.4f, want twice popularity's %.4f", ens, pop)
	}
	if cfg.Weights[model.KNN] != model.DefaultWeights()[model.KNN] {
		t.Error("tuning edited the caller's Config")
	}
}

// TestEventsAcceptShelfExport reads the columns shelf's own export writes
// (id and session_id besides the protocol's, in another order) and skips
// guest rows.
func TestEventsAcceptShelfExport(t *testing.T) {
	in := "id,user_id,product_id,interaction_type,timestamp,rating,session_id\n" +
		"1,7,3,view,2026-01-01T00:00:00Z,,s-1\n" +
		"2,,3,view,2026-01-01T00:00:00Z,,guest\n" +
		"3,7,4,purchase,2026-01-02T00:00:00Z,4.5,s-1\n"
	evs, err := loadEvents(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 2 || evs[1].item != 4 || evs[1].rating != 4.5 || evs[0].rating != -1 {
		t.Fatalf("events = %+v", evs)
	}
	for _, bad := range []string{"user_id,product_id,interaction_type\n", "user_id,product_id,interaction_type,timestamp,colour\n"} {
		if _, err := loadEvents(strings.NewReader(bad)); err == nil {
			t.Errorf("header %q accepted", bad)
		}
	}
}
