package dataio

import (
	"fmt"
	"io"
	"strings"
)

// decode dispatches on the format. Records go into dst's storage (len 0)
// while they fit: a caller that knows about how many there are spares the
// collector's chunks and the copy that joins them.
func decode[T any](r io.Reader, f Format, s *schema[T], dst []T) ([]T, error) {
	switch f {
	case CSV:
		return decodeCSV(r, s, dst)
	case NDJSON:
		return decodeNDJSON(r, s, dst)
	}
	return nil, fmt.Errorf("dataio: unknown format %d", int(f))
}

// maxInterned bounds the interner so that a file whose every line has a
// new session id does not grow a map as large as the file.
const maxInterned = 1 << 16

// interner shares one copy of each repeated string. Cells are substrings of
// their whole line, so keeping a cell as it is would keep the line alive.
type interner map[string]string

func (in interner) intern(s string) string {
	if s == "" {
		return ""
	}
	if c, ok := in[s]; ok {
		return c
	}
	c := strings.Clone(s)
	if len(in) < maxInterned {
		in[c] = c
	}
	return c
}

// floatSlab hands out pointers into shared blocks, so that a rating costs
// no allocation of its own.
type floatSlab struct{ buf []float64 }

func (fs *floatSlab) ptr(v float64) *float64 {
	if len(fs.buf) == cap(fs.buf) {
		fs.buf = make([]float64, 0, 1024)
	}
	fs.buf = append(fs.buf, v)
	return &fs.buf[len(fs.buf)-1]
}

// chunkLen is the number of records per chunk of a collector.
const chunkLen = 4096

// collector gathers records in fixed chunks and copies them once into the
// result. Appending to one slice would copy a large result many times over:
// past a few hundred records, append grows a slice by a quarter at a time.
type collector[T any] struct {
	full []([]T)
	cur  []T
	n    int
}

func (c *collector[T]) add(t *T) {
	if len(c.cur) == cap(c.cur) {
		if c.cur != nil {
			c.full = append(c.full, c.cur)
		}
		c.cur = make([]T, 0, chunkLen)
	}
	c.cur = append(c.cur, *t)
	c.n++
}

// result returns every record in order; nil when there is none.
func (c *collector[T]) result() []T {
	if c.n == 0 {
		return nil
	}
	if len(c.full) == 0 {
		return c.cur
	}
	out := make([]T, 0, c.n)
	for _, chunk := range c.full {
		out = append(out, chunk...)
	}
	return append(out, c.cur...)
}
