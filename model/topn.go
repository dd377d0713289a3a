package model

import (
	"container/heap"
	"slices"
)

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

// minHeap keeps the worst of the current top n at its root.
type minHeap []ranked

func (h minHeap) Len() int           { return len(h) }
func (h minHeap) Less(i, j int) bool { return better(h[j], h[i]) }
func (h minHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *minHeap) Push(x any)        { *h = append(*h, x.(ranked)) }
func (h *minHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
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
	h := make(minHeap, 0, n+1)
	for i, s := range scores {
		r := ranked{int32(i), s}
		if len(h) == n && !better(r, h[0]) {
			continue
		}
		if keep != nil && !keep(r.item) {
			continue
		}
		if len(h) < n {
			heap.Push(&h, r)
		} else {
			h[0] = r
			heap.Fix(&h, 0)
		}
	}
	out := make([]ranked, len(h))
	for i := len(h) - 1; i >= 0; i-- {
		out[i] = heap.Pop(&h).(ranked)
	}
	return out
}
