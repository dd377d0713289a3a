package model

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestGemv32 checks the vector kernel against a plain float64 product over
// shapes around its block size and SIMD widths, and a strided view.
func TestGemv32(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, shape := range [][2]int{{1, 1}, {3, 7}, {4, 8}, {17, 50}, {1000, 128}, {1027, 64}, {5000, 33}, {2, 0}} {
		rows, cols := shape[0], shape[1]
		for _, stride := range []int{cols, cols + 3} {
			a := dense32{Rows: rows, Cols: cols, Stride: stride, Data: make([]float32, rows*stride)}
			for i := range a.Data {
				a.Data[i] = rng.Float32()*2 - 1
			}
			x := make([]float32, cols)
			for i := range x {
				x[i] = rng.Float32()*2 - 1
			}
			dst := make([]float32, rows+5)
			for i := range dst {
				dst[i] = 42 // must be overwritten, not added to
			}
			gemv32(a, x, dst)
			for r := range rows {
				var want float64
				for c := range cols {
					want += float64(a.Data[r*stride+c]) * float64(x[c])
				}
				if got := float64(dst[r]); math.Abs(got-want) > 1e-4*(1+math.Abs(want)) {
					t.Fatalf("%dx%d stride %d: row %d = %v, want %v", rows, cols, stride, r, got, want)
				}
			}
			if dst[rows] != 42 {
				t.Fatalf("%dx%d: wrote past the rows", rows, cols)
			}
		}
	}
}
