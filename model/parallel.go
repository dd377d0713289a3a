package model

import (
	"runtime"
	"sync"
)

// parallelRows calls work(lo, hi) on contiguous chunks of [0, n) from one
// goroutine per CPU. Chunks are small enough to balance uneven rows.
func parallelRows(n int, work func(lo, hi int)) {
	workers := min(runtime.GOMAXPROCS(0), max(n/64, 1))
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
