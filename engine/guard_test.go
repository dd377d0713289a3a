package engine_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"shelf/engine"
	"shelf/model"
)

// TestWorseModelIsHeldBack: a retraining that scores clearly below the
// serving model is not published and the status says so; it can be
// published anyway, and the previous model can be restored.
func TestWorseModelIsHeldBack(t *testing.T) {
	e, _ := newEngine(t)
	ctx := context.Background()
	if _, err := e.RestorePrevious(); !errors.Is(err, engine.ErrNoModel) {
		t.Fatalf("restore with only the first model: %v", err)
	}
	if err := e.Train(ctx); err != nil {
		t.Fatal(err)
	}
	serving := e.Status()
	if serving.HeldBack != nil || !serving.CanRestore {
		t.Fatalf("after a normal training: %+v", serving)
	}
	before, _ := e.Recommend(2, 10, anyPrice)
	// The next model scores half of the serving one.
	first := true
	e.SetValidationScore(func(m *model.Model) float64 {
		if first {
			first = false
			return 0.2 // the serving model
		}
		return 0.1
	})
	if err := e.Train(ctx); err != nil {
		t.Fatal(err)
	}
	st := e.Status()
	if st.HeldBack == nil || st.ModelVersion != serving.ModelVersion || st.State != "idle" {
		t.Fatalf("a clearly worse model was published: %+v", st)
	}
	if st.HeldBack.NDCG != 0.1 || st.HeldBack.ServingNDCG != 0.2 {
		t.Fatalf("held back: %+v", st.HeldBack)
	}
	if after, _ := e.Recommend(2, 10, anyPrice); ids(after)[0] != ids(before)[0] {
		t.Fatal("the held-back model serves")
	}
	st, err := e.PublishHeldBack()
	if err != nil || st.ModelVersion != serving.ModelVersion+1 || st.HeldBack != nil {
		t.Fatalf("publishing the held-back model: %+v %v", st, err)
	}
	if _, err := e.PublishHeldBack(); !errors.Is(err, engine.ErrNoModel) {
		t.Fatalf("a second publish of the held-back model: %v", err)
	}
	st, err = e.RestorePrevious()
	if err != nil || st.ModelVersion != serving.ModelVersion+2 {
		t.Fatalf("restore: %+v %v", st, err)
	}
	if got, _ := e.Recommend(2, 10, anyPrice); len(got) != len(before) {
		t.Fatal("the restored model does not serve")
	}
	// A model within the margin is published.
	e.SetValidationScore(func(*model.Model) float64 { return 0.2 })
	if err := e.Train(ctx); err != nil {
		t.Fatal(err)
	}
	if st := e.Status(); st.HeldBack != nil || st.ModelVersion != serving.ModelVersion+3 {
		t.Fatalf("a model as good as the serving one: %+v", st)
	}
}

// TestPreviousModelSurvivesRestart: the model that served before the
// current one stays in the file, so that it can be restored after a
// restart, and is read only when asked for.
func TestPreviousModelSurvivesRestart(t *testing.T) {
	e, st := newEngine(t)
	ctx := context.Background()
	if err := e.Train(ctx); err != nil {
		t.Fatal(err)
	}
	first, _ := e.Recommend(2, 10, anyPrice)
	s := e.Settings()
	s.Exclude["view"] = true
	s.Weights["purchase"] = 0.5
	if _, err := e.SetSettings(s); err != nil {
		t.Fatal(err)
	}
	if err := e.Train(ctx); err != nil {
		t.Fatal(err)
	}
	second, _ := e.Recommend(2, 10, anyPrice)
	if slices.Equal(ids(first), ids(second)) {
		t.Fatal("setup: the two models recommend the same")
	}
	// Stored, the replaced model leaves memory: a large shop's is a
	// gigabyte.
	if e.PreviousInMemory() || !e.Status().CanRestore {
		t.Fatalf("after the second training: previous model in memory %v, can restore %v", e.PreviousInMemory(), e.Status().CanRestore)
	}
	e.Close()

	reopen := func() *engine.Engine {
		cfg := engine.DefaultConfig()
		cfg.Now = func() time.Time { return now }
		e, err := engine.New(ctx, st, cfg, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(e.Close)
		return e
	}
	e2 := reopen()
	if got, _ := e2.Recommend(2, 10, anyPrice); !slices.Equal(ids(got), ids(second)) || !e2.Status().CanRestore {
		t.Fatalf("after a restart: %v, can restore %v; want the second model's %v and a previous one", ids(got), e2.Status().CanRestore, ids(second))
	}
	if _, err := e2.RestorePrevious(); err != nil {
		t.Fatal(err)
	}
	if got, _ := e2.Recommend(2, 10, anyPrice); !slices.Equal(ids(got), ids(first)) {
		t.Fatalf("restored after a restart: %v; want the first model's %v", ids(got), ids(first))
	}
	e2.Close()
	// The restored model serves after the next restart, and the one it
	// replaced is the previous one now.
	e3 := reopen()
	if got, _ := e3.Recommend(2, 10, anyPrice); !slices.Equal(ids(got), ids(first)) {
		t.Fatalf("after a second restart: %v; want %v", ids(got), ids(first))
	}
	if _, err := e3.RestorePrevious(); err != nil {
		t.Fatal(err)
	}
	if got, _ := e3.Recommend(2, 10, anyPrice); !slices.Equal(ids(got), ids(second)) {
		t.Fatalf("restoring again: %v; want %v", ids(got), ids(second))
	}
}
