package model

import (
	"runtime"
	"sync"
	"testing"
)

// SetTrainingWorkers bounds the goroutines parallelRows computes on.
func TestSetTrainingWorkersBoundsParallelRows(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("needs two CPUs")
	}
	defer SetTrainingWorkers(0)
	peak := func() int {
		var mu sync.Mutex
		running, top := 0, 0
		parallelRows(100_000, func(lo, hi int) {
			mu.Lock()
			running++
			top = max(top, running)
			mu.Unlock()
			s := 0
			for i := lo; i < hi; i++ {
				s += i
			}
			_ = s
			mu.Lock()
			running--
			mu.Unlock()
		})
		return top
	}
	SetTrainingWorkers(1)
	if got := peak(); got != 1 {
		t.Errorf("one training worker: %d chunks ran at once", got)
	}
	if workers() != 1 {
		t.Errorf("workers() = %d, want 1", workers())
	}
	SetTrainingWorkers(0)
	if workers() != runtime.GOMAXPROCS(0) {
		t.Errorf("workers() = %d, want GOMAXPROCS %d", workers(), runtime.GOMAXPROCS(0))
	}
}
