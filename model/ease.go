package model

import (
	"context"
	"fmt"
	"slices"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack/lapack64"
)

// EASEConfig sets up EASE (Steck 2019) behind the "ease" component.
type EASEConfig struct {
	// Lambda is the L2 regularisation added to the item Gram matrix; its
	// scale is that of the item interaction counts.
	Lambda float64
	// MaxItems bounds the dense item x item weights (8*MaxItems^2 bytes and
	// MaxItems^3 work). With more items that have interactions, EASE is
	// sparse (see trainSparseEASE) when Neighbours > 0; otherwise only the
	// MaxItems items with the most interactions are modelled and the
	// others score 0.
	MaxItems int
	// Neighbours is how many items each item's regression uses in sparse
	// EASE.
	Neighbours int
	// Recency, when > 0, is the half-life in items of the user's history
	// when scoring (not in training); see recencyRow.
	Recency float64
}

// DefaultEASEConfig returns the lambda picked on a validation split of
// MovieLens 100K (400; 100 to 800 score within 0.003 NDCG@10) and dense
// EASE over at most 2,500 items (50 MB of weights), the busiest ones;
// validation tries sparse EASE with 100 neighbours instead on larger
// catalogs (see knobsOf), which scored better on one kind of generated shop
// and worse on the demo generator's. Test NDCG@10 at lambda 400 (binary
// cells), dense against sparse: the shop-like MovieLens log with sparse forced, dense
// 0.1473, sparse with 100/200/400 neighbours 0.1435/0.1457/0.1483; a
// generated demo shop of 12,302 items (half the test pairs on items
// outside the 2,500 with the most pairs), dense over 2,500 items 0.0693,
// over 5,000 0.0687, sparse with 50/100/200 neighbours 0.0671/0.0682/
// 0.0688; a generated shop of 10,000 items of even popularity, dense over
// 2,500 items 0.1346, sparse with 100 neighbours 0.1370; a generated demo
// shop of 15,091 items, dense 0.0670 (validation 0.0657), sparse 0.0653
// (0.0622).
func DefaultEASEConfig() EASEConfig { return EASEConfig{Lambda: 400, MaxItems: 2500} }

// easeModel scores user u as x_u B with B the item-item weights.
type easeModel struct {
	slot  []int32 // catalog index -> row of b, or -1 when not modelled
	items []int32 // row of b -> catalog index
	b     dense32
}

// trainEASE trains dense EASE, or sparse EASE when the items with
// interactions outnumber cfg.MaxItems and cfg.Neighbours > 0.
func trainEASE(ctx context.Context, a *csr, cfg EASEConfig) (component, error) {
	if cfg.MaxItems > 0 && cfg.Neighbours > 0 && itemsWithData(a) > cfg.MaxItems {
		return trainSparseEASE(ctx, a, cfg)
	}
	return trainDenseEASE(ctx, a, cfg)
}

// itemsWithData counts the columns of a with at least one cell.
func itemsWithData(a *csr) int {
	seen := make([]bool, a.cols)
	n := 0
	for _, c := range a.idx {
		if !seen[c] {
			seen[c] = true
			n++
		}
	}
	return n
}

// trainDenseEASE solves B = I - P diag(1/diag P) with P = (X^T X + lambda I)^-1.
func trainDenseEASE(ctx context.Context, a *csr, cfg EASEConfig) (*easeModel, error) {
	m := &easeModel{slot: make([]int32, a.cols)}
	m.items = modelledItems(a, cfg.MaxItems)
	for i := range m.slot {
		m.slot[i] = -1
	}
	for s, i := range m.items {
		m.slot[i] = int32(s)
	}
	n := len(m.items)
	g := newDense(n, n)
	for u := range a.rows {
		if u%ctxCheckEvery == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		cols, vals := a.row(u)
		for p, ci := range cols {
			si := m.slot[ci]
			if si < 0 {
				continue
			}
			gi := rowOf(g, int(si))
			for q := p; q < len(cols); q++ { // upper triangle: slots grow with catalog index
				if sj := m.slot[cols[q]]; sj >= 0 {
					gi[sj] += vals[p] * vals[q]
				}
			}
		}
	}
	for i := range n {
		g.Data[i*n+i] += cfg.Lambda
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	sym := blas64.Symmetric{Uplo: blas.Upper, N: n, Stride: n, Data: g.Data}
	t, ok := lapack64.Potrf(sym)
	if ok {
		_, ok = lapack64.Potri(t)
	}
	if !ok {
		return nil, fmt.Errorf("model: ease: Gram matrix not positive definite (lambda %v)", cfg.Lambda)
	}
	// g's upper triangle now holds P; B[i][j] = -P[i][j] / P[j][j], B[i][i] = 0.
	diag := make([]float64, n)
	for j := range n {
		diag[j] = g.Data[j*n+j]
	}
	for i := range n {
		for j := i + 1; j < n; j++ {
			pij := g.Data[i*n+j]
			g.Data[i*n+j] = -pij / diag[j]
			g.Data[j*n+i] = -pij / diag[i]
		}
		g.Data[i*n+i] = 0
	}
	m.b = toDense32(g)
	return m, ctx.Err()
}

// modelledItems returns the catalog indices EASE models: all items when
// they fit in maxItems, else the maxItems with the most interactions. The
// result is sorted ascending.
func modelledItems(a *csr, maxItems int) []int32 {
	counts := make([]int, a.cols)
	for _, c := range a.idx {
		counts[c]++
	}
	all := make([]int32, a.cols)
	for i := range all {
		all[i] = int32(i)
	}
	if maxItems <= 0 || a.cols <= maxItems {
		return all
	}
	slices.SortStableFunc(all, func(x, y int32) int { return counts[y] - counts[x] })
	all = all[:maxItems]
	slices.Sort(all)
	return all
}

func (m *easeModel) scoreUser(r *userRow, dst []float32) {
	clear(dst)
	row := make([]float32, len(m.items))
	m.scoreSupport(r, row)
	for s, i := range m.items {
		dst[i] = row[s]
	}
}

// scoreSupport writes the user's scores of the modelled items (support's
// order) into row, without touching the rest of the catalog: candidate
// retrieval ranks these alone.
func (m *easeModel) scoreSupport(r *userRow, row []float32) {
	clear(row)
	for k, c := range r.cols {
		if s := m.slot[c]; s >= 0 {
			b := rowOf32(m.b, int(s))
			blas32.Axpy(float32(r.vals[k]), blas32.Vector{N: len(b), Inc: 1, Data: b}, blas32.Vector{N: len(row), Inc: 1, Data: row})
		}
	}
}
