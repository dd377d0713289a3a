package search

import "bytes"

// analyzer splits a document into its distinct words. It is reused through
// a sync.Pool: building a catalog runs it for every product, and fresh maps
// and strings per product were most of the build time.
type analyzer struct {
	buf   []byte // the distinct words, back to back
	terms []term
	lens  [numFields]uint32 // indexed words per field
	at    map[uint64]int    // word hash -> index in terms
}

// term is one distinct word of a document, buf[start:end], with its
// per-field frequencies.
type term struct {
	start, end uint32
	tf         [numFields]uint16
}

// analyze fills a with the words of d, stop words dropped.
func (a *analyzer) analyze(d Doc) {
	a.buf, a.terms, a.lens = a.buf[:0], a.terms[:0], [numFields]uint32{}
	clear(a.at)
	for f, text := range [numFields]string{fieldName: d.Name, fieldCategory: d.Category, fieldKeywords: d.Keywords, fieldDescription: d.Description} {
		tokenize(text, func(b []byte) {
			if isStopWord(string(b)) {
				return
			}
			a.lens[f]++
			i := a.find(b)
			if a.terms[i].tf[f] < ^uint16(0) {
				a.terms[i].tf[f]++
			}
		})
	}
}

// find returns the index of the term b, adding it when new.
func (a *analyzer) find(b []byte) int {
	h := hashBytes(b)
	i, ok := a.at[h]
	if ok && bytes.Equal(a.word(i), b) {
		return i
	}
	if ok { // a hash collision: rare enough for a scan
		for j := range a.terms {
			if bytes.Equal(a.word(j), b) {
				return j
			}
		}
	}
	start := len(a.buf)
	a.buf = append(a.buf, b...)
	a.terms = append(a.terms, term{start: uint32(start), end: uint32(len(a.buf))})
	if !ok {
		a.at[h] = len(a.terms) - 1
	}
	return len(a.terms) - 1
}

func (a *analyzer) word(i int) []byte { return a.buf[a.terms[i].start:a.terms[i].end] }

// hashBytes is FNV-1a.
func hashBytes(b []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range b {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}
