package search

import "slices"

// scratch holds the per-query buffers, reused through a sync.Pool so that a
// search allocates little. The per-document arrays are indexed by slot and
// are all zero between queries.
type scratch struct {
	tf       []float64 // weighted term frequency of the current query word
	score    []float64
	mask     []uint64 // which query words each document matched
	termDocs []uint32 // slots touched by the current query word
	docs     []uint32 // slots touched by any query word
	top      []candidate
	exps     []expansion
	found    []uint32
	seen     map[uint32]int // word -> index in exps, or -1 when rejected
}

func newScratch() *scratch { return &scratch{seen: map[uint32]int{}} }

// reset zeroes what the previous query touched and sizes the arrays for n
// slots.
func (sc *scratch) reset(n int) {
	for _, s := range sc.docs {
		if int(s) < len(sc.score) {
			sc.score[s], sc.mask[s] = 0, 0
		}
	}
	sc.docs = sc.docs[:0]
	if len(sc.score) < n {
		sc.tf = make([]float64, n)
		sc.score = make([]float64, n)
		sc.mask = make([]uint64, n)
	}
}

// add records that the current query word matches word w with quality q,
// keeping the best quality when w was already added.
func (sc *scratch) add(w uint32, q float64) {
	if i, ok := sc.seen[w]; ok && i >= 0 {
		sc.exps[i].quality = max(sc.exps[i].quality, q)
		return
	}
	sc.seen[w] = len(sc.exps)
	sc.exps = append(sc.exps, expansion{word: w, quality: q})
}

// candidate is a matching document while the best are selected.
type candidate struct {
	id    uint64
	score float64
	words int // query words matched
}

// better is the result order: more query words matched, then higher score,
// then lower id.
func better(a, b candidate) bool {
	if a.words != b.words {
		return a.words > b.words
	}
	if a.score != b.score {
		return a.score > b.score
	}
	return a.id < b.id
}

// pushTop keeps the k best candidates in h, a heap with the worst at the
// root, so that selecting a page costs O(total log k), not a full sort.
func pushTop(h []candidate, k int, c candidate) []candidate {
	if len(h) < k {
		h = append(h, c)
		for i := len(h) - 1; i > 0; {
			p := (i - 1) / 2
			if !better(h[p], h[i]) {
				break
			}
			h[p], h[i] = h[i], h[p]
			i = p
		}
		return h
	}
	if !better(c, h[0]) {
		return h
	}
	h[0] = c
	for i := 0; ; {
		worst, l, r := i, 2*i+1, 2*i+2
		if l < len(h) && better(h[worst], h[l]) {
			worst = l
		}
		if r < len(h) && better(h[worst], h[r]) {
			worst = r
		}
		if worst == i {
			return h
		}
		h[i], h[worst] = h[worst], h[i]
		i = worst
	}
}

// sortTop orders the selected candidates best first.
func sortTop(h []candidate) {
	slices.SortFunc(h, func(a, b candidate) int {
		switch {
		case better(a, b):
			return -1
		case better(b, a):
			return 1
		}
		return 0
	})
}
