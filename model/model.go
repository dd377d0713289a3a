package model

import (
	"context"
	"maps"
	"slices"
	"time"
)

// Model is a trained recommender. It is immutable after Train and safe for
// concurrent readers.
type Model struct {
	cfg   Config
	info  Info
	items []ItemInfo // the catalog sorted by id; an item's index is its position
	index map[uint64]int32
	users map[uint64]int32 // identified user id -> row of history
	// history holds, per user row, the weighted items the user interacted
	// with (type and rating weights, no decay, scaled to mean 1). Its cells
	// mark "seen" items.
	history *csr

	pop      []float64 // time-decayed popularity per item index
	popMax   float64
	popOrder []int32            // item indices by popularity desc, then id
	catOrder map[string][]int32 // the same, per category

	comps []trained // personal components, in Config.Models order
	knn   *knnModel // also among comps; nil when not trained
}

// ctxCheckEvery is how many loop steps may pass between checks of ctx.
const ctxCheckEvery = 1 << 16

// Train learns a Model from in. It returns ctx.Err() if ctx ends first.
func Train(ctx context.Context, in Input, cfg Config) (*Model, error) {
	start := time.Now()
	now := in.Now
	if now == 0 {
		now = start.Unix()
	}
	if err := checkModels(cfg.Models); err != nil {
		return nil, err
	}
	// The model must not share mutable state with the caller's Config.
	cfg.Models = slices.Clone(cfg.Models)
	cfg.Weights = maps.Clone(cfg.Weights)
	m := &Model{cfg: cfg, users: map[uint64]int32{}}
	m.setCatalog(in.Items)
	histSignals := cfg.Signals
	histSignals.HalfLifeDays = 0

	popStart := time.Now()
	m.pop = make([]float64, len(m.items))
	var cells []entry
	events := 0
	for k, e := range in.Events {
		if k%ctxCheckEvery == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		i, ok := m.index[e.Item]
		if !ok || !e.Type.Valid() {
			continue
		}
		events++
		m.pop[i] += cfg.Signals.Weight(e, now)
		if e.User == 0 {
			continue
		}
		u, ok := m.users[e.User]
		if !ok {
			u = int32(len(m.users))
			m.users[e.User] = u
		}
		cells = append(cells, entry{u, i, histSignals.Weight(e, now)})
	}
	m.history = newCSR(len(m.users), len(m.items), cells)
	normalizeMean(m.history.val)
	m.rankPopularity()
	timings := map[string]time.Duration{Popularity: time.Since(popStart)}
	if err := m.trainComponents(ctx, timings); err != nil {
		return nil, err
	}

	m.info = Info{
		TrainedAt: time.Unix(now, 0).UTC(),
		Users:     len(m.users),
		Items:     len(m.items),
		Events:    events,
		Models:    m.componentList(),
		Timings:   timings,
		Duration:  time.Since(start),
	}
	return m, nil
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
	if len(m.popOrder) > 0 {
		m.popMax = m.pop[m.popOrder[0]]
	}
}

// Info returns facts about the model.
func (m *Model) Info() Info {
	info := m.info
	info.Models = slices.Clone(info.Models)
	info.Timings = maps.Clone(info.Timings)
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
// Signals.Weights.
func normalizeMean(v []float64) {
	var sum float64
	n := 0
	for _, x := range v {
		if x > 0 {
			sum += x
			n++
		}
	}
	if n == 0 {
		return
	}
	for i := range v {
		v[i] *= float64(n) / sum
	}
}
