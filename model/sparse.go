package model

import "slices"

// csr is a sparse matrix in compressed sparse row form. Columns within a row
// are sorted ascending and unique.
type csr struct {
	rows, cols int
	ptr        []int // len rows+1; row i is idx[ptr[i]:ptr[i+1]]
	idx        []int32
	val        []float64
}

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

// row returns the column indices and values of row i.
func (m *csr) row(i int) ([]int32, []float64) {
	return m.idx[m.ptr[i]:m.ptr[i+1]], m.val[m.ptr[i]:m.ptr[i+1]]
}

// nnz returns the number of stored cells.
func (m *csr) nnz() int { return len(m.idx) }

// transpose returns the matrix with rows and columns swapped.
func (m *csr) transpose() *csr {
	t := &csr{rows: m.cols, cols: m.rows, ptr: make([]int, m.cols+1),
		idx: make([]int32, m.nnz()), val: make([]float64, m.nnz())}
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
func (m *csr) has(i int, c int32) bool {
	cols, _ := m.row(i)
	_, ok := slices.BinarySearch(cols, c)
	return ok
}
