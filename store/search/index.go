package search

import (
	"slices"
	"sync"
)

// Doc is one product as the index sees it.
type Doc struct {
	ID          uint64
	Name        string
	Description string
	Category    string
	// Keywords are the product's brand and tags, space separated.
	Keywords string
}

// The indexed fields, in the order of their weights.
const (
	fieldName = iota
	fieldCategory
	fieldKeywords
	fieldDescription
	numFields
)

// posting says how often a word occurs in each field of one document.
type posting struct {
	slot uint32
	tf   [numFields]uint16
}

// word is one distinct folded word of the catalog and the documents that
// hold it. Its document frequency is len(postings).
type word struct {
	text     string
	stem     string
	postings []posting
}

// Documents live in slots, parallel arrays indexed by a posting's slot.
// Slots of deleted documents are reused so that the per-query arrays stay as
// short as the catalog. A search reads only the ids and lengths, kept dense
// for the cache; docWords (the distinct words of each document) is only
// needed to undo the postings on delete.

// prefixKey buckets words by their first two bytes: a prefix query scans one
// bucket instead of the whole vocabulary.
type prefixKey uint16

func keyOf(w string) prefixKey {
	if len(w) == 1 {
		return prefixKey(w[0]) << 8
	}
	return prefixKey(w[0])<<8 | prefixKey(w[1])
}

// Index is an in-memory full-text index of products. The zero value is not
// usable; call New.
type Index struct {
	mu        sync.RWMutex
	docIDs    []uint64
	docLens   [][numFields]uint32 // indexed words per field
	docWords  [][]uint32
	freeDocs  []uint32
	byID      map[uint64]uint32
	words     []word
	freeWords []uint32
	wordIDs   map[string]uint32
	stems     map[string][]uint32
	prefixes  map[prefixKey][]uint32
	deletions deletionTable
	totalLen  [numFields]uint64
	scratch   sync.Pool // *scratch, per-query buffers
	analyzers sync.Pool // *analyzer, per-Put buffers
}

// New returns an empty index.
func New() *Index {
	return &Index{
		byID:      map[uint64]uint32{},
		wordIDs:   map[string]uint32{},
		stems:     map[string][]uint32{},
		prefixes:  map[prefixKey][]uint32{},
		deletions: newDeletionTable(),
		scratch:   sync.Pool{New: func() any { return newScratch() }},
		analyzers: sync.Pool{New: func() any { return &analyzer{at: map[uint64]int{}} }},
	}
}

// Len returns the number of indexed documents.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.byID)
}

// Put adds d to the index, replacing any document with the same ID.
func (ix *Index) Put(d Doc) {
	// Tokenize outside the lock: it is most of the work.
	a := ix.analyzers.Get().(*analyzer)
	defer ix.analyzers.Put(a)
	a.analyze(d)

	ix.mu.Lock()
	defer ix.mu.Unlock()
	if slot, ok := ix.byID[d.ID]; ok {
		ix.removeLocked(slot)
	}
	var slot uint32
	if n := len(ix.freeDocs); n > 0 {
		slot = ix.freeDocs[n-1]
		ix.freeDocs = ix.freeDocs[:n-1]
	} else {
		slot = uint32(len(ix.docIDs))
		ix.docIDs = append(ix.docIDs, 0)
		ix.docLens = append(ix.docLens, [numFields]uint32{})
		ix.docWords = append(ix.docWords, nil)
	}
	ix.docIDs[slot], ix.docLens[slot] = d.ID, a.lens
	words := slices.Grow(ix.docWords[slot][:0], len(a.terms))
	for _, t := range a.terms {
		w := ix.wordLocked(a.buf[t.start:t.end])
		ix.words[w].postings = append(ix.words[w].postings, posting{slot: slot, tf: t.tf})
		words = append(words, w)
	}
	ix.docWords[slot] = words
	for f, n := range a.lens {
		ix.totalLen[f] += uint64(n)
	}
	ix.byID[d.ID] = slot
}

// Delete removes the document with the given ID, if any.
func (ix *Index) Delete(id uint64) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if slot, ok := ix.byID[id]; ok {
		ix.removeLocked(slot)
	}
}

// removeLocked undoes Put for the document in slot.
func (ix *Index) removeLocked(slot uint32) {
	for _, w := range ix.docWords[slot] {
		ps := ix.words[w].postings
		i := slices.IndexFunc(ps, func(p posting) bool { return p.slot == slot })
		ps[i] = ps[len(ps)-1]
		ix.words[w].postings = ps[:len(ps)-1]
		if len(ix.words[w].postings) == 0 {
			ix.dropWordLocked(w)
		}
	}
	for f, n := range ix.docLens[slot] {
		ix.totalLen[f] -= uint64(n)
	}
	delete(ix.byID, ix.docIDs[slot])
	ix.docIDs[slot], ix.docLens[slot] = 0, [numFields]uint32{}
	ix.docWords[slot] = ix.docWords[slot][:0]
	ix.freeDocs = append(ix.freeDocs, slot)
}

// wordLocked returns the id of the word b, adding it to the vocabulary and
// its stem, prefix and typo tables when new.
func (ix *Index) wordLocked(b []byte) uint32 {
	if w, ok := ix.wordIDs[string(b)]; ok { // no allocation for the look-up
		return w
	}
	text := string(b)
	var w uint32
	if n := len(ix.freeWords); n > 0 {
		w = ix.freeWords[n-1]
		ix.freeWords = ix.freeWords[:n-1]
	} else {
		w = uint32(len(ix.words))
		ix.words = append(ix.words, word{})
	}
	st := stem(text)
	ix.words[w] = word{text: text, stem: st}
	ix.wordIDs[text] = w
	ix.stems[st] = append(ix.stems[st], w)
	k := keyOf(text)
	ix.prefixes[k] = append(ix.prefixes[k], w)
	forEachDeletion(text, func(h uint64) { ix.deletions.add(h, w) })
	return w
}

// dropWordLocked removes a word no document holds any more, so that the
// vocabulary does not grow with every edit of the catalog.
func (ix *Index) dropWordLocked(w uint32) {
	text, st := ix.words[w].text, ix.words[w].stem
	delete(ix.wordIDs, text)
	removeID(ix.stems, st, w)
	removeID(ix.prefixes, keyOf(text), w)
	forEachDeletion(text, func(h uint64) { ix.deletions.remove(h, w) })
	ix.words[w] = word{}
	ix.freeWords = append(ix.freeWords, w)
}

// removeID removes w from m[k], and the key when nothing is left.
func removeID[K comparable](m map[K][]uint32, k K, w uint32) {
	ids := m[k]
	i := slices.Index(ids, w)
	if i < 0 {
		return
	}
	ids[i] = ids[len(ids)-1]
	if ids = ids[:len(ids)-1]; len(ids) == 0 {
		delete(m, k)
	} else {
		m[k] = ids
	}
}

// forEachDeletion calls fn once with each distinct deletion hash under
// which text is filed for typo matching (none for words with digits or of
// unsuitable length).
func forEachDeletion(text string, fn func(uint64)) {
	if hasDigit(text) {
		return
	}
	var buf [maxTypoRunes]rune
	r, ok := toRunes(text, &buf)
	if !ok {
		return
	}
	del := indexDeletes(len(r))
	if del < 0 {
		return
	}
	var hashes []uint64
	deletionHashes(r, del, func(h uint64) { hashes = append(hashes, h) })
	slices.Sort(hashes)
	for _, h := range slices.Compact(hashes) {
		fn(h)
	}
}
