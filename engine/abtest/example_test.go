package abtest_test

import (
	"fmt"

	"shelf/engine/abtest"
)

// A variant that shows new recommendations converts 120 of 1,000 shoppers,
// against 100 of 1,000 for the control: 20% better, but the interval is wide
// and the test is not significant; about 3,841 shoppers a side would detect
// a lift of this size.
func ExampleCompareProportions() {
	p := abtest.Proportion(100, 1000)
	fmt.Printf("control %.1f%% (95%% CI %.1f%% to %.1f%%)\n", 100*p.Value, 100*p.Low, 100*p.High)
	c := abtest.CompareProportions(120, 1000, 100, 1000)
	fmt.Printf("lift %+.1f%% (95%% CI %+.1f%% to %+.1f%%), p = %.3f, significant %v, needs %d a side\n",
		100*c.Relative.Value, 100*c.Relative.Low, 100*c.Relative.High, c.PValue, c.Significant, c.NeededPerVariant)
	// Output:
	// control 10.0% (95% CI 8.3% to 12.0%)
	// lift +20.0% (95% CI -6.6% to +54.2%), p = 0.153, significant false, needs 3841 a side
}

// Order values are summarized by their count, sum and sum of squares,
// which a counter can keep without storing the orders.
func ExampleCompareMeans() {
	variant := []float64{12, 15, 9, 20, 14, 11, 17, 13, 16, 18, 10, 15}
	control := []float64{10, 12, 8, 14, 11, 9, 13, 10, 12, 11, 7, 13, 9, 10, 12}
	summarize := func(xs []float64) (sum, sumSquares float64, n uint64) {
		for _, x := range xs {
			sum += x
			sumSquares += x * x
		}
		return sum, sumSquares, uint64(len(xs))
	}
	s1, q1, n1 := summarize(variant)
	s2, q2, n2 := summarize(control)
	m := abtest.Mean(s1, q1, n1)
	fmt.Printf("variant mean %.2f (%.2f to %.2f)\n", m.Value, m.Low, m.High)
	c := abtest.CompareMeans(s1, q1, n1, s2, q2, n2)
	fmt.Printf("difference %+.2f, lift %+.1f%% (%+.1f%% to %+.1f%%), p = %.4f, significant %v\n",
		c.Difference, 100*c.Relative.Value, 100*c.Relative.Low, 100*c.Relative.High, c.PValue, c.Significant)
	// Output:
	// variant mean 14.17 (12.05 to 16.28)
	// difference +3.43, lift +32.0% (+10.6% to +53.4%), p = 0.0057, significant true
}
