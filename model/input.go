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
	// Text is the item's name and description: content similarity for
	// items with little or no history (the category counts separately).
	Text string
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
	// Cells says how each personal component reads a (user, item) pair's
	// events; see Cell.
	Cells Cells
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
	// BPR sets up the "bpr" component.
	BPR BPRConfig
	// KNN sets up the "knn" component, Similar and the reasons.
	KNN KNNConfig
	// Weights blends the personal components into the ensemble.
	Weights map[string]float64
	// Content sets up content similarity and the chance new items get.
	Content ContentConfig
	// Basket sets up BoughtTogether.
	Basket BasketConfig
	// Retrieval sets up candidate retrieval on large catalogs.
	Retrieval RetrievalConfig
	// Validate measures every component and the ensemble on a validation
	// split before the final training (Info.Validation); see validate.go.
	Validate bool
	// ValidationUsers bounds the users the validation model learns from
	// and is measured on, which bounds its cost on large shops; 0 means
	// no bound.
	ValidationUsers int
	// Tune picks every component's settings (its Cell and main knobs, see
	// knobsOf) and then the ensemble weights by their NDCG@10 on the
	// validation split (it needs Validate), and serves the best single
	// component instead of the blend unless the blend beats it by 1%; the
	// final model trains with what was chosen.
	Tune bool
	// TuneBudget bounds the wall time of the settings search, shared
	// equally by the components; a search that runs out keeps the best
	// settings so far. 0 means the default.
	TuneBudget time.Duration
	// Progress, when not nil, is called from the training goroutine with
	// the current phase ("prepare", "validate", "svd", "als", "ease",
	// "knn", "bpr", "content") and the share of the whole run done, from 0 to 1,
	// never decreasing.
	Progress func(phase string, fraction float64) `json:"-"`
	// Exclude is indexed by EventType: an item the user had an event of an
	// excluded type with is left out of that user's recommendations.
	// DefaultConfig excludes all four types; a shop may show viewed items
	// again by clearing Exclude[View].
	Exclude [5]bool
}

// DefaultConfig returns the settings used in production.
func DefaultConfig() Config {
	return Config{Signals: DefaultSignals(), Cells: DefaultCells(), SVD: DefaultSVDConfig(), ALS: DefaultALSConfig(), EASE: DefaultEASEConfig(), BPR: DefaultBPRConfig(), KNN: DefaultKNNConfig(), Weights: DefaultWeights(),
		Content: DefaultContentConfig(), Basket: DefaultBasketConfig(), Retrieval: DefaultRetrievalConfig(),
		Validate: true, ValidationUsers: 10_000, Tune: true, TuneBudget: 20 * time.Second,
		Exclude: [5]bool{View: true, Like: true, Cart: true, Purchase: true}}
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
	// Validation holds precision, recall, NDCG and hit rate at 10 per
	// component (and "ensemble"), measured on a validation split carved
	// from the training data; nil when Config.Validate is off.
	Validation map[string]Metrics
	// Settings names, per personal component, the settings it trained
	// with ("cell=binary lambda=400"); nil without tuning.
	Settings map[string]string
	// Blend names the components the served ensemble is made of (one
	// alone when the blend did not beat it on validation).
	Blend []string
	// TuneLog lists every setting tried on validation with its NDCG@10.
	TuneLog []string
	// Timings is the training time per component. Popularity's includes
	// reading the events, which every component shares; the ensemble's is the
	// sum of the components it blends.
	Timings map[string]time.Duration
	// Limits says where training was held within bounds by design (a
	// component that modelled part of the catalog, validation on a sample
	// of users), in sentences; nil when nothing was.
	Limits []string
	// Retrieval says, per factor component that retrieves candidates
	// from an index (see RetrievalConfig), how it does and the recall it
	// reached; nil when the catalog is scored exactly.
	Retrieval []RetrievalInfo
	// Refreshed, when not nil, says that Refresh learned this model from
	// the model of an earlier training instead of from scratch.
	Refreshed *RefreshInfo
	// ImportedFactors, when not nil, says that MF serves factors trained
	// elsewhere (see WithFactors).
	ImportedFactors *FactorImport
}
