package model

import (
	"cmp"
	"math"
	"slices"
)

// Cell says how the events of one (user, item) pair become the one value
// a personal component learns from and scores with.
//
// Every pair keeps two facts: its level, the weight (Signals.Weights and
// the rating factor) of its strongest event, scaled so that the levels
// average 1; and its count of events. Repeated views of one product say
// little more than one view, so no Cell multiplies by the count: a shop
// log with a hundred views of a pair gives that pair about the value it
// has with one view. Recency decay (Signals.CellHalfLifeDays) multiplies
// the level once, by the age of the pair's last event.
//
// The zero value is CellLevel, which is also how a model file written
// before cells existed reads its stored history (then the summed weights).
type Cell uint8

// The cells.
const (
	// CellLevel is the pair's level.
	CellLevel Cell = iota
	// CellBinary is 1 for every pair.
	CellBinary
	// CellConfidence is level x (1 + ln count): saturating in the count,
	// about 4.6 times the level for a hundred events. ALS reads it as
	// confidence (1 + Alpha x value).
	CellConfidence
)

// String names the cell as the evaluation reports it.
func (c Cell) String() string {
	switch c {
	case CellLevel:
		return "level"
	case CellBinary:
		return "binary"
	case CellConfidence:
		return "confidence"
	}
	return "unknown"
}

// Cells names the Cell of each personal component.
type Cells struct {
	SVD, ALS, EASE, KNN, BPR Cell
}

// DefaultCells reads every pair as binary: on the validation split of the
// demo shop (shop-like log: 95% views, about 6 events per pair) binary
// beat the level and the saturating confidence for all four components
// (NDCG@10 binary/level/confidence: SVD 0.166/0.121/0.115, EASE
// 0.173/0.128/0.124, kNN 0.130/0.114/0.114, ALS 0.190/0.184/0.181), and
// on the shop-like MovieLens log (ml100k_repeats.py, where the event
// types and counts carry no taste: SVD 0.146/0.109/0.098, EASE
// 0.155/0.131/0.100, kNN 0.159/0.138/0.125, ALS 0.155/0.150/0.145). On
// MovieLens ratings the level is about 1% better. With Config.Tune,
// validation picks the cell per shop and component, so a shop whose
// repeats or event types do say something gets the level or the
// confidence. TestCellChoice in model/eval measures them (SHELF_CELLS=1).
func DefaultCells() Cells {
	return Cells{SVD: CellBinary, ALS: CellBinary, EASE: CellBinary, KNN: CellBinary}
}

// of returns the Cell of the named component.
func (c Cells) of(name string) Cell {
	switch name {
	case CF:
		return c.SVD
	case MF:
		return c.ALS
	case EASE:
		return c.EASE
	case KNN:
		return c.KNN
	case BPR:
		return c.BPR
	}
	return CellLevel
}

// value returns the cell of a pair with the given level and event count.
func (c Cell) value(level, count float64) float64 {
	switch c {
	case CellBinary:
		if level > 0 {
			return 1
		}
		return 0
	case CellConfidence:
		return level * (1 + math.Log(max(count, 1)))
	}
	return level
}

// pairEvent is one event reduced to what a pair's cell needs.
type pairEvent struct {
	row, col int32
	weight   float64
	time     int64
	kind     EventType
}

// pairs is the user x item matrix of levels with each cell's event count
// (counts[k], first[k] and kinds[k] belong to level.val[k]).
type pairs struct {
	level  *csr
	counts []float64
	first  []int64     // the time of each pair's first event, aligned too
	kinds  []EventType // the pair's strongest event type (the greatest), aligned too
}

// newPairs folds events into pairs: a pair's level is the greatest weight
// of its events, times 2^(-age/halfLifeDays) of its last event when
// halfLifeDays > 0 (now is the reference time). Every row of evs must be
// below rows.
func newPairs(rows, cols int, evs []pairEvent, halfLifeDays float64, now int64) pairs {
	evs = byRowAndCol(evs, rows)
	m := &csr{rows: rows, cols: cols, ptr: make([]int, rows+1)}
	var counts []float64
	var last, first []int64
	var kinds []EventType
	for i, e := range evs {
		if i > 0 && e.row == evs[i-1].row && e.col == evs[i-1].col {
			k := len(m.val) - 1
			m.val[k] = max(m.val[k], e.weight)
			counts[k]++
			last[k] = max(last[k], e.time)
			first[k] = min(first[k], e.time)
			kinds[k] = max(kinds[k], e.kind)
			continue
		}
		m.idx = append(m.idx, e.col)
		m.val = append(m.val, e.weight)
		counts = append(counts, 1)
		last = append(last, e.time)
		first = append(first, e.time)
		kinds = append(kinds, e.kind)
		m.ptr[e.row+1] = len(m.idx)
	}
	for i := 1; i <= rows; i++ {
		m.ptr[i] = max(m.ptr[i], m.ptr[i-1])
	}
	if halfLifeDays > 0 {
		for k, t := range last {
			m.val[k] *= decayFactor(t, now, halfLifeDays)
		}
	}
	return pairs{level: m, counts: counts, first: first, kinds: kinds}
}

// byRowAndCol returns evs ordered by row, then column: placed by row in
// one pass (a counting sort: rows are shoppers, each with a few events),
// then each row's events sorted by column. Comparing every pair of ten
// million events was two and a half seconds of a training's start. What
// newPairs folds together does not depend on the order of a pair's events.
func byRowAndCol(evs []pairEvent, rows int) []pairEvent {
	at := make([]int, rows+1)
	for _, e := range evs {
		at[e.row+1]++
	}
	for r := 1; r <= rows; r++ {
		at[r] += at[r-1]
	}
	next := slices.Clone(at[:rows])
	out := make([]pairEvent, len(evs))
	for _, e := range evs {
		out[next[e.row]] = e
		next[e.row]++
	}
	for r := range rows {
		if seg := out[at[r]:at[r+1]]; len(seg) > 1 {
			slices.SortFunc(seg, func(a, b pairEvent) int { return cmp.Compare(a.col, b.col) })
		}
	}
	return out
}

// decayFactor is 2^(-age/halfLifeDays) for an event at t seen at now.
func decayFactor(t, now int64, halfLifeDays float64) float64 {
	age := float64(max(now-t, 0)) / secondsPerDay
	return math.Exp2(-age / halfLifeDays)
}

// withCell returns a matrix with a's structure and each cell's value by
// c; counts is aligned with a.val (nil counts every pair once).
func withCell(a *csr, counts []float64, c Cell) *csr {
	if c == CellLevel {
		return a
	}
	out := &csr{rows: a.rows, cols: a.cols, ptr: a.ptr, idx: a.idx, val: make([]float64, len(a.val))}
	for k, v := range a.val {
		n := 1.0
		if counts != nil {
			n = counts[k]
		}
		out.val[k] = c.value(v, n)
	}
	return out
}

// cellRow returns r with its values by c (r itself for CellLevel).
func cellRow(r *userRow, c Cell) *userRow {
	if c == CellLevel {
		return r
	}
	out := *r
	out.vals = make([]float64, len(r.vals))
	for k, v := range r.vals {
		n := 1.0
		if r.counts != nil {
			n = r.counts[k]
		}
		out.vals[k] = c.value(v, n)
	}
	return &out
}

// scoreWith scores r by component t through t's cell and recency.
func (m *Model) scoreWith(t trained, r *userRow, dst []float32) {
	t.c.scoreUser(recencyRow(cellRow(r, m.cfg.Cells.of(t.name)), recencyOf(t.name, m.cfg)), dst)
}
