package model

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// trainingWorkers bounds the goroutines a training computes on; 0 means
// one per CPU (GOMAXPROCS).
var trainingWorkers atomic.Int32

// SetTrainingWorkers bounds, process-wide, how many goroutines training
// computes on (n <= 0: one per CPU). A server that trains in the
// background leaves a CPU to serving this way: the engine sets
// GOMAXPROCS-1 on machines of two CPUs or more. Serving itself never
// computes in parallel.
func SetTrainingWorkers(n int) { trainingWorkers.Store(int32(max(n, 0))) }

// workers is how many goroutines a training may compute on.
func workers() int {
	if n := int(trainingWorkers.Load()); n > 0 {
		return min(n, runtime.GOMAXPROCS(0))
	}
	return runtime.GOMAXPROCS(0)
}

// parallelRows calls work(lo, hi) on contiguous chunks of [0, n) from
// workers() goroutines. Chunks are small enough to balance uneven rows.
func parallelRows(n int, work func(lo, hi int)) {
	workers := min(workers(), max(n/64, 1))
	if workers <= 1 {
		work(0, n)
		return
	}
	chunk := max(n/(workers*8), 16)
	next := make(chan int, (n+chunk-1)/chunk)
	for lo := 0; lo < n; lo += chunk {
		next <- lo
	}
	close(next)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for lo := range next {
				work(lo, min(lo+chunk, n))
			}
		})
	}
	wg.Wait()
}
