package abtest_test

import (
	"math"
	"testing"

	"shelf/engine/abtest"
)

// checkEstimate fails t unless e is finite with Low <= Value <= High, up
// to a rounding slack.
func checkEstimate(t *testing.T, what string, e abtest.Estimate) {
	t.Helper()
	for _, x := range []float64{e.Value, e.Low, e.High} {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			t.Fatalf("%s = %+v, not finite", what, e)
		}
	}
	slack := 1e-12 * max(1, math.Abs(e.Value))
	if e.Low > e.Value+slack || e.Value > e.High+slack {
		t.Fatalf("%s = %+v, not ordered", what, e)
	}
}

// checkComparison fails t unless c is finite, its p-value is in [0, 1] and
// Significant agrees with it.
func checkComparison(t *testing.T, what string, c abtest.Comparison) {
	t.Helper()
	if math.IsNaN(c.Difference) || math.IsInf(c.Difference, 0) {
		t.Fatalf("%s.Difference = %g, not finite", what, c.Difference)
	}
	checkEstimate(t, what+".Relative", c.Relative)
	if !(c.PValue >= 0 && c.PValue <= 1) {
		t.Fatalf("%s.PValue = %g, outside [0, 1]", what, c.PValue)
	}
	if c.Significant != (c.PValue < abtest.Alpha) {
		t.Fatalf("%s.Significant = %v with p %g", what, c.Significant, c.PValue)
	}
}

func TestProportionEdges(t *testing.T) {
	const big = math.MaxUint64
	for _, c := range []struct {
		name      string
		x, n      uint64
		want      abtest.Estimate
		checkWant bool
	}{
		{name: "no trials", x: 0, n: 0, checkWant: true},
		{name: "successes without trials", x: 7, n: 0, checkWant: true},
		{name: "more successes than trials", x: 5, n: 3},
		{name: "none of a billion", x: 0, n: 1e9},
		{name: "all of a billion", x: 1e9, n: 1e9},
		{name: "largest counts", x: big, n: big},
		{name: "one of the largest", x: 1, n: big},
	} {
		got := abtest.Proportion(c.x, c.n)
		checkEstimate(t, c.name, got)
		if c.checkWant && got != c.want {
			t.Errorf("%s: Proportion(%d, %d) = %+v, want %+v", c.name, c.x, c.n, got, c.want)
		}
		if got.Low < 0 || got.High > 1 {
			t.Errorf("%s: Proportion(%d, %d) = %+v, outside [0, 1]", c.name, c.x, c.n, got)
		}
	}
	if got, want := abtest.Proportion(5, 3), abtest.Proportion(3, 3); got != want {
		t.Errorf("Proportion(5, 3) = %+v, want Proportion(3, 3) = %+v", got, want)
	}
	// Without the special case these bounds come out as 2.8e-17 and
	// 1 - 1.1e-16.
	if got := abtest.Proportion(0, 10); got.Low != 0 || got.Value != 0 {
		t.Errorf("Proportion(0, 10) = %+v, want Value and Low exactly 0", got)
	}
	if got := abtest.Proportion(13, 13); got.High != 1 || got.Value != 1 {
		t.Errorf("Proportion(13, 13) = %+v, want Value and High exactly 1", got)
	}
}

func TestCompareProportionsEdges(t *testing.T) {
	const big = math.MaxUint64
	none := abtest.Comparison{PValue: 1}
	for _, c := range []struct {
		name           string
		x1, n1, x2, n2 uint64
		check          func(abtest.Comparison) bool
	}{
		{"no variant trials", 0, 0, 5, 100, func(c abtest.Comparison) bool { return c == none }},
		{"no control trials", 5, 100, 3, 0, func(c abtest.Comparison) bool { return c == none }},
		{"no trials at all", 0, 0, 0, 0, func(c abtest.Comparison) bool { return c == none }},
		{"no successes", 0, 100, 0, 100, func(c abtest.Comparison) bool {
			return c.PValue == 1 && c.Difference == 0 && c.Relative.Value == 0 && c.NeededPerVariant == 0
		}},
		{"all successes", 100, 100, 50, 50, func(c abtest.Comparison) bool {
			return c.PValue == 1 && c.Relative == abtest.Estimate{} && c.NeededPerVariant == 0
		}},
		{"equal rates, different sizes", 30, 300, 50, 500, func(c abtest.Comparison) bool {
			return c.PValue == 1 && c.Difference == 0 && c.Relative.Value == 0 && c.NeededPerVariant == 0
		}},
		{"variant all, control none", 1000, 1000, 0, 1000, func(c abtest.Comparison) bool {
			return c.Significant && c.PValue < 1e-100 && c.Difference == 1 && c.Relative.Low > 100 && c.NeededPerVariant == 2
		}},
		{"variant none, control all", 0, 1000, 1000, 1000, func(c abtest.Comparison) bool {
			return c.Significant && c.Difference == -1 && c.Relative.Value > -1 && c.Relative.High < -0.99 && c.NeededPerVariant == 2
		}},
		{"single trials", 1, 1, 0, 1, func(c abtest.Comparison) bool { return !c.Significant && c.NeededPerVariant == 2 }},
		{"more successes than trials", 9, 5, 2, 5, func(c abtest.Comparison) bool {
			return c == abtest.CompareProportions(5, 5, 2, 5)
		}},
		{"a billion each, tiny difference", 123456789, 1e9, 123456790, 1e9, func(c abtest.Comparison) bool {
			return !c.Significant && c.PValue > 0.99 && c.NeededPerVariant > 1e15
		}},
		{"a billion each, clear difference", 101e6, 1e9, 100e6, 1e9, func(c abtest.Comparison) bool {
			return c.Significant && c.NeededPerVariant > 1e5 && c.NeededPerVariant < 2e6
		}},
		{"largest counts", big, big, big - 1, big, func(c abtest.Comparison) bool { return c.PValue == 1 }},
		{"one in the largest counts", 1, big, 2, big, func(c abtest.Comparison) bool {
			return !c.Significant && c.NeededPerVariant == math.MaxUint64
		}},
		{"largest against one", big, big, 0, 1, func(c abtest.Comparison) bool { return c.Difference == 1 }},
	} {
		got := abtest.CompareProportions(c.x1, c.n1, c.x2, c.n2)
		checkComparison(t, c.name, got)
		if !c.check(got) {
			t.Errorf("%s: CompareProportions(%d, %d, %d, %d) = %+v", c.name, c.x1, c.n1, c.x2, c.n2, got)
		}
	}
}

func TestMeanEdges(t *testing.T) {
	for _, c := range []struct {
		name   string
		sum, q float64
		n      uint64
		want   abtest.Estimate
	}{
		{"no observations", 0, 0, 0, abtest.Estimate{}},
		{"sums without observations", 3, 9, 0, abtest.Estimate{}},
		{"one observation", 4, 16, 1, abtest.Estimate{Value: 4, Low: 4, High: 4}},
		{"no spread", 15, 75, 3, abtest.Estimate{Value: 5, Low: 5, High: 5}},
		{"NaN sum", math.NaN(), 1, 3, abtest.Estimate{}},
		{"infinite squares", 1, math.Inf(1), 3, abtest.Estimate{}},
		{"square overflows", 1e300, 1e308, 2, abtest.Estimate{}},
	} {
		got := abtest.Mean(c.sum, c.q, c.n)
		checkEstimate(t, c.name, got)
		if !near(got.Value, c.want.Value, 1e-15, 0) || !near(got.Low, c.want.Low, 1e-15, 0) || !near(got.High, c.want.High, 1e-15, 0) {
			t.Errorf("%s: Mean(%g, %g, %d) = %+v, want %+v", c.name, c.sum, c.q, c.n, got, c.want)
		}
	}
	// Six orders of 0.70: rounding in the sums leaves sumSquares a hair
	// below sum²/n, which must come out as no spread, not as a NaN.
	if got := abtest.Mean(sums([]float64{0.7, 0.7, 0.7, 0.7, 0.7, 0.7})); got.Low != got.Value || got.High != got.Value || !near(got.Value, 0.7, 1e-15, 0) {
		t.Errorf("Mean of six 0.7 = %+v, want a zero-width interval at 0.7", got)
	}
	// A billion observations of mean 5 and variance 4 (sumSquares is
	// n·(variance·(n-1)/n + mean²)): the half width is t·2/sqrt(n), with
	// t = scipy.stats.t.ppf(0.975, 1e9-1). gonum's own t is 3e-7 off here.
	got := abtest.Mean(5e9, 4*(1e9-1)+25e9, 1e9)
	checkEstimate(t, "a billion", got)
	checkNear(t, "Mean of a billion, half width", got.High-got.Value, 1.959963986912325*2/math.Sqrt(1e9), 1e-8, 0)
}

func TestCompareMeansEdges(t *testing.T) {
	none := abtest.Comparison{PValue: 1}
	for _, c := range []struct {
		name    string
		variant [3]float64 // sum, sum of squares, n
		control [3]float64
		check   func(abtest.Comparison) bool
	}{
		{"no variant observations", [3]float64{0, 0, 0}, [3]float64{10, 60, 2}, func(c abtest.Comparison) bool { return c == none }},
		{"no control observations", [3]float64{10, 60, 2}, [3]float64{}, func(c abtest.Comparison) bool { return c == none }},
		{"NaN in the control", [3]float64{10, 60, 2}, [3]float64{math.NaN(), 1, 2}, func(c abtest.Comparison) bool { return c == none }},
		{"one observation each", [3]float64{6, 36, 1}, [3]float64{4, 16, 1}, func(c abtest.Comparison) bool {
			return c == abtest.Comparison{Difference: 2, Relative: abtest.Estimate{Value: 0.5, Low: 0.5, High: 0.5}, PValue: 1}
		}},
		{"one observation in the control", [3]float64{6, 20, 2}, [3]float64{4, 16, 1}, func(c abtest.Comparison) bool {
			return c.Difference == -1 && c.PValue == 1 && c.NeededPerVariant == 0
		}},
		{"no spread, equal means", [3]float64{15, 75, 3}, [3]float64{10, 50, 2}, func(c abtest.Comparison) bool {
			return c == abtest.Comparison{PValue: 1}
		}},
		{"no spread, different means", [3]float64{15, 75, 3}, [3]float64{6, 18, 2}, func(c abtest.Comparison) bool {
			return c.Difference == 2 && c.PValue == 0 && c.Significant && c.Relative == abtest.Estimate{Value: 2.0 / 3, Low: 2.0 / 3, High: 2.0 / 3} && c.NeededPerVariant == 0
		}},
		{"no spread in the control", [3]float64{15, 77, 3}, [3]float64{8, 32, 2}, func(c abtest.Comparison) bool {
			return c.PValue > 0 && c.PValue < 1 && c.NeededPerVariant > 0
		}},
		{"control mean 0", [3]float64{3, 5, 2}, [3]float64{0, 2, 2}, func(c abtest.Comparison) bool {
			return c.Relative == abtest.Estimate{} && c.Difference == 1.5 && c.PValue > 0
		}},
		{"equal samples", [3]float64{6, 14, 3}, [3]float64{6, 14, 3}, func(c abtest.Comparison) bool {
			return c.PValue == 1 && c.Difference == 0 && c.NeededPerVariant == 0
		}},
		{"means at the float limit", [3]float64{1.7e154, 1.5e308, 2}, [3]float64{-1.7e154, 1.5e308, 2}, func(c abtest.Comparison) bool {
			return c.Difference > 0
		}},
		{"ratio overflows, control without spread", [3]float64{2e10, 2e20, 2}, [3]float64{2e-300, 0, 2}, func(c abtest.Comparison) bool {
			return c.Relative.Value == math.MaxFloat64 && c.Relative.High == math.MaxFloat64
		}},
		{"tiny control mean", [3]float64{2, 2.5, 2}, [3]float64{2e-300, 1, 2}, func(c abtest.Comparison) bool {
			return near(c.Relative.Value, 1e300, 1e-15, 0) && c.Relative.Low == -math.MaxFloat64 && c.Relative.High == math.MaxFloat64
		}},
	} {
		got := abtest.CompareMeans(c.variant[0], c.variant[1], uint64(c.variant[2]), c.control[0], c.control[1], uint64(c.control[2]))
		checkComparison(t, c.name, got)
		if !c.check(got) {
			t.Errorf("%s: CompareMeans(%v, %v) = %+v", c.name, c.variant, c.control, got)
		}
	}
}
