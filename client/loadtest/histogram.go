package loadtest

import (
	"math"
	"math/bits"
	"sync/atomic"
	"time"
)

// The histogram keeps values (nanoseconds) exactly below 2^(subBits+1) and
// above that in buckets of 2^subBits per power of two, as HdrHistogram does:
// a bucket is at most 1/2^subBits of its lower bound wide, and reporting its
// midpoint bounds the relative error by 1/2^(subBits+1), 0.39% here.
const (
	subBits    = 7
	subCount   = 1 << subBits       // buckets per power of two
	exactBelow = 1 << (subBits + 1) // values below are their own bucket
	maxShift   = 40 - subBits       // up to 2^41 ns, about 36 minutes
	numBuckets = exactBelow + maxShift*subCount
)

// Histogram counts durations in fixed log-scaled buckets. It is safe for
// concurrent use: workers record into one shared histogram with atomic adds,
// which costs less than one request by orders of magnitude and keeps memory
// fixed whatever the concurrency.
type Histogram struct {
	counts [numBuckets]atomic.Uint64
	total  atomic.Uint64
	sum    atomic.Uint64 // nanoseconds; 2^64 ns is 584 years of latency
	max    atomic.Int64
}

// bucketOf returns the bucket index of v nanoseconds.
func bucketOf(v uint64) int {
	if v < exactBelow {
		return int(v)
	}
	shift := bits.Len64(v) - (subBits + 1)
	if shift > maxShift {
		return numBuckets - 1
	}
	top := v >> shift // in [subCount, 2*subCount)
	return exactBelow + (shift-1)*subCount + int(top-subCount)
}

// bucketMid returns the value that stands for bucket i: its midpoint.
func bucketMid(i int) uint64 {
	if i < exactBelow {
		return uint64(i)
	}
	j := i - exactBelow
	shift := j/subCount + 1
	low := uint64(subCount+j%subCount) << shift
	return low + (uint64(1)<<shift)/2
}

// Record adds one duration. Negative durations count as zero.
func (h *Histogram) Record(d time.Duration) {
	v := max(int64(d), 0)
	h.counts[bucketOf(uint64(v))].Add(1)
	h.total.Add(1)
	h.sum.Add(uint64(v))
	for {
		m := h.max.Load()
		if v <= m || h.max.CompareAndSwap(m, v) {
			return
		}
	}
}

// Count returns the number of recorded durations.
func (h *Histogram) Count() uint64 { return h.total.Load() }

// Max returns the largest recorded duration, exactly.
func (h *Histogram) Max() time.Duration { return time.Duration(h.max.Load()) }

// Mean returns the mean duration, or 0 when nothing was recorded.
func (h *Histogram) Mean() time.Duration {
	n := h.total.Load()
	if n == 0 {
		return 0
	}
	return time.Duration(h.sum.Load() / n)
}

// Quantile returns the duration below which a fraction q (0 to 1) of the
// recorded durations lie, by the nearest-rank method, to within the bucket
// error; it never exceeds Max. It is 0 when nothing was recorded.
func (h *Histogram) Quantile(q float64) time.Duration {
	n := h.total.Load()
	if n == 0 {
		return 0
	}
	rank := uint64(math.Ceil(q * float64(n))) // nearest rank, 1-based
	rank = min(max(rank, 1), n)
	var seen uint64
	for i := range h.counts {
		seen += h.counts[i].Load()
		if seen >= rank {
			return min(time.Duration(bucketMid(i)), h.Max())
		}
	}
	return h.Max()
}
