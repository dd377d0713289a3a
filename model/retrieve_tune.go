package model

import (
	"context"
	"slices"
	"time"

	"github.com/viterin/vek/vek32"
)

// probeSample is how many shoppers choose an index's probe; as many others
// measure the recall it reaches.
const probeSample = 200

// buildRetrieval indexes the item vectors of every trained retriever when
// retrieval is on for the catalog's size, chooses each index's probe and
// returns what it measured.
func (m *Model) buildRetrieval(ctx context.Context) ([]RetrievalInfo, error) {
	m.retr = nil
	if !m.retrieves() {
		return nil, nil
	}
	var out []RetrievalInfo
	for k := range m.comps {
		if _, ok := m.comps[k].c.(retriever); !ok {
			continue
		}
		info, err := m.indexComponent(ctx, k)
		if err != nil {
			return nil, err
		}
		out = append(out, info)
	}
	return out, ctx.Err()
}

// retrieves reports whether Config.Retrieval asks for candidate indexes
// on a catalog of this size.
func (m *Model) retrieves() bool {
	cfg := m.cfg.Retrieval
	return cfg.MinItems > 0 && len(m.items) >= cfg.MinItems && cfg.Candidates > 0
}

// indexComponent builds the candidate index of component k, a retriever,
// into m.retr (a map of m's own) and returns what it measured.
func (m *Model) indexComponent(ctx context.Context, k int) (RetrievalInfo, error) {
	t := m.comps[k]
	rt := t.c.(retriever)
	start := time.Now()
	x, err := buildIVF(ctx, rt.vectors(), uint64(k)+1)
	if err != nil {
		return RetrievalInfo{}, err
	}
	x.prepare(rt.vectors(), m.catOf, len(m.catID))
	info := m.tuneProbe(t, rt, x)
	info.TookMS = float64(time.Since(start).Microseconds()) / 1000
	if m.retr == nil {
		m.retr = map[string]*ivfIndex{}
	}
	m.retr[t.name] = x
	return info, nil
}

// queryWith returns r's query vector for retriever t, through t's cell and
// recency as scoreWith reads r.
func (m *Model) queryWith(t trained, r *userRow) []float32 {
	rt, ok := t.c.(retriever)
	if !ok {
		return nil
	}
	return rt.query(recencyRow(cellRow(r, m.cfg.Cells.of(t.name)), recencyOf(t.name, m.cfg)))
}

// sampleQueries returns the query vectors of up to n shoppers spread evenly
// over the users, leaving out those the component gives no vector or a
// zero one.
func (m *Model) sampleQueries(t trained, n int) [][]float32 {
	var out [][]float32
	users := len(m.userIDs)
	step := max(users/(2*n), 1)
	for u := 0; u < users && len(out) < n; u += step {
		q := m.queryWith(t, m.trainedRow(u))
		if q != nil && vek32.Dot(q, q) > 0 {
			out = append(out, slices.Clone(q))
		}
	}
	return out
}

// tuneProbe sets x.probe to the fewest lists that find cfg.Recall of the
// exact best cfg.Candidates items on the first half of a sample of
// shoppers, and measures the recall reached on the other half, overall
// and within the largest category.
func (m *Model) tuneProbe(t trained, rt retriever, x *ivfIndex) RetrievalInfo {
	cfg := m.cfg.Retrieval
	v := rt.vectors()
	c := cfg.Candidates
	queries := m.sampleQueries(t, 2*probeSample)
	choose, measure := queries[:len(queries)/2], queries[len(queries)/2:]
	listOf := make([]int32, v.Rows)
	for _, i := range x.head {
		listOf[i] = -1 // always searched
	}
	for l := range x.lists() {
		for _, i := range x.items[x.start[l]:x.start[l+1]] {
			listOf[i] = int32(l)
		}
	}
	all := make([]int32, v.Rows)
	for i := range all {
		all[i] = int32(i)
	}
	// found[p] sums, over the choosing queries, the share of the exact best
	// items in the list ranked p for that query.
	found := make([]float64, x.lists()+1)
	for _, q := range choose {
		exact := scoreAmong(v, q, all, c)
		rank := make([]int32, x.lists())
		for p, l := range x.listOrder(q, x.lists()) {
			rank[l] = int32(p)
		}
		for _, e := range exact {
			p := 0 // the head's items count with the first list's
			if l := listOf[e.item]; l >= 0 {
				p = int(rank[l])
			}
			found[p] += 1 / float64(len(exact)*len(choose))
		}
	}
	x.probe = x.lists()
	sum := 0.0
	for p := range x.lists() {
		if sum += found[p]; sum >= cfg.Recall-1e-9 {
			x.probe = p + 1
			break
		}
	}
	cat := m.largestCategory()
	f := &catFilter{cat: m.catID[cat], catOf: m.catOf, items: m.catItems(m.catID[cat])}
	x.tuneCatBoost(v, choose, c, f, cfg.Recall)
	info := RetrievalInfo{Component: t.name, Lists: x.lists(), Probe: x.probe, Head: len(x.head), Candidates: c, Queries: len(measure), Category: cat}
	var buf searchBuf
	for _, q := range measure {
		info.Recall += recallOf(x.search(v, q, c, nil, &buf), scoreAmong(v, q, all, c))
		info.CategoryRecall += recallOf(x.search(v, q, c, f, &buf), scoreAmong(v, q, f.items, c))
	}
	if len(measure) > 0 {
		info.Recall = min(info.Recall/float64(len(measure)), 1)
		info.CategoryRecall = min(info.CategoryRecall/float64(len(measure)), 1)
	}
	return info
}

// maxCatBoost bounds ivfIndex.catBoost.
const maxCatBoost = 64

// tuneCatBoost raises x.catBoost by half at a time until searches within
// the category of f find recall of the exact best c items for queries, or
// score the category's items directly.
func (x *ivfIndex) tuneCatBoost(v dense32, queries [][]float32, c int, f *catFilter, recall float64) {
	exact := make([][]ranked, len(queries))
	for k, q := range queries {
		exact[k] = scoreAmong(v, q, f.items, c)
	}
	var buf searchBuf
	for x.catBoost = 1; x.catBoost*1.5 <= maxCatBoost; x.catBoost *= 1.5 {
		got := 0.0
		for k, q := range queries {
			got += recallOf(x.search(v, q, c, f, &buf), exact[k]) / float64(len(queries))
		}
		if got >= recall-1e-9 {
			return
		}
	}
}

// largestCategory returns the category with the most items (the first by
// name among equals).
func (m *Model) largestCategory() string {
	best := ""
	for c, items := range m.catOrder {
		if len(items) > len(m.catOrder[best]) || (len(items) == len(m.catOrder[best]) && c < best) {
			best = c
		}
	}
	return best
}

// recallOf is the share of exact's items that got holds.
func recallOf(got, exact []ranked) float64 {
	if len(exact) == 0 {
		return 1
	}
	in := make(map[int32]bool, len(got))
	for _, g := range got {
		in[g.item] = true
	}
	n := 0
	for _, e := range exact {
		if in[e.item] {
			n++
		}
	}
	return float64(n) / float64(len(exact))
}
