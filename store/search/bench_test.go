package search

import (
	"runtime"
	"testing"
)

const benchDocs = 20000

// BenchmarkSearch measures one query of each kind, first page of 20 hits.
func BenchmarkSearch(b *testing.B) {
	ix := New() // built once: the sub-benchmarks below run in this call
	for _, d := range syntheticCatalog(benchDocs, 1) {
		ix.Put(d)
	}
	for _, q := range benchQueries() {
		b.Run(q.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				ix.Search(q.q, 0, 20)
			}
		})
	}
}

// BenchmarkBuild measures indexing 20,000 products one Put at a time, and
// reports the heap the finished index holds.
func BenchmarkBuild(b *testing.B) {
	docs := syntheticCatalog(benchDocs, 1)
	b.ReportAllocs()
	var ix *Index
	for b.Loop() {
		ix = New()
		for _, d := range docs {
			ix.Put(d)
		}
	}
	b.StopTimer()
	ix = nil
	heap := heapGrowth(func() any {
		ix := New()
		for _, d := range docs {
			ix.Put(d)
		}
		return ix
	})
	b.ReportMetric(float64(heap)/(1<<20), "MB-heap")
}

// heapGrowth returns how much live heap the value made by build holds.
func heapGrowth(build func() any) int64 {
	var before, after runtime.MemStats
	// Two collections: a dropped Index outlives the first through the
	// runtime's list of sync.Pools.
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&before)
	v := build()
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(v)
	return int64(after.HeapAlloc) - int64(before.HeapAlloc)
}
