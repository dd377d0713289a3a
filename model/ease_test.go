package model

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestEASEMatchesDenseFormula compares the weights with the closed form
// B = I - P diag(1/diag P), P = (X^T X + lambda I)^-1, computed densely by gonum.
func TestEASEMatchesDenseFormula(t *testing.T) {
	const users, items, lambda = 40, 12, 3.0
	rng := rand.New(rand.NewPCG(8, 8))
	x := mat.NewDense(users, items, nil)
	a := randomCSR(users, items, func(r, c int) float64 {
		if rng.Float64() < 0.3 {
			v := 0.5 + rng.Float64()
			x.Set(r, c, v)
			return v
		}
		return 0
	})
	m, err := trainDenseEASE(context.Background(), a, EASEConfig{Lambda: lambda})
	if err != nil {
		t.Fatal(err)
	}
	var g, p mat.Dense
	g.Mul(x.T(), x)
	for i := range items {
		g.Set(i, i, g.At(i, i)+lambda)
	}
	if err := p.Inverse(&g); err != nil {
		t.Fatal(err)
	}
	for i := range items {
		for j := range items {
			want := 0.0
			if i != j {
				want = -p.At(i, j) / p.At(j, j)
			}
			// The weights are kept as float32.
			if got := float64(m.b.Data[i*items+j]); math.Abs(got-want) > 1e-10+0x1p-24*math.Abs(want) {
				t.Fatalf("B[%d][%d] = %v, want %v", i, j, got, want)
			}
		}
	}
	// Scores are x_u B.
	dst := make([]float32, items)
	m.scoreUser(historyRow(a, 5), dst)
	for j := range items {
		var want, size float64
		for i := range items {
			want += x.At(5, i) * float64(m.b.Data[i*items+j])
			size += math.Abs(x.At(5, i) * float64(m.b.Data[i*items+j]))
		}
		// Scores are summed in float32.
		if math.Abs(float64(dst[j])-want) > 1e-6*size {
			t.Fatalf("score[%d] = %v, want %v", j, dst[j], want)
		}
	}
}

func TestEASEModelsOnlyTheBusiestItems(t *testing.T) {
	// Item 2 has 3 users, item 0 has 2, item 1 has 1; with MaxItems 2 item 1 is left out.
	a := newCSR(3, 3, []entry{{0, 0, 1}, {0, 2, 1}, {1, 0, 1}, {1, 2, 1}, {2, 1, 1}, {2, 2, 1}})
	m, err := trainDenseEASE(context.Background(), a, EASEConfig{Lambda: 1, MaxItems: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.items) != 2 || m.items[0] != 0 || m.items[1] != 2 || m.slot[1] != -1 {
		t.Fatalf("modelled items %v, slots %v", m.items, m.slot)
	}
	dst := []float32{9, 9, 9}
	m.scoreUser(historyRow(a, 2), dst)
	if dst[1] != 0 || dst[0] <= 0 {
		t.Errorf("scores %v: want item 1 at 0 and item 0 positive", dst)
	}
}

// TestSparseEASEMatchesDense checks sparse EASE against dense EASE where
// every pair of items shares a user, so that each item's neighbours are
// all the other items: EASE's columns are independent ridge regressions
// (B_-j,j = (G_-j,-j + lambda I)^-1 G_-j,j, which is -P_ij/P_jj), so the
// weights must agree.
func TestSparseEASEMatchesDense(t *testing.T) {
	const users, items = 60, 10
	rng := rand.New(rand.NewPCG(9, 9))
	a := randomCSR(users, items, func(r, c int) float64 {
		if rng.Float64() < 0.6 {
			return 0.5 + rng.Float64()
		}
		return 0
	})
	sc, err := trainEASE(context.Background(), a, EASEConfig{Lambda: 3, MaxItems: 5, Neighbours: items})
	if err != nil {
		t.Fatal(err)
	}
	sp, ok := sc.(*sparseEASE)
	if !ok {
		t.Fatalf("trainEASE above MaxItems gave %T, want sparse EASE", sc)
	}
	de, err := trainDenseEASE(context.Background(), a, EASEConfig{Lambda: 3})
	if err != nil {
		t.Fatal(err)
	}
	for i := range items {
		nb, w := sp.b.row(i)
		if len(nb) != items-1 {
			t.Fatalf("item %d is a neighbour of %d items, want %d", i, len(nb), items-1)
		}
		dense := rowOf32(de.b, i)
		for p, j := range nb {
			if d := float64(dense[j]); math.Abs(d-float64(w[p])) > 1e-5*max(math.Abs(d), 1e-2) {
				t.Errorf("B[%d][%d]: sparse %v, dense %v", i, j, w[p], d)
			}
		}
	}
}
