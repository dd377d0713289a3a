package model

import (
	"math"
	"slices"

	"github.com/viterin/vek/vek32"
)

// DefaultWeights are where the blend-weight search starts: item-kNN 1,
// EASE 1, matrix factorisation 0.7 and SVD 0.1, so that the four are
// trained and tuned (BPR stays at 0: on MovieLens 100K it added 0.0004
// validation NDCG@10 for 2.7 times the training time). With Config.Tune,
// validation moves them (TuneWeights) and may serve one component alone;
// the earlier defaults (EASE 0) came from two rounds of coordinate search
// on a validation split of MovieLens 100K.
func DefaultWeights() map[string]float64 {
	return map[string]float64{CF: 0.1, MF: 0.7, EASE: 1, KNN: 1, BPR: 0}
}

// blended names the trained components the ensemble mixes: those with a
// positive weight, or all of them when none has one.
func (m *Model) blended() []string {
	var out, all []string
	for _, t := range m.comps {
		all = append(all, t.name)
		if m.cfg.Weights[t.name] > 0 {
			out = append(out, t.name)
		}
	}
	if len(out) == 0 {
		return all
	}
	return out
}

// blendPart is one blended component's raw scores for a user with its
// weight and the range rescale maps onto [0,1].
type blendPart struct {
	name string
	// s holds the raw scores, one per item; or, when sup is set, one per
	// item of sup (ascending), every other item scoring 0.
	s      []float32
	sup    []int32
	w      float64 // blend weight, the weights normalised to sum 1
	lo, hi float64 // range of the scores outside the skipped items
}

// norm returns item i's rescaled score: what rescale sets it to.
func (p *blendPart) norm(i int32) float64 {
	if !(p.hi > p.lo) {
		return 0
	}
	return min(max((float64(p.raw(i))-p.lo)/(p.hi-p.lo), 0), 1)
}

// raw returns item i's raw score.
func (p *blendPart) raw(i int32) float32 {
	if p.sup == nil {
		return p.s[i]
	}
	if k, ok := slices.BinarySearch(p.sup, i); ok {
		return p.s[k]
	}
	return 0
}

// blend scores every item for user r with each personal component,
// rescales each component's scores to [0,1] over the items outside the
// sorted indices skip, and averages them with the configured weights. Components without
// a weight count equally when no trained component has one; otherwise
// components without a positive weight are left out. The rescaling is
// never materialised: it is affine, so once a component's range is known
// its weighted share is added to total in one pass (skipped items, whose
// scores rescale clamps, are redone one by one). total and the parts live
// in sc.
func (m *Model) blend(r *userRow, skip []int32, sc *scratch) (total []float64, parts []blendPart) {
	wsum := m.weightSum()
	parts = sc.parts[:0]
	for _, t := range m.comps {
		w, ok := m.blendWeight(t, wsum)
		if !ok {
			continue // not blended: skip the scoring work
		}
		s := sc.raw(len(parts))
		m.scoreWith(t, r, s)
		lo, hi := rangeOutside(s, skip)
		parts = append(parts, blendPart{name: t.name, s: s, w: w, lo: lo, hi: hi})
	}
	sc.parts = parts
	total = sc.total
	first := true
	for k := range parts {
		p := &parts[k]
		if !(p.hi > p.lo) {
			continue // rescale maps a constant component to 0
		}
		a, lo := p.w/(p.hi-p.lo), p.lo
		if first {
			for i, v := range p.s {
				total[i] = a * (float64(v) - lo)
			}
			first = false
			continue
		}
		for i, v := range p.s {
			total[i] += a * (float64(v) - lo)
		}
	}
	if first {
		clear(total)
	}
	for _, i := range skip {
		var t float64
		for k := range parts {
			t += parts[k].w * parts[k].norm(i)
		}
		total[i] = t
	}
	return total, parts
}

// rangeOutside returns the least and the greatest of s outside the sorted
// indices skip (+Inf and -Inf when every cell is skipped).
func rangeOutside(s []float32, skip []int32) (lo, hi float64) {
	l, h := float32(math.Inf(1)), float32(math.Inf(-1))
	from := 0
	for p := 0; p <= len(skip); p++ { // the segments between skipped cells
		to := len(s)
		if p < len(skip) {
			to = int(skip[p])
		}
		if seg := s[from:to]; len(seg) > 0 {
			// vek's vector min and max: this scan was 7% of an uncached
			// recommendation as a plain loop.
			l, h = min(l, vek32.Min(seg)), max(h, vek32.Max(seg))
		}
		from = to + 1
	}
	return float64(l), float64(h)
}

// scratch holds the buffers of one request; Model.scratch pools them so
// that serving allocates little besides its answer.
type scratch struct {
	bufs  [][]float32 // raw scores, one buffer per blended component
	subs  [][]float32 // supported items' scores, one buffer per component
	parts []blendPart
	total []float64 // blended score per item
	top   []ranked
	// candidateTop's buffers: the candidates, a mark per item (all false
	// between requests) and the blended components' query vectors.
	cands []int32
	mark  []bool
	// scoreSparse's buffers: scores and marks per item (all zero and
	// false between requests) and the items reached, per component.
	acc     []float32
	reached []bool
	reach   [][]int32
	rq      []retrieved
	search  searchBuf
}

// newScratch returns buffers for a catalog of n items.
func newScratch(n int) *scratch { return &scratch{total: make([]float64, n)} }

// sub returns the k-th buffer for the scores of a component's n
// supported items (see supported).
func (sc *scratch) sub(k, n int) []float32 {
	for len(sc.subs) <= k {
		sc.subs = append(sc.subs, nil)
	}
	if cap(sc.subs[k]) < n {
		sc.subs[k] = make([]float32, n)
	}
	return sc.subs[k][:n]
}

// raw returns the k-th raw score buffer.
func (sc *scratch) raw(k int) []float32 {
	for len(sc.bufs) <= k {
		sc.bufs = append(sc.bufs, make([]float32, len(sc.total)))
	}
	return sc.bufs[k]
}

// getScratch returns buffers for one request; putScratch takes them back.
func (m *Model) getScratch() *scratch {
	if m.scratch == nil {
		return newScratch(len(m.items))
	}
	return m.scratch.Get().(*scratch)
}

// putScratch returns sc to the pool; nothing of it may be used after.
func (m *Model) putScratch(sc *scratch) {
	if m.scratch != nil {
		m.scratch.Put(sc)
	}
}

// rescale maps s linearly onto [0,1] using the range of the cells outside
// the sorted indices skip; skipped cells are clamped into the same range.
// A constant s becomes 0.
func rescale(s []float64, skip []int32) {
	lo, hi := math.Inf(1), math.Inf(-1)
	from := 0
	for p := 0; p <= len(skip); p++ { // the segments between skipped cells
		to := len(s)
		if p < len(skip) {
			to = int(skip[p])
		}
		for _, v := range s[from:to] {
			lo, hi = min(lo, v), max(hi, v)
		}
		from = to + 1
	}
	if !(hi > lo) {
		clear(s)
		return
	}
	for i, v := range s {
		s[i] = min(max((v-lo)/(hi-lo), 0), 1)
	}
}
