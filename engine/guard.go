package engine

import (
	"errors"
	"time"

	"shelf/model"
)

// The publish guard: a retraining whose model scores clearly below the
// serving one on validation is held back, not published, and the status
// says so; the shop may publish it anyway, and may bring back the model
// that served before the current one.
//
// Caveat: each training measures its model on a validation split of the
// data it read, so two runs compare fairly only on similar data; the
// margin keeps the guard from holding back a model for noise.

// holdBackRatio is how far below the serving model's validation NDCG@10 a
// new model must score to be held back.
const holdBackRatio = 0.9

// HeldBack describes a trained model that was not published.
type HeldBack struct {
	TrainedAt time.Time `json:"trained_at"`
	// NDCG is its validation NDCG@10, ServingNDCG the serving model's.
	NDCG        float64 `json:"ndcg"`
	ServingNDCG float64 `json:"serving_ndcg"`
	Reason      string  `json:"reason"`
}

// ensembleNDCG is what the served blend scored on its validation split;
// 0 for a model trained without validation (the first popularity model).
func ensembleNDCG(m *model.Model) float64 {
	return m.Info().Validation[model.Ensemble].NDCG
}

// holdBack keeps m from being published when it scores clearly below the
// serving model, and returns what to report; nil means publish it. Only
// the trainer's own runs (keep) are guarded.
func (e *Engine) holdBack(m *model.Model, dataVersion uint64, keep bool) *HeldBack {
	cur := e.cur.Load()
	if !keep || cur == nil {
		return nil
	}
	serving, fresh := e.validationNDCG(cur.m), e.validationNDCG(m)
	if serving <= 0 || fresh >= holdBackRatio*serving {
		return nil
	}
	e.held.Store(&published{m: m, dataVersion: dataVersion})
	hb := &HeldBack{TrainedAt: m.Info().TrainedAt, NDCG: fresh, ServingNDCG: serving,
		Reason: "the new model scored clearly below the serving one on validation; the serving model stays"}
	e.log.Warn("trained model held back", "ndcg", fresh, "serving_ndcg", serving)
	return hb
}

// ErrNoModel is returned when there is no held-back or previous model to
// publish.
var ErrNoModel = errors.New("no such model")

// PublishHeldBack publishes the model the guard held back.
func (e *Engine) PublishHeldBack() (TrainStatus, error) {
	return e.republish(func() (*published, error) {
		if p := e.held.Load(); p != nil {
			return p, nil
		}
		return nil, ErrNoModel
	})
}

// RestorePrevious publishes again the model that served before the
// current one (the current one then becomes the previous). After a
// restart the previous model is read from the file.
func (e *Engine) RestorePrevious() (TrainStatus, error) {
	return e.republish(e.previous)
}

func (e *Engine) republish(from func() (*published, error)) (TrainStatus, error) {
	e.trainMu.Lock()
	defer e.trainMu.Unlock()
	p, err := from()
	if err != nil {
		return e.Status(), err
	}
	// A new version number, so that every cached list of the current one
	// becomes unreachable.
	e.publish(p.m, p.dataVersion, nil, true)
	return e.Status(), nil
}
