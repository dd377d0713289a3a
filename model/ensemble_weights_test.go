package model

import (
	"context"
	"maps"
	"reflect"
	"testing"
)

// TestWithWeights: a view with other weights ranks as the model trained
// with them does, and leaves the model as it was.
func TestWithWeights(t *testing.T) {
	train := func(w map[string]float64) *Model {
		cfg := DefaultConfig()
		cfg.Models = []string{MF, KNN}
		cfg.ALS.Factors = 8
		cfg.Weights = w
		cfg.Validate, cfg.Tune = false, false
		m, err := Train(context.Background(), synthInput(3), cfg)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	both := map[string]float64{MF: 1, KNN: 1}
	onlyKNN := map[string]float64{MF: 0, KNN: 1}
	m, want := train(both), train(onlyKNN)
	v := m.WithWeights(onlyKNN)
	differs := false
	for u := uint64(1); u <= synthUsers; u++ {
		got := v.Recommend(u, 10, Filter{})
		if exp := want.Recommend(u, 10, Filter{}); !reflect.DeepEqual(ids(got), ids(exp)) {
			t.Fatalf("user %d: %v, want %v (the model trained with those weights)", u, ids(got), ids(exp))
		}
		differs = differs || !reflect.DeepEqual(ids(got), ids(m.Recommend(u, 10, Filter{})))
	}
	if !differs {
		t.Error("kNN alone ranks every user as the blend does: the test shows nothing")
	}
	if !maps.Equal(m.Weights(), both) || !maps.Equal(v.Weights(), onlyKNN) {
		t.Errorf("weights: the model's %v, the view's %v", m.Weights(), v.Weights())
	}
}
