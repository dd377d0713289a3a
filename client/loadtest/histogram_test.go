package loadtest

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

func TestBucketRelativeError(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 100_000 {
		v := uint64(math.Exp(rng.Float64() * math.Log(float64(time.Hour))))
		i := bucketOf(v)
		if i < 0 || i >= numBuckets {
			t.Fatalf("bucketOf(%d) = %d, out of [0, %d)", v, i, numBuckets)
		}
		if v >= 1<<41 {
			continue // beyond the range: clamped, Max stays exact
		}
		mid := bucketMid(i)
		if rel := math.Abs(float64(mid)-float64(v)) / float64(v); rel > 1.0/256+1e-12 {
			t.Fatalf("value %d: bucket %d stands for %d, relative error %.4f over 1/256", v, i, mid, rel)
		}
	}
	// Buckets are ordered: a larger value never lands in a lower bucket.
	prev := 0
	for v := uint64(1); v < 1<<41; v = v*9/8 + 1 {
		if i := bucketOf(v); i < prev {
			t.Fatalf("bucketOf(%d) = %d below the previous %d", v, i, prev)
		} else {
			prev = i
		}
	}
}

func TestQuantilesAgainstExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	tests := []struct {
		name string
		draw func() time.Duration
	}{
		{"uniform 1-10ms", func() time.Duration { return time.Millisecond + time.Duration(rng.Int64N(int64(9*time.Millisecond))) }},
		{"lognormal around 200us", func() time.Duration {
			return time.Duration(200e3 * math.Exp(rng.NormFloat64()))
		}},
		{"bimodal 50us and 30ms", func() time.Duration {
			if rng.IntN(10) == 0 {
				return 30 * time.Millisecond
			}
			return 50 * time.Microsecond
		}},
		{"tiny values are exact", func() time.Duration { return time.Duration(rng.IntN(200)) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var h Histogram
			vals := make([]time.Duration, 20_000)
			for i := range vals {
				vals[i] = tc.draw()
				h.Record(vals[i])
			}
			slices.Sort(vals)
			for _, q := range []float64{0.01, 0.5, 0.9, 0.95, 0.99, 0.999, 1} {
				want := vals[int(math.Ceil(q*float64(len(vals))))-1]
				got := h.Quantile(q)
				if rel := math.Abs(float64(got-want)) / float64(max(want, 1)); rel > 0.004 && got != want {
					t.Errorf("q%.3f = %v, want %v (relative error %.4f over 0.4%%)", q, got, want, rel)
				}
			}
			if h.Max() != vals[len(vals)-1] {
				t.Errorf("Max = %v, want exactly %v", h.Max(), vals[len(vals)-1])
			}
			var sum time.Duration
			for _, v := range vals {
				sum += v
			}
			if want := sum / time.Duration(len(vals)); h.Mean() != want {
				t.Errorf("Mean = %v, want %v", h.Mean(), want)
			}
			if h.Count() != uint64(len(vals)) {
				t.Errorf("Count = %d, want %d", h.Count(), len(vals))
			}
		})
	}
}

func TestHistogramEdges(t *testing.T) {
	var h Histogram
	if h.Quantile(0.5) != 0 || h.Mean() != 0 || h.Max() != 0 {
		t.Fatalf("an empty histogram must report zeros")
	}
	h.Record(-time.Second) // a clock step backwards counts as zero
	h.Record(2 * time.Hour)
	if h.Quantile(0) != 0 {
		t.Errorf("Quantile(0) = %v, want 0", h.Quantile(0))
	}
	if h.Quantile(1) > 2*time.Hour || h.Max() != 2*time.Hour {
		t.Errorf("a value beyond the buckets: Quantile(1) = %v, Max = %v; want at most and exactly 2h", h.Quantile(1), h.Max())
	}
}

func BenchmarkHistogramRecord(b *testing.B) {
	var h Histogram
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		d := 137 * time.Microsecond
		for pb.Next() {
			h.Record(d)
			d = (d*7 + 3) % (50 * time.Millisecond)
		}
	})
}
