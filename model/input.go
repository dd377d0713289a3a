package model

import "time"

// ItemInfo is what the models know of one catalog item.
type ItemInfo struct {
	ID       uint64
	Category string
	// Price is in cents.
	Price int64
	// Created is in unix seconds.
	Created int64
}

// Input is everything Train learns from.
type Input struct {
	Events []Event
	// Items is the catalog: only these items are ever recommended.
	Items []ItemInfo
	// Now is the reference time for decay, in unix seconds; 0 means the wall clock.
	Now int64
}

// Config holds the training settings.
type Config struct {
	Signals Signals
	// Models names the personal components to train; nil trains those with
	// a positive weight plus kNN (all when no weight is positive).
	// Popularity is always trained.
	Models []string
	// SVD sets up the "cf" component.
	SVD SVDConfig
	// ALS sets up the "mf" component.
	ALS ALSConfig
	// EASE sets up the "ease" component.
	EASE EASEConfig
	// KNN sets up the "knn" component, Similar and the reasons.
	KNN KNNConfig
	// Weights blends the personal components into the ensemble.
	Weights map[string]float64
}

// DefaultConfig returns the settings used in production.
func DefaultConfig() Config {
	return Config{Signals: DefaultSignals(), SVD: DefaultSVDConfig(), ALS: DefaultALSConfig(), EASE: DefaultEASEConfig(), KNN: DefaultKNNConfig(), Weights: DefaultWeights()}
}

// Info holds facts about a trained model that do not depend on its version.
type Info struct {
	// TrainedAt is Input.Now (or the wall clock when that was 0).
	TrainedAt time.Time
	// Users counts the identified users (id != 0) with at least one used event.
	Users int
	// Items is the size of the catalog.
	Items int
	// Events counts the events used: catalog items and valid types only.
	Events int
	// Duration is the wall time Train took.
	Duration time.Duration
	// Models names the score components, e.g. "popularity", "cf".
	Models []string
	// Timings is the training time per component. Popularity's includes
	// reading the events, which every component shares; the ensemble's is the
	// sum of the components it blends.
	Timings map[string]time.Duration
}
