package abtest

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

const (
	// Alpha is the significance level of every test and one minus the
	// confidence level of every interval.
	Alpha = 0.05

	// Power is the probability of detecting the effect that NeededPerVariant
	// plans for.
	Power = 0.8
)

// Estimate is a point estimate with its 95% confidence interval.
type Estimate struct {
	Value float64 `json:"value"` // the point estimate
	Low   float64 `json:"low"`   // lower bound of the interval
	High  float64 `json:"high"`  // upper bound of the interval
}

// Comparison is a variant measured against its control.
type Comparison struct {
	// Difference is the variant's rate or mean minus the control's.
	Difference float64 `json:"difference"`
	// Relative is variant / control - 1 with its 95% confidence interval.
	Relative Estimate `json:"relative"`
	// PValue is the two-sided p-value of the hypothesis of no difference.
	PValue float64 `json:"p_value"`
	// Significant reports PValue < Alpha.
	Significant bool `json:"significant"`
	// NeededPerVariant is the number of trials or observations per variant
	// that a test at Alpha with Power needs to detect Difference.
	NeededPerVariant uint64 `json:"needed_per_variant"`
}

// noComparison is what a comparison without data to compare returns.
var noComparison = Comparison{PValue: 1}

// maxStudentsDF is where Student's t hands over to the normal
// distribution. Against scipy, gonum's 97.5% point of t is 1e-8 off at 1e8
// degrees of freedom and 3e-7 off at 1e9, while the normal's is 2.4e-8 off
// at 1e8 and shrinks as 1/df.
const maxStudentsDF = 1e8

var (
	zHalfAlpha = distuv.UnitNormal.Quantile(1 - Alpha/2)
	zPower     = distuv.UnitNormal.Quantile(Power)
)

// tHalfAlpha is the 1 - Alpha/2 quantile of Student's t with df degrees
// of freedom.
func tHalfAlpha(df float64) float64 {
	if df > maxStudentsDF {
		return zHalfAlpha
	}
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Quantile(1 - Alpha/2)
}

// normalPValue is the two-sided p-value of a standard normal statistic z.
func normalPValue(z float64) float64 {
	return 2 * distuv.UnitNormal.CDF(-math.Abs(z))
}

// studentsPValue is the two-sided p-value of a t statistic with df degrees
// of freedom.
func studentsPValue(t, df float64) float64 {
	if df > maxStudentsDF {
		return normalPValue(t)
	}
	return 2 * distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Survival(math.Abs(t))
}

// saturate replaces ±Inf with ±math.MaxFloat64, so that a bound which
// overflows still encodes to JSON.
func saturate(x float64) float64 {
	return math.Max(-math.MaxFloat64, math.Min(x, math.MaxFloat64))
}

// finite reports whether x is neither NaN nor ±Inf.
func finite(x float64) bool {
	return !math.IsNaN(x) && !math.IsInf(x, 0)
}

// ceilCount rounds a sample size up to a whole count: 0 for NaN or
// non-positive n, math.MaxUint64 for n beyond uint64.
func ceilCount(n float64) uint64 {
	switch {
	case !(n > 0):
		return 0
	case n >= 1<<64:
		return math.MaxUint64
	}
	return uint64(math.Ceil(n))
}
