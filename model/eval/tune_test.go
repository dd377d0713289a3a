package eval

import (
	"context"
	"os"
	"strings"
	"testing"
)

// TestTuneMovieLens runs the whole validation search (about half a minute
// on two cores), so it only runs when SHELF_TUNE is set.
func TestTuneMovieLens(t *testing.T) {
	if os.Getenv("SHELF_TUNE") == "" {
		t.Skip("set SHELF_TUNE=1 to run the validation search on MovieLens 100K")
	}
	path := movieLensPath(t)
	rep, err := Run(context.Background(), Options{Format: "movielens", Path: path, Tune: true})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	rep.WriteText(&b)
	t.Log("\n" + b.String())
	for _, row := range rep.Rows {
		if row.Model == "ensemble" && row.NDCG < 0.151 {
			t.Errorf("tuned ensemble NDCG@10 = %.4f, below 0.151", row.NDCG)
		}
	}
	if rep.Tuning == nil || len(rep.Tuning.Log) == 0 {
		t.Error("no tuning log")
	}
}
