// Package abtest holds the statistics of shelf's A/B tests: pure functions
// from counts and sums to estimates, intervals, p-values and sample sizes.
// It does no I/O and keeps no state; the API layer turns the results into
// sentences.
//
// Every interval is a 95% interval, every test is two-sided at [Alpha], and
// every sample size is for [Power]. A variant is always compared against its
// control: differences are variant minus control, relative differences are
// variant / control - 1.
//
// No output is ever NaN or ±Inf, so results encode to JSON as they are.
// Where a quantity is undefined (no trials, a control mean of 0, fewer than
// two observations) the functions return the stand-ins their comments
// list: zeros for estimates, a p-value of 1 and Significant false for
// tests, and 0 for NeededPerVariant. A relative difference of rates with no
// successes on a side is computed with 0.5 added to every count (see
// CompareProportions). Bounds that would overflow saturate at
// ±math.MaxFloat64, and sample sizes at math.MaxUint64.
//
// Caveats:
//   - The p-values are for a single look at fixed sample sizes. Checking an
//     experiment repeatedly and stopping when it first turns significant
//     raises the false-positive rate far above Alpha; so does comparing many
//     variants or many metrics without a correction, which this package does
//     not apply.
//   - The tests are large-sample approximations (normal for proportions,
//     Welch's t for means, the delta method for relative differences). With
//     a handful of conversions or heavily skewed revenue their error rates
//     can differ noticeably from the nominal ones.
//   - NeededPerVariant plugs the observed effect back into the power
//     formula. It says roughly how much traffic an effect of this size
//     needs; it is not the power of the test already run, and an observed
//     effect is usually an overestimate of the true one.
//   - Mean and CompareMeans take sums and sums of squares, so the variance
//     comes from a difference of two large numbers: it loses about
//     log10(mean²/variance) of float64's 16 digits. Centre the values first
//     (for example subtract a typical order value) when the mean is large
//     against the spread.
//   - Above 1e8 degrees of freedom the normal distribution stands in for
//     Student's t, because gonum's t loses precision there (3e-7 in the
//     quantile at 1e9); there the two distributions' 97.5% points differ by
//     less than 3e-8 and their p-values by less than 4e-9.
package abtest
