package abtest

import "math"

// Mean is the mean of n observations, given their sum and the sum of their
// squares, with its 95% Student's t interval.
//
// No observations, or sums that are NaN, infinite or whose squares
// overflow float64, give the zero Estimate. One observation, or a spread
// of zero, gives an interval of zero width at the mean.
func Mean(sum, sumSquares float64, n uint64) Estimate {
	m, ok := moments(sum, sumSquares, n)
	if !ok {
		return Estimate{}
	}
	if n < 2 {
		return Estimate{Value: m.mean, Low: m.mean, High: m.mean}
	}
	half := tHalfAlpha(m.n-1) * math.Sqrt(m.sqErr)
	return Estimate{Value: m.mean, Low: saturate(m.mean - half), High: saturate(m.mean + half)}
}

// CompareMeans compares the variant's n1 observations (sum1, sum of
// squares sq1) against the control's n2 (sum2, sq2) with Welch's t-test,
// which does not assume equal variances.
//
//   - Difference is mean1 - mean2.
//   - Relative is mean1/mean2 - 1 with a normal interval from the delta
//     method, se = sqrt(se1² + R²·se2²) / |mean2| where R = mean1/mean2 and
//     se1, se2 are the standard errors of the means; the two groups are
//     taken as independent. It is the zero Estimate when mean2 is 0.
//   - PValue is Welch's two-sided p-value, with Welch–Satterthwaite degrees
//     of freedom. With both variances 0 it is 1 for equal means and 0 for
//     different ones.
//   - NeededPerVariant is 2·(z_{α/2} + z_β)²·s²/d², rounded up, with s² the
//     pooled variance and d the observed difference; 0 when d or s² is 0.
//
// Inputs that Mean would turn into the zero Estimate, on either side, give
// PValue 1 and zeros elsewhere. With fewer than two observations on a side
// there is no variance to test against: Difference and Relative's Value are
// set, Relative's interval has zero width, PValue is 1 and NeededPerVariant
// is 0.
func CompareMeans(sum1, sq1 float64, n1 uint64, sum2, sq2 float64, n2 uint64) Comparison {
	a, okA := moments(sum1, sq1, n1)
	b, okB := moments(sum2, sq2, n2)
	if !okA || !okB {
		return noComparison
	}
	d := saturate(a.mean - b.mean)
	c := Comparison{Difference: d, PValue: 1}
	if n1 < 2 || n2 < 2 {
		if b.mean != 0 {
			r := saturate(d / b.mean)
			c.Relative = Estimate{Value: r, Low: r, High: r}
		}
		return c
	}
	c.Relative = relativeMean(a, b)
	se := math.Sqrt(a.sqErr + b.sqErr)
	switch {
	case se > 0:
		c.PValue = studentsPValue(d/se, welchDF(a, b))
	case se == 0 && d != 0:
		c.PValue = 0
	}
	c.Significant = c.PValue < Alpha
	c.NeededPerVariant = neededForMeans(a, b, d)
	return c
}

// sample is what moments derives from one group's sums.
type sample struct {
	n        float64 // observations
	mean     float64
	variance float64 // unbiased; 0 when n < 2
	sqErr    float64 // variance / n, the squared standard error of mean
}

// moments turns sums into a sample, or reports false when there are no
// observations or the sums are not usable (see Mean).
func moments(sum, sumSquares float64, n uint64) (sample, bool) {
	if n == 0 || !finite(sum) || !finite(sumSquares) {
		return sample{}, false
	}
	s := sample{n: float64(n), mean: sum / float64(n)}
	if n < 2 {
		return s, true
	}
	centred := sumSquares - sum*s.mean
	if !finite(centred) {
		return sample{}, false
	}
	// Rounding can leave a tiny negative for a spread of zero.
	s.variance = max(0, centred/(s.n-1))
	s.sqErr = s.variance / s.n
	return s, true
}

// welchDF is the Welch–Satterthwaite degrees of freedom,
// (e1 + e2)² / (e1²/(n1-1) + e2²/(n2-1)) with e the squared standard errors,
// written with the shares e/(e1+e2) so that nothing overflows or
// underflows. It needs e1 + e2 > 0.
func welchDF(a, b sample) float64 {
	total := a.sqErr + b.sqErr
	ra, rb := a.sqErr/total, b.sqErr/total
	return 1 / (ra*ra/(a.n-1) + rb*rb/(b.n-1))
}

// relativeMean is mean_a/mean_b - 1 with its delta-method interval.
func relativeMean(a, b sample) Estimate {
	if b.mean == 0 {
		return Estimate{}
	}
	// Saturated, so that an infinite ratio times a zero error is 0, not NaN.
	ratio := saturate(a.mean / b.mean)
	se := math.Hypot(math.Sqrt(a.sqErr), ratio*math.Sqrt(b.sqErr)) / math.Abs(b.mean)
	rel := saturate((a.mean - b.mean) / b.mean)
	half := zHalfAlpha * se
	return Estimate{Value: rel, Low: saturate(rel - half), High: saturate(rel + half)}
}

// neededForMeans is the per-variant sample size that detects a difference
// d with the pooled variance of a and b.
func neededForMeans(a, b sample, d float64) uint64 {
	if d == 0 {
		return 0
	}
	df := a.n + b.n - 2
	pooled := (a.n-1)/df*a.variance + (b.n-1)/df*b.variance
	k := zHalfAlpha + zPower
	s := math.Sqrt(pooled) / math.Abs(d)
	return ceilCount(2 * k * k * s * s)
}
