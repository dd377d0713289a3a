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
	KNN        = "knn"        // item-based nearest neighbours
	Ensemble   = "ensemble"   // weighted blend of the personal components
)

// component is one trained personal model.
type component interface {
	// scoreUser overwrites dst (one cell per catalog item) with the scores of user row u.
	scoreUser(u int, dst []float64)
}

// trained is a component with its name and training time.
type trained struct {
	name string
	c    component
	took time.Duration
}

// Components lists every personal component Train knows, in training order.
func Components() []string { return []string{CF, MF, EASE, KNN} }

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
	if name == Ensemble {
		total, _ := m.blend(int(u), func(i int32) bool { return m.history.has(int(u), i) })
		return total, true
	}
	for _, t := range m.comps {
		if t.name == name {
			dst := make([]float64, len(m.items))
			t.c.scoreUser(int(u), dst)
			return dst, true
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

// trainComponents trains the configured personal components in order.
func (m *Model) trainComponents(ctx context.Context, timings map[string]time.Duration) error {
	names := m.cfg.Models
	if names == nil {
		names = DefaultModels(m.cfg.Weights)
	}
	for _, name := range names {
		if name == Popularity || slices.ContainsFunc(m.comps, func(t trained) bool { return t.name == name }) {
			continue
		}
		start := time.Now()
		c, err := m.trainComponent(ctx, name)
		if err != nil {
			return err
		}
		t := trained{name: name, c: c, took: time.Since(start)}
		m.comps = append(m.comps, t)
		if k, ok := c.(*knnModel); ok {
			m.knn = k
		}
		timings[name] = t.took
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
func (m *Model) trainComponent(ctx context.Context, name string) (component, error) {
	switch name {
	case CF:
		return trainSVD(ctx, m.history, m.cfg.SVD)
	case MF:
		return trainALS(ctx, m.history, m.cfg.ALS)
	case EASE:
		return trainEASE(ctx, m.history, m.cfg.EASE)
	case KNN:
		return trainKNN(ctx, m.history, m.cfg.KNN)
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
	skip := func(i int32) bool { return m.history.has(int(u), i) }
	for _, t := range m.comps {
		s := make([]float64, len(m.items))
		t.c.scoreUser(int(u), s)
		rescale(s, skip)
		parts[t.name] = s
	}
	return parts, true
}
