package model

import (
	"slices"
	"testing"
)

func TestCSR(t *testing.T) {
	m := newCSR(4, 3, []entry{{2, 1, 1}, {0, 2, 2}, {2, 1, 3}, {0, 0, 4}, {3, 0, 5}})
	wantPtr := []int{0, 2, 2, 3, 4}
	if !slices.Equal(m.ptr, wantPtr) {
		t.Fatalf("ptr = %v, want %v", m.ptr, wantPtr)
	}
	if !slices.Equal(m.idx, []int32{0, 2, 1, 0}) || !slices.Equal(m.val, []float64{4, 2, 4, 5}) {
		t.Fatalf("idx %v val %v", m.idx, m.val)
	}
	if !m.has(2, 1) || m.has(1, 1) || m.has(0, 1) {
		t.Error("has is wrong")
	}
	tr := m.transpose()
	if tr.rows != 3 || tr.cols != 4 {
		t.Fatalf("transpose shape %dx%d", tr.rows, tr.cols)
	}
	for r := range m.rows {
		cols, vals := m.row(r)
		for k, c := range cols {
			tc, tv := tr.row(int(c))
			p, ok := slices.BinarySearch(tc, int32(r))
			if !ok || tv[p] != vals[k] {
				t.Errorf("transpose lost (%d,%d)", r, c)
			}
		}
	}
}

func TestTopN(t *testing.T) {
	scores := []float64{1, 3, 3, 0, 5, 3}
	tests := []struct {
		n    int
		keep func(int32) bool
		want []int32
	}{
		{0, nil, nil},
		{3, nil, []int32{4, 1, 2}},
		{10, nil, []int32{4, 1, 2, 5, 0, 3}},
		{2, func(i int32) bool { return i != 4 && i != 1 }, []int32{2, 5}},
	}
	for _, tt := range tests {
		var got []int32
		for _, r := range topN(scores, tt.n, tt.keep) {
			got = append(got, r.item)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("topN(n=%d) = %v, want %v", tt.n, got, tt.want)
		}
	}
}
