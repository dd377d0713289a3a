package model

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestALSHalfSweepSolvesNormalEquations checks that with as many CG steps as
// factors, a half sweep solves each row's weighted least squares exactly,
// against a dense solve with gonum's Cholesky.
func TestALSHalfSweepSolvesNormalEquations(t *testing.T) {
	const users, items, f = 7, 30, 6
	rng := rand.New(rand.NewPCG(11, 11))
	a := randomCSR(users, items, func(r, c int) float64 {
		if rng.Float64() < 0.2 {
			return 0.5 + rng.Float64()
		}
		return 0
	})
	cfg := ALSConfig{Factors: f, Reg: 0.7, Alpha: 4, CGSteps: 4 * f}
	x, y := newDense(users, f), newDense(items, f)
	for i := range y.Data {
		y.Data[i] = rng.NormFloat64()
	}
	for i := range x.Data {
		x.Data[i] = rng.NormFloat64() // warm start far from the answer
	}
	alsHalfSweep(a, x, y, cfg)

	ym := mat.NewDense(items, f, y.Data)
	for u := range users {
		// A = Y^T C Y + reg I, b = Y^T C p, with C = 1 + alpha*w on stored cells.
		c := make([]float64, items)
		p := make([]float64, items)
		for i := range c {
			c[i] = 1
		}
		cols, vals := a.row(u)
		for k, col := range cols {
			c[col] = 1 + cfg.Alpha*vals[k]
			p[col] = 1
		}
		aa := mat.NewSymDense(f, nil)
		bb := mat.NewVecDense(f, nil)
		for i := range items {
			yi := ym.RawRowView(i)
			for r := range f {
				bb.SetVec(r, bb.AtVec(r)+c[i]*p[i]*yi[r])
				for s := r; s < f; s++ {
					aa.SetSym(r, s, aa.At(r, s)+c[i]*yi[r]*yi[s])
				}
			}
		}
		for r := range f {
			aa.SetSym(r, r, aa.At(r, r)+cfg.Reg)
		}
		var ch mat.Cholesky
		if !ch.Factorize(aa) {
			t.Fatal("reference system not positive definite")
		}
		var want mat.VecDense
		if err := ch.SolveVecTo(&want, bb); err != nil {
			t.Fatal(err)
		}
		got := rowOf(x, u)
		for r := range f {
			if math.Abs(got[r]-want.AtVec(r)) > 1e-8 {
				t.Fatalf("user %d factor %d = %v, want %v", u, r, got[r], want.AtVec(r))
			}
		}
	}
}

// TestALSHalfSweepBlocksShareNothing: rows solved in blocks that reuse one
// scratch (several full blocks and a short last one) get what each row
// solved alone with fresh memory gets.
func TestALSHalfSweepBlocksShareNothing(t *testing.T) {
	const users, items, f = 3*cgBlock + 17, 80, 8
	rng := rand.New(rand.NewPCG(12, 12))
	a := randomCSR(users, items, func(r, c int) float64 {
		if rng.Float64() < 0.1 {
			return 0.5 + rng.Float64()
		}
		return 0
	})
	cfg := ALSConfig{Factors: f, Reg: 0.3, Alpha: 2, CGSteps: 3}
	y := newDense(items, f)
	for i := range y.Data {
		y.Data[i] = rng.NormFloat64()
	}
	x := newDense(users, f)
	for i := range x.Data {
		x.Data[i] = rng.NormFloat64()
	}
	alone := newDense(users, f)
	copy(alone.Data, x.Data)
	alsHalfSweep(a, x, y, cfg)
	yty := gram(y, cfg.Reg)
	for u := range users {
		cgBlockRows(alone, y, yty, a, u, u+1, cfg, newCGScratch(f))
	}
	for i := range x.Data {
		if math.Abs(x.Data[i]-alone.Data[i]) > 1e-9*(1+math.Abs(alone.Data[i])) {
			t.Fatalf("row %d: %v in a block, %v alone", i/f, x.Data[i], alone.Data[i])
		}
	}
}
