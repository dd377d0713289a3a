package model

import "slices"

// sparse is a matrix in compressed sparse row form. Columns within a row
// are sorted ascending and unique. Training builds float64 matrices (csr);
// a finished model holds float32 ones (csr32), half the bytes, since its
// weights are rounded to float32 anyway (see Model.finish).
type sparse[T float32 | float64] struct {
	rows, cols int
	ptr        []int // len rows+1; row i is idx[ptr[i]:ptr[i+1]]
	idx        []int32
	val        []T
}

// csr is a matrix under training.
type csr = sparse[float64]

// csr32 is a matrix of a finished model.
type csr32 = sparse[float32]

// entry is one cell of a matrix under construction.
type entry struct {
	row, col int32
	val      float64
}

// newCSR builds a matrix from entries, summing duplicates. It sorts entries in place.
func newCSR(rows, cols int, entries []entry) *csr {
	slices.SortFunc(entries, func(a, b entry) int {
		if a.row != b.row {
			return int(a.row - b.row)
		}
		return int(a.col - b.col)
	})
	m := &csr{rows: rows, cols: cols, ptr: make([]int, rows+1)}
	for i, e := range entries {
		if i > 0 && e.row == entries[i-1].row && e.col == entries[i-1].col {
			m.val[len(m.val)-1] += e.val
			continue
		}
		m.idx = append(m.idx, e.col)
		m.val = append(m.val, e.val)
		m.ptr[e.row+1] = len(m.idx)
	}
	// Rows without entries inherit the end of the previous row.
	for i := 1; i <= rows; i++ {
		m.ptr[i] = max(m.ptr[i], m.ptr[i-1])
	}
	return m
}

// toCSR32 returns m with its values rounded to float32; it shares the
// structure (ptr and idx) with m. A nil m gives nil.
func toCSR32(m *csr) *csr32 {
	if m == nil {
		return nil
	}
	return &csr32{rows: m.rows, cols: m.cols, ptr: m.ptr, idx: m.idx, val: toFloat32(m.val)}
}

// row returns the column indices and values of row i.
func (m *sparse[T]) row(i int) ([]int32, []T) {
	return m.idx[m.ptr[i]:m.ptr[i+1]], m.val[m.ptr[i]:m.ptr[i+1]]
}

// cells returns the column indices of row i.
func (m *sparse[T]) cells(i int) []int32 { return m.idx[m.ptr[i]:m.ptr[i+1]] }

// nnz returns the number of stored cells.
func (m *sparse[T]) nnz() int { return len(m.idx) }

// transpose returns the matrix with rows and columns swapped.
func (m *sparse[T]) transpose() *sparse[T] {
	t := &sparse[T]{rows: m.cols, cols: m.rows, ptr: make([]int, m.cols+1),
		idx: make([]int32, m.nnz()), val: make([]T, m.nnz())}
	for _, c := range m.idx {
		t.ptr[c+1]++
	}
	for i := range m.cols {
		t.ptr[i+1] += t.ptr[i]
	}
	next := slices.Clone(t.ptr[:m.cols])
	for r := range m.rows {
		cols, vals := m.row(r)
		for k, c := range cols {
			p := next[c]
			t.idx[p], t.val[p] = int32(r), vals[k]
			next[c]++
		}
	}
	return t
}

// has reports whether row i stores column c.
func (m *sparse[T]) has(i int, c int32) bool {
	_, ok := slices.BinarySearch(m.cells(i), c)
	return ok
}

// toFloat32 returns v rounded to float32.
func toFloat32(v []float64) []float32 {
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = float32(x)
	}
	return out
}
