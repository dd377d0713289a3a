package model

import (
	"context"
	"fmt"
	"math/rand/v2"

	"gonum.org/v1/gonum/lapack"
	"gonum.org/v1/gonum/lapack/lapack64"
)

// SVDConfig sets up the randomised truncated SVD (Halko, Martinsson and
// Tropp 2011) behind the "cf" component.
type SVDConfig struct {
	// Components is the rank kept.
	Components int
	// Oversample is how many extra random directions sharpen the basis.
	Oversample int
	// PowerIters is the number of power iterations; each sharpens the decay
	// of the spectrum at the cost of two passes over the data.
	PowerIters int
	// Seed fixes the random projection so training is reproducible.
	Seed uint64
	// Recency, when > 0, is the half-life in items of the user's history
	// when scoring (not in training); see recencyRow.
	Recency float64
}

// DefaultSVDConfig keeps 32 components: on a validation split of MovieLens
// 100K they scored NDCG@10 0.1489 against 0.1382 for the original system's
// 50, and the served ensemble 0.1762 against 0.1760 (with 128 ALS factors),
// for less memory and time per request.
func DefaultSVDConfig() SVDConfig {
	return SVDConfig{Components: 32, Oversample: 10, PowerIters: 4, Seed: 1}
}

// svdModel scores a user by projecting the user's row onto the top right
// singular vectors: score = a_u V V^T, the row of the rank-k reconstruction.
type svdModel struct {
	v dense32 // items x k right singular vectors
}

// trainSVD factorises the user x item matrix a without ever forming it densely.
func trainSVD(ctx context.Context, a *csr, cfg SVDConfig) (*svdModel, error) {
	l := min(cfg.Components+cfg.Oversample, a.rows, a.cols)
	k := min(cfg.Components, l)
	if k <= 0 {
		return &svdModel{v: toDense32(newDense(a.cols, 0))}, nil
	}
	at := a.transpose()
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x5eed))
	omega := newDense(a.cols, l)
	for i := range omega.Data {
		omega.Data[i] = rng.NormFloat64()
	}
	y := mulSparseDense(a, omega) // users x l: the range finder
	orthonormalize(y)
	for range cfg.PowerIters {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		z := mulSparseDense(at, y)
		orthonormalize(z)
		y = mulSparseDense(a, z)
		orthonormalize(y)
	}
	// B = Y^T A is small (l x items); its transpose is A^T Y. The left
	// singular vectors of B^T are the right singular vectors of A.
	bt := mulSparseDense(at, y)
	u := newDense(bt.Rows, l)
	s := make([]float64, l)
	work := []float64{0}
	lapack64.Gesvd(lapack.SVDStore, lapack.SVDNone, bt, u, dense{Stride: 1}, s, work, -1)
	work = make([]float64, int(work[0]))
	if !lapack64.Gesvd(lapack.SVDStore, lapack.SVDNone, bt, u, dense{Stride: 1}, s, work, len(work)) {
		return nil, fmt.Errorf("model: svd did not converge")
	}
	v := newDense(a.cols, k)
	for i := range a.cols {
		copy(rowOf(v, i), rowOf(u, i)[:k])
	}
	return &svdModel{v: toDense32(v)}, ctx.Err()
}

func (m *svdModel) scoreUser(r *userRow, dst []float32) {
	q := m.query(r)
	if q == nil {
		clear(dst)
		return
	}
	gemv32(m.v, q, dst)
}

// query returns a_u V, the user's history in the latent space: computed
// in float64, as training computed it, on the rows of V widened exactly.
func (m *svdModel) query(r *userRow) []float32 {
	k := m.v.Cols
	if k == 0 {
		return nil
	}
	buf := make([]float64, 2*k)
	p, vi := buf[:k], buf[k:]
	for j, c := range r.cols {
		axpy(r.vals[j], widen(vi, rowOf32(m.v, int(c))), p)
	}
	return toFloat32(p)
}

func (m *svdModel) vectors() dense32 { return m.v }
