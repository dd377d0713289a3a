package model

import (
	"context"
	"math"
	"slices"
)

// KNNConfig sets up item-kNN with shrunk cosine similarity behind the "knn"
// component, Similar and the "because you liked" reasons.
type KNNConfig struct {
	// Neighbours is how many most similar items each item keeps.
	Neighbours int
	// Shrink damps similarities resting on few common users:
	// sim = x_i.x_j / (|x_i| |x_j| + Shrink).
	Shrink float64
	// Recency, when > 0, is the half-life in items of the user's history
	// when scoring (not in training); see recencyRow.
	Recency float64
}

// DefaultKNNConfig keeps 200 neighbours without shrinkage, the best of the
// grid on a validation split of MovieLens 100K. Sparser shops may want a
// shrinkage of about 10.
func DefaultKNNConfig() KNNConfig { return KNNConfig{Neighbours: 200, Shrink: 0} }

// knnModel holds each item's neighbours as a sparse item x item matrix
// whose rows are sorted by neighbour index.
type knnModel struct {
	sim *csr32
}

// trainKNN computes every item's top neighbours from co-occurrences,
// touching only pairs of items that share a user.
func trainKNN(ctx context.Context, a *csr, cfg KNNConfig) (*knnModel, error) {
	at := a.transpose()
	norm := make([]float64, a.cols)
	for i := range a.cols {
		_, vals := at.row(i)
		norm[i] = math.Sqrt(dot(vals, vals))
	}
	sim := topCooccurring(ctx, a, at, max(cfg.Neighbours, 0), func(i int, j int32, g float64) float64 {
		return g / (norm[i]*norm[j] + cfg.Shrink)
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return &knnModel{sim: toCSR32(sim)}, nil
}

func (m *knnModel) scoreUser(r *userRow, dst []float32) {
	clear(dst)
	for k, i := range r.cols {
		nb, sims := m.sim.row(int(i))
		w := r.vals[k]
		for p, j := range nb {
			dst[j] = float32(float64(dst[j]) + w*float64(sims[p]))
		}
	}
}

// because returns the item of the user's history that contributes most to
// item j's score, and false when none does.
func (m *knnModel) because(r *userRow, j int32) (int32, bool) {
	best, bestScore := int32(-1), 0.0
	for k, i := range r.cols {
		nb, sims := m.sim.row(int(i))
		if p, ok := slices.BinarySearch(nb, j); ok && r.vals[k]*float64(sims[p]) > bestScore {
			best, bestScore = i, r.vals[k]*float64(sims[p])
		}
	}
	return best, best >= 0
}
