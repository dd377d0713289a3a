package model

import (
	"context"
	"maps"
	"slices"
	"sync"
	"time"
)

// Model is a trained recommender. It is immutable after Train and safe for
// concurrent readers.
type Model struct {
	cfg     Config
	info    Info
	items   []ItemInfo // the catalog sorted by id; an item's index is its position
	index   map[uint64]int32
	users   map[uint64]int32 // identified user id -> row of history
	userIDs []uint64         // row -> identified user id
	// history holds, per user row, the level of every item the user
	// interacted with (the weight of the pair's strongest event, scaled by
	// histScale to mean 1; see Cell) and counts the pair's events, aligned
	// with history.val (nil in model files from before cells: count 1).
	history   *csr32
	counts    []float32
	histScale float64
	// times holds the time of each pair's first event, aligned with
	// history.val, for Recency (nil in model files from before it: no
	// recency weighting).
	times []int64
	// kinds holds the strongest event type of each pair, aligned with
	// history.val, for the reasons' words ("Because you bought ..."); nil
	// in model files from before it.
	kinds []EventType
	// excl holds, per user row, the items with an event of a type
	// Config.Exclude names: those are left out of recommendations.
	excl *csr32

	pop      []float64 // time-decayed popularity per item index
	popMax   float64
	popOrder []int32            // item indices by popularity desc, then id
	catOrder map[string][]int32 // the same, per category
	// catOf numbers each item's category (catID maps names to numbers), so
	// that filtering a ranking by category compares integers held close
	// together instead of strings in the item records.
	catOf []int32
	catID map[string]int32
	// catSorted holds each category's items by number, ascending.
	catSorted [][]int32

	comps   []trained // personal components, in Config.Models order
	knn     *knnModel // also among comps; nil when not trained
	als     *alsModel // also among comps; nil when not trained
	alsGram dense     // y^T y + reg I of als, for fold-in
	bpr     *bprModel // also among comps; nil when not trained
	// refreshed lists the users Refresh solved again; nil otherwise.
	refreshed []uint64
	// retr holds the candidate index of each retrieving component, by
	// name; nil when every item is scored (see RetrievalConfig).
	retr map[string]*ivfIndex

	cold     []bool // per item index: cold by the rule of ContentConfig
	content  *csr32 // content neighbours (see trainContent)
	together *csr32 // bought-together neighbours

	scratch *sync.Pool // of *scratch: per-request buffers, set by finish
}

// ctxCheckEvery is how many loop steps may pass between checks of ctx.
const ctxCheckEvery = 1 << 16

// Train learns a Model from in. With Config.Validate it first measures the
// configuration on a validation split carved from in (and with
// Config.Tune picks the ensemble weights there), then trains the final
// model on everything. It returns ctx.Err() if ctx ends first.
func Train(ctx context.Context, in Input, cfg Config) (*Model, error) {
	start := time.Now()
	if in.Now == 0 {
		in.Now = start.Unix()
	}
	if err := checkModels(cfg.Models); err != nil {
		return nil, err
	}
	// The model must not share mutable state with the caller's Config.
	cfg.Models = slices.Clone(cfg.Models)
	cfg.Weights = maps.Clone(cfg.Weights)
	prog := progress{fn: cfg.Progress, hi: 1}
	var val *validation
	if cfg.Validate {
		var err error
		share := validateShare(in)
		if val, err = validate(ctx, in, cfg, prog.part(0, share)); err != nil {
			return nil, err
		}
		cfg.Weights = val.cfg.Weights
		if cfg.Tune {
			cfg = val.cfg
			cfg.Progress = prog.fn
		}
		prog = prog.part(share, 1)
	}
	m, err := train(ctx, in, cfg, prog)
	if err != nil {
		return nil, err
	}
	if val != nil {
		m.info.Validation = val.metrics
		m.info.Settings = val.settings
		m.info.Blend = val.blend
		m.info.TuneLog = val.log
	}
	if m.info.Blend == nil {
		m.info.Blend = m.blended()
	}
	m.info.Limits = m.limits(val != nil)
	m.info.Duration = time.Since(start)
	prog.report(PhaseContent, 1)
	return m, nil
}

// train learns a Model from in, without validation.
func train(ctx context.Context, in Input, cfg Config, prog progress) (*Model, error) {
	start := time.Now()
	prog.report(PhasePrepare, 0)
	m, p, err := prepare(ctx, in, cfg)
	if err != nil {
		return nil, err
	}
	timings := map[string]time.Duration{Popularity: p.took}
	prog.part(0, 0.05).report(PhasePrepare, 1)
	if err := m.trainComponents(ctx, p.history, p.counts, timings, prog.part(0.05, 0.95)); err != nil {
		return nil, err
	}
	prog.part(0.95, 1).report(PhaseContent, 0)
	retrieval, err := m.complete(ctx, in, p, timings)
	if err != nil {
		return nil, err
	}
	m.info = Info{
		TrainedAt: time.Unix(in.Now, 0).UTC(),
		Retrieval: retrieval,
		Users:     len(m.users),
		Items:     len(m.items),
		Events:    p.events,
		Models:    m.componentList(),
		Timings:   timings,
		Duration:  time.Since(start),
	}
	return m, nil
}

// prepared is what prepare derives from the events for the components.
type prepared struct {
	history    *csr      // the pairs' levels, before Model.finish rounds them
	counts     []float64 // the pairs' event counts, aligned with history
	itemEvents []int     // events per item index
	events     int       // events used
	took       time.Duration
}

// prepare starts a model on in: the catalog, popularity, the users and
// their histories, what is excluded from their lists.
func prepare(ctx context.Context, in Input, cfg Config) (*Model, *prepared, error) {
	start := time.Now()
	now := in.Now
	m := &Model{cfg: cfg, users: map[uint64]int32{}}
	m.setCatalog(in.Items)
	histSignals := cfg.Signals
	histSignals.HalfLifeDays = 0 // the pair's last event decays in newPairs
	m.pop = make([]float64, len(m.items))
	var cells []pairEvent
	var exclCells []entry
	p := &prepared{itemEvents: make([]int, len(m.items))}
	for k, e := range in.Events {
		if k%ctxCheckEvery == 0 && ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		i, ok := m.index[e.Item]
		if !ok || !e.Type.Valid() {
			continue
		}
		p.events++
		p.itemEvents[i]++
		m.pop[i] += cfg.Signals.Weight(e, now)
		if e.User == 0 {
			continue
		}
		u, ok := m.users[e.User]
		if !ok {
			u = int32(len(m.users))
			m.users[e.User] = u
			m.userIDs = append(m.userIDs, e.User)
		}
		cells = append(cells, pairEvent{u, i, histSignals.Weight(e, now), e.Time, e.Type})
		if cfg.Exclude[e.Type] {
			exclCells = append(exclCells, entry{u, i, 1})
		}
	}
	ps := newPairs(len(m.users), len(m.items), cells, cfg.Signals.CellHalfLifeDays, now)
	p.history, p.counts = ps.level, ps.counts
	m.histScale = normalizeMean(p.history.val)
	m.history = toCSR32(p.history)
	m.counts = toFloat32(ps.counts)
	m.times = ps.first
	m.kinds = ps.kinds
	m.excl = toCSR32(newCSR(len(m.users), len(m.items), exclCells))
	m.rankPopularity()
	p.took = time.Since(start)
	return m, p, nil
}

// complete learns, once the components are trained, the item neighbours,
// what serving derives (finish) and the candidate indexes.
func (m *Model) complete(ctx context.Context, in Input, p *prepared, timings map[string]time.Duration) ([]RetrievalInfo, error) {
	if err := m.trainItemNeighbours(ctx, in, p.itemEvents, timings); err != nil {
		return nil, err
	}
	m.finish()
	return m.buildRetrieval(ctx)
}

// trainItemNeighbours learns which items are cold, their content
// neighbours and what is bought together (counts holds each item's events).
func (m *Model) trainItemNeighbours(ctx context.Context, in Input, counts []int, timings map[string]time.Duration) error {
	start := time.Now()
	m.cold = coldItems(m.items, counts, in.Now, m.cfg.Content)
	var err error
	if m.content, err = trainContent(ctx, m.items, m.catOf, m.cold, m.cfg.Content); err != nil {
		return err
	}
	timings[ContentScore] = time.Since(start)
	start = time.Now()
	if m.together, err = trainBaskets(ctx, in.Events, m.index, len(m.items), m.cfg.Basket); err != nil {
		return err
	}
	timings[TogetherScore] = time.Since(start)
	return nil
}

// setCatalog sorts the catalog by id and drops repeated ids (first wins).
func (m *Model) setCatalog(items []ItemInfo) {
	m.items = slices.Clone(items)
	slices.SortStableFunc(m.items, func(a, b ItemInfo) int {
		switch {
		case a.ID < b.ID:
			return -1
		case a.ID > b.ID:
			return 1
		}
		return 0
	})
	m.items = slices.CompactFunc(m.items, func(a, b ItemInfo) bool { return a.ID == b.ID })
	m.index = make(map[uint64]int32, len(m.items))
	for i, it := range m.items {
		m.index[it.ID] = int32(i)
	}
}

// rankPopularity orders items by popularity, overall and per category.
func (m *Model) rankPopularity() {
	m.popOrder = make([]int32, len(m.items))
	for i := range m.popOrder {
		m.popOrder[i] = int32(i)
	}
	slices.SortFunc(m.popOrder, func(a, b int32) int {
		if x, y := m.pop[a], m.pop[b]; x != y {
			if x > y {
				return -1
			}
			return 1
		}
		return int(a - b)
	})
	m.catOrder = map[string][]int32{}
	for _, i := range m.popOrder {
		c := m.items[i].Category
		m.catOrder[c] = append(m.catOrder[c], i)
	}
	m.catID = make(map[string]int32, len(m.catOrder))
	m.catOf = make([]int32, len(m.items))
	for i := range m.items {
		c := m.items[i].Category
		id, ok := m.catID[c]
		if !ok {
			id = int32(len(m.catID))
			m.catID[c] = id
		}
		m.catOf[i] = id
	}
	m.catSorted = make([][]int32, len(m.catID))
	for i, c := range m.catOf {
		m.catSorted[c] = append(m.catSorted[c], int32(i))
	}
	if len(m.popOrder) > 0 {
		m.popMax = m.pop[m.popOrder[0]]
	}
}

// Info returns facts about the model.
func (m *Model) Info() Info {
	info := m.info
	info.Models = slices.Clone(info.Models)
	info.Timings = maps.Clone(info.Timings)
	info.Validation = maps.Clone(info.Validation)
	info.Settings = maps.Clone(info.Settings)
	info.Blend = slices.Clone(info.Blend)
	info.TuneLog = slices.Clone(info.TuneLog)
	return info
}

// PopularityScore returns the time-decayed popularity of item, 0 when unknown.
func (m *Model) PopularityScore(item uint64) float64 {
	if i, ok := m.index[item]; ok {
		return m.pop[i]
	}
	return 0
}

// componentList names every trained component, popularity first.
func (m *Model) componentList() []string {
	names := []string{Popularity}
	for _, t := range m.comps {
		names = append(names, t.name)
	}
	return names
}

// normalizeMean divides the positive values of v by their mean, so that
// settings such as the ALS confidence scale do not depend on the scale of
// Signals.Weights. It returns the factor it multiplied by (1 when v has no
// positive value), which fold-in applies to new events.
func normalizeMean(v []float64) float64 {
	var sum float64
	n := 0
	for _, x := range v {
		if x > 0 {
			sum += x
			n++
		}
	}
	if n == 0 {
		return 1
	}
	scale := float64(n) / sum
	for i := range v {
		v[i] *= scale
	}
	return scale
}

// finish derives what serving needs from the learned weights. Training
// computes in float64 and every component rounds its weights to float32
// when it is done (the history and the other sparse matrices too), so that
// the compact model file (which stores float32) reproduces the model
// exactly and the served model holds half the bytes. Rounding costs
// nothing measurable in ranking quality.
func (m *Model) finish() {
	m.alsGram = dense{}
	m.ready()
}

// ready derives what serving needs and m does not hold yet: a decoded
// model may hold fold-in's gram (the file stores it), a model whose
// factors changed must not (finish).
func (m *Model) ready() {
	if m.als != nil && m.alsGram.Data == nil {
		m.alsGram = gram32(m.als.y, m.cfg.ALS.Reg)
	}
	n := len(m.items)
	m.scratch = &sync.Pool{New: func() any { return newScratch(n) }}
}

// timeDuration converts stored nanoseconds.
func timeDuration(ns int64) time.Duration { return time.Duration(ns) }
