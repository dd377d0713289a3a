package engine_test

import (
	"context"
	"testing"

	"shelf/engine"
	"shelf/store"
)

// Periodic retraining refreshes the serving model while its full training
// is recent, re-solving the shoppers who acted; a training asked for, an
// old full training or a product gone trains in full.
func TestRetrainRefreshesThenTrainsInFull(t *testing.T) {
	e, _ := newEngine(t)
	ctx := context.Background()
	if err := e.Train(ctx); err != nil {
		t.Fatal(err)
	}
	if st := e.Status(); st.Refreshed != nil {
		t.Fatalf("a full training reported a refresh: %+v", st.Refreshed)
	}
	full := e.Status().TrainedAt
	for _, u := range []uint64{3, 4, 5} {
		if _, err := e.RecordInteraction(&store.Interaction{UserID: u, ProductID: 7, Type: store.Purchase, Timestamp: now}); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.Retrain(ctx); err != nil {
		t.Fatal(err)
	}
	st := e.Status()
	if st.Refreshed == nil || st.Refreshed.ChangedUsers != 3 || !st.Refreshed.From.Equal(full) || st.Validation == nil {
		t.Fatalf("after three purchases the retraining gave %+v (validation kept: %v), want a refresh of 3 shoppers from %v", st.Refreshed, st.Validation != nil, full)
	}
	if recs, err := e.Recommend(3, 10, engine.Filter{MaxPrice: -1}); err != nil || len(recs) == 0 {
		t.Fatalf("the refreshed model serves %v, %v", recs, err)
	}
	// Deleting a product: the next retraining cannot refresh.
	if err := e.DeleteProduct(9); err != nil {
		t.Fatal(err)
	}
	if err := e.Retrain(ctx); err != nil {
		t.Fatal(err)
	}
	if st := e.Status(); st.Refreshed != nil {
		t.Errorf("a retraining after a product left refreshed: %+v", st.Refreshed)
	}
}

// With FullTrainInterval 0 every retraining is full.
func TestRetrainWithoutRefreshing(t *testing.T) {
	e, _ := newEngine(t, func(c *engine.Config) { c.FullTrainInterval = 0 })
	ctx := context.Background()
	if err := e.Train(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := e.RecordInteraction(&store.Interaction{UserID: 3, ProductID: 7, Type: store.Purchase, Timestamp: now}); err != nil {
		t.Fatal(err)
	}
	if err := e.Retrain(ctx); err != nil {
		t.Fatal(err)
	}
	if st := e.Status(); st.Refreshed != nil {
		t.Errorf("FullTrainInterval 0 refreshed: %+v", st.Refreshed)
	}
}
