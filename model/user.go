package model

import (
	"maps"
	"math"
	"slices"
)

// userRow is what the personal components need to score one user: the
// weighted history (sorted item indices, type and rating weights scaled as
// in training) and, when "mf" or "bpr" is trained, the user's factors
// (float32, as they are stored and served). Trained users and folded-in
// users are scored through the same rows.
type userRow struct {
	cols    []int32
	vals    []float64 // the pairs' levels
	counts  []float64 // the pairs' event counts; nil counts each pair once
	times   []int64   // the pairs' first event times, for Recency; nil: none
	factors []float32
	bpr     []float32 // the user's BPR factors when "bpr" is trained
}

// historyRow returns row u of a history matrix, without factors.
func historyRow[T float32 | float64](a *sparse[T], u int) *userRow {
	cols, vals := a.row(u)
	r := &userRow{cols: cols, vals: make([]float64, len(vals))}
	for k, v := range vals {
		r.vals[k] = float64(v)
	}
	return r
}

// trainedRow returns the row of trained user row u.
func (m *Model) trainedRow(u int) *userRow {
	r := historyRow(m.history, u)
	if m.counts != nil {
		r.counts = widen(make([]float64, len(r.cols)), m.counts[m.history.ptr[u]:m.history.ptr[u+1]])
	}
	if m.times != nil {
		r.times = m.times[m.history.ptr[u]:m.history.ptr[u+1]]
	}
	if m.als != nil {
		r.factors = rowOf32(m.als.x, u)
	}
	if m.bpr != nil {
		r.bpr = rowOf32(m.bpr.p, u)
	}
	return r
}

// inSorted reports whether sorted s holds i.
func inSorted(s []int32, i int32) bool {
	_, ok := slices.BinarySearch(s, i)
	return ok
}

// UserState is one user's (or guest session's) up-to-date state for
// real-time recommendations: the history re-weighted, the exclusion list
// and the factors re-solved against the model's fixed item factors. Build
// it with FoldIn after each interaction and serve it with RecommendFor. It
// is immutable and safe for concurrent readers.
type UserState struct {
	// User is the user id; 0 for a guest session.
	User uint64
	m    *Model
	row  userRow
	excl []int32 // sorted item indices excluded by Config.Exclude
	// events and now are kept so that a newer model can fold the user in again.
	events []Event
	now    int64
}

// foldInMaxCG bounds the conjugate-gradient steps of one fold-in; the
// system is f x f and well conditioned by the regulariser, so a handful of
// steps reaches the tolerance.
const foldInMaxCG = 16

// FoldIn builds the state of user from history, that user's recent events
// (newest last; about the last 1,000 are plenty), without retraining: the
// items of history are weighted as in training (a pair's level and event
// count, see Cell), merged with what the model learned of the user (an
// item's level and count are the larger of the two, so events seen in
// training are not counted twice), the exclusion list gets the
// items of history whose type Config.Exclude names, and the user's ALS
// factors are re-solved (BPR factors refined by a few SGD steps) against
// the fixed item factors; a known user whose history adds nothing keeps
// the trained state. User 0 (a guest session) starts from nothing. Events
// for items outside the catalog are ignored. now is the time of the
// fold-in in unix seconds.
func (m *Model) FoldIn(user uint64, history []Event, now int64) *UserState {
	s := &UserState{User: user, m: m, events: slices.Clone(history), now: now}
	weights := map[int32]float64{}
	counts := map[int32]float64{}
	times := map[int32]int64{}
	excl := map[int32]bool{}
	u, known := m.users[user]
	if user == 0 {
		known = false
	}
	if known {
		r := m.trainedRow(int(u))
		for k, i := range r.cols {
			weights[i] = r.vals[k]
			counts[i] = 1
			if r.counts != nil {
				counts[i] = r.counts[k]
			}
			if r.times != nil {
				times[i] = r.times[k]
			}
		}
		for _, i := range m.excl.cells(int(u)) {
			excl[i] = true
		}
	}
	m.mergeRecent(history, now, weights, counts, times, excl)
	s.row.cols = slices.Sorted(maps.Keys(weights))
	s.row.vals = make([]float64, len(s.row.cols))
	s.row.counts = make([]float64, len(s.row.cols))
	s.row.times = make([]int64, len(s.row.cols))
	for k, i := range s.row.cols {
		s.row.vals[k] = weights[i]
		s.row.counts[k] = counts[i]
		s.row.times[k] = times[i]
	}
	if known && m.times == nil {
		s.row.times = nil // a model file from before times: no recency
	}
	s.excl = slices.Sorted(maps.Keys(excl))
	if known {
		if t := m.trainedRow(int(u)); sameRow(t, &s.row) {
			// Nothing new: keep what training learned, so that the state
			// serves exactly what Recommend does. Re-solving would move
			// the factors a little (training's ALS sweeps stop short of
			// the exact solve, and SGD has no single fixed point).
			s.row = *t
			return s
		}
	}
	if m.als != nil {
		var warm []float32
		if known {
			warm = rowOf32(m.als.x, int(u))
		}
		s.row.factors = m.als.solve(cellRow(&s.row, m.cfg.Cells.ALS), warm, m.alsGram, m.cfg.ALS.Alpha)
	}
	if m.bpr != nil {
		var warm []float32
		if known {
			warm = rowOf32(m.bpr.p, int(u))
		}
		s.row.bpr = m.bpr.foldIn(cellRow(&s.row, m.cfg.Cells.BPR), warm, user)
	}
	return s
}

// mergeRecent folds history's events into the per-item levels and counts
// and first times of FoldIn (taking the larger level and count and the
// earlier time of the trained and the recent value: the model saw some of
// these events already) and marks excluded items.
func (m *Model) mergeRecent(history []Event, now int64, weights, counts map[int32]float64, times map[int32]int64, excl map[int32]bool) {
	sig := m.cfg.Signals
	sig.HalfLifeDays = 0 // the pair's last event decays below
	type pair struct {
		level, count float64
		first, last  int64
	}
	recent := map[int32]pair{}
	for _, e := range history {
		i, ok := m.index[e.Item]
		if !ok || !e.Type.Valid() {
			continue
		}
		p, seen := recent[i]
		if !seen || e.Time < p.first {
			p.first = e.Time
		}
		p.level = max(p.level, sig.Weight(e, now)*m.histScale)
		p.count++
		p.last = max(p.last, e.Time)
		recent[i] = p
		if m.cfg.Exclude[e.Type] {
			excl[i] = true
		}
	}
	for i, p := range recent {
		if hl := m.cfg.Signals.CellHalfLifeDays; hl > 0 {
			p.level *= decayFactor(p.last, now, hl)
		}
		// Training saw some of these events already: take the larger
		// level and count rather than adding them up.
		weights[i] = max(weights[i], p.level)
		counts[i] = max(counts[i], p.count)
		if t, ok := times[i]; !ok || p.first < t {
			times[i] = p.first
		}
	}
}

// sameRow reports whether a and b hold the same items with weights equal
// up to float32 rounding (trained weights are rounded, fold-in's are not).
func sameRow(a, b *userRow) bool {
	if !slices.Equal(a.cols, b.cols) {
		return false
	}
	for k, v := range a.vals {
		if math.Abs(v-b.vals[k]) > 1e-6*max(math.Abs(v), 1) {
			return false
		}
	}
	count := func(r *userRow, k int) float64 {
		if r.counts == nil {
			return 1
		}
		return r.counts[k]
	}
	for k := range a.cols {
		if count(a, k) != count(b, k) {
			return false
		}
	}
	// A model file from before times has none: compare only when both do.
	return a.times == nil || b.times == nil || slices.Equal(a.times, b.times)
}

// RecommendFor returns up to n items for the folded-in state s, best first,
// like Recommend. A state built by another (older) model is folded in again
// from its events first, so callers may keep states across model swaps.
func (m *Model) RecommendFor(s *UserState, n int, f Filter) []Recommendation {
	if n <= 0 || s == nil {
		return nil
	}
	if s.m != m {
		s = m.FoldIn(s.User, s.events, s.now)
	}
	return m.rank(&s.row, s.excl, n, f)
}
