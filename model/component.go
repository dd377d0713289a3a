package model

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// Component names, as used in Config.Models, Info.Models and Recommendation.Scores.
const (
	Popularity = "popularity" // time-decayed, type-weighted popularity
	CF         = "cf"         // truncated SVD collaborative filtering
	MF         = "mf"         // implicit ALS matrix factorisation
	EASE       = "ease"       // shallow linear autoencoder
	BPR        = "bpr"        // Bayesian personalised ranking by SGD
	KNN        = "knn"        // item-based nearest neighbours
	Ensemble   = "ensemble"   // weighted blend of the personal components
)

// Score names of Recommendation.Scores besides the components.
const (
	ContentScore  = "content"  // content similarity (text and category)
	TogetherScore = "together" // bought together in one basket
)

// component is one trained personal model.
type component interface {
	// scoreUser overwrites dst (one cell per catalog item) with the scores
	// of the user r. Scores are float32 like the weights they come from.
	scoreUser(r *userRow, dst []float32)
}

// trained is a component with its name and training time.
type trained struct {
	name string
	c    component
	took time.Duration
}

// Components lists every personal component Train knows, in training order.
func Components() []string { return []string{CF, MF, EASE, KNN, BPR} }

// checkModels rejects unknown component names.
func checkModels(names []string) error {
	known := Components()
	for _, n := range names {
		if n != Popularity && !slices.Contains(known, n) {
			return fmt.Errorf("model: unknown component %q (known: %v)", n, known)
		}
	}
	return nil
}

// ItemIDs returns the catalog ids in ascending order: the order of ScoreItems.
func (m *Model) ItemIDs() []uint64 {
	out := make([]uint64, len(m.items))
	for i, it := range m.items {
		out[i] = it.ID
	}
	return out
}

// ScoreItems returns the raw score of every catalog item (in ItemIDs order)
// for user by the named component. It reports false when the component was
// not trained or, for personal components, the user is unknown. It exists for
// offline evaluation; serving uses Recommend.
func (m *Model) ScoreItems(user uint64, name string) ([]float64, bool) {
	if name == Popularity {
		return slices.Clone(m.pop), true
	}
	u, ok := m.users[user]
	if !ok || len(m.comps) == 0 {
		return nil, false
	}
	r := m.trainedRow(int(u))
	if name == Ensemble {
		sc := m.getScratch()
		defer m.putScratch(sc)
		total, _ := m.blend(r, m.excl.cells(int(u)), sc)
		return slices.Clone(total), true
	}
	for _, t := range m.comps {
		if t.name == name {
			dst := make([]float32, len(m.items))
			m.scoreWith(t, r, dst)
			return widen(make([]float64, len(dst)), dst), true
		}
	}
	return nil, false
}

// DefaultModels is what Train builds when Config.Models is nil: the
// components the ensemble blends with weights (all of them when no weight is
// positive), plus kNN, which Similar and the reasons need.
func DefaultModels(weights map[string]float64) []string {
	var out []string
	for _, name := range Components() {
		if weights[name] > 0 || name == KNN {
			out = append(out, name)
		}
	}
	if len(out) == 1 {
		return Components()
	}
	return out
}

// trainComponents trains the configured personal components in order on
// the history of levels (users x items, counts aligned with its values),
// each through its Cell.
func (m *Model) trainComponents(ctx context.Context, history *csr, counts []float64, timings map[string]time.Duration, prog progress) error {
	var names []string
	for _, name := range m.cfg.Models {
		if name != Popularity && !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	if m.cfg.Models == nil {
		names = DefaultModels(m.cfg.Weights)
	}
	var total, done float64
	for _, name := range names {
		total += componentCost(name)
	}
	for _, name := range names {
		part := prog.part(done/total, (done+componentCost(name))/total)
		done += componentCost(name)
		part.report(phaseOf(name), 0)
		start := time.Now()
		c, err := m.trainComponent(ctx, withCell(history, counts, m.cfg.Cells.of(name)), name, part)
		if err != nil {
			return err
		}
		t := trained{name: name, c: c, took: time.Since(start)}
		m.comps = append(m.comps, t)
		m.setComponent(c)
		timings[name] = t.took
		part.report(phaseOf(name), 1)
	}
	blended := m.blended()
	for _, t := range m.comps {
		if slices.Contains(blended, t.name) {
			timings[Ensemble] += t.took
		}
	}
	return ctx.Err()
}

// trainComponent trains one personal component by name.
func (m *Model) trainComponent(ctx context.Context, history *csr, name string, prog progress) (component, error) {
	switch name {
	case CF:
		return trainSVD(ctx, history, m.cfg.SVD)
	case MF:
		return trainALS(ctx, history, m.cfg.ALS, func(f float64) { prog.report(phaseOf(MF), f) })
	case EASE:
		return trainEASE(ctx, history, m.cfg.EASE)
	case KNN:
		return trainKNN(ctx, history, m.cfg.KNN)
	case BPR:
		return trainBPR(ctx, history, m.cfg.BPR, func(f float64) { prog.report(phaseOf(BPR), f) })
	}
	return nil, fmt.Errorf("model: unknown component %q", name)
}

// ComponentScores returns, for user, every trained personal component's
// scores (in ItemIDs order) rescaled to [0,1] exactly as the ensemble blends
// them, so that offline tuning can try ensemble weights without rescoring.
// It reports false for unknown users and models without personal components.
func (m *Model) ComponentScores(user uint64) (map[string][]float64, bool) {
	u, ok := m.users[user]
	if !ok || len(m.comps) == 0 {
		return nil, false
	}
	parts := make(map[string][]float64, len(m.comps))
	r := m.trainedRow(int(u))
	excl := m.excl.cells(int(u))
	raw := make([]float32, len(m.items))
	for _, t := range m.comps {
		m.scoreWith(t, r, raw)
		s := widen(make([]float64, len(raw)), raw)
		rescale(s, excl)
		parts[t.name] = s
	}
	return parts, true
}

// setComponent remembers the components other features reach directly:
// kNN for Similar and the reasons, ALS for fold-in and profiles, BPR for
// fold-in (finish derives the rest).
func (m *Model) setComponent(c component) {
	switch c := c.(type) {
	case *knnModel:
		m.knn = c
	case *alsModel:
		m.als = c
	case *bprModel:
		m.bpr = c
	}
}

// Has reports whether the model knows the item: it was in the catalog the
// model trained on.
func (m *Model) Has(item uint64) bool {
	_, ok := m.index[item]
	return ok
}
