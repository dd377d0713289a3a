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
