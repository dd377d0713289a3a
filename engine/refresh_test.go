package engine_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"shelf/engine"
	"shelf/store"
)

// Periodic retraining refreshes the serving model while its full training
// is recent, re-solving the shoppers who acted; a training asked for, an
// old full training or a product gone trains in full.
func TestRetrainRefreshesThenTrainsInFull(t *testing.T) {
	e, st := newEngine(t)
	ctx := context.Background()
	if err := e.Train(ctx); err != nil {
		t.Fatal(err)
	}
	if st := e.Status(); st.Refreshed != nil {
		t.Fatalf("a full training reported a refresh: %+v", st.Refreshed)
	}
	full := e.Status().TrainedAt
	before, err := st.Profile(3)
	if err != nil {
		t.Fatal(err)
	}
	var other store.Profile // a shopper who does nothing below
	for id := uint64(6); id <= 60 && other.UserID == 0; id++ {
		if p, err := st.Profile(id); err == nil {
			other = p
		}
	}
	if other.UserID == 0 {
		t.Fatal("no profile among users 6 to 60")
	}
	for _, u := range []uint64{3, 4, 5} {
		purchase(t, e, u)
	}
	if err := e.Retrain(ctx); err != nil {
		t.Fatal(err)
	}
	status := e.Status()
	if status.Refreshed == nil || status.Refreshed.ChangedUsers != 3 || !status.Refreshed.From.Equal(full) || status.Validation == nil {
		t.Fatalf("after three purchases the retraining gave %+v (validation kept: %v), want a refresh of 3 shoppers from %v", status.Refreshed, status.Validation != nil, full)
	}
	if recs, err := e.Recommend(3, 10, engine.Filter{MaxPrice: -1}); err != nil || len(recs) == 0 {
		t.Fatalf("the refreshed model serves %v, %v", recs, err)
	}
	// The profiles of the shoppers solved again are stored anew, the
	// others' are left as they were.
	if after, err := st.Profile(3); err != nil || slices.Equal(after.Embedding, before.Embedding) {
		t.Errorf("profile of a re-solved shopper: %v, embedding unchanged %v", err, err == nil)
	}
	if after, err := st.Profile(other.UserID); err != nil || !slices.Equal(after.Embedding, other.Embedding) {
		t.Errorf("profile of a shopper who did nothing changed (%v)", err)
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

// New settings (how much a purchase counts) need a full training: a
// refresh would keep the serving model's.
func TestRetrainAfterNewSettingsIsFull(t *testing.T) {
	e, _ := newEngine(t)
	ctx := context.Background()
	if err := e.Train(ctx); err != nil {
		t.Fatal(err)
	}
	s := e.Settings()
	s.Weights["purchase"] = 8
	if _, err := e.SetSettings(s); err != nil {
		t.Fatal(err)
	}
	purchase(t, e, 3)
	if err := e.Retrain(ctx); err != nil {
		t.Fatal(err)
	}
	if st := e.Status(); st.Refreshed != nil {
		t.Errorf("after new settings the retraining refreshed %+v", st.Refreshed)
	}
	// With the settings trained, the next retraining refreshes again.
	purchase(t, e, 4)
	if err := e.Retrain(ctx); err != nil {
		t.Fatal(err)
	}
	if st := e.Status(); st.Refreshed == nil {
		t.Error("the retraining after that did not refresh")
	}
}

// With FullTrainInterval 0 every retraining is full.
func TestRetrainWithoutRefreshing(t *testing.T) {
	e, _ := newEngine(t, func(c *engine.Config) { c.FullTrainInterval = 0 })
	ctx := context.Background()
	if err := e.Train(ctx); err != nil {
		t.Fatal(err)
	}
	purchase(t, e, 3)
	if err := e.Retrain(ctx); err != nil {
		t.Fatal(err)
	}
	if st := e.Status(); st.Refreshed != nil {
		t.Errorf("FullTrainInterval 0 refreshed: %+v", st.Refreshed)
	}
}

// Events that arrived while shelf was stopped are new data: the first
// training after the restart refreshes the stored model.
func TestRestartAfterNewDataRefreshes(t *testing.T) {
	st, ecfg := shopFile(t, filepath.Join(t.TempDir(), "restart.db"))
	published := make(chan engine.TrainStatus, 4)
	e, err := engine.New(context.Background(), st, ecfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Train(context.Background()); err != nil {
		t.Fatal(err)
	}
	e.Close()
	if err := st.AddInteraction(&store.Interaction{UserID: 3, ProductID: 7, Type: store.Purchase, Timestamp: now}); err != nil {
		t.Fatal(err)
	}
	ecfg.OnTrain = func(s engine.TrainStatus, err error) {
		if err == nil {
			published <- s
		}
	}
	e, err = engine.New(context.Background(), st, ecfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { e.Run(ctx); close(done) }()
	defer func() {
		cancel()
		<-done
		e.Close()
		st.Close()
	}()
	select {
	case s := <-published:
		if s.Refreshed == nil || s.Refreshed.ChangedUsers != 1 {
			t.Errorf("the first training after the restart: refreshed %+v, want 1 shopper re-solved", s.Refreshed)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("no training after a restart on new data")
	}
}
