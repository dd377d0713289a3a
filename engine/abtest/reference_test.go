package abtest_test

import (
	"fmt"
	"math"
	"testing"

	"shelf/engine/abtest"
)

// The reference values below come from scipy 1.10.1 and numpy 1.24.2 with
// this script (run it with python3 and paste its output into the tables).
// Each formula is cross-checked in the script against an independent scipy
// routine: the z-test p-value against chi2_contingency without correction,
// the Katz interval against scipy.stats.contingency.relative_risk, and
// Welch's p-value against ttest_ind(equal_var=False); the t intervals of
// the means come from scipy.stats.t.interval.
//
//	import math
//	import numpy as np
//	from scipy import stats
//	from scipy.stats.contingency import relative_risk
//
//	z = stats.norm.ppf(0.975)
//	zb = stats.norm.ppf(0.8)
//
//	def wilson(x, n):
//	    p = x / n
//	    d = 1 + z*z/n
//	    c = (p + z*z/(2*n)) / d
//	    h = z/d * math.sqrt(p*(1-p)/n + z*z/(4*n*n))
//	    return max(0, c-h), min(1, c+h)
//
//	print("// Proportion")
//	for x, n in [(81, 263), (15, 148), (0, 20), (1, 29), (29, 29), (1, 1), (500, 1000), (3, 10**9), (123456789, 10**9)]:
//	    lo, hi = wilson(x, n)
//	    print(f"{{{x}, {n}, {x/n!r}, {lo!r}, {hi!r}}},")
//
//	print("// CompareProportions")
//	for x1, n1, x2, n2 in [(120, 1000, 100, 1000), (530, 10000, 500, 10000), (45, 300, 30, 310),
//	                       (5, 50, 12, 48), (200000, 10**6, 199000, 10**6), (0, 100, 5, 100),
//	                       (5, 100, 0, 100), (100, 100, 90, 100), (50, 100, 50, 100)]:
//	    p1, p2 = x1/n1, x2/n2
//	    pooled = (x1+x2)/(n1+n2)
//	    se = math.sqrt(pooled*(1-pooled)*(1/n1+1/n2))
//	    pv = 2*stats.norm.sf(abs(p1-p2)/se)
//	    chi = stats.chi2_contingency([[x1, n1-x1], [x2, n2-x2]], correction=False)[1]
//	    assert abs(pv-chi) <= 1e-9*pv, (pv, chi)
//	    a, b, c, d = x1, n1, x2, n2
//	    if x1 == 0 or x2 == 0:
//	        a, b, c, d = a+0.5, b+1, c+0.5, d+1
//	    else:
//	        ci = relative_risk(x1, n1, x2, n2).confidence_interval(0.95)
//	    rr = (a/b)/(c/d)
//	    h = z*math.sqrt(1/a-1/b+1/c-1/d)
//	    lo, hi = rr*math.exp(-h)-1, rr*math.exp(h)-1
//	    if x1 and x2:
//	        assert abs(ci.low-1-lo) < 1e-12 and abs(ci.high-1-hi) < 1e-12, (ci, lo, hi)
//	    pb = (p1+p2)/2
//	    need = 0 if p1 == p2 else math.ceil((z*math.sqrt(2*pb*(1-pb)) + zb*math.sqrt(p1*(1-p1)+p2*(1-p2)))**2/(p1-p2)**2)
//	    print(f"{{{x1}, {n1}, {x2}, {n2}, {p1-p2!r}, {rr-1!r}, {lo!r}, {hi!r}, {pv!r}, {need}}},")
//
//	samples = {
//	    "basket": [12, 15, 9, 20, 14, 11, 17, 13, 16, 18, 10, 15],
//	    "basketCtl": [10, 12, 8, 14, 11, 9, 13, 10, 12, 11, 7, 13, 9, 10, 12],
//	    "revenue": [0, 0, 0, 25, 0, 40, 0, 0, 120, 0, 0, 15, 0, 0, 60, 0, 0, 0, 35, 0],
//	    "revenueCtl": [0, 0, 30, 0, 0, 0, 20, 0, 0, 0, 0, 45, 0, 0, 0, 10],
//	    "pair": [1, 2],
//	    "triple": [3, 5, 4],
//	}
//	print("// Mean")
//	for name, s in samples.items():
//	    a = np.array(s, dtype=float)
//	    lo, hi = stats.t.interval(0.95, len(a)-1, loc=a.mean(), scale=stats.sem(a))
//	    print(f"{{{name}, {a.mean()!r}, {lo!r}, {hi!r}}},")
//
//	def welch_from(m1, v1, n1, m2, v2, n2):
//	    e1, e2 = v1/n1, v2/n2
//	    se = math.sqrt(e1+e2)
//	    df = (e1+e2)**2/(e1**2/(n1-1)+e2**2/(n2-1))
//	    p = 2*stats.t.sf(abs(m1-m2)/se, df)
//	    r = m1/m2
//	    rse = math.sqrt(e1 + r*r*e2)/abs(m2)
//	    sp = ((n1-1)*v1+(n2-1)*v2)/(n1+n2-2)
//	    need = math.ceil(2*(z+zb)**2*sp/(m1-m2)**2)
//	    return m1-m2, r-1, r-1-z*rse, r-1+z*rse, p, need
//
//	print("// CompareMeans on samples")
//	for v, c in [("basket", "basketCtl"), ("revenue", "revenueCtl"), ("pair", "triple")]:
//	    a, b = np.array(samples[v], float), np.array(samples[c], float)
//	    res = welch_from(a.mean(), a.var(ddof=1), len(a), b.mean(), b.var(ddof=1), len(b))
//	    tt = stats.ttest_ind(a, b, equal_var=False)
//	    assert abs(tt.pvalue-res[4]) <= 1e-12*res[4], (tt.pvalue, res[4])
//	    print(f"{{{v}, {c}, " + ", ".join(repr(x) for x in res) + "},")
//
//	print("// CompareMeans on sums")
//	for s1, q1, n1, s2, q2, n2 in [(10.02e6, 2.504e8, 10**6, 10.0e6, 2.5e8, 10**6),
//	                               (5.001e9, 1.2501e11, 10**9, 5.0e9, 1.25e11, 10**9)]:
//	    m1, m2 = s1/n1, s2/n2
//	    v1, v2 = (q1-s1*m1)/(n1-1), (q2-s2*m2)/(n2-1)
//	    res = welch_from(m1, v1, n1, m2, v2, n2)
//	    print(f"{{{s1!r}, {q1!r}, {n1}, {s2!r}, {q2!r}, {n2}, " + ", ".join(repr(x) for x in res) + "},")

// near reports whether got is within rel·|want| + abs of want.
func near(got, want, rel, abs float64) bool {
	return math.Abs(got-want) <= rel*math.Abs(want)+abs
}

// checkNear fails t when got is not near want.
func checkNear(t *testing.T, what string, got, want, rel, abs float64) {
	t.Helper()
	if !near(got, want, rel, abs) {
		t.Errorf("%s = %.17g, want %.17g (rel %g, abs %g)", what, got, want, rel, abs)
	}
}

// Tolerances. Values computed by the same formula in the same order agree
// to a few ulps; the normal quantile and CDF of gonum and scipy agree to
// about 1e-15; gonum's Student's t to about 1e-10 at a million degrees of
// freedom. At a billion, where gonum's t is off by 1e-7, the package uses
// the normal distribution, which is within 1e-8 of scipy's t.
const (
	tolValue = 1e-12 // point estimates and interval bounds
	tolP     = 1e-9  // p-values from the normal or a small-df t
	tolBigDF = 1e-8  // p-values at a million to a billion df
)

// Samples for the means tests, integers so that their sums are exact.
var (
	basket     = []float64{12, 15, 9, 20, 14, 11, 17, 13, 16, 18, 10, 15}
	basketCtl  = []float64{10, 12, 8, 14, 11, 9, 13, 10, 12, 11, 7, 13, 9, 10, 12}
	revenue    = []float64{0, 0, 0, 25, 0, 40, 0, 0, 120, 0, 0, 15, 0, 0, 60, 0, 0, 0, 35, 0}
	revenueCtl = []float64{0, 0, 30, 0, 0, 0, 20, 0, 0, 0, 0, 45, 0, 0, 0, 10}
	pair       = []float64{1, 2}
	triple     = []float64{3, 5, 4}
)

// sums returns the sum, the sum of squares and the count of xs.
func sums(xs []float64) (sum, sumSquares float64, n uint64) {
	for _, x := range xs {
		sum += x
		sumSquares += x * x
	}
	return sum, sumSquares, uint64(len(xs))
}

func TestProportionReference(t *testing.T) {
	for _, c := range []struct {
		x, n             uint64
		value, low, high float64
	}{
		{81, 263, 0.30798479087452474, 0.2552885198782742, 0.36620957698280004},
		{15, 148, 0.10135135135135136, 0.0623863995307363, 0.16048724172330803},
		{0, 20, 0.0, 0, 0.16112515805281938},
		{1, 29, 0.034482758620689655, 0.006113214292762653, 0.17175521879320288},
		{29, 29, 1.0, 0.8830302015002593, 1},
		{1, 1, 1.0, 0.20654931437723745, 1},
		{500, 1000, 0.5, 0.4690696003681042, 0.5309303996318958},
		{3, 1000000000, 3e-09, 1.0202707288769236e-09, 8.821188054011642e-09},
		{123456789, 1000000000, 0.123456789, 0.12343640161927887, 0.12347717927367156},
	} {
		got := abtest.Proportion(c.x, c.n)
		what := func(field string) string { return fmt.Sprintf("Proportion(%d, %d).%s", c.x, c.n, field) }
		checkNear(t, what("Value"), got.Value, c.value, tolValue, 0)
		checkNear(t, what("Low"), got.Low, c.low, tolValue, 0)
		checkNear(t, what("High"), got.High, c.high, tolValue, 0)
	}
}

// TestProportionNewcombe checks the Wilson interval against the values
// Newcombe published to four decimals for the score method without
// continuity correction (Statistics in Medicine 17, 1998, 857–872), which
// were computed independently of scipy.
func TestProportionNewcombe(t *testing.T) {
	for _, c := range []struct {
		x, n      uint64
		low, high float64
	}{
		{81, 263, 0.2553, 0.3662},
		{15, 148, 0.0624, 0.1605},
		{0, 20, 0, 0.1611},
		{1, 29, 0.0061, 0.1718},
	} {
		got := abtest.Proportion(c.x, c.n)
		what := func(field string) string { return fmt.Sprintf("Proportion(%d, %d).%s", c.x, c.n, field) }
		checkNear(t, what("Low"), got.Low, c.low, 0, 5e-5)
		checkNear(t, what("High"), got.High, c.high, 0, 5e-5)
	}
}

func TestCompareProportionsReference(t *testing.T) {
	for _, c := range []struct {
		x1, n1, x2, n2                   uint64
		diff, rel, relLow, relHigh, pval float64
		needed                           uint64
	}{
		{120, 1000, 100, 1000, 0.01999999999999999, 0.19999999999999996, -0.06589424893700624, 0.5415813448973079, 0.1529177818639462, 3841},
		{530, 10000, 500, 10000, 0.0029999999999999957, 0.05999999999999983, -0.05893030027427315, 0.19396044769847642, 0.33715228991869806, 85199},
		{45, 300, 30, 310, 0.0532258064516129, 0.55, 0.004424033646285297, 1.391918073961636, 0.04535564081575662, 599},
		{5, 50, 12, 48, -0.15, -0.6, -0.8476326748916172, 0.05009390882322018, 0.0499499764547464, 100},
		{200000, 1000000, 199000, 1000000, 0.0010000000000000009, 0.005025125628140614, -0.000539626424569728, 0.010620860865604431, 0.0768224841076091, 2506928},
		{0, 100, 5, 100, -0.05, -0.9090909090909091, -0.9949064811173917, 0.6225448457913936, 0.023540058261177936, 152},
		{5, 100, 0, 100, 0.05, 10.0, -0.3836842152043868, 195.32792634075864, 0.023540058261177936, 152},
		{100, 100, 90, 100, 0.09999999999999998, 0.11111111111111116, 0.04084031577711489, 0.18612613531674338, 0.0011768659106247482, 74},
		{50, 100, 50, 100, 0.0, 0.0, -0.24208252012774112, 0.31940485152624043, 1.0, 0},
	} {
		got := abtest.CompareProportions(c.x1, c.n1, c.x2, c.n2)
		what := func(field string) string {
			return fmt.Sprintf("CompareProportions(%d, %d, %d, %d).%s", c.x1, c.n1, c.x2, c.n2, field)
		}
		checkNear(t, what("Difference"), got.Difference, c.diff, tolValue, 1e-15)
		checkNear(t, what("Relative.Value"), got.Relative.Value, c.rel, tolValue, 1e-15)
		checkNear(t, what("Relative.Low"), got.Relative.Low, c.relLow, tolValue, 1e-15)
		checkNear(t, what("Relative.High"), got.Relative.High, c.relHigh, tolValue, 1e-15)
		checkNear(t, what("PValue"), got.PValue, c.pval, tolP, 0)
		if got.Significant != (c.pval < 0.05) {
			t.Errorf("%s = %v for p %g", what("Significant"), got.Significant, c.pval)
		}
		if got.NeededPerVariant != c.needed {
			t.Errorf("%s = %d, want %d", what("NeededPerVariant"), got.NeededPerVariant, c.needed)
		}
	}
}

func TestMeanReference(t *testing.T) {
	for _, c := range []struct {
		xs               []float64
		value, low, high float64
	}{
		{basket, 14.166666666666666, 12.053586597875526, 16.279746735457806},
		{basketCtl, 10.733333333333333, 9.636369183810977, 11.830297482855688},
		{revenue, 14.75, 0.6180082527798323, 28.88199174722017},
		{revenueCtl, 6.5625, -0.6340197554797085, 13.75901975547971},
		{pair, 1.5, -4.853102368216048, 7.853102368216048},
		{triple, 4.0, 1.5158622881562471, 6.484137711843752},
	} {
		got := abtest.Mean(sums(c.xs))
		what := func(field string) string { return fmt.Sprintf("Mean(%v).%s", c.xs, field) }
		checkNear(t, what("Value"), got.Value, c.value, tolValue, 0)
		checkNear(t, what("Low"), got.Low, c.low, tolP, 0)
		checkNear(t, what("High"), got.High, c.high, tolP, 0)
	}
}

// meansCase is one row of the CompareMeans tables.
type meansCase struct {
	diff, rel, relLow, relHigh, pval float64
	needed                           uint64
}

// check compares got with the row; tol is the relative tolerance of the
// p-value.
func (c meansCase) check(t *testing.T, what string, got abtest.Comparison, tol float64) {
	t.Helper()
	checkNear(t, what+".Difference", got.Difference, c.diff, tolValue, 1e-15)
	checkNear(t, what+".Relative.Value", got.Relative.Value, c.rel, tolValue, 1e-15)
	checkNear(t, what+".Relative.Low", got.Relative.Low, c.relLow, tolValue, 1e-15)
	checkNear(t, what+".Relative.High", got.Relative.High, c.relHigh, tolValue, 1e-15)
	checkNear(t, what+".PValue", got.PValue, c.pval, tol, 0)
	if got.Significant != (c.pval < 0.05) {
		t.Errorf("%s.Significant = %v for p %g", what, got.Significant, c.pval)
	}
	if got.NeededPerVariant != c.needed {
		t.Errorf("%s.NeededPerVariant = %d, want %d", what, got.NeededPerVariant, c.needed)
	}
}

func TestCompareMeansSamples(t *testing.T) {
	for _, c := range []struct {
		variant, control []float64
		meansCase
	}{
		{basket, basketCtl, meansCase{3.4333333333333336, 0.3198757763975155, 0.10556360323418956, 0.5341879495608415, 0.005749059637697103, 10}},
		{revenue, revenueCtl, meansCase{8.1875, 1.2476190476190476, -1.786077679676486, 4.281315774914582, 0.28752559668698785, 139}},
		{pair, triple, meansCase{-2.5, -0.625, -0.8919776544246691, -0.3580223455753309, 0.049416256862577515, 3}},
	} {
		s1, q1, n1 := sums(c.variant)
		s2, q2, n2 := sums(c.control)
		got := abtest.CompareMeans(s1, q1, n1, s2, q2, n2)
		c.check(t, fmt.Sprintf("CompareMeans(%v, %v)", c.variant, c.control), got, tolP)
	}
}

// TestCompareMeansSums covers a million and a billion observations a side,
// given as sums: gonum's t at 2e6 degrees of freedom, then the normal
// stand-in at 2e9.
func TestCompareMeansSums(t *testing.T) {
	for _, c := range []struct {
		s1, q1 float64
		n1     uint64
		s2, q2 float64
		n2     uint64
		meansCase
	}{
		{10020000.0, 250400000.0, 1000000, 10000000.0, 250000000.0, 1000000, meansCase{0.019999999999999574, 0.0020000000000000018, -0.001398153093280027, 0.0053981530932800306, 0.24821313811751924, 5886658}},
		{5001000000.0, 125010000000.0, 1000000000, 5000000000.0, 125000000000.0, 1000000000, meansCase{0.001000000000000334, 0.00019999999999997797, 2.4677960907971676e-05, 0.0003753220390919843, 0.02534731849435709, 1569775941}},
	} {
		got := abtest.CompareMeans(c.s1, c.q1, c.n1, c.s2, c.q2, c.n2)
		c.check(t, fmt.Sprintf("CompareMeans(%g, %g, %d, %g, %g, %d)", c.s1, c.q1, c.n1, c.s2, c.q2, c.n2), got, tolBigDF)
	}
}
