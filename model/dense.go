package model

import (
	"github.com/viterin/vek/vek32"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack/lapack64"
)

// dense is a row-major matrix, a thin wrapper over blas64.General.
type dense = blas64.General

// newDense returns a zero rows x cols matrix.
func newDense(rows, cols int) dense {
	return dense{Rows: rows, Cols: cols, Stride: cols, Data: make([]float64, rows*cols)}
}

// rowOf returns row i of d.
func rowOf(d dense, i int) []float64 { return d.Data[i*d.Stride : i*d.Stride+d.Cols] }

// mulSparseDense returns a*b for sparse a (r x n) and dense b (n x c).
func mulSparseDense(a *csr, b dense) dense {
	out := newDense(a.rows, b.Cols)
	for r := range a.rows {
		dst := rowOf(out, r)
		cols, vals := a.row(r)
		for k, c := range cols {
			axpy(vals[k], rowOf(b, int(c)), dst)
		}
	}
	return out
}

// axpy adds alpha*x to y (gonum's assembly kernel).
func axpy(alpha float64, x, y []float64) {
	blas64.Axpy(alpha, vec(x), vec(y[:len(x)]))
}

// dot returns the inner product of x and y (gonum's assembly kernel).
func dot(x, y []float64) float64 {
	return blas64.Dot(vec(x), vec(y[:len(x)]))
}

// dense32 is a row-major float32 matrix: the factors of a finished
// model. Serving multiplies the item factors by one vector per request,
// which float32 makes twice as cheap in bytes read as float64, and the
// model file stores float32 anyway. Training computes in float64 (dense)
// and rounds once when a component is done (toDense32); where a finished
// model computes in float64 (fold-in), it converts rows on the fly, which
// is exact.
type dense32 = blas32.General

// toDense32 returns d rounded to float32.
func toDense32(d dense) dense32 {
	out := dense32{Rows: d.Rows, Cols: d.Cols, Stride: d.Cols, Data: make([]float32, d.Rows*d.Cols)}
	for i := range d.Rows {
		for j, x := range rowOf(d, i) {
			out.Data[i*d.Cols+j] = float32(x)
		}
	}
	return out
}

// rowOf32 returns row i of d.
func rowOf32(d dense32, i int) []float32 { return d.Data[i*d.Stride : i*d.Stride+d.Cols] }

// widen sets dst to the float64 values of src (len(dst) >= len(src)) and
// returns dst[:len(src)].
func widen(dst []float64, src []float32) []float64 {
	dst = dst[:len(src)]
	for i, x := range src {
		dst[i] = float64(x)
	}
	return dst
}

// gemv32 sets dst to a*x: the score of every item for one user, the
// largest part of serving an uncached recommendation. viterin/vek's AVX2
// and FMA kernel (plain Go on processors without them) computed the
// 20,000 x 128 product 1.8 times as fast as gonum's SSE kernel on one
// core. It is called on blocks of rows small enough that vek keeps them on
// the calling goroutine: a server has other requests for the other cores.
func gemv32(a dense32, x, dst []float32) {
	dst = dst[:a.Rows]
	if a.Cols == 0 || a.Rows == 0 {
		clear(dst)
		return
	}
	if a.Stride != a.Cols || len(x) != a.Cols {
		blas32.Gemv(blas.NoTrans, 1, a, blas32.Vector{N: len(x), Inc: 1, Data: x}, 0, blas32.Vector{N: a.Rows, Inc: 1, Data: dst})
		return
	}
	rows := max(4, gemvBlock/a.Cols)
	for lo := 0; lo < a.Rows; lo += rows {
		hi := min(a.Rows, lo+rows)
		vek32.MatMul_Into(dst[lo:hi], a.Data[lo*a.Cols:hi*a.Cols], x, a.Cols)
	}
}

// gemvBlock is how many matrix values gemv32 hands vek at once: below the
// 100,000 from which vek splits a product across goroutines.
const gemvBlock = 64 << 10

// vec views s as a unit-stride blas vector.
func vec(s []float64) blas64.Vector { return blas64.Vector{N: len(s), Inc: 1, Data: s} }

// orthonormalize replaces the columns of a (rows >= cols) by an orthonormal
// basis of their span, via Householder QR (LAPACK geqrf + orgqr).
func orthonormalize(a dense) {
	tau := make([]float64, a.Cols)
	work := []float64{0}
	lapack64.Geqrf(a, tau, work, -1) // workspace queries
	n := int(work[0])
	lapack64.Orgqr(a, tau, work, -1)
	n = max(n, int(work[0]), a.Cols)
	work = make([]float64, n)
	lapack64.Geqrf(a, tau, work, n)
	lapack64.Orgqr(a, tau, work, n)
}
