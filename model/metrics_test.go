package model

import (
	"errors"
	"math"
	"testing"
)

// TestRankMetrics pins the protocol's formulas on lists worked out by hand.
// With log2(3) = 1.5849625, log2(4) = 2 and log2(5) = 2.3219281:
//   - hits at positions 1 and 3 of 4, 3 relevant: DCG = 1/log2(3) +
//     1/log2(5) = 1.0616063, ideal = 1 + 1/log2(3) + 1/log2(4) = 2.1309298,
//     NDCG = 0.4981893;
//   - a hit at position 0 of 2, 5 relevant: the ideal list has k = 2
//     items, NDCG = 1 / (1 + 1/log2(3)) = 0.6131472.
func TestRankMetrics(t *testing.T) {
	tests := []struct {
		name      string
		rel       []bool
		nRelevant int
		k         int
		want      Metrics
	}{
		{"two hits", []bool{false, true, false, true}, 3, 4, Metrics{Precision: 0.5, Recall: 2.0 / 3, NDCG: 0.49818925746641285, HitRate: 1, Users: 1}},
		{"ideal cut at k", []bool{true, false}, 5, 2, Metrics{Precision: 0.5, Recall: 0.2, NDCG: 0.6131471927654584, HitRate: 1, Users: 1}},
		{"short list divides by k", []bool{true}, 1, 10, Metrics{Precision: 0.1, Recall: 1, NDCG: 1, HitRate: 1, Users: 1}},
		{"positions past k ignored", []bool{false, false, true}, 1, 2, Metrics{Users: 1}},
		{"no hits", []bool{false, false}, 2, 10, Metrics{Users: 1}},
		{"nothing relevant", []bool{false}, 0, 10, Metrics{Users: 1}},
		{"empty list", nil, 3, 10, Metrics{Users: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := RankMetrics(tt.rel, tt.nRelevant, tt.k)
			if math.Abs(got.Precision-tt.want.Precision) > 1e-12 || math.Abs(got.Recall-tt.want.Recall) > 1e-12 ||
				math.Abs(got.NDCG-tt.want.NDCG) > 1e-12 || got.HitRate != tt.want.HitRate || got.Users != 1 {
				t.Errorf("RankMetrics(%v, %d, %d) = %+v, want %+v", tt.rel, tt.nRelevant, tt.k, got, tt.want)
			}
		})
	}
}

func TestMetricsMean(t *testing.T) {
	var sum Metrics
	if m := sum.Mean(); m != (Metrics{}) {
		t.Errorf("mean of nothing = %+v", m)
	}
	sum.Add(RankMetrics([]bool{true}, 1, 10))
	sum.Add(RankMetrics([]bool{false}, 1, 10))
	want := Metrics{Precision: 0.05, Recall: 0.5, NDCG: 0.5, HitRate: 0.5, Users: 2}
	if got := sum.Mean(); math.Abs(got.Precision-want.Precision) > 1e-15 || got.Recall != want.Recall || got.NDCG != want.NDCG || got.HitRate != want.HitRate || got.Users != 2 {
		t.Errorf("mean = %+v, want %+v", got, want)
	}
}

func TestTuneWeights(t *testing.T) {
	names := []string{"a", "b"}
	start := map[string]float64{"a": 1, "b": 1}
	calls := 0
	// A bowl with its best at a = 0.3, b = 0.7, on the search's grid.
	score := func(w map[string]float64) (float64, error) {
		calls++
		if w["a"] <= 0 && w["b"] <= 0 {
			t.Errorf("scored all-zero weights %v", w)
		}
		return -(w["a"]-0.3)*(w["a"]-0.3) - (w["b"]-0.7)*(w["b"]-0.7), nil
	}
	got, err := TuneWeights(names, start, score)
	if err != nil {
		t.Fatal(err)
	}
	if got.Weights["a"] != 0.3 || got.Weights["b"] != 0.7 || got.Best != 0 || math.Abs(got.Start-(-0.49-0.09)) > 1e-12 {
		t.Errorf("search = %+v, want a 0.3, b 0.7, best 0, start -0.58", got)
	}
	if start["a"] != 1 || start["b"] != 1 {
		t.Errorf("start changed to %v", start)
	}
	if calls == 0 {
		t.Fatal("score never called")
	}
	boom := errors.New("boom")
	if _, err := TuneWeights(names, nil, func(map[string]float64) (float64, error) { return 0, boom }); !errors.Is(err, boom) {
		t.Errorf("error %v, want the score's", err)
	}
}
