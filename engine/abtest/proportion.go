package abtest

import "math"

// Proportion is the rate successes/trials with its 95% Wilson score
// interval. Zero trials give the zero Estimate; successes beyond trials
// count as trials.
//
// Wilson's interval, unlike the textbook p ± z·sqrt(pq/n), stays inside
// [0, 1] and keeps a nonzero width at 0 or all successes.
func Proportion(successes, trials uint64) Estimate {
	if trials == 0 {
		return Estimate{}
	}
	x, n := float64(min(successes, trials)), float64(trials)
	low, high := wilson(x, n)
	return Estimate{Value: x / n, Low: low, High: high}
}

// wilson is the Wilson score interval of x successes in n > 0 trials.
func wilson(x, n float64) (low, high float64) {
	z := zHalfAlpha
	p := x / n
	shrink := 1 + z*z/n
	centre := (p + z*z/(2*n)) / shrink
	half := z / shrink * math.Sqrt(p*(1-p)/n+z*z/(4*n*n))
	low, high = max(0, centre-half), min(1, centre+half)
	// At 0 and n the bound is 0 or 1 exactly; rounding in centre - half
	// would otherwise leave a stray 1e-17.
	if x == 0 {
		low = 0
	}
	if x == n {
		high = 1
	}
	return low, high
}

// CompareProportions compares variant's x1 successes in n1 trials against
// control's x2 in n2.
//
//   - Difference is p1 - p2.
//   - Relative is p1/p2 - 1 with the Katz interval: the delta method on
//     log(p1/p2), whose standard error is sqrt(1/x1 - 1/n1 + 1/x2 - 1/n2).
//     When x1 or x2 is 0 the log is undefined, so Relative (value and
//     interval alike) is computed after adding 0.5 to every cell, that is
//     x+0.5 successes in n+1 trials on both sides (the Haldane–Anscombe
//     correction): Value is then finite and lies inside the interval, even
//     when the control has no successes.
//   - PValue is the pooled two-proportion z-test's (the same as a 2×2
//     chi-squared test without continuity correction); it is 1 when the
//     pooled rate is 0 or 1, since then both rates are equal.
//   - NeededPerVariant is the per-variant trials for the observed p1 and p2:
//     (z_{α/2}·sqrt(2·p̄·q̄) + z_β·sqrt(p1·q1 + p2·q2))² / (p1 - p2)², p̄ the
//     mean of p1 and p2, rounded up; 0 when p1 = p2.
//
// With no trials on either side the result has PValue 1 and zeros
// elsewhere. Successes beyond trials count as trials.
func CompareProportions(x1, n1, x2, n2 uint64) Comparison {
	if n1 == 0 || n2 == 0 {
		return noComparison
	}
	// Sums of counts are taken in float64, where they cannot overflow.
	fx1, fn1 := float64(min(x1, n1)), float64(n1)
	fx2, fn2 := float64(min(x2, n2)), float64(n2)
	p1, p2 := fx1/fn1, fx2/fn2

	c := Comparison{
		Difference:       p1 - p2,
		Relative:         relativeRate(fx1, fn1, fx2, fn2),
		PValue:           1,
		NeededPerVariant: neededForRates(p1, p2),
	}
	pooled := (fx1 + fx2) / (fn1 + fn2)
	if se := math.Sqrt(pooled * (1 - pooled) * (1/fn1 + 1/fn2)); se > 0 {
		c.PValue = normalPValue((p1 - p2) / se)
	}
	c.Significant = c.PValue < Alpha
	return c
}

// relativeRate is p1/p2 - 1 with its Katz log interval; see
// CompareProportions for the correction at zero successes.
func relativeRate(x1, n1, x2, n2 float64) Estimate {
	if x1 == 0 || x2 == 0 {
		x1, n1, x2, n2 = x1+0.5, n1+1, x2+0.5, n2+1
	}
	p1, p2 := x1/n1, x2/n2
	logRatio := math.Log(p1 / p2)
	half := zHalfAlpha * math.Sqrt(1/x1-1/n1+1/x2-1/n2)
	return Estimate{
		Value: (p1 - p2) / p2,
		Low:   math.Expm1(logRatio - half),
		High:  math.Expm1(logRatio + half),
	}
}

// neededForRates is the per-variant sample size that detects rates p1 and
// p2 apart: Fleiss's formula for equal groups without continuity
// correction (Fleiss, Levin and Paik, Statistical Methods for Rates and
// Proportions).
func neededForRates(p1, p2 float64) uint64 {
	d := p1 - p2
	if d == 0 {
		return 0
	}
	pbar := (p1 + p2) / 2
	a := zHalfAlpha*math.Sqrt(2*pbar*(1-pbar)) + zPower*math.Sqrt(p1*(1-p1)+p2*(1-p2))
	return ceilCount((a / d) * (a / d))
}
