package model

import "maps"

// Weights returns the ensemble's blend weights per personal component, as
// configured or as tuned on the validation split.
func (m *Model) Weights() map[string]float64 { return maps.Clone(m.cfg.Weights) }

// Config returns the configuration the model trained with: the caller's,
// with the settings and blend weights that validation chose when
// Config.Tune was on. Progress is left out.
func (m *Model) Config() Config {
	c := cloneConfig(m.cfg)
	c.Progress = nil
	return c
}

// PersonalComponents are the components an ensemble blends, the names
// its weights take.
var PersonalComponents = []string{CF, MF, EASE, KNN, BPR}

// WithWeights returns the model blending its trained components with other
// weights (an experiment's variant): a view sharing everything else with
// m, cheap to make. Weights of components the model did not train are
// ignored; when no trained component gets a positive weight, all trained
// components count equally, as Weights documents for the ensemble.
func (m *Model) WithWeights(w map[string]float64) *Model {
	v := *m
	v.cfg.Weights = maps.Clone(w)
	return &v
}
