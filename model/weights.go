package model

import "maps"

// Weights returns the ensemble's blend weights per personal component, as
// configured or as tuned on the validation split.
func (m *Model) Weights() map[string]float64 { return maps.Clone(m.cfg.Weights) }
