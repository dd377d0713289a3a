package search

import (
	"cmp"
	"slices"
	"strings"
)

// Term is what one word of a query matched in the index: what a results
// page needs to highlight the words found and to say "showing results for"
// a corrected query.
type Term struct {
	// Word is the query word, lower-cased and folded as the index folds text.
	Word string
	// Matches are the indexed words it matched (itself, the words sharing
	// its stem, the words it begins while typed, the words within its typo
	// budget), best match first.
	Matches []string
	// Correction is the indexed word that stands for Word when Word matched
	// by typo only (no exact, stem or prefix match); "" otherwise.
	Correction string
}

// Terms explains how Search reads query: one Term per distinct query word
// it uses, and the query with its typo-only words replaced by their
// corrections (folded words separated by spaces; "" when nothing was
// corrected). It is a separate call, so Search pays nothing for it.
func (ix *Index) Terms(query string) (terms []Term, corrected string) {
	words := parseQuery(query)
	if len(words) == 0 {
		return nil, ""
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	sc := ix.scratch.Get().(*scratch)
	defer ix.scratch.Put(sc)
	fixes := map[string]string{}
	for _, qw := range words {
		t := ix.term(qw, sc)
		if t.Correction != "" {
			fixes[t.Word] = t.Correction
		}
		terms = append(terms, t)
	}
	if len(fixes) == 0 {
		return terms, ""
	}
	var out []string
	tokenize(query, func(b []byte) {
		w := string(b)
		if fix, ok := fixes[w]; ok {
			w = fix
		}
		out = append(out, w)
	})
	return terms, strings.Join(out, " ")
}

// term lists what qw matched, best first: higher quality, then more
// frequent. Call it with ix.mu held.
func (ix *Index) term(qw queryWord, sc *scratch) Term {
	exps := slices.Clone(ix.expand(qw, sc))
	slices.SortStableFunc(exps, func(a, b expansion) int {
		if c := cmp.Compare(b.quality, a.quality); c != 0 {
			return c
		}
		return ix.byFrequency(a.word, b.word)
	})
	t := Term{Word: qw.text, Matches: make([]string, len(exps))}
	for i, e := range exps {
		t.Matches[i] = ix.words[e.word].text
	}
	// Typo qualities are below every other (see qualityPrefixMin), and an
	// expansion keeps its best quality: the best one being a typo means
	// that all are.
	if len(exps) > 0 && exps[0].quality <= qualityTypo1 {
		t.Correction = t.Matches[0]
	}
	return t
}
