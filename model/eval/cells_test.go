package eval

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"shelf/model"
)

// TestCellChoice measures every personal component through every Cell on
// a validation split carved from the training pairs (which is what
// chooses model.DefaultCells) and on the test pairs (reported only), on
// the demo shop, MovieLens 100K and, when SHELF_REPEATS names one, the
// shop-like MovieLens log of ml100k_repeats.py. It runs with
// SHELF_CELLS=1; the figures are in the report to the lead.
func TestCellChoice(t *testing.T) {
	if os.Getenv("SHELF_CELLS") == "" {
		t.Skip("set SHELF_CELLS=1 to measure the components per cell")
	}
	sets := map[string]*split{}
	sets["demo"] = loadSplit(t, writeDemoEvents(t), Options{Format: "events"})
	if p := filepath.Join("..", "..", "..", "shared", "data", "ml-100k", "u.data"); fileExists(p) {
		sets["movielens"] = loadSplit(t, p, Options{Format: "movielens", MinRating: 4})
	}
	if p := os.Getenv("SHELF_REPEATS"); p != "" {
		sets["repeats"] = loadSplit(t, p, Options{Format: "events"})
	}
	rows := []string{"svd", "als", "ease", "knn"}
	for _, name := range []string{"demo", "movielens", "repeats"} {
		s := sets[name]
		if s == nil {
			continue
		}
		for _, c := range []model.Cell{model.CellLevel, model.CellBinary, model.CellConfidence} {
			cfg := model.DefaultConfig()
			cfg.Cells = model.Cells{SVD: c, ALS: c, EASE: c, KNN: c, BPR: c}
			for _, part := range []struct {
				name string
				s    *split
			}{{"validation", validation(s)}, {"test", s}} {
				m, err := trainModel(context.Background(), part.s, rows, cfg)
				if err != nil {
					t.Fatal(err)
				}
				for _, row := range rows {
					r, err := measure(context.Background(), part.s, rowScorer(m, part.s, row), 10)
					if err != nil {
						t.Fatal(err)
					}
					t.Logf("%-9s %-10s %-4s %-10s NDCG@10 %.4f", name, c, row, part.name, r.NDCG)
				}
			}
		}
	}
}

// loadSplit reads a file and splits it by the protocol.
func loadSplit(t *testing.T, path string, opt Options) *split {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	events, err := load(f, opt)
	if err != nil {
		t.Fatal(err)
	}
	return holdout(events)
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// rowScorer scores users by one row's component of m.
func rowScorer(m *model.Model, s *split, row string) func(uint64) []float64 {
	comp := rowComponents()[row]
	return func(user uint64) []float64 {
		sc, ok := m.ScoreItems(user, comp)
		if !ok {
			return make([]float64, len(s.universe))
		}
		return sc
	}
}
