package abtest_test

import (
	"math"
	"testing"

	"shelf/engine/abtest"
)

// FuzzCompareProportions checks that no counts give a NaN, an infinity, a
// p-value outside [0, 1] or an interval out of order, in the comparison or
// in either side's Proportion.
func FuzzCompareProportions(f *testing.F) {
	f.Add(uint64(120), uint64(1000), uint64(100), uint64(1000))
	f.Add(uint64(0), uint64(100), uint64(0), uint64(100))
	f.Add(uint64(5), uint64(3), uint64(0), uint64(0))
	f.Add(uint64(math.MaxUint64), uint64(math.MaxUint64), uint64(1), uint64(math.MaxUint64))
	f.Fuzz(func(t *testing.T, x1, n1, x2, n2 uint64) {
		checkComparison(t, "CompareProportions", abtest.CompareProportions(x1, n1, x2, n2))
		for _, e := range []abtest.Estimate{abtest.Proportion(x1, n1), abtest.Proportion(x2, n2)} {
			checkEstimate(t, "Proportion", e)
			if e.Low < 0 || e.High > 1 {
				t.Fatalf("Proportion = %+v, outside [0, 1]", e)
			}
		}
	})
}

// FuzzCompareMeans checks the same for any sums, NaN and infinities
// included.
func FuzzCompareMeans(f *testing.F) {
	f.Add(170.0, 2550.0, uint64(12), 161.0, 1799.0, uint64(15))
	f.Add(15.0, 75.0, uint64(3), 6.0, 18.0, uint64(2))
	f.Add(1e300, 1e308, uint64(2), -1e-300, 0.0, uint64(1))
	f.Fuzz(func(t *testing.T, s1, q1 float64, n1 uint64, s2, q2 float64, n2 uint64) {
		checkComparison(t, "CompareMeans", abtest.CompareMeans(s1, q1, n1, s2, q2, n2))
		checkEstimate(t, "Mean", abtest.Mean(s1, q1, n1))
		checkEstimate(t, "Mean", abtest.Mean(s2, q2, n2))
	})
}
