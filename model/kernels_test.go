package model

import (
	"math"
	"math/rand/v2"
	"slices"
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

// TestSelectTop checks the heap selection against a full sort on scores
// that rise, fall, tie and scatter, with a filter.
func TestSelectTop(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, kind := range []string{"rising", "falling", "flat", "random"} {
		for _, size := range []int{5, 600, 5000} {
			scores := make([]float64, size)
			for i := range scores {
				switch kind {
				case "rising":
					scores[i] = float64(i) + rng.Float64()
				case "falling":
					scores[i] = -float64(i)
				case "flat":
					scores[i] = 1
				default:
					scores[i] = rng.Float64()
				}
			}
			keep := func(i int32) bool { return i%3 != 0 }
			for _, n := range []int{1, 10, 40} {
				got := topN(scores, n, keep)
				var want []ranked
				for i, s := range scores {
					if keep(int32(i)) {
						want = append(want, ranked{int32(i), s})
					}
				}
				slices.SortFunc(want, func(a, b ranked) int {
					if better(a, b) {
						return -1
					}
					return 1
				})
				want = want[:min(n, len(want))]
				if !slices.Equal(got, want) {
					t.Fatalf("%s, %d items, n %d: got %v, want %v", kind, size, n, got, want)
				}
			}
		}
	}
}
