package search

import (
	"math"
	"math/bits"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Scoring constants. BM25's k1 and b are the usual values; the category is
// normalised less because category names are short and similar in length.
const (
	k1 = 1.2

	// maxQueryWords bounds the words of a query that are used (one bit each
	// in the per-document match mask).
	maxQueryWords = 16
	// maxPrefixWords and maxTypoWords bound how many vocabulary words one
	// query word expands to; the most frequent are kept.
	maxPrefixWords = 64
	// A two-letter prefix matches much of the vocabulary and the shopper is
	// about to type more: a few of its most frequent words are enough.
	maxShortPrefixWords = 16
	maxTypoWords        = 32
)

// fieldWeight and fieldB are constant tables, per field: name, category,
// keywords (brand and tags), description. The weights make a name match
// count three times a description match, and a brand or tag as much as
// the category.
var (
	fieldWeight = [numFields]float64{fieldName: 3, fieldCategory: 2, fieldKeywords: 2, fieldDescription: 1}
	fieldB      = [numFields]float64{fieldName: 0.75, fieldCategory: 0.3, fieldKeywords: 0.3, fieldDescription: 0.75}
)

// Match qualities multiply a word's weighted term frequency, so that an
// exact match outranks a stem match, a stem match a prefix match and a
// prefix match a typo, all else equal.
const (
	qualityExact = 1.0
	qualityStem  = 0.85
	// A prefix match scores between qualityPrefixMin and
	// qualityPrefixMin+qualityPrefixSpan as more of the word was typed.
	qualityPrefixMin  = 0.4
	qualityPrefixSpan = 0.4
	qualityTypo1      = 0.35
	qualityTypo2      = 0.25
)

// Hit is one matching document and its relevance score (higher is better).
type Hit struct {
	ID    uint64
	Score float64
}

// queryWord is one distinct word of a query.
type queryWord struct {
	text string
	// prefix: the word is the last one, still being typed.
	prefix bool
	// stopWord: only its prefix expansions are used ("the" -> "thermos").
	stopWord bool
}

// parseQuery splits a query into at most maxQueryWords distinct words. Stop
// words are dropped, except as the prefix being typed. The last word is a
// prefix unless the query ends with a space or punctuation.
func parseQuery(q string) []queryWord {
	var words []queryWord
	tokenize(q, func(b []byte) {
		words = append(words, queryWord{text: string(b)})
	})
	if len(words) == 0 {
		return nil
	}
	last, _ := utf8.DecodeLastRuneInString(q)
	typing := unicode.IsLetter(last) || unicode.IsDigit(last) || unicode.Is(unicode.Mn, last)
	words[len(words)-1].prefix = typing
	out := words[:0]
	for _, w := range words {
		if isStopWord(w.text) {
			if !w.prefix {
				continue
			}
			w.stopWord = true
		}
		dup := false
		for _, o := range out {
			dup = dup || o.text == w.text
		}
		if !dup && len(out) < maxQueryWords {
			out = append(out, w)
		}
	}
	return out
}

// Search returns the documents matching query, best first, from offset for
// at most limit hits, and the number of matching documents. Documents that
// match more of the query's words come first, then higher scores, then
// lower IDs. An empty query (or one of stop words only) matches nothing.
func (ix *Index) Search(query string, offset, limit int) (hits []Hit, total int) {
	return ix.SearchSkipping(query, offset, limit, nil)
}

// SearchSkipping is Search without the documents skip reports true for
// (such as products out of stock): they are neither returned nor counted.
// skip runs under the index's read lock and must not call the index.
func (ix *Index) SearchSkipping(query string, offset, limit int, skip func(id uint64) bool) (hits []Hit, total int) {
	words := parseQuery(query)
	if len(words) == 0 {
		return nil, 0
	}
	offset, limit = max(offset, 0), max(limit, 0)

	ix.mu.RLock()
	defer ix.mu.RUnlock()
	n := len(ix.byID)
	if n == 0 {
		return nil, 0
	}
	sc := ix.scratch.Get().(*scratch)
	defer ix.scratch.Put(sc)
	sc.reset(len(ix.docIDs))

	ix.scoreWords(words, sc, n)

	docs := sc.docs
	if skip != nil {
		// Kept apart from sc.docs, which reset must see whole.
		docs = sc.found[:0]
		for _, s := range sc.docs {
			if !skip(ix.docIDs[s]) {
				docs = append(docs, s)
			}
		}
		sc.found = docs
	}
	total = len(docs)
	k := min(offset+limit, total)
	if offset+limit < 0 { // overflow of huge offsets
		k = total
	}
	if k <= offset {
		return nil, total
	}
	top := sc.top[:0]
	for _, s := range docs {
		c := candidate{id: ix.docIDs[s], score: sc.score[s], words: bits.OnesCount64(sc.mask[s])}
		top = pushTop(top, k, c)
	}
	sortTop(top)
	hits = make([]Hit, 0, k-offset)
	for _, c := range top[offset:] {
		hits = append(hits, Hit{ID: c.id, Score: c.score})
	}
	sc.top = top
	return hits, total
}

// scoreWords adds each query word's BM25F score to the documents that
// match it, in sc; n is the number of documents. Call it with ix.mu held.
func (ix *Index) scoreWords(words []queryWord, sc *scratch, n int) {
	// Length normalisation of BM25F: 1 - b + b*len/avgLen, per field.
	var invAvg [numFields]float64
	for f := range invAvg {
		if ix.totalLen[f] > 0 {
			invAvg[f] = float64(n) / float64(ix.totalLen[f])
		}
	}
	for i, qw := range words {
		exps := ix.expand(qw, sc)
		for _, e := range exps {
			for _, p := range ix.words[e.word].postings {
				lens := &ix.docLens[p.slot]
				var tf float64
				for f, c := range p.tf {
					if c > 0 {
						norm := 1 - fieldB[f] + fieldB[f]*float64(lens[f])*invAvg[f]
						tf += fieldWeight[f] * float64(c) / norm
					}
				}
				if sc.tf[p.slot] == 0 {
					sc.termDocs = append(sc.termDocs, p.slot)
				}
				sc.tf[p.slot] += e.quality * tf
			}
		}
		// One saturation and one IDF per query word, over the union of its
		// expansions: a word's variants are one concept, not several.
		df := float64(len(sc.termDocs))
		idf := math.Log(1 + (float64(n)-df+0.5)/(df+0.5))
		for _, s := range sc.termDocs {
			tf := sc.tf[s]
			sc.tf[s] = 0
			if sc.mask[s] == 0 {
				sc.docs = append(sc.docs, s)
			}
			sc.mask[s] |= 1 << i
			sc.score[s] += idf * tf * (k1 + 1) / (tf + k1)
		}
		sc.termDocs = sc.termDocs[:0]
	}
}

// expansion is one vocabulary word a query word matches, and how well.
type expansion struct {
	word    uint32
	quality float64
}

// expand lists the vocabulary words matching qw: itself, the words sharing
// its stem, the words it begins (when it is being typed) and the words
// within its typo budget. Each word appears once, with its best quality.
func (ix *Index) expand(qw queryWord, sc *scratch) []expansion {
	sc.exps = sc.exps[:0]
	clear(sc.seen)
	if !qw.stopWord {
		if w, ok := ix.wordIDs[qw.text]; ok {
			sc.add(w, qualityExact)
		}
		for _, w := range ix.stems[stem(qw.text)] {
			sc.add(w, qualityStem)
		}
	}
	if qw.prefix && utf8.RuneCountInString(qw.text) >= 2 {
		ix.expandPrefix(qw.text, sc)
	}
	if !qw.stopWord && !hasDigit(qw.text) {
		ix.expandTypos(qw.text, sc)
	}
	return sc.exps
}

// expandPrefix adds the words that begin with p, at most maxPrefixWords of
// them (maxShortPrefixWords for two letters), the most frequent first.
func (ix *Index) expandPrefix(p string, sc *scratch) {
	found := sc.found[:0]
	for _, w := range ix.prefixes[keyOf(p)] {
		if t := ix.words[w].text; len(t) > len(p) && strings.HasPrefix(t, p) {
			found = append(found, w)
		}
	}
	limit := maxPrefixWords
	if utf8.RuneCountInString(p) == 2 {
		limit = maxShortPrefixWords
	}
	if len(found) > limit {
		slices.SortFunc(found, ix.byFrequency)
		found = found[:limit]
	}
	for _, w := range found {
		sc.add(w, qualityPrefixMin+qualityPrefixSpan*float64(len(p))/float64(len(ix.words[w].text)))
	}
	sc.found = found
}

// expandTypos adds the words within the typo budget of text, at most
// maxTypoWords of them, the closest and then most frequent first.
func (ix *Index) expandTypos(text string, sc *scratch) {
	var buf [maxTypoRunes]rune
	r, ok := toRunes(text, &buf)
	if !ok {
		return
	}
	budget := typoBudget(len(r))
	if budget == 0 {
		return
	}
	var near [3][]uint32 // by distance; [0] stays empty
	found := sc.found[:0]
	deletionHashes(r, budget, func(h uint64) {
		for n := ix.deletions.first(h); n >= 0; n = ix.deletions.nodes[n].next {
			w := ix.deletions.nodes[n].word
			if _, done := sc.seen[w]; done {
				continue
			}
			sc.seen[w] = -1 // looked at; not (yet) an expansion
			if d := editDistance(r, ix.words[w].text, budget); d >= 1 && d <= budget {
				found = append(found, w)
				near[d] = append(near[d], w)
			}
		}
	})
	sc.found = found
	left := maxTypoWords
	for d, ws := range near[1:] {
		if len(ws) > left {
			slices.SortFunc(ws, ix.byFrequency)
			ws = ws[:left]
		}
		left -= len(ws)
		q := qualityTypo1
		if d+1 == 2 {
			q = qualityTypo2
		}
		for _, w := range ws {
			delete(sc.seen, w)
			sc.add(w, q)
		}
	}
}

// byFrequency orders words by falling document frequency, then by id so that
// the order is stable.
func (ix *Index) byFrequency(a, b uint32) int {
	if da, db := len(ix.words[a].postings), len(ix.words[b].postings); da != db {
		return db - da
	}
	return int(a) - int(b)
}
