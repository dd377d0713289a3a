package engine_test

import (
	"context"
	"errors"
	"testing"

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
