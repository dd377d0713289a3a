package model

import (
	"encoding/binary"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
)

// encoder appends the primitives of the model file format to a buffer.
type encoder struct{ b []byte }

// grow makes room for n more bytes at once: appended a value at a time,
// a model's arrays of hundreds of megabytes were copied over and over as
// the buffer grew by a quarter each time (most of a 10M-event shop's
// encoding time, and gigabytes of garbage just after a training).
func (e *encoder) grow(n int) { e.b = slices.Grow(e.b, n) }

func (e *encoder) uvarint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *encoder) varint(v int64)   { e.b = binary.AppendVarint(e.b, v) }
func (e *encoder) u64(v uint64)     { e.b = binary.LittleEndian.AppendUint64(e.b, v) }
func (e *encoder) f64(v float64)    { e.u64(math.Float64bits(v)) }
func (e *encoder) bytes(p []byte)   { e.uvarint(uint64(len(p))); e.b = append(e.b, p...) }
func (e *encoder) str(s string)     { e.uvarint(uint64(len(s))); e.b = append(e.b, s...) }

// f32s writes v: models round their weights to float32 when trained, so
// the file stores them as they are served.
func (e *encoder) f32s(v []float32) {
	e.uvarint(uint64(len(v)))
	e.grow(4 * len(v))
	for _, x := range v {
		e.b = binary.LittleEndian.AppendUint32(e.b, math.Float32bits(x))
	}
}

func (e *encoder) f64s(v []float64) {
	e.uvarint(uint64(len(v)))
	e.grow(8 * len(v))
	for _, x := range v {
		e.f64(x)
	}
}

func (e *encoder) i32s(v []int32) {
	e.uvarint(uint64(len(v)))
	for _, x := range v {
		e.varint(int64(x))
	}
}

// varints writes v, each value as a varint (differences from the previous
// one: times of one user's pairs are close together).
func (e *encoder) varints(v []int64) {
	e.uvarint(uint64(len(v)))
	var prev int64
	for _, x := range v {
		e.varint(x - prev)
		prev = x
	}
}

// csr writes the shape, the row lengths, the column indices as gaps within
// each row (small numbers, so short varints) and the values.
// kinds writes event types, a byte each.
func (e *encoder) kinds(v []EventType) {
	e.uvarint(uint64(len(v)))
	e.grow(len(v))
	for _, t := range v {
		e.b = append(e.b, byte(t))
	}
}

func (e *encoder) csr(m *csr32) {
	e.uvarint(uint64(m.rows))
	e.uvarint(uint64(m.cols))
	e.grow(m.rows + 6*len(m.val)) // about: most gaps take a byte or two
	for r := range m.rows {
		e.uvarint(uint64(m.ptr[r+1] - m.ptr[r]))
	}
	for r := range m.rows {
		prev := int32(-1)
		for _, c := range m.cells(r) {
			e.uvarint(uint64(c - prev))
			prev = c
		}
	}
	e.f32s(m.val)
}

// dense writes the shape and then the values row by row, as f32s would.
func (e *encoder) dense(d dense32) {
	e.uvarint(uint64(d.Rows))
	e.uvarint(uint64(d.Cols))
	e.uvarint(uint64(d.Rows * d.Cols))
	e.grow(4 * d.Rows * d.Cols)
	for i := range d.Rows {
		for _, x := range rowOf32(d, i) {
			e.b = binary.LittleEndian.AppendUint32(e.b, math.Float32bits(x))
		}
	}
}

// decoder reads what encoder wrote. The first problem sticks in err and
// every later read returns zero values, so callers check err once. Lengths
// are checked against the bytes left before anything is allocated, so
// corrupt input can neither panic nor allocate much more than its size.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf("model: corrupt model data: "+format, args...)
	}
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail("truncated or bad varint")
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) varint() int64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail("truncated or bad varint")
		return 0
	}
	d.b = d.b[n:]
	return v
}

// count reads a length of elements that take at least minSize bytes each.
func (d *decoder) count(minSize int) int {
	n := d.uvarint()
	if d.err == nil && n > uint64(len(d.b)/max(minSize, 1)) {
		d.fail("length %d exceeds the data left", n)
		return 0
	}
	return int(n)
}

// size reads a dimension; it must not exceed limit.
func (d *decoder) size(limit int) int {
	n := d.uvarint()
	if d.err == nil && n > uint64(limit) {
		d.fail("dimension %d exceeds %d", n, limit)
		return 0
	}
	return int(n)
}

func (d *decoder) take(n int) []byte {
	if d.err != nil {
		return nil
	}
	if n > len(d.b) {
		d.fail("truncated")
		return nil
	}
	p := d.b[:n]
	d.b = d.b[n:]
	return p
}

func (d *decoder) u64() uint64 {
	p := d.take(8)
	if p == nil {
		return 0
	}
	return binary.LittleEndian.Uint64(p)
}

func (d *decoder) f64() float64  { return math.Float64frombits(d.u64()) }
func (d *decoder) bytes() []byte { return d.take(d.count(1)) }
func (d *decoder) str() string   { return string(d.bytes()) }

func (d *decoder) f32s() []float32 {
	n := d.count(4)
	p := d.take(4 * n)
	if p == nil {
		return nil
	}
	out := make([]float32, n)
	// A model's weights are hundreds of MB: most of the time goes to the
	// operating system handing out fresh pages for out, which CPUs do side
	// by side.
	spread(n, 1<<20, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			out[i] = math.Float32frombits(binary.LittleEndian.Uint32(p[4*i:]))
		}
	})
	return out
}

// spread calls work(lo, hi) on pieces of [0, n) of at least minPiece from
// one goroutine per CPU, or on all of it at once when n is smaller.
func spread(n, minPiece int, work func(lo, hi int)) {
	parts := min(runtime.GOMAXPROCS(0), n/minPiece)
	if parts <= 1 {
		work(0, n)
		return
	}
	var wg sync.WaitGroup
	for k := range parts {
		wg.Go(func() { work(k*n/parts, (k+1)*n/parts) })
	}
	wg.Wait()
}

func (d *decoder) f64s() []float64 {
	n := d.count(8)
	out := make([]float64, n)
	for i := range out {
		out[i] = d.f64()
	}
	return out
}

func (d *decoder) i32s() []int32 {
	n := d.count(1)
	out := make([]int32, n)
	for i := range out {
		v := d.varint()
		if v < math.MinInt32 || v > math.MaxInt32 {
			d.fail("value %d out of range", v)
		}
		out[i] = int32(v)
	}
	return out
}

// varints reads what encoder.varints wrote.
func (d *decoder) varints() []int64 {
	n := d.count(1)
	out := make([]int64, n)
	var prev int64
	for i := range out {
		prev += d.varint()
		out[i] = prev
	}
	return out
}

// csr reads a matrix of exactly rows x cols and checks that every column
// index is in range and ascending within its row.
// kinds reads event types, each of them valid. They are copied: d reads
// memory the caller may release.
func (d *decoder) kinds() []EventType {
	raw := d.bytes()
	v := make([]EventType, len(raw))
	for i, b := range raw {
		v[i] = EventType(b)
		if !v[i].Valid() {
			d.fail("event type %d out of range", b)
			return nil
		}
	}
	return v
}

func (d *decoder) csr(rows, cols int) *csr32 {
	if r, c := d.uvarint(), d.uvarint(); d.err == nil && (r != uint64(rows) || c != uint64(cols)) {
		d.fail("matrix is %dx%d, want %dx%d", r, c, rows, cols)
	}
	if d.err != nil || rows > len(d.b) {
		d.fail("truncated matrix")
		return nil
	}
	m := &csr32{rows: rows, cols: cols, ptr: make([]int, rows+1)}
	for r := range rows {
		m.ptr[r+1] = m.ptr[r] + d.count(1)
		if m.ptr[r+1] > len(d.b) {
			d.fail("row lengths exceed the data left")
			return nil
		}
	}
	m.idx = make([]int32, m.ptr[rows])
	if !d.gaps(m) {
		return nil
	}
	m.val = d.f32s()
	if d.err == nil && len(m.val) != len(m.idx) {
		d.fail("matrix has %d values for %d cells", len(m.val), len(m.idx))
	}
	if d.err != nil {
		return nil
	}
	return m
}

// gaps reads m's column indexes, each row's as gaps from the one before,
// into m.idx. Gaps of up to three bytes (columns up to 2,097,151 apart)
// are read here without a call: a stored model has tens of millions.
func (d *decoder) gaps(m *csr32) bool {
	b, pos := d.b, 0
	for r := range m.rows {
		prev := -1
		for p := m.ptr[r]; p < m.ptr[r+1]; p++ {
			var gap uint64
			switch {
			case pos < len(b) && b[pos] < 0x80:
				gap = uint64(b[pos])
				pos++
			case pos+1 < len(b) && b[pos+1] < 0x80:
				gap = uint64(b[pos]&0x7f) | uint64(b[pos+1])<<7
				pos += 2
			case pos+2 < len(b) && b[pos+2] < 0x80:
				gap = uint64(b[pos]&0x7f) | uint64(b[pos+1]&0x7f)<<7 | uint64(b[pos+2])<<14
				pos += 3
			default:
				g, n := binary.Uvarint(b[pos:])
				if n <= 0 {
					d.fail("truncated or bad varint")
					return false
				}
				gap, pos = g, pos+n
			}
			if gap == 0 || gap > uint64(m.cols) || prev+int(gap) >= m.cols {
				d.fail("column index out of range")
				return false
			}
			prev += int(gap)
			m.idx[p] = int32(prev)
		}
	}
	d.b = b[pos:]
	return true
}

// dense reads a matrix with rows rows (any column count up to maxCols).
func (d *decoder) dense(rows, maxCols int) dense32 {
	r, c := d.uvarint(), d.size(maxCols)
	if d.err == nil && r != uint64(rows) {
		d.fail("matrix has %d rows, want %d", r, rows)
	}
	data := d.f32s()
	if d.err == nil && len(data) != rows*c {
		d.fail("matrix has %d values, want %d", len(data), rows*c)
	}
	if d.err != nil {
		return dense32{}
	}
	return dense32{Rows: rows, Cols: c, Stride: c, Data: data}
}
