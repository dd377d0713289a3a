package engine

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"shelf/model"
	"shelf/store"
)

// Settings are what a shop may change without a rebuild: how much each
// interaction type counts, how fast interest decays, how often to retrain
// and which interaction types exclude a product from a user's
// recommendations. They apply from the next training.
type Settings struct {
	Weights                map[string]float64 `json:"weights"`
	HalfLifeDays           float64            `json:"half_life_days"`
	RetrainIntervalMinutes float64            `json:"retrain_interval_minutes"`
	Exclude                map[string]bool    `json:"exclude"`
}

// typeNames are the interaction types by name, as settings key them.
var typeNames = func() []string {
	names := make([]string, len(store.InteractionTypes))
	for i, t := range store.InteractionTypes {
		names[i] = t.String()
	}
	return names
}()

func settingsFrom(cfg model.Config, interval time.Duration) Settings {
	s := Settings{Weights: map[string]float64{}, Exclude: map[string]bool{},
		HalfLifeDays: cfg.Signals.HalfLifeDays, RetrainIntervalMinutes: interval.Minutes()}
	for _, t := range store.InteractionTypes {
		s.Weights[t.String()] = cfg.Signals.Weights[modelType(t)]
		s.Exclude[t.String()] = cfg.Exclude[modelType(t)]
	}
	return s
}

// validate checks s and fills what it leaves out from cur.
func (s *Settings) validate(cur Settings) error {
	v := &store.ValidationError{}
	if s.Weights == nil {
		s.Weights = cur.Weights
	}
	if s.Exclude == nil {
		s.Exclude = cur.Exclude
	}
	for k, w := range s.Weights {
		if !slices.Contains(typeNames, k) {
			v.Add("weights."+k, "unknown interaction type (view, like, cart, purchase)")
		} else if math.IsNaN(w) || w < 0 || w > 100 {
			v.Add("weights."+k, "must be between 0 and 100")
		}
	}
	for _, k := range typeNames {
		if _, ok := s.Weights[k]; !ok {
			s.Weights[k] = cur.Weights[k]
		}
		if _, ok := s.Exclude[k]; !ok {
			s.Exclude[k] = cur.Exclude[k]
		}
	}
	for k := range s.Exclude {
		if !slices.Contains(typeNames, k) {
			v.Add("exclude."+k, "unknown interaction type (view, like, cart, purchase)")
		}
	}
	if math.IsNaN(s.HalfLifeDays) || s.HalfLifeDays < 0 || s.HalfLifeDays > 3650 {
		v.Add("half_life_days", "must be between 0 (no decay) and 3650")
	}
	if math.IsNaN(s.RetrainIntervalMinutes) || s.RetrainIntervalMinutes < 0 || s.RetrainIntervalMinutes > 7*24*60 {
		v.Add("retrain_interval_minutes", "must be between 0 (never) and 10080 (a week)")
	} else if s.RetrainIntervalMinutes > 0 && s.RetrainIntervalMinutes < 1 {
		v.Add("retrain_interval_minutes", "must be at least 1 (or 0 for never)")
	}
	return v.Err()
}

// loadSettings reads the stored settings, if any, over the configured ones.
func (e *Engine) loadSettings() error {
	e.settings = settingsFrom(e.cfg.Model, e.cfg.RetrainInterval)
	buf, err := e.st.Blob(blobSettings)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	var s Settings
	if err := json.Unmarshal(buf, &s); err != nil {
		return fmt.Errorf("stored settings: %w", err)
	}
	if err := s.validate(e.settings); err != nil {
		e.log.Warn("stored settings ignored", "err", err)
		return nil
	}
	e.settings = s
	return nil
}

// Settings returns the current settings.
func (e *Engine) Settings() Settings {
	e.settingsMu.Lock()
	defer e.settingsMu.Unlock()
	return e.settings
}

// SetSettings validates, stores and applies new settings; a changed
// retrain interval takes effect at once, the rest from the next training.
func (e *Engine) SetSettings(s Settings) (Settings, error) {
	e.settingsMu.Lock()
	defer e.settingsMu.Unlock()
	if err := s.validate(e.settings); err != nil {
		return e.settings, err
	}
	buf, err := json.Marshal(s)
	if err != nil {
		return e.settings, err
	}
	if err := e.st.PutBlob(blobSettings, buf); err != nil {
		return e.settings, err
	}
	e.settings = s
	select {
	case e.reset <- struct{}{}:
	default:
	}
	return s, nil
}

// modelConfig is the training configuration with the settings applied.
func (e *Engine) modelConfig() model.Config {
	e.settingsMu.Lock()
	defer e.settingsMu.Unlock()
	cfg := e.cfg.Model
	for _, t := range store.InteractionTypes {
		cfg.Signals.Weights[modelType(t)] = e.settings.Weights[t.String()]
		cfg.Exclude[modelType(t)] = e.settings.Exclude[t.String()]
	}
	cfg.Signals.HalfLifeDays = e.settings.HalfLifeDays
	return cfg
}

func (e *Engine) retrainInterval() time.Duration {
	e.settingsMu.Lock()
	defer e.settingsMu.Unlock()
	return time.Duration(e.settings.RetrainIntervalMinutes * float64(time.Minute))
}
