package model

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/viterin/vek/vek32"
)

// RetrievalConfig sets up candidate retrieval, which keeps serving fast on
// large catalogs: the factor components (mf and cf, whose score of an item
// is the inner product of a user vector with the item's vector) find their
// best items in an inverted-file index instead of scoring every item, and
// the blend scores only the union of what each component put forward.
//
// The index is k-means over the item vectors with about sqrt(items)
// lists; a query scores the lists' centroids and then, exactly, the items
// of the best Probe lists. Training chooses Probe on a sample of shoppers
// as the fewest lists that find Recall of each component's exact best
// Candidates, and measures the recall it reaches on a second sample
// (Info.Retrieval). A category filter searches proportionally more lists,
// or scores the category's items exactly when that is cheaper.
type RetrievalConfig struct {
	// MinItems is the catalog size from which retrieval is used; 0 turns
	// it off, and smaller catalogs are scored exactly.
	MinItems int
	// Candidates is how many items each factor component retrieves for a
	// list (more when the list asked for is long).
	Candidates int
	// Recall is the share of a component's exact best Candidates the
	// index must find on the sample, from 0 to 1.
	Recall float64
}

// DefaultRetrievalConfig retrieves 100 candidates per factor component
// at 0.97 recall on catalogs of 50,000 items or more. Below that size an
// exact scoring of every item takes well under a millisecond.
func DefaultRetrievalConfig() RetrievalConfig {
	return RetrievalConfig{MinItems: 50_000, Candidates: 100, Recall: 0.97}
}

// RetrievalInfo says how one factor component retrieves its candidates.
type RetrievalInfo struct {
	Component string `json:"component"`
	// Lists is the number of k-means lists; Probe how many a query
	// searches besides the head (Head items every query scores).
	Lists int `json:"lists"`
	Probe int `json:"probe"`
	Head  int `json:"head"`
	// Candidates is the number of items retrieved per query.
	Candidates int `json:"candidates"`
	// Recall is the mean share of the exact best Candidates that the
	// index retrieved, over Queries shoppers other than those Probe was
	// chosen on; CategoryRecall is the same with a filter on Category, the
	// catalog's largest category.
	Recall         float64 `json:"recall"`
	CategoryRecall float64 `json:"category_recall"`
	Queries        int     `json:"queries"`
	Category       string  `json:"category"`
	// TookMS is the time spent building and measuring the index.
	TookMS float64 `json:"took_ms"`
}

// retriever is a component whose score of item i is the inner product of a
// vector of the user's with row i of its item vectors.
type retriever interface {
	component
	// query returns the user's vector, nil when the component cannot score r.
	query(r *userRow) []float32
	vectors() dense32
}

// ivfIndex is an inverted-file index over the rows of a retriever's item
// vectors: list l holds items[start[l]:start[l+1]], ascending, and every
// query also scores the head.
//
// The best items for q are those of greatest inner product, which is not
// a distance. The index learns its lists on the vectors lifted by one
// coordinate, x -> (x, sqrt(M^2 - |x|^2)) with M the greatest norm, which
// gives them all the norm M: then the greatest inner product with (q, 0)
// is the least Euclidean distance (Bachrach et al., 2014), and a list's
// centroid c ranks by q.c' - |c|^2/2, c' being c without its last
// coordinate.
type ivfIndex struct {
	cent  dense32   // c', one per list
	half  []float32 // |c|^2/2, one per list
	head  []int32   // the items every query scores (see splitHead), ascending
	start []int32
	items []int32
	probe int
	// catBoost multiplies the lists a search within a category adds for
	// the share of the catalog the category leaves out; see search.
	catBoost float64
	// The items again, by block (block 0 the head, block l+1 list l) and
	// within a block by category, then index: order holds them, vecs
	// their vectors in that order, contiguous for one product per block
	// or category run, and run[b*(cats+1)+c] where category c starts in
	// block b (run[b*(cats+1)+cats] is where the block ends). refVecs
	// holds the vectors of the reference sample (refItems). Set by
	// prepare.
	order         []int32
	vecs, refVecs dense32
	run           []int32
	cats          int
	// refs is the reference sample; peak the peakSize items of greatest
	// norm, and peakVecs their vectors: where the greatest score of a
	// query most likely is.
	refs, peak []int32
	peakVecs   dense32
}

// peakSize is how many items of greatest norm an index keeps apart (peak).
const peakSize = 256

// prepare derives what searches need from the stored index: v are the
// item vectors, catOf numbers each item's category among cats.
func (x *ivfIndex) prepare(v dense32, catOf []int32, cats int) {
	x.cats = cats
	x.order = make([]int32, 0, v.Rows)
	x.run = make([]int32, (x.lists()+1)*(cats+1))
	for b := range x.lists() + 1 {
		block := x.head
		if b > 0 {
			block = x.items[x.start[b-1]:x.start[b]]
		}
		base := len(x.order)
		x.order = append(x.order, block...)
		sorted := x.order[base:]
		slices.SortStableFunc(sorted, func(i, j int32) int { return int(catOf[i] - catOf[j]) })
		runs := x.run[b*(cats+1) : (b+1)*(cats+1)]
		for _, i := range sorted {
			runs[catOf[i]+1]++
		}
		runs[0] = int32(base)
		for c := 1; c <= cats; c++ {
			runs[c] += runs[c-1]
		}
	}
	x.vecs = gather(v, x.order)
	x.refs = refItems(v.Rows)
	x.refVecs = gather(v, x.refs)
	norm := make([]float32, len(x.head))
	for k, i := range x.head {
		r := rowOf32(v, int(i))
		norm[k] = vek32.Dot(r, r)
	}
	x.peak = nil
	for _, t := range selectTop(nil, norm, peakSize, nil) {
		x.peak = append(x.peak, x.head[t.item])
	}
	x.peakVecs = gather(v, x.peak)
}

// span returns the range of order that block b holds, or its run of
// category cat when cat >= 0.
func (x *ivfIndex) span(b int, cat int32) (lo, hi int) {
	runs := x.run[b*(x.cats+1) : (b+1)*(x.cats+1)]
	if cat < 0 {
		return int(runs[0]), int(runs[x.cats])
	}
	return int(runs[cat]), int(runs[cat+1])
}

// searchBuf holds a search's candidates and their scores.
type searchBuf struct {
	items []int32
	s     []float32
}

// scan adds to buf the items of block b (of category cat when cat >= 0)
// with their scores for q: one matrix-vector product.
func (x *ivfIndex) scan(b int, cat int32, q []float32, buf *searchBuf) {
	lo, hi := x.span(b, cat)
	if hi <= lo {
		return
	}
	buf.items = append(buf.items, x.order[lo:hi]...)
	n := len(buf.s)
	buf.s = slices.Grow(buf.s, hi-lo)[:n+hi-lo]
	f := x.vecs.Cols
	gemv32(dense32{Rows: hi - lo, Cols: f, Stride: f, Data: x.vecs.Data[lo*f : hi*f]}, q, buf.s[n:])
}

// gather returns the rows of v named by rows, contiguous.
func gather(v dense32, rows []int32) dense32 {
	out := dense32{Rows: len(rows), Cols: v.Cols, Stride: v.Cols, Data: make([]float32, len(rows)*v.Cols)}
	for k, i := range rows {
		copy(rowOf32(out, k), rowOf32(v, int(i)))
	}
	return out
}

// refSample is how many items, spread evenly over the catalog, stand in
// for the whole catalog when a retrieving component's score range is
// estimated: the blend rescales each component by its range (see blend).
const refSample = 512

// refItems returns the reference sample of a catalog of n items, ascending.
func refItems(n int) []int32 {
	out := make([]int32, min(refSample, n))
	for k := range out {
		out[k] = int32(k * n / len(out))
	}
	return out
}

// lists is the number of lists of the index.
func (x *ivfIndex) lists() int { return x.cent.Rows }

// kmeansIters bounds the Lloyd iterations of an index's k-means, and
// kmeansPerList the sample of items it learns from, per list.
const (
	kmeansIters   = 10
	kmeansPerList = 64
)

// buildIVF clusters the rows of v into about sqrt(rows) lists by k-means
// (learned on a sample of the rows, then every row assigned to its nearest
// centroid) and returns the index with probe 1.
func buildIVF(ctx context.Context, v dense32, seed uint64) (*ivfIndex, error) {
	n, f := v.Rows, v.Cols
	head, rest := splitHead(v)
	lifted := lift(v, rest)
	lists := min(max(int(math.Round(math.Sqrt(float64(len(rest))))), 1), 4096, len(rest))
	rng := rand.New(rand.NewPCG(seed, 0x1df))
	sample := make([]int, min(len(rest), lists*kmeansPerList))
	for k, p := range rng.Perm(len(rest))[:len(sample)] {
		sample[k] = int(rest[p])
	}
	slices.Sort(sample)
	cent := dense32{Rows: lists, Cols: f + 1, Stride: f + 1, Data: make([]float32, lists*(f+1))}
	for l := range lists {
		copy(rowOf32(cent, l), rowOf32(lifted, sample[l*len(sample)/lists]))
	}
	assign := make([]int32, n)
	for range kmeansIters {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		nearestLists(lifted, cent, sample, assign)
		recentre(lifted, cent, sample, assign, rng)
	}
	all := make([]int, len(rest))
	for k, i := range rest {
		all[k] = int(i)
	}
	nearestLists(lifted, cent, all, assign)
	x := &ivfIndex{cent: dense32{Rows: lists, Cols: f, Stride: f, Data: make([]float32, lists*f)},
		half: make([]float32, lists), head: head, start: make([]int32, lists+1), items: make([]int32, len(rest)), probe: 1, catBoost: 1}
	for l := range lists {
		c := rowOf32(cent, l)
		copy(rowOf32(x.cent, l), c[:f])
		x.half[l] = vek32.Dot(c, c) / 2
	}
	for _, i := range rest {
		x.start[assign[i]+1]++
	}
	for l := range lists {
		x.start[l+1] += x.start[l]
	}
	fill := slices.Clone(x.start[:lists])
	for _, i := range rest { // ascending, so each list is
		l := assign[i]
		x.items[fill[l]] = i
		fill[l]++
	}
	return x, ctx.Err()
}

// headShare is the share of the items, by greatest norm, that an index
// scores for every query (one in headShare).
const headShare = 50

// splitHead returns the rows of v of greatest norm, one in headShare, and
// the others, both ascending. The best items for most users are among
// those of great norm, spread over every direction, where lists of
// neighbours would need most lists searched to find them.
func splitHead(v dense32) (head, rest []int32) {
	norm := make([]float32, v.Rows)
	for i := range v.Rows {
		r := rowOf32(v, i)
		norm[i] = vek32.Dot(r, r)
	}
	top := selectTop(nil, norm, (v.Rows+headShare-1)/headShare, nil)
	inHead := make([]bool, v.Rows)
	for _, t := range top {
		inHead[t.item] = true
	}
	for i := range v.Rows {
		if inHead[i] {
			head = append(head, int32(i))
		} else {
			rest = append(rest, int32(i))
		}
	}
	return head, rest
}

// lift returns the rows of v with one more coordinate that gives the rows
// named by rows the greatest norm among them (the others are not used).
func lift(v dense32, rows []int32) dense32 {
	f := v.Cols
	out := dense32{Rows: v.Rows, Cols: f + 1, Stride: f + 1, Data: make([]float32, v.Rows*(f+1))}
	var top float64
	for _, i := range rows {
		r := rowOf32(v, int(i))
		top = max(top, float64(vek32.Dot(r, r)))
	}
	for _, i := range rows {
		r := rowOf32(v, int(i))
		o := rowOf32(out, int(i))
		copy(o, r)
		o[f] = float32(math.Sqrt(max(top-float64(vek32.Dot(r, r)), 0)))
	}
	return out
}

// nearestLists sets assign[i], for each row i of rows, to the centroid
// nearest to row i of v: the greatest x.c - |c|^2/2.
func nearestLists(v, cent dense32, rows []int, assign []int32) {
	half := make([]float32, cent.Rows)
	for l := range half {
		c := rowOf32(cent, l)
		half[l] = vek32.Dot(c, c) / 2
	}
	parallelRows(len(rows), func(lo, hi int) {
		s := make([]float32, cent.Rows)
		for _, i := range rows[lo:hi] {
			gemv32(cent, rowOf32(v, i), s)
			best, bestS := 0, float32(math.Inf(-1))
			for l, x := range s {
				if x -= half[l]; x > bestS {
					best, bestS = l, x
				}
			}
			assign[i] = int32(best)
		}
	})
}

// recentre moves every centroid to the mean of the sample rows assigned to
// it; a centroid left without rows restarts at a random sample row.
func recentre(v, cent dense32, sample []int, assign []int32, rng *rand.Rand) {
	sum := make([]float64, cent.Rows*cent.Cols)
	count := make([]int, cent.Rows)
	for _, i := range sample {
		l := int(assign[i])
		count[l]++
		for k, x := range rowOf32(v, i) {
			sum[l*cent.Cols+k] += float64(x)
		}
	}
	for l := range cent.Rows {
		c := rowOf32(cent, l)
		if count[l] == 0 {
			copy(c, rowOf32(v, sample[rng.IntN(len(sample))]))
			continue
		}
		for k := range c {
			c[k] = float32(sum[l*cent.Cols+k] / float64(count[l]))
		}
	}
}

// listOrder returns the index's k lists whose centroids score best for q,
// best first.
func (x *ivfIndex) listOrder(q []float32, k int) []int32 {
	s := make([]float32, x.lists())
	gemv32(x.cent, q, s)
	vek32.Sub_Inplace(s, x.half)
	top := selectTop(make([]ranked, 0, k), s, k, nil)
	out := make([]int32, len(top))
	for k, t := range top {
		out[k] = t.item
	}
	return out
}

// search returns the c items of v best for q among the head and the
// items of the index's best lists, best first. With a category filter f
// it keeps the category's items only, searching more lists, by catBoost
// times the share of the catalog the category leaves out, or scoring the
// category's items directly when they are fewer than the items those
// lists hold.
func (x *ivfIndex) search(v dense32, q []float32, c int, f *catFilter, buf *searchBuf) []ranked {
	buf.items, buf.s = buf.items[:0], buf.s[:0]
	probe, cat := x.probe, int32(-1)
	if f != nil {
		cat = f.cat
		probe = min(x.lists(), int(math.Ceil(float64(probe)*x.catBoost*float64(v.Rows)/float64(max(len(f.items), 1)))))
		if scanned := len(x.head) + probe*len(x.items)/x.lists(); len(f.items) <= scanned {
			probe = x.lists() // every block's run of the category: all its items
		}
	}
	x.scan(0, cat, q, buf)
	if probe == x.lists() {
		for l := range probe {
			x.scan(l+1, cat, q, buf)
		}
	} else {
		for _, l := range x.listOrder(q, probe) {
			x.scan(int(l)+1, cat, q, buf)
		}
	}
	return bestAmong(buf.items, buf.s, c)
}

// bestAmong returns the c best of items by their scores s, best first,
// ties going to the lower item as in exact scoring.
func bestAmong(items []int32, s []float32, c int) []ranked {
	top := selectTop(make([]ranked, 0, min(c, len(s))), s, c, nil)
	for t := range top {
		top[t].item = items[top[t].item]
	}
	slices.SortStableFunc(top, func(a, b ranked) int {
		if better(a, b) {
			return -1
		}
		return 1
	})
	return top
}

// catFilter is the category a search keeps: the items of number cat by
// catOf, and those items ascending.
type catFilter struct {
	cat   int32
	catOf []int32
	items []int32
}

// scoreAmong returns the c best of the items by q . row of v, best first.
func scoreAmong(v dense32, q []float32, items []int32, c int) []ranked {
	s := make([]float32, len(items))
	for p, i := range items {
		s[p] = vek32.Dot(rowOf32(v, int(i)), q)
	}
	return bestAmong(items, s, c)
}

// writeRetrieval encodes the candidate indexes in component order.
func (m *Model) writeRetrieval(e *encoder) {
	var names []string
	for _, t := range m.comps {
		if m.retr[t.name] != nil {
			names = append(names, t.name)
		}
	}
	e.uvarint(uint64(len(names)))
	for _, name := range names {
		x := m.retr[name]
		e.str(name)
		e.uvarint(uint64(x.probe))
		e.f64(x.catBoost)
		e.uvarint(uint64(x.lists()))
		e.dense(x.cent)
		e.f32s(x.half)
		e.i32s(x.head)
		e.i32s(x.start)
		e.i32s(x.items)
	}
}

// readRetrieval decodes what writeRetrieval wrote and checks that every
// index fits its component: the width of its vectors, and every item in
// exactly one list.
func (m *Model) readRetrieval(d *decoder) {
	n := d.count(1)
	for range n {
		name := d.str()
		k := m.compIndex(name)
		var rt retriever
		if k >= 0 {
			rt, _ = m.comps[k].c.(retriever)
		}
		if d.err == nil && rt == nil {
			d.fail("retrieval for %q, which is not a trained retrieving component", name)
		}
		probe, boost := d.uvarint(), d.f64()
		lists := d.size(1 << 20)
		cent := d.dense(lists, maxFactors)
		x := &ivfIndex{cent: cent, half: d.f32s(), head: d.i32s(), start: d.i32s(), items: d.i32s(), probe: int(probe), catBoost: boost}
		if d.err != nil {
			return
		}
		if err := x.check(rt.vectors()); err != "" {
			d.fail("retrieval for %q: %s", name, err)
			return
		}
		if m.retr == nil {
			m.retr = map[string]*ivfIndex{}
		}
		m.retr[name] = x
	}
}

// check says what does not fit between the index and the item vectors v,
// "" when they fit.
func (x *ivfIndex) check(v dense32) string {
	l := x.lists()
	switch {
	case l == 0 || x.cent.Cols != v.Cols || len(x.half) != l:
		return fmt.Sprintf("%d centroids of width %d for vectors of width %d", l, x.cent.Cols, v.Cols)
	case x.probe < 1 || x.probe > l:
		return fmt.Sprintf("probe %d outside 1..%d", x.probe, l)
	case !(x.catBoost >= 1 && x.catBoost <= maxCatBoost):
		return fmt.Sprintf("category boost %g outside 1..%d", x.catBoost, maxCatBoost)
	case len(x.start) != l+1 || x.start[0] != 0 || int(x.start[l]) != len(x.items) || len(x.head)+len(x.items) != v.Rows:
		return "lists do not hold every item"
	}
	seen := make([]bool, v.Rows)
	once := func(items []int32) bool {
		for p, i := range items {
			if i < 0 || int(i) >= v.Rows || seen[i] || (p > 0 && i <= items[p-1]) {
				return false
			}
			seen[i] = true
		}
		return true
	}
	if !once(x.head) {
		return "head does not hold items once, ascending"
	}
	for k := range l {
		if x.start[k] > x.start[k+1] {
			return "lists out of order"
		}
		if !once(x.items[x.start[k]:x.start[k+1]]) {
			return "lists do not hold every item once, ascending"
		}
	}
	return ""
}

// compIndex returns the position of the component named name in m.comps,
// -1 when there is none.
func (m *Model) compIndex(name string) int {
	return slices.IndexFunc(m.comps, func(t trained) bool { return t.name == name })
}
