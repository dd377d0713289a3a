// Package model turns a shop's interaction events into recommendations.
//
// It takes plain inputs (ids, event types, ratings, unix times and a catalog)
// and knows nothing of HTTP or storage. Train builds an immutable *Model that
// any number of goroutines may read at once; callers retrain in the background
// and swap the new model in atomically, so serving never waits for training.
//
// Components: time-decayed popularity ("popularity", always trained, serves
// unknown users), randomised truncated SVD ("cf"), implicit ALS solved by
// conjugate gradient ("mf"), EASE ("ease") and item-kNN ("knn", also behind
// Similar and the reasons). Recommend blends the personal components with
// Config.Weights after rescaling each one's scores to [0,1] per user.
//
// Caveats:
//   - Only items of the catalog (Input.Items) are ever recommended; events for
//     other items are ignored.
//   - User id 0 stands for anonymous (guest) traffic: its events count towards
//     popularity but it has no personal history.
//   - Personal models use type and rating weights without time decay; only
//     popularity decays.
//   - Memory grows with the data: ALS keeps 8*Factors bytes per user and item,
//     EASE 8*n^2 bytes for n = min(items, EASEConfig.MaxItems), kNN
//     Neighbours cells per item; kNN training costs the sum over users of
//     their history length squared.
//   - Scores are only comparable within one Model: retraining rescales them.
package model
