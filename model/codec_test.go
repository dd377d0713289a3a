package model

import (
	"math"
	"math/rand/v2"
	"reflect"
	"runtime"
	"testing"
)

// TestCSRCodecRoundTrip: a sparse matrix reads back as written whatever
// the gaps between its columns take (one to five bytes), and its values
// read back whole when they are decoded on several CPUs.
func TestCSRCodecRoundTrip(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(max(runtime.GOMAXPROCS(0), 2)))
	r := rand.New(rand.NewPCG(3, 4))
	const rows, cols = 6000, 1 << 30
	m := &csr32{rows: rows, cols: cols, ptr: make([]int, rows+1)}
	for i := range rows {
		col := int64(-1)
		for range r.IntN(800) {
			// Gaps of every varint width: up to 127, 16383, 2097151, more.
			width := []int64{127, 16383, 2097151, 1 << 27}[min(r.IntN(100)/30, 2)+r.IntN(100)/99]
			col += 1 + r.Int64N(width)
			if col >= cols {
				break
			}
			m.idx = append(m.idx, int32(col))
			m.val = append(m.val, r.Float32()-0.5)
		}
		m.ptr[i+1] = len(m.idx)
	}
	if len(m.val) < 2<<20 {
		t.Fatalf("%d values: too few to be decoded in pieces", len(m.val))
	}
	var e encoder
	e.csr(m)
	d := &decoder{b: e.b}
	got := d.csr(rows, cols)
	if d.err != nil || len(d.b) != 0 {
		t.Fatalf("decode: %v, %d bytes left", d.err, len(d.b))
	}
	if !reflect.DeepEqual(got, m) {
		t.Fatal("the matrix read back differs from the one written")
	}

	// Every cut of the encoding is an error, never a panic or a matrix.
	for _, n := range []int{0, 1, 2, rows / 2, rows + 10, len(e.b) / 2, len(e.b) - 4*len(m.val) - 1, len(e.b) - 1} {
		d := &decoder{b: e.b[:n]}
		if got := d.csr(rows, cols); d.err == nil || got != nil {
			t.Errorf("cut at %d of %d bytes: no error", n, len(e.b))
		}
	}
}

// TestCSRCodecRejectsBadColumns: a gap of zero (a column twice), a column
// past the last and an overlong varint are errors.
func TestCSRCodecRejectsBadColumns(t *testing.T) {
	for name, gaps := range map[string][]byte{
		"repeated column": {1, 0},
		"past the last":   {5, 0x80, 0x01}, // 5, then 5+128
		"far past":        {0xff, 0xff, 0xff, 0xff, 0x0f},
		"overlong":        {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01},
	} {
		var e encoder
		e.uvarint(1)   // rows
		e.uvarint(100) // cols
		e.uvarint(2)   // the row's length
		e.b = append(e.b, gaps...)
		e.f32s([]float32{1, 2})
		d := &decoder{b: e.b}
		if got := d.csr(1, 100); d.err == nil || got != nil {
			t.Errorf("%s: decoded as %+v", name, got)
		}
	}
}

// TestF32sInPieces: values decoded on several CPUs land where they belong.
func TestF32sInPieces(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(3))
	for _, n := range []int{0, 1, 1<<20 - 1, 3<<20 + 7} {
		v := make([]float32, n)
		for i := range v {
			v[i] = float32(i) * 0.5
		}
		v = append(v, float32(math.Inf(-1)))
		var e encoder
		e.f32s(v)
		d := &decoder{b: e.b}
		if got := d.f32s(); d.err != nil || !reflect.DeepEqual(got, v) {
			t.Fatalf("n=%d: %v, values differ", n, d.err)
		}
	}
}
