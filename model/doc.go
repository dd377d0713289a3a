// Package model turns a shop's interaction events into recommendations.
//
// It takes plain inputs (ids, event types, ratings, unix times, sessions
// and a catalog with texts) and knows nothing of HTTP or storage. Train
// builds an immutable *Model that any number of goroutines may read at
// once; callers retrain in the background and swap the new model in
// atomically, so serving never waits for training. MarshalBinary and
// UnmarshalModel persist a model (a versioned binary format, weights as
// float32) so that a restart serves at once.
//
// Components: time-decayed popularity ("popularity", always trained, serves
// unknown users), randomised truncated SVD ("cf"), implicit ALS solved by
// conjugate gradient ("mf"), EASE ("ease"), item-kNN ("knn", also behind
// Similar and the reasons) and BPR by single-threaded, seeded SGD ("bpr";
// weight 0 by default, so trained only when asked for). Recommend blends the personal components with
// Config.Weights after rescaling each one's scores to [0,1] per user. Each
// component reads a (user, item) pair's events through its Cell (binary,
// the strongest event's level, or a confidence saturating in the event
// count), so repeated views do not multiply a pair's weight. With
// Config.Validate (the default) Train first measures every component and
// the blend on a validation split carved from its input the EVAL.md way
// (Info.Validation; two folds for small shops) and, with Config.Tune (the
// default), tunes each component's cell and main knobs there within
// Config.TuneBudget, then the blend weights, and serves the best single
// component instead of the blend unless the blend beats it by 1%
// (Info.Blend, Info.Settings); the final model then trains on everything
// with what was chosen.
//
// Real time: FoldIn rebuilds one user's (or guest session's) state from
// their recent events without retraining: the history is re-weighted, the
// exclusion list updated, the ALS factors re-solved and the BPR factors
// refined by a few SGD steps against the fixed item factors; RecommendFor
// serves from that state.
//
// Besides: Similar (kNN plus content similarity), BoughtTogether (baskets
// of cart and purchase events), Profile (embedding and top categories),
// and a chance for new products (see ContentConfig).
//
// Caveats:
//   - Only items of the catalog (Input.Items) are ever recommended; events for
//     other items are ignored.
//   - User id 0 stands for anonymous (guest) traffic: its events count towards
//     popularity and baskets but it has no trained personal history; guest
//     sessions are served through FoldIn.
//   - Personal models use type and rating weights without time decay
//     unless Signals.CellHalfLifeDays is set (then once per pair, by its
//     last event); popularity decays by Signals.HalfLifeDays.
//   - Memory grows with the data: a trained model holds its weights as
//     float32, so ALS keeps 4*Factors bytes per user and item, BPR the same
//     plus an item bias, SVD 4*Components per item, EASE 4*n^2 bytes for
//     n = min(items, EASEConfig.MaxItems), kNN Neighbours cells (8 bytes)
//     per item; training computes in float64 and needs about twice that.
//     kNN training costs the sum over users of their history length squared.
//     Validation trains every component several times (once per setting
//     tried) on at most Config.ValidationUsers users, bounded by
//     Config.TuneBudget; on MovieLens 100K the whole Train takes about 4 s.
//   - Weights are rounded to float32 after training, so a model read back
//     from its file serves exactly what it served before.
//   - Scores are only comparable within one Model: retraining rescales them,
//     and a UserState is folded in again when served by a newer model.
package model
