package model

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// randomCSR fills a rows x cols matrix densely from f, stored as CSR.
func randomCSR(rows, cols int, f func(r, c int) float64) *csr {
	var cells []entry
	for r := range rows {
		for c := range cols {
			if v := f(r, c); v != 0 {
				cells = append(cells, entry{int32(r), int32(c), v})
			}
		}
	}
	return newCSR(rows, cols, cells)
}

func TestSVDReconstructsLowRank(t *testing.T) {
	const rows, cols, rank = 60, 40, 5
	rng := rand.New(rand.NewPCG(3, 3))
	a, b := mat.NewDense(rows, rank, nil), mat.NewDense(rank, cols, nil)
	for _, m := range []*mat.Dense{a, b} {
		r, c := m.Dims()
		for i := range r {
			for j := range c {
				m.Set(i, j, rng.NormFloat64())
			}
		}
	}
	var full mat.Dense
	full.Mul(a, b)
	x := randomCSR(rows, cols, full.At)
	s, err := trainSVD(context.Background(), x, SVDConfig{Components: rank, Oversample: 5, PowerIters: 1, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	got := make([]float32, cols)
	for r := range rows {
		s.scoreUser(historyRow(x, r), got)
		for c := range cols {
			// V is kept in float32 and serving multiplies in float32.
			if math.Abs(float64(got[c])-full.At(r, c)) > 1e-5*(1+math.Abs(full.At(r, c))) {
				t.Fatalf("cell (%d,%d): reconstructed %v, want %v", r, c, got[c], full.At(r, c))
			}
		}
	}
}

// TestSVDMatchesExactSubspace compares the randomised right singular
// subspace with gonum's exact SVD on a sparse random matrix whose spectrum
// has a clear gap after the kept components.
func TestSVDMatchesExactSubspace(t *testing.T) {
	const rows, cols, k = 80, 50, 4
	rng := rand.New(rand.NewPCG(5, 5))
	strong := mat.NewDense(rows, cols, nil)
	for i := range rows {
		for j := range cols {
			if rng.Float64() < 0.3 || (i%k == j%k) {
				v := rng.Float64()
				if i%k == j%k {
					v += 3
				}
				strong.Set(i, j, v)
			}
		}
	}
	x := randomCSR(rows, cols, strong.At)
	s, err := trainSVD(context.Background(), x, SVDConfig{Components: k, Oversample: 10, PowerIters: 4, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	var exact mat.SVD
	if !exact.Factorize(strong, mat.SVDThin) {
		t.Fatal("reference SVD failed")
	}
	var v mat.Dense
	exact.VTo(&v)
	// The projectors V V^T of both bases must agree.
	for i := range cols {
		for j := range cols {
			var want float64
			for c := range k {
				want += v.At(i, c) * v.At(j, c)
			}
			vi, vj := make([]float64, k), make([]float64, k)
			got := dot(widen(vi, rowOf32(s.v, i)), widen(vj, rowOf32(s.v, j)))
			if math.Abs(got-want) > 1e-6 {
				t.Fatalf("projector (%d,%d) = %v, want %v", i, j, got, want)
			}
		}
	}
}
