// Package eval measures recommendation quality offline with the project's
// "holdout-v1" protocol (docs in the shared EVAL.md): a deterministic
// per-user temporal split, ranking of the whole item universe minus each
// user's training items, and precision, recall, NDCG and hit rate at k, plus
// catalog coverage and training time.
//
// It is the harness, not an independent oracle: the metric formulas
// (model.RankMetrics) and the ensemble weight search (model.TuneWeights) are
// the model package's own, the ones validation inside Train uses, so a
// mistake there would show in both places alike. The independent check is
// the numpy/scipy reference implementation of the protocol (refeval.py in
// the shared tools), whose figures EVAL.md lists; the popularity row must
// match them to 4 decimals.
//
// Caveat: the "popularity" row is the plain count of training pairs per item
// (no weights, no decay), as the protocol requires so that it checks the
// harness against reference figures; "trending" is the production
// time-decayed, type-weighted popularity.
package eval
