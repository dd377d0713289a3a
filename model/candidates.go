package model

import (
	"math"
	"slices"

	"github.com/viterin/vek/vek32"
)

// blendWeight returns component t's share of the blend given wsum, the sum
// of the positive weights, and false when t is not blended: as blend
// weighs the components.
func (m *Model) blendWeight(t trained, wsum float64) (float64, bool) {
	w := m.cfg.Weights[t.name]
	switch {
	case wsum == 0:
		return 1 / float64(len(m.comps)), true
	case w <= 0:
		return 0, false
	}
	return w / wsum, true
}

// weightSum is the sum of the positive blend weights of the trained components.
func (m *Model) weightSum() float64 {
	var wsum float64
	for _, t := range m.comps {
		if m.cfg.Weights[t.name] > 0 {
			wsum += m.cfg.Weights[t.name]
		}
	}
	return wsum
}

// candidateTop is personal's ranking on a model with candidate indexes
// (see RetrievalConfig): every blended component puts forward its best
// items (a retrieving component from its index, any other from its exact
// scores of every item), and the blend ranks their union exactly. The
// range of a retrieving component is taken over the candidates and a
// fixed sample of the catalog. It returns false when the model has no
// index, or when fewer than n candidates pass keep (a narrow filter): the
// caller then scores every item.
func (m *Model) candidateTop(r *userRow, n int, f *Filter, skip []int32, keep func(int32) bool, sc *scratch) ([]blendPart, bool) {
	if m.retr == nil {
		return nil, false
	}
	var cf *catFilter
	if f.Category != "" {
		id, ok := m.catID[f.Category]
		if !ok {
			return nil, false
		}
		cf = &catFilter{cat: id, catOf: m.catOf, items: m.catItems(id)}
	}
	c := max(m.cfg.Retrieval.Candidates, 2*n)
	wsum := m.weightSum()
	parts, cands, rq := sc.parts[:0], sc.cands[:0], sc.rq[:0]
	if sc.mark == nil {
		sc.mark = make([]bool, len(m.items))
	}
	add := func(i int32) {
		if !sc.mark[i] {
			sc.mark[i] = true
			cands = append(cands, i)
		}
	}
	for _, t := range m.comps {
		w, ok := m.blendWeight(t, wsum)
		if !ok {
			continue
		}
		p := blendPart{name: t.name, s: sc.raw(len(parts)), w: w}
		var got retrieved
		if x := m.retr[t.name]; x != nil {
			got.rt, got.x = t.c.(retriever), x
			if got.q = m.queryWith(t, r); got.q != nil {
				for _, it := range x.search(got.rt.vectors(), got.q, min(c+len(skip), 4*c), cf, &sc.search) {
					add(it.item)
				}
			}
		} else {
			var ok bool
			if sc.top, ok = m.scoreSparse(t, r, &p, c, skip, keep, sc, len(parts)); !ok {
				sc.top = m.scoreDense(t, r, &p, c, skip, keep, sc, len(parts))
			}
			for _, it := range sc.top {
				add(it.item)
			}
		}
		parts, rq = append(parts, p), append(rq, got)
	}
	for _, i := range cands {
		sc.mark[i] = false
	}
	slices.Sort(cands) // ties go to the lower item, as in exact scoring
	for k := range parts {
		if rq[k].rt != nil {
			m.scoreRetrieved(&parts[k], rq[k], cands, skip, cf != nil)
		}
	}
	sc.parts, sc.cands, sc.rq = parts, cands, rq
	total := sc.total[:len(cands)]
	for p, i := range cands {
		var t float64
		for k := range parts {
			t += parts[k].w * parts[k].norm(i)
		}
		total[p] = t
	}
	sc.top = selectTop(sc.top, total, n, func(p int32) bool { return keep(cands[p]) })
	for k := range sc.top {
		sc.top[k].item = cands[sc.top[k].item]
	}
	return parts, len(sc.top) == n
}

// scoreDense scores every item by component t into p, sets p's range and
// returns (in sc.top's storage) t's best c items that keep lets through.
// A component that scores only some items (see supported) scores them
// into sc's k-th buffer, and is ranged and searched over those.
func (m *Model) scoreDense(t trained, r *userRow, p *blendPart, c int, skip []int32, keep func(int32) bool, sc *scratch, k int) []ranked {
	sup, ok := t.c.(supported)
	if !ok {
		m.scoreWith(t, r, p.s)
		p.lo, p.hi = rangeOutside(p.s, skip)
		return selectTop(sc.top, p.s, c, keep)
	}
	// Only the supported items are scored, into sub, which p keeps: the
	// rest of the catalog scores 0 and is never written (clearing a
	// buffer of every item cost more than the scoring).
	items := sup.support()
	sub := sc.sub(k, len(items))
	sup.scoreSupport(recencyRow(cellRow(r, m.cfg.Cells.of(t.name)), recencyOf(t.name, m.cfg)), sub)
	p.s, p.sup = sub, items
	lo, hi := float32(0), float32(0) // the items outside support score 0
	for k, i := range items {
		if !inSorted(skip, i) {
			lo, hi = min(lo, sub[k]), max(hi, sub[k])
		}
	}
	p.lo, p.hi = float64(lo), float64(hi)
	top := selectTop(sc.top, sub, c, func(q int32) bool { return keep(items[q]) })
	for q := range top {
		top[q].item = items[top[q].item]
	}
	return top
}

// sparseScorer is a component whose scores for a user are 0 outside a
// set of items that depends on the user: item-kNN's, the neighbours of
// the user's items.
type sparseScorer interface {
	// scoreSparse adds the user's scores of the items it reaches into acc
	// (all zero before), in the order scoreUser adds them, and appends
	// those items to items the first time it reaches each (marking them
	// in mark).
	scoreSparse(r *userRow, acc []float32, mark []bool, items []int32) []int32
}

func (m *knnModel) scoreSparse(r *userRow, acc []float32, mark []bool, items []int32) []int32 {
	for k, i := range r.cols {
		nb, sims := m.sim.row(int(i))
		w := r.vals[k]
		for p, j := range nb {
			if !mark[j] {
				mark[j] = true
				items = append(items, j)
			}
			acc[j] = float32(float64(acc[j]) + w*float64(sims[p]))
		}
	}
	return items
}

// sparseScoring turns scoreSparse off, for tests that compare it with
// dense scoring.
var sparseScoring = true

// scoreSparse is scoreDense for a sparseScorer: it scores only the items
// the component reaches, which p keeps (see blendPart.sup), rather than
// writing every item's score. It returns false, having changed nothing p
// keeps, when that could rank other than dense scoring: when fewer than
// c reached items score above 0 (dense scoring would then fill the list
// with items scoring 0, the lowest first), or when every item outside
// skip is reached (0 is then not in the range).
func (m *Model) scoreSparse(t trained, r *userRow, p *blendPart, c int, skip []int32, keep func(int32) bool, sc *scratch, k int) ([]ranked, bool) {
	sp, ok := t.c.(sparseScorer)
	if !ok || !sparseScoring {
		return nil, false
	}
	if sc.acc == nil {
		sc.acc, sc.reached = make([]float32, len(m.items)), make([]bool, len(m.items))
	}
	for len(sc.reach) <= k {
		sc.reach = append(sc.reach, nil)
	}
	items := sp.scoreSparse(recencyRow(cellRow(r, m.cfg.Cells.of(t.name)), recencyOf(t.name, m.cfg)), sc.acc, sc.reached, sc.reach[k][:0])
	slices.Sort(items)
	sub := sc.sub(k, len(items))
	for q, i := range items {
		sub[q] = sc.acc[i]
		sc.acc[i], sc.reached[i] = 0, false
	}
	sc.reach[k] = items
	if len(items)+len(skip) >= len(m.items) {
		return nil, false
	}
	top := selectTop(sc.top, sub, c, func(q int32) bool { return keep(items[q]) })
	if len(top) < c || !(top[c-1].score > 0) { // best first: top[c-1] is the worst
		return nil, false
	}
	lo, hi := float32(0), float32(0) // an item outside skip that is not reached scores 0
	for q, i := range items {
		if !inSorted(skip, i) {
			lo, hi = min(lo, sub[q]), max(hi, sub[q])
		}
	}
	for q := range top {
		top[q].item = items[top[q].item]
	}
	p.s, p.sup, p.lo, p.hi = sub, items, float64(lo), float64(hi)
	return top, true
}

// supported is a component whose scores are 0 outside a fixed set of
// items: dense EASE over the items it modelled.
type supported interface {
	// support returns the items that may score other than 0, ascending.
	support() []int32
	// scoreSupport writes a user's scores of those items, in that
	// order, into dst.
	scoreSupport(r *userRow, dst []float32)
}

func (m *easeModel) support() []int32 { return m.items }

// scoreRetrieved sets a retrieving part's scores of the candidates, and its
// range over them and the reference sample outside skip, and over the
// index's peak too when a filter kept the candidates from holding the
// greatest score.
func (m *Model) scoreRetrieved(p *blendPart, rq retrieved, cands, skip []int32, filtered bool) {
	p.lo, p.hi = 0, 0
	if rq.q == nil {
		for _, i := range cands {
			p.s[i] = 0
		}
		return
	}
	v, q := rq.rt.vectors(), rq.q
	lo, hi := float32(math.Inf(1)), float32(math.Inf(-1))
	score := func(i int32) {
		s := vek32.Dot(rowOf32(v, int(i)), q)
		p.s[i] = s
		if !inSorted(skip, i) {
			lo, hi = min(lo, s), max(hi, s)
		}
	}
	for _, i := range cands {
		score(i)
	}
	within := func(items []int32, s []float32) {
		for k, i := range items {
			if !inSorted(skip, i) {
				lo, hi = min(lo, s[k]), max(hi, s[k])
			}
		}
	}
	x := rq.x
	s := make([]float32, max(len(x.refs), len(x.peak)))
	gemv32(x.refVecs, q, s)
	within(x.refs, s)
	if filtered {
		gemv32(x.peakVecs, q, s)
		within(x.peak, s)
	}
	if hi >= lo {
		p.lo, p.hi = float64(lo), float64(hi)
	}
}

// retrieved is a blended component's retriever and the user's query
// vector for it; rt is nil for a component without an index.
type retrieved struct {
	rt retriever
	x  *ivfIndex
	q  []float32
}

// catItems returns the items of category number id, ascending.
func (m *Model) catItems(id int32) []int32 {
	return m.catSorted[id]
}
