package model

import (
	"context"
	"slices"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack/lapack64"
)

// Sparse EASE is EASE for catalogs beyond EASEConfig.MaxItems, where the
// dense item x item inverse no longer fits the time and memory budget.
// Each item j's column of B is the ridge regression of the item's column
// of the history on only its Neighbours items with the most co-occurrence
// (SLIM restricted to a neighbourhood, with EASE's L2 penalty instead of
// SLIM's elastic net): w = (G_NN + lambda I)^-1 G_Nj, where G is the Gram
// matrix X^T X. j is never among its neighbours, which is EASE's zero
// diagonal. Each solve is Neighbours^3/3 work, so training is linear in
// the catalog. G_NN is read from each neighbour's own top co-occurrences
// (sparseEASEKeep times Neighbours of them): a pair of neighbours found in
// neither list co-occurs rarely and counts 0.

// sparseEASEKeep is how many co-occurrences per Neighbours an item keeps
// for reading G_NN.
const sparseEASEKeep = 4

// sparseEASE scores user u as x_u B with B sparse: row i holds the items
// whose regression uses i, with i's weight.
type sparseEASE struct {
	b *csr32
}

// trainSparseEASE learns B column by column; see the comment above.
func trainSparseEASE(ctx context.Context, a *csr, cfg EASEConfig) (*sparseEASE, error) {
	k := max(cfg.Neighbours, 1)
	co, diag := cooccurrences(ctx, a, sparseEASEKeep*k)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	cols := make([][]entry, a.cols)
	parallelRows(a.cols, func(lo, hi int) {
		g := newDense(k, k)
		pos := make([]int32, a.cols) // item -> place among j's neighbours + 1
		for j := lo; j < hi; j++ {
			if ctx.Err() != nil {
				return
			}
			nb, gj := co.row(j)
			if len(nb) == 0 {
				continue
			}
			n := min(len(nb), k)
			order := topN(gj, n, nil) // the neighbours: most co-occurrence
			idx := make([]int32, n)
			rhs := newDense(n, 1)
			for p, r := range order {
				idx[p], rhs.Data[p] = nb[r.item], r.score
			}
			cols[j] = solveColumn(co, diag, idx, rhs, g, pos, cfg.Lambda, int32(j))
		}
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return &sparseEASE{b: toCSR32(newCSR(a.cols, a.cols, slices.Concat(cols...)))}, nil
}

// solveColumn solves (G_NN + lambda I) w = G_Nj for the neighbours idx of
// item j (rhs holds G_Nj and is overwritten) in g's storage and returns
// the column's cells (row: the neighbour, col: j). pos is all zero (one
// per catalog item) and left so.
func solveColumn(co *csr, diag []float64, idx []int32, rhs, g dense, pos []int32, lambda float64, j int32) []entry {
	n := len(idx)
	g = dense{Rows: n, Cols: n, Stride: n, Data: g.Data[:n*n]}
	clear(g.Data)
	for p, x := range idx {
		pos[x] = int32(p + 1)
	}
	// G_xy is in x's or y's list of co-occurrences, or counts 0: walking
	// every neighbour's list fills both triangles of what is known.
	for p, x := range idx {
		g.Data[p*n+p] = diag[x] + lambda
		nb, v := co.row(int(x))
		for r, y := range nb {
			if q := pos[y] - 1; q >= 0 {
				g.Data[p*n+int(q)], g.Data[int(q)*n+p] = v[r], v[r]
			}
		}
	}
	for _, x := range idx {
		pos[x] = 0
	}
	t, ok := lapack64.Potrf(blas64.Symmetric{Uplo: blas.Upper, N: n, Stride: n, Data: g.Data})
	if !ok {
		return nil // lambda > 0 makes this unreachable
	}
	lapack64.Potrs(t, rhs)
	out := make([]entry, 0, n)
	for p, x := range idx {
		if w := rhs.Data[p]; w != 0 {
			out = append(out, entry{x, j, w})
		}
	}
	return out
}

// cooccurrences returns each item's keep largest Gram entries with other
// items (rows sorted by item) and the Gram diagonal, touching only pairs of
// items that share a user.
func cooccurrences(ctx context.Context, a *csr, keep int) (*csr, []float64) {
	at := a.transpose()
	diag := make([]float64, a.cols)
	for i := range a.cols {
		_, wu := at.row(i)
		diag[i] = dot(wu, wu)
	}
	return topCooccurring(ctx, a, at, keep, func(_ int, _ int32, g float64) float64 { return g }), diag
}

// topCooccurring returns, for each item i, the keep items j it shares
// users with that score best by score(i, j, the Gram entry of i and j),
// as a sparse item x item matrix of those scores, touching only pairs of
// items that share a user; at is a transposed. Cancelled by ctx, it
// returns what it has (the caller checks ctx).
func topCooccurring(ctx context.Context, a, at *csr, keep int, score func(i int, j int32, g float64) float64) *csr {
	rows := make([][]entry, a.cols)
	parallelRows(a.cols, func(lo, hi int) {
		acc := make([]float64, a.cols)
		mark := make([]bool, a.cols)
		var touched []int32
		for i := lo; i < hi; i++ {
			if ctx.Err() != nil {
				return
			}
			touched = touched[:0]
			users, wu := at.row(i)
			for p, u := range users {
				cols, vals := a.row(int(u))
				for q, j := range cols {
					if int(j) == i {
						continue
					}
					if !mark[j] {
						mark[j] = true
						touched = append(touched, j)
					}
					acc[j] += wu[p] * vals[q]
				}
			}
			top := bestOf(touched, func(j int32) float64 { return score(i, j, acc[j]) }, keep)
			for _, j := range touched {
				acc[j], mark[j] = 0, false
			}
			row := make([]entry, len(top))
			for n, c := range top {
				row[n] = entry{int32(i), c.item, c.score}
			}
			rows[i] = row
		}
	})
	return newCSR(a.cols, a.cols, slices.Concat(rows...))
}

func (m *sparseEASE) scoreUser(r *userRow, dst []float32) {
	clear(dst)
	for k, i := range r.cols {
		nb, w := m.b.row(int(i))
		v := r.vals[k]
		for p, j := range nb {
			dst[j] = float32(float64(dst[j]) + v*float64(w[p]))
		}
	}
}
