package eval

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"shelf/model"
)

// Tuning is the outcome of a search for settings on a validation split.
type Tuning struct {
	// Config is the chosen configuration.
	Config model.Config `json:"-"`
	// Log lists every setting tried with its validation NDCG, in order.
	Log []string `json:"log"`
	// Took is the wall time of the whole search.
	Took time.Duration `json:"took_ns"`
}

// validation carves a validation split out of s's training pairs with the
// same per-user temporal rule, so that no test pair is ever looked at.
func validation(s *split) *split {
	events := make([]event, len(s.events))
	for i, e := range s.events {
		events[i] = event{user: e.User, item: e.Item, typ: e.Type, rating: e.Rating, time: e.Time}
	}
	return holdout(events)
}

// setting is one candidate value of one knob.
type setting struct {
	label string
	apply func(*model.Config)
}

// tune searches each component's main knobs one after the other, then the
// ensemble weights, always scoring NDCG@k on the validation split of s.
func tune(ctx context.Context, s *split, base model.Config, k int) (*Tuning, error) {
	start := time.Now()
	val := validation(s)
	t := &Tuning{Config: base}
	knobs := []struct {
		row     string
		choices []setting
	}{
		{"svd", floats("components", []float64{25, 50, 100}, func(c *model.Config, v float64) { c.SVD.Components = int(v) })},
		{"als", floats("alpha", []float64{3, 10, 30}, func(c *model.Config, v float64) { c.ALS.Alpha = v })},
		{"als", floats("reg", []float64{10, 30, 100}, func(c *model.Config, v float64) { c.ALS.Reg = v })},
		{"ease", floats("lambda", []float64{25, 50, 100, 200, 400, 800}, func(c *model.Config, v float64) { c.EASE.Lambda = v })},
		{"knn", floats("shrink", []float64{0, 10, 100}, func(c *model.Config, v float64) { c.KNN.Shrink = v })},
		{"knn", floats("neighbours", []float64{50, 100, 200}, func(c *model.Config, v float64) { c.KNN.Neighbours = int(v) })},
	}
	for _, knob := range knobs {
		best, bestLabel := -1.0, ""
		var bestCfg model.Config
		for _, ch := range knob.choices {
			cfg := cloneConfig(t.Config)
			ch.apply(&cfg)
			ndcg, err := validate(ctx, val, knob.row, cfg, k)
			if err != nil {
				return nil, err
			}
			t.Log = append(t.Log, fmt.Sprintf("%s %s: NDCG@%d %.4f", knob.row, ch.label, k, ndcg))
			if ndcg > best {
				best, bestLabel, bestCfg = ndcg, ch.label, cfg
			}
		}
		t.Config = bestCfg
		t.Log = append(t.Log, fmt.Sprintf("%s: chose %s", knob.row, bestLabel))
	}
	if err := tuneWeights(ctx, val, t, k); err != nil {
		return nil, err
	}
	t.Took = time.Since(start)
	return t, nil
}

// floats makes one setting per value of a numeric knob.
func floats(name string, values []float64, set func(*model.Config, float64)) []setting {
	out := make([]setting, len(values))
	for i, v := range values {
		out[i] = setting{fmt.Sprintf("%s=%g", name, v), func(c *model.Config) { set(c, v) }}
	}
	return out
}

// cloneConfig copies c deeply enough that editing the copy leaves c alone.
func cloneConfig(c model.Config) model.Config {
	c.Models = slices.Clone(c.Models)
	c.Weights = maps.Clone(c.Weights)
	return c
}

// validate trains one row's component on val's training pairs and returns
// its NDCG@k on val's held-out pairs.
func validate(ctx context.Context, val *split, row string, cfg model.Config, k int) (float64, error) {
	m, err := trainModel(ctx, val, []string{row}, cfg)
	if err != nil {
		return 0, err
	}
	comp := rowComponents()[row]
	r, err := measure(ctx, val, func(user uint64) []float64 {
		sc, ok := m.ScoreItems(user, comp)
		if !ok {
			return make([]float64, len(val.universe))
		}
		return sc
	}, k)
	return r.NDCG, err
}

// tuneWeights picks ensemble weights with model.TuneWeights (the search
// Train's validation uses) on the validation split, from the components'
// rescaled scores computed once per user.
func tuneWeights(ctx context.Context, val *split, t *Tuning, k int) error {
	cfg := cloneConfig(t.Config)
	cfg.Models = model.Components()
	m, err := trainModel(ctx, val, nil, cfg)
	if err != nil {
		return err
	}
	users := slices.Sorted(maps.Keys(val.test))
	parts := make(map[uint64]map[string][]float64, len(users))
	for _, u := range users {
		if p, ok := m.ComponentScores(u); ok {
			parts[u] = p
		}
	}
	names := m.Info().Models[1:] // every personal component, popularity excluded
	score := func(w map[string]float64) (float64, error) {
		r, err := measure(ctx, val, func(user uint64) []float64 {
			total := make([]float64, len(val.universe))
			for name, s := range parts[user] {
				if w[name] > 0 {
					for i, v := range s {
						total[i] += w[name] * v
					}
				}
			}
			return total
		}, k)
		return r.NDCG, err
	}
	found, err := model.TuneWeights(names, t.Config.Weights, score)
	if err != nil {
		return err
	}
	t.Log = append(t.Log, fmt.Sprintf("ensemble start %v: NDCG@%d %.4f", t.Config.Weights, k, found.Start),
		fmt.Sprintf("ensemble: chose %v: NDCG@%d %.4f", found.Weights, k, found.Best))
	t.Config.Weights = found.Weights
	return nil
}
