// Package engine joins the store, the models, the search index and the cache
// into the recommendation service the HTTP API serves.
//
// The current model is held behind an atomic pointer: a background goroutine
// trains a new one outside any lock and swaps it in, so serving never waits
// for training. Recommendation lists are cached in ristretto; an entry's key
// carries the model version and the user's generation, which grows with each
// of the user's interactions, so a new model or a new action makes old
// entries unreachable at once without scanning the cache.
package engine

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"reflect"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dgraph-io/ristretto/v2"

	"shelf/model"
	"shelf/store"
	"shelf/store/search"
)

// Config tunes the engine.
type Config struct {
	// RetrainInterval is how often the trainer checks for new data; 0
	// disables periodic retraining.
	RetrainInterval time.Duration
	// FullTrainInterval is how long a periodic retraining may refresh the
	// serving model (model.Refresh: warm-started, re-solving only what new
	// events touched) before it trains in full again; 0 trains in full
	// every time. A training asked for (Train, RequestTrain) is full.
	FullTrainInterval time.Duration
	// CacheBytes bounds the memory of the recommendation cache; 0 disables it.
	CacheBytes int64
	// Model is the training configuration.
	Model model.Config
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// OnTrain, when set, is called after each training with its status
	// (for metrics) and the error, if it failed.
	OnTrain func(st TrainStatus, err error)
}

// DefaultConfig returns the settings shelf serves with.
func DefaultConfig() Config {
	return Config{RetrainInterval: 10 * time.Minute, FullTrainInterval: 24 * time.Hour, CacheBytes: 64 << 20, Model: model.DefaultConfig()}
}

// published is one trained model with its version number.
type published struct {
	m       *model.Model
	version uint64
	// dataVersion is the store's data version the model was trained on.
	dataVersion uint64
}

// Engine serves recommendations and search over a store. It is safe for
// concurrent use.
type Engine struct {
	st    *store.Store
	cfg   Config
	log   *slog.Logger
	cur   atomic.Pointer[published]
	index *search.Index
	// indexMu orders the search index's writes with its first build,
	// which runs after start-up (see buildIndex); indexReady is closed
	// when that build is done, and searches wait for it.
	indexMu    sync.Mutex
	indexReady chan struct{}
	// products is the catalog in memory, for building lists without
	// reading the store.
	products *catalog
	cache    *ristretto.Cache[string, *List]

	// staleAtStart says the stored model New loaded is older than the
	// data; only Run reads and clears it.
	staleAtStart bool

	genMu  sync.Mutex
	gen    map[uint64]uint64      // per-user generation, bumped on each action
	dirty  map[uint64]uint64      // users who acted since the model's data, with the data version then
	states map[uint64]foldedState // folded-in states of dirty users

	// catalogGen grows with every change to the catalog; list keys carry
	// it, so a changed product makes every cached list unreachable.
	catalogGen atomic.Uint64
	// unavailable holds the products shoppers may not be shown (out of
	// stock or inactive), replaced whole when one changes; availGen moves
	// with it (see refreshAvailability).
	unavailable atomic.Pointer[map[uint64]struct{}]
	availGen    atomic.Uint64
	// placements are the shop's named list configurations, replaced whole
	// on each change under placementMu; placementGen counts changes.
	placements   atomic.Pointer[placements]
	placementMu  sync.Mutex
	placementGen atomic.Uint64
	// shown is what each shopper was shown lately (see shown.go).
	shown *shownMemory
	// counters are the impressions counted and not written yet.
	counters counters
	// shop is the shop's settings (time zone, currency, attribution
	// window).
	shop atomic.Pointer[shopState]
	// experiments are the shop's A/B tests.
	experiments experiments
	// clickedLists tells a list's first click from its others.
	clickedLists clickedLists
	// platform serialises the shop platforms' webhooks (platform_shopify.go).
	platform platformState
	// hookBeforeFoldStore, set by tests, runs between a fold-in and the
	// store of its result.
	hookBeforeFoldStore func(user uint64)

	// prev is the model published before the current one, which
	// RestorePrevious brings back; held is a trained model that scored
	// clearly worse than the serving one and was not published.
	prev, held atomic.Pointer[published]
	// prevSlot is the model slot in the file that holds the previous
	// model when it is not in memory (after a restart); -1 when none.
	prevSlot atomic.Int32
	// validationNDCG scores a model for the publish guard; tests replace it.
	validationNDCG func(*model.Model) float64

	trainMu  sync.Mutex // one training at a time
	trainReq chan struct{}
	status   atomic.Pointer[TrainStatus]

	settingsMu sync.Mutex
	settings   Settings      // what the shop configured; applies to the next training
	reset      chan struct{} // tells Run that the retrain interval changed

	hits, misses atomic.Uint64
}

// TrainStatus reports the trainer's state.
type TrainStatus struct {
	State string `json:"state"` // "idle" or "training"
	// Phase and Progress (0 to 1) say how far a running training is.
	Phase        string        `json:"phase,omitempty"`
	Progress     float64       `json:"progress"`
	ModelVersion uint64        `json:"model_version"`
	TrainedAt    time.Time     `json:"trained_at,omitzero"`
	Duration     time.Duration `json:"-"`
	DurationMS   float64       `json:"duration_ms"`
	Users        int           `json:"users"`
	Items        int           `json:"items"`
	Events       int           `json:"events"`
	Models       []string      `json:"models"`
	// Weights is the ensemble's blend of the personal models.
	Weights map[string]float64 `json:"weights,omitempty"`
	// Validation is each model's quality on a validation split carved
	// from the shop's own data.
	Validation map[string]model.Metrics `json:"validation,omitempty"`
	LastError  string                   `json:"last_error,omitempty"`
	// HeldBack describes a training whose model was not published because
	// it scored clearly worse than the serving one on validation.
	HeldBack *HeldBack `json:"held_back,omitempty"`
	// CanRestore says a previous model version can be brought back.
	CanRestore bool `json:"can_restore"`
	// Limits says where the training was held within bounds by design,
	// in sentences (see model.Info).
	Limits []string `json:"limits,omitempty"`
	// ImportedFactors, when set, says that the factor model (mf) serves
	// factors trained elsewhere (shelf import -kind factors).
	ImportedFactors *model.FactorImport `json:"imported_factors,omitempty"`
	// Retrieval says, per factor component that ranks candidates from an
	// index instead of every product, how, and the recall it measured.
	Retrieval []model.RetrievalInfo `json:"retrieval,omitempty"`
	// Refreshed, when set, says that the model was refreshed from the
	// previous one (see Engine.Retrain) rather than trained in full.
	Refreshed *model.RefreshInfo `json:"refreshed,omitempty"`
}

// New builds the search index from the catalog and trains a first model, so
// that the engine serves as soon as it returns.
func New(ctx context.Context, st *store.Store, cfg Config, log *slog.Logger) (*Engine, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	e := &Engine{st: st, cfg: cfg, log: log, index: search.New(), indexReady: make(chan struct{}), products: newCatalog(), gen: map[uint64]uint64{}, dirty: map[uint64]uint64{},
		states: map[uint64]foldedState{}, trainReq: make(chan struct{}, 1), reset: make(chan struct{}, 1)}
	e.prevSlot.Store(-1)
	e.unavailable.Store(&map[uint64]struct{}{})
	e.status.Store(&TrainStatus{State: "idle"})
	e.validationNDCG = ensembleNDCG
	if err := e.loadSettings(); err != nil {
		return nil, err
	}
	if err := e.loadPlacements(); err != nil {
		return nil, err
	}
	if err := e.loadShop(); err != nil {
		return nil, err
	}
	if err := e.loadExperiments(); err != nil {
		return nil, err
	}
	if cfg.CacheBytes > 0 {
		c, err := ristretto.NewCache(&ristretto.Config[string, *List]{
			NumCounters: 100_000,
			MaxCost:     cfg.CacheBytes,
			BufferItems: 64,
		})
		if err != nil {
			return nil, err
		}
		e.cache = c
	}
	e.shown = newShownMemory()
	loaded, err := e.loadCatalogAndModel()
	if err != nil {
		return nil, err
	}
	e.refreshAvailability()
	// Failures from here on do not return: the engine is whole.
	e.startCounters()
	// A stored model serves at once; the trainer retrains only when the
	// data changed since (Run compares data versions).
	if loaded {
		// Data that changed while shelf was stopped is new data, as on the
		// retrain interval: Run's first training refreshes if it can.
		e.staleAtStart = e.cur.Load().dataVersion != st.DataVersion()
		// The stored model was put together in a buffer of its size
		// and decoded: that garbage goes back while the engine serves.
		go e.returnMemory()
		return e, nil
	}
	// Otherwise popularity alone, which trains in milliseconds even on a
	// large shop, serves until the background trainer (Run) has built the
	// learned models.
	quick := e.modelConfig()
	quick.Models = []string{model.Popularity}
	quick.Validate, quick.Tune = false, false
	// Content neighbours wait for the full training too: over 200,000
	// products they took minutes, and start-up waited for them.
	quick.Content.Neighbours = 0
	if err := e.train(ctx, quick, false); err != nil {
		e.stopCounters()
		return nil, err
	}
	e.RequestTrain()
	return e, nil
}

// loadCatalogAndModel loads the catalog while the stored model decodes
// (both take a second or two on a large shop) and reports whether a model
// was loaded. The search index is built from the catalog once the engine
// serves (buildIndex).
func (e *Engine) loadCatalogAndModel() (bool, error) {
	var wg sync.WaitGroup
	var err error
	var loaded bool
	e.st.ReadingAhead(func() {
		wg.Go(func() {
			err = e.st.ForEachProduct(func(p store.Product) error {
				e.products.put(p)
				return nil
			})
		})
		loaded = e.loadModel()
		wg.Wait()
	})
	if err != nil {
		return false, fmt.Errorf("load the catalog: %w", err)
	}
	go e.buildIndex()
	return loaded, nil
}

// Close releases the cache.
func (e *Engine) Close() {
	e.stopCounters()
	if e.cache != nil {
		e.cache.Close()
	}
}

// contentText is what content similarity reads of a product: its name,
// description, brand, tags and attribute values.
func contentText(p *store.Product) string {
	var b strings.Builder
	b.WriteString(p.Name)
	for _, s := range []string{p.Description, p.Brand, strings.Join(p.Tags, " ")} {
		b.WriteByte(' ')
		b.WriteString(s)
	}
	for _, k := range slices.Sorted(maps.Keys(p.Attributes)) {
		b.WriteByte(' ')
		b.WriteString(p.Attributes[k])
	}
	return b.String()
}

func searchDoc(p *store.Product) search.Doc {
	return search.Doc{ID: p.ID, Name: p.Name, Description: p.Description, Category: p.Category,
		Keywords: strings.TrimSpace(p.Brand + " " + strings.Join(p.Tags, " "))}
}

// Run retrains on the configured interval when new data arrived, and when
// asked by RequestTrain, until ctx ends.
func (e *Engine) Run(ctx context.Context) {
	for {
		asked, ok := e.waitForWork(ctx)
		if !ok {
			return
		}
		train := e.Train
		if !asked {
			train = e.Retrain
		}
		if err := train(ctx); err != nil && !errors.Is(err, context.Canceled) {
			e.log.Error("training failed", "err", err)
		}
	}
}

// waitForWork blocks until a training is due: asked for (asked), or the
// retrain interval passed with new data. It reports false when ctx ended.
func (e *Engine) waitForWork(ctx context.Context) (asked, ok bool) {
	if e.staleAtStart {
		e.staleAtStart = false
		return false, ctx.Err() == nil
	}
	for {
		var tick <-chan time.Time
		var timer *time.Timer
		if d := e.retrainInterval(); d > 0 {
			timer = time.NewTimer(d)
			tick = timer.C
		}
		stop := func() {
			if timer != nil {
				timer.Stop()
			}
		}
		select {
		case <-ctx.Done():
			stop()
			return false, false
		case <-e.reset: // the interval changed: start over with the new one
			stop()
		case <-e.trainReq:
			stop()
			return true, true
		case <-tick:
			if p := e.cur.Load(); p == nil || p.dataVersion != e.st.DataVersion() {
				return false, true
			} // nothing new: skip retraining
		}
	}
}

// RequestTrain asks the background trainer for a new model and returns at
// once; it reports false when a request is already pending.
func (e *Engine) RequestTrain() bool {
	select {
	case e.trainReq <- struct{}{}:
		return true
	default:
		return false
	}
}

// Train reads the store, trains a model and publishes it. Serving goes on
// with the previous model meanwhile.
func (e *Engine) Train(ctx context.Context) error { return e.train(ctx, e.modelConfig(), true) }

// Retrain is the periodic training: it refreshes the serving model from
// the store (see model.Refresh) while its full training is younger than
// Config.FullTrainInterval, and trains in full otherwise, when the
// settings changed since, or when the catalog lost a product.
func (e *Engine) Retrain(ctx context.Context) error {
	p := e.cur.Load()
	cfg := e.modelConfig()
	if p == nil || e.cfg.FullTrainInterval <= 0 || e.cfg.Now().Sub(fullTrainedAt(p.m.Info())) >= e.cfg.FullTrainInterval ||
		!reflect.DeepEqual(settingsFrom(cfg, 0), settingsFrom(p.m.Config(), 0)) {
		// A refresh keeps the serving model's settings: new ones need a
		// full training.
		return e.train(ctx, cfg, true)
	}
	return e.trainWith(ctx, cfg, true, p.m)
}

// fullTrainedAt is when the full training behind a model ran.
func fullTrainedAt(info model.Info) time.Time {
	if info.Refreshed != nil {
		return info.Refreshed.From
	}
	return info.TrainedAt
}

// train trains with cfg and publishes the result; keep stores it (with the
// users' profiles) so that a restart serves it at once.
func (e *Engine) train(ctx context.Context, cfg model.Config, keep bool) error {
	return e.trainWith(ctx, cfg, keep, nil)
}

// trainWith is train, refreshing from the model from when not nil (and
// training in full when model.Refresh cannot start from it).
func (e *Engine) trainWith(ctx context.Context, cfg model.Config, keep bool, from *model.Model) error {
	e.trainMu.Lock()
	defer e.trainMu.Unlock()
	// A training of a large shop leaves gigabytes of garbage behind: the
	// events read, the validation models, the replaced model.
	defer e.returnMemory()
	prev := *e.status.Load()
	training := prev
	training.State, training.Phase, training.Progress = "training", "read", 0
	e.status.Store(&training)
	cfg.Progress = func(phase string, fraction float64) {
		st := *e.status.Load()
		st.Phase, st.Progress = phase, fraction
		e.status.Store(&st)
	}

	dataVersion := e.st.DataVersion()
	in, err := e.loadInput()
	if err == nil {
		var m *model.Model
		if from != nil {
			m, err = model.Refresh(ctx, in, from, cfg.Progress)
			if errors.Is(err, model.ErrNotRefreshable) {
				e.log.Info("training in full", "reason", err.Error())
				m, err = model.Train(ctx, in, cfg)
			}
		} else {
			m, err = model.Train(ctx, in, cfg)
		}
		if err == nil {
			if hb := e.holdBack(m, dataVersion, keep); hb != nil {
				held := prev
				held.State, held.Phase, held.Progress, held.HeldBack = "idle", "", 0, hb
				e.status.Store(&held)
				return nil
			}
			e.publish(m, dataVersion, cfg.Weights, keep)
			return nil
		}
	}
	failed := prev
	failed.State, failed.LastError = "idle", err.Error()
	e.status.Store(&failed)
	if e.cfg.OnTrain != nil {
		e.cfg.OnTrain(failed, err)
	}
	return err
}

// returnMemory hands what a model's load or training left behind back to
// the operating system at once: the heap's free memory (Go keeps it for
// reuse up to about twice the live heap, mostly the model on a large
// shop: a gigabyte or more that serving never uses) and the pages of the
// database file read (a training reads every event).
func (e *Engine) returnMemory() {
	debug.FreeOSMemory()
	e.st.ReleaseMemory()
}

// Ready reports whether a model is published and serving.
func (e *Engine) Ready() error {
	if e.cur.Load() == nil {
		return errors.New("no model loaded yet")
	}
	return nil
}

func (e *Engine) loadInput() (model.Input, error) {
	in := model.Input{Now: e.cfg.Now().Unix()}
	err := e.st.ForEachProduct(func(p store.Product) error {
		in.Items = append(in.Items, model.ItemInfo{ID: p.ID, Category: p.Category, Price: int64(p.Price), Created: p.CreatedAt.Unix(),
			Text: contentText(&p)})
		return nil
	})
	if err != nil {
		return in, err
	}
	// About as many events as the serving model read, and some room: a
	// slice grown by appending copied ten million events many times over.
	if p := e.cur.Load(); p != nil {
		in.Events = make([]model.Event, 0, p.m.Info().Events+p.m.Info().Events/8)
	}
	err = e.st.ForEachEvent(func(f *store.EventFields) error {
		in.Events = append(in.Events, fieldsEvent(f))
		return nil
	})
	return in, err
}

func (e *Engine) publish(m *model.Model, dataVersion uint64, weights map[string]float64, keep bool) {
	var version uint64 = 1
	if p := e.cur.Load(); p != nil {
		version = p.version + 1
	}
	p := &published{m: m, version: version, dataVersion: dataVersion}
	if old := e.cur.Load(); old != nil && keep {
		e.prev.Store(old)
		e.prevSlot.Store(-1)
	}
	e.held.Store(nil)
	e.cur.Store(p)
	e.clean(dataVersion)
	info := m.Info()
	st := TrainStatus{
		State: "idle", ModelVersion: version, TrainedAt: info.TrainedAt, Duration: info.Duration,
		DurationMS: float64(info.Duration.Microseconds()) / 1000,
		Users:      info.Users, Items: info.Items, Events: info.Events, Models: info.Models,
		Weights: m.Weights(), Validation: info.Validation, ImportedFactors: info.ImportedFactors,
		Limits: info.Limits, Retrieval: info.Retrieval, Refreshed: info.Refreshed,
	}
	e.status.Store(&st)
	if e.cfg.OnTrain != nil {
		e.cfg.OnTrain(st, nil)
	}
	if keep {
		if err := e.saveModel(p, st); err != nil {
			e.log.Error("could not store the trained model", "err", err)
		} else if old := e.prev.Load(); old != nil {
			// The replaced model is in the other slot of the file when
			// it was stored: it is decoded from there if it is asked
			// for, rather than kept in memory beside the new one.
			slot := 1 - e.servingSlot()
			if v, ok := e.slotVersion(slot); ok && v == old.version {
				e.prev.Store(nil)
				e.prevSlot.Store(int32(slot))
			}
		}
		if err := e.refreshProfiles(m); err != nil {
			e.log.Error("could not refresh user profiles", "err", err)
		}
	}
	e.log.Info("model published", "version", version, "events", info.Events, "items", info.Items, "duration", info.Duration)
}

// Status reports the trainer's state and the current model.
func (e *Engine) Status() TrainStatus {
	st := *e.status.Load()
	st.CanRestore = e.prev.Load() != nil || e.prevSlot.Load() >= 0
	return st
}

// CacheStats returns the recommendation cache's hits and misses.
func (e *Engine) CacheStats() (hits, misses uint64) { return e.hits.Load(), e.misses.Load() }
