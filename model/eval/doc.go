// Package eval measures recommendation quality offline with the project's
// "holdout-v1" protocol (docs in the shared EVAL.md): a deterministic
// per-user temporal split, ranking of the whole item universe minus each
// user's training items, and precision, recall, NDCG and hit rate at k, plus
// catalog coverage and training time.
//
// Caveat: the "popularity" row is the plain count of training pairs per item
// (no weights, no decay), as the protocol requires so that it checks the
// harness against reference figures; "trending" is the production
// time-decayed, type-weighted popularity.
package eval
