package model

import "slices"

// ranked is a candidate item index with its score.
type ranked struct {
	item  int32
	score float64
}

// better orders by score descending, then by lower index (the catalog is
// sorted by id, so a lower index is a lower item id).
func better(a, b ranked) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	return a.item < b.item
}

// bestOf returns the k best of the candidate items with their scores
// (items unique), best first, ties by lower item, skipping scores <= 0.
// It sorts items in place. A selection heap keeps it O(n log k) where a
// full sort would cost O(n log n) on items with many candidates.
func bestOf(items []int32, score func(int32) float64, k int) []ranked {
	slices.Sort(items)
	s := make([]float64, len(items))
	for p, i := range items {
		s[p] = score(i)
	}
	top := topN(s, k, func(p int32) bool { return s[p] > 0 })
	for t := range top {
		top[t].item = items[top[t].item]
	}
	return top
}

// topN returns the n best items of scores, best first, among those keep
// accepts (keep nil accepts all).
func topN(scores []float64, n int, keep func(i int32) bool) []ranked {
	if n <= 0 {
		return nil
	}
	return selectTop(make([]ranked, 0, min(n, len(scores))), scores, n, keep)
}

// selectTop is topN building its answer in buf's storage. It keeps the n
// best so far in a heap with the worst at its root. Items come in index
// order, so an item with the root's score is never better than the root:
// one comparison with the root's score rules out nearly every item, and
// keep is only asked about the items that would enter.
func selectTop[S float32 | float64](buf []ranked, scores []S, n int, keep func(i int32) bool) []ranked {
	h := buf[:0]
	if n <= 0 {
		return h
	}
	var worst float64 // the root's score once the heap is full
	for i, v := range scores {
		s := float64(v)
		full := len(h) == n
		if full && !(s > worst) {
			continue
		}
		if keep != nil && !keep(int32(i)) {
			continue
		}
		r := ranked{int32(i), s}
		if full {
			h[0] = r
			siftDown(h, 0)
		} else {
			h = append(h, r)
			siftUp(h, len(h)-1)
		}
		if len(h) == n {
			worst = h[0].score
		}
	}
	slices.SortFunc(h, func(a, b ranked) int {
		if better(a, b) {
			return -1
		}
		return 1
	})
	return h
}

// siftUp restores the heap (worst at the root) after h[j] was added.
func siftUp(h []ranked, j int) {
	for j > 0 {
		p := (j - 1) / 2
		if !better(h[p], h[j]) {
			break
		}
		h[p], h[j] = h[j], h[p]
		j = p
	}
}

// siftDown restores the heap (worst at the root) after h[j] was replaced.
func siftDown(h []ranked, j int) {
	for {
		c := 2*j + 1
		if c >= len(h) {
			return
		}
		if c+1 < len(h) && better(h[c], h[c+1]) {
			c++ // the worse child
		}
		if !better(h[j], h[c]) {
			return
		}
		h[j], h[c] = h[c], h[j]
		j = c
	}
}
