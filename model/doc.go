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
// Config.Weights after rescaling each one's scores to [0,1] per user. With
// Config.Validate (the default) Train first measures every component and
// the blend on a validation split carved from its input the EVAL.md way
// (Info.Validation) and, with Config.Tune (the default), picks the blend
// weights there; the final model then trains on everything.
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
//   - Personal models use type and rating weights without time decay; only
//     popularity decays.
//   - Memory grows with the data: a trained model holds its weights as
//     float32, so ALS keeps 4*Factors bytes per user and item, BPR the same
//     plus an item bias, SVD 4*Components per item, EASE 4*n^2 bytes for
//     n = min(items, EASEConfig.MaxItems), kNN Neighbours cells (8 bytes)
//     per item; training computes in float64 and needs about twice that.
//     kNN training costs the sum over users of their history length squared.
//     Validation trains a second model on at most Config.ValidationUsers
//     users, which roughly adds half of the training time on large shops.
//   - Weights are rounded to float32 after training, so a model read back
//     from its file serves exactly what it served before.
//   - Scores are only comparable within one Model: retraining rescales them,
//     and a UserState is folded in again when served by a newer model.
package model
