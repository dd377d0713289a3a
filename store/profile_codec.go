package store

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"time"
	"unicode/utf8"
)

// Profiles are stored in a binary form since schema version 4: a training
// rewrites every shopper's profile, and as JSON the embedding was most of
// the bytes (a float32 takes about eleven characters) and most of the
// encoding time, in the same bbolt writer that the shop's events wait for.
// Records of older versions are JSON, which starts with '{'; decodeProfile
// reads both.
//
//	0x01                      the binary form
//	uvarint user id
//	varint  updated at, Unix seconds; uvarint its nanoseconds
//	uvarint n, then n little-endian float32: the embedding
//	uvarint n, then n strings: the top categories
//	uvarint n, then n (string, little-endian float64): the preferences,
//	        by category in ascending order
//
// A string is a uvarint length and that many bytes of UTF-8.
const profileBinary = 0x01

var errCorruptProfile = errors.New("corrupt profile record")

// encodeProfile returns the stored form of p.
func encodeProfile(p *Profile) []byte {
	size := 32 + 4*len(p.Embedding)
	for _, c := range p.TopCategories {
		size += 2 + len(c)
	}
	for c := range p.Preferences {
		size += 10 + len(c)
	}
	b := make([]byte, 0, size)
	b = append(b, profileBinary)
	b = binary.AppendUvarint(b, p.UserID)
	b = binary.AppendVarint(b, p.UpdatedAt.Unix())
	b = binary.AppendUvarint(b, uint64(p.UpdatedAt.Nanosecond()))
	b = binary.AppendUvarint(b, uint64(len(p.Embedding)))
	for _, x := range p.Embedding {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(x))
	}
	b = binary.AppendUvarint(b, uint64(len(p.TopCategories)))
	for _, c := range p.TopCategories {
		b = appendProfileString(b, c)
	}
	keys := make([]string, 0, len(p.Preferences))
	for c := range p.Preferences {
		keys = append(keys, c)
	}
	slices.Sort(keys)
	b = binary.AppendUvarint(b, uint64(len(keys)))
	for _, c := range keys {
		b = appendProfileString(b, c)
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(p.Preferences[c]))
	}
	return b
}

func appendProfileString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// decodeProfile reads a stored profile in either form. Empty lists and
// maps come back empty, not nil, as JSON wrote them.
func decodeProfile(v []byte, p *Profile) error {
	*p = Profile{}
	if len(v) > 0 && v[0] == '{' {
		return json.Unmarshal(v, p)
	}
	d := profileDecoder{b: v}
	if d.byte() != profileBinary {
		return errCorruptProfile
	}
	p.UserID = d.uvarint()
	sec, nsec := d.varint(), d.uvarint()
	if nsec >= 1e9 {
		return errCorruptProfile
	}
	p.UpdatedAt = time.Unix(sec, int64(nsec)).UTC()
	n := d.count(4)
	p.Embedding = make([]float32, n)
	for i := range p.Embedding {
		p.Embedding[i] = math.Float32frombits(binary.LittleEndian.Uint32(d.take(4)))
	}
	n = d.count(1)
	p.TopCategories = make([]string, n)
	for i := range p.TopCategories {
		p.TopCategories[i] = d.string()
	}
	n = d.count(9)
	p.Preferences = make(map[string]float64, n)
	for range n {
		c := d.string()
		p.Preferences[c] = math.Float64frombits(binary.LittleEndian.Uint64(d.take(8)))
	}
	if d.bad || len(d.b) != 0 {
		return errCorruptProfile
	}
	return nil
}

// profileDecoder reads a binary profile; the first malformed field sets
// bad, and every read after it returns zeros.
type profileDecoder struct {
	b   []byte
	bad bool
}

func (d *profileDecoder) take(n int) []byte {
	if d.bad || len(d.b) < n {
		d.bad = true
		return make([]byte, n)
	}
	out := d.b[:n]
	d.b = d.b[n:]
	return out
}

func (d *profileDecoder) byte() byte { return d.take(1)[0] }

func (d *profileDecoder) uvarint() uint64 { return readVarint(d, binary.Uvarint) }

func (d *profileDecoder) varint() int64 { return readVarint(d, binary.Varint) }

// readVarint reads one number with read (binary.Uvarint or Varint).
func readVarint[T uint64 | int64](d *profileDecoder, read func([]byte) (T, int)) T {
	if d.bad {
		return 0
	}
	x, n := read(d.b)
	if n <= 0 {
		d.bad = true
		return 0
	}
	d.b = d.b[n:]
	return x
}

// count reads a length of elements at least min bytes each, refusing one
// that the rest of the record cannot hold (so a damaged length cannot ask
// for a huge allocation).
func (d *profileDecoder) count(min int) int {
	n := d.uvarint()
	if n > uint64(len(d.b)/min) {
		d.bad = true
		return 0
	}
	return int(n)
}

func (d *profileDecoder) string() string {
	b := d.take(d.count(1))
	if !utf8.Valid(b) {
		d.bad = true
	}
	return string(b)
}
