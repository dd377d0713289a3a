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
	return Config{RetrainInterval: 10 * time.Minute, CacheBytes: 64 << 20, Model: model.DefaultConfig()}
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
	cache *ristretto.Cache[string, []Recommendation]

	genMu sync.Mutex
	gen   map[uint64]uint64 // per-user generation, bumped on each action

	trainMu  sync.Mutex // one training at a time
	trainReq chan struct{}
	status   atomic.Pointer[TrainStatus]

	hits, misses atomic.Uint64
}

// TrainStatus reports the trainer's state.
type TrainStatus struct {
	State        string        `json:"state"` // "idle" or "training"
	ModelVersion uint64        `json:"model_version"`
	TrainedAt    time.Time     `json:"trained_at,omitzero"`
	Duration     time.Duration `json:"-"`
	DurationMS   float64       `json:"duration_ms"`
	Users        int           `json:"users"`
	Items        int           `json:"items"`
	Events       int           `json:"events"`
	Models       []string      `json:"models"`
	LastError    string        `json:"last_error,omitempty"`
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
	e := &Engine{st: st, cfg: cfg, log: log, index: search.New(), gen: map[uint64]uint64{}, trainReq: make(chan struct{}, 1)}
	e.status.Store(&TrainStatus{State: "idle"})
	if cfg.CacheBytes > 0 {
		c, err := ristretto.NewCache(&ristretto.Config[string, []Recommendation]{
			NumCounters: 100_000,
			MaxCost:     cfg.CacheBytes,
			BufferItems: 64,
		})
		if err != nil {
			return nil, err
		}
		e.cache = c
	}
	err := st.ForEachProduct(func(p store.Product) error {
		e.index.Put(searchDoc(&p))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("build search index: %w", err)
	}
	// Popularity alone trains in milliseconds even on a large shop: serve
	// with it at once, and let the background trainer (Run) build the
	// learned models right after.
	quick := cfg.Model
	quick.Models = []string{model.Popularity}
	if err := e.train(ctx, quick); err != nil {
		return nil, err
	}
	e.RequestTrain()
	return e, nil
}

// Close releases the cache.
func (e *Engine) Close() {
	if e.cache != nil {
		e.cache.Close()
	}
}

func searchDoc(p *store.Product) search.Doc {
	return search.Doc{ID: p.ID, Name: p.Name, Description: p.Description, Category: p.Category}
}

// Run retrains on the configured interval when new data arrived, and when
// asked by RequestTrain, until ctx ends.
func (e *Engine) Run(ctx context.Context) {
	var tick <-chan time.Time
	if e.cfg.RetrainInterval > 0 {
		t := time.NewTicker(e.cfg.RetrainInterval)
		defer t.Stop()
		tick = t.C
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick:
			if p := e.cur.Load(); p != nil && p.dataVersion == e.st.DataVersion() {
				continue // nothing new: skip retraining
			}
		case <-e.trainReq:
		}
		if err := e.Train(ctx); err != nil && !errors.Is(err, context.Canceled) {
			e.log.Error("training failed", "err", err)
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
func (e *Engine) Train(ctx context.Context) error { return e.train(ctx, e.cfg.Model) }

func (e *Engine) train(ctx context.Context, cfg model.Config) error {
	e.trainMu.Lock()
	defer e.trainMu.Unlock()
	prev := *e.status.Load()
	training := prev
	training.State = "training"
	e.status.Store(&training)

	dataVersion := e.st.DataVersion()
	in, err := e.loadInput()
	if err == nil {
		var m *model.Model
		m, err = model.Train(ctx, in, cfg)
		if err == nil {
			e.publish(m, dataVersion)
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
		in.Items = append(in.Items, model.ItemInfo{ID: p.ID, Category: p.Category, Price: int64(p.Price), Created: p.CreatedAt.Unix()})
		return nil
	})
	if err != nil {
		return in, err
	}
	err = e.st.ForEachInteraction(func(it *store.Interaction) error {
		ev := model.Event{User: it.UserID, Item: it.ProductID, Type: model.EventType(it.Type), Rating: -1, Time: it.Timestamp.Unix()}
		if it.Rating != nil {
			ev.Rating = float32(*it.Rating)
		}
		in.Events = append(in.Events, ev)
		return nil
	})
	return in, err
}

func (e *Engine) publish(m *model.Model, dataVersion uint64) {
	var version uint64 = 1
	if p := e.cur.Load(); p != nil {
		version = p.version + 1
	}
	e.cur.Store(&published{m: m, version: version, dataVersion: dataVersion})
	info := m.Info()
	e.status.Store(&TrainStatus{
		State: "idle", ModelVersion: version, TrainedAt: info.TrainedAt, Duration: info.Duration,
		DurationMS: float64(info.Duration.Microseconds()) / 1000,
		Users:      info.Users, Items: info.Items, Events: info.Events, Models: info.Models,
	})
	e.log.Info("model published", "version", version, "events", info.Events, "items", info.Items, "duration", info.Duration)
	if e.cfg.OnTrain != nil {
		e.cfg.OnTrain(*e.status.Load(), nil)
	}
}

// Status reports the trainer's state and the current model.
func (e *Engine) Status() TrainStatus { return *e.status.Load() }

// CacheStats returns the recommendation cache's hits and misses.
func (e *Engine) CacheStats() (hits, misses uint64) { return e.hits.Load(), e.misses.Load() }
