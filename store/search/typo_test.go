package search

import (
	"math/rand/v2"
	"slices"
	"testing"
	"unicode/utf8"
)

// refDistance is the textbook optimal-string-alignment distance, without
// bounds or early exit.
func refDistance(a, b []rune) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b  string
		limit int
		want  int
	}{
		{"headphones", "headphones", 2, 0},
		{"hedphones", "headphones", 2, 1},
		{"haedphones", "headphones", 2, 1}, // swap
		{"hedphnes", "headphones", 2, 2},
		{"kitten", "sitting", 3, 3},
		{"kitten", "sitting", 2, 3}, // over the limit: limit+1
		{"abc", "abcdefgh", 2, 3},   // length gap alone exceeds the limit
		{"café", "cafe", 1, 1},
		{"", "ab", 2, 2},
	}
	for _, tt := range tests {
		if got := editDistance([]rune(tt.a), tt.b, tt.limit); got != tt.want {
			t.Errorf("editDistance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.limit, got, tt.want)
		}
	}
}

// randomEdit applies n random single edits (insert, delete, substitute,
// swap) to w over the alphabet "abcde", which makes collisions likely.
func randomEdit(r *rand.Rand, w []rune, n int) []rune {
	w = append([]rune(nil), w...)
	for range n {
		c := rune('a' + r.IntN(5))
		switch i := r.IntN(len(w) + 1); r.IntN(4) {
		case 0:
			w = append(w[:i], append([]rune{c}, w[i:]...)...)
		case 1:
			if i < len(w) {
				w = append(w[:i], w[i+1:]...)
			}
		case 2:
			if i < len(w) {
				w[i] = c
			}
		case 3:
			if i+1 < len(w) {
				w[i], w[i+1] = w[i+1], w[i]
			}
		}
	}
	return w
}

func TestEditDistanceMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		a := []rune(syllableWord(r, 1+r.IntN(5)))
		b := randomEdit(r, a, r.IntN(4))
		if len(a) > maxTypoRunes || len(b) > maxTypoRunes {
			continue
		}
		want := refDistance(a, b)
		for limit := range 4 {
			got := editDistance(a, string(b), limit)
			if exp := min(want, limit+1); got != exp {
				t.Fatalf("editDistance(%q, %q, %d) = %d, want %d", string(a), string(b), limit, got, exp)
			}
		}
	}
}

// TestTypoLookupIsComplete checks the deletion neighbourhood against a
// brute-force scan: every vocabulary word within a query word's budget is
// found, and nothing beyond it.
func TestTypoLookupIsComplete(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	ix := New()
	var vocab []string
	for i := range 2000 {
		w := syllableWord(r, 1+r.IntN(5))
		vocab = append(vocab, w)
		ix.Put(Doc{ID: uint64(i + 1), Name: w})
	}
	sc := newScratch()
	for range 400 {
		q := string(randomEdit(r, []rune(vocab[r.IntN(len(vocab))]), r.IntN(3)))
		if utf8.RuneCountInString(q) > maxTypoRunes || isStopWord(q) || q == "" {
			continue
		}
		budget := typoBudget(utf8.RuneCountInString(q))
		got := map[string]bool{}
		for _, e := range ix.expand(queryWord{text: q}, sc) {
			got[ix.words[e.word].text] = true
		}
		var want []string
		for w := range ix.wordIDs {
			if d := refDistance([]rune(q), []rune(w)); d >= 1 && d <= budget {
				want = append(want, w)
			}
		}
		if len(want) > maxTypoWords {
			continue // truncated on purpose
		}
		for _, w := range want {
			if !got[w] {
				t.Fatalf("query %q (budget %d): %q not found", q, budget, w)
			}
		}
		for w := range got {
			if d := refDistance([]rune(q), []rune(w)); d > budget && stem(w) != stem(q) {
				t.Fatalf("query %q (budget %d): %q at distance %d found", q, budget, w, d)
			}
		}
	}
}

func TestDeletionTable(t *testing.T) {
	list := func(tb *deletionTable, h uint64) []uint32 {
		var out []uint32
		for n := tb.first(h); n >= 0; n = tb.nodes[n].next {
			out = append(out, tb.nodes[n].word)
		}
		return out
	}
	tb := newDeletionTable()
	for w := range uint32(5) {
		tb.add(7, w)
	}
	tb.add(8, 9)
	steps := []struct {
		remove uint32
		want   []uint32 // newest first
	}{
		{2, []uint32{4, 3, 1, 0}}, // middle
		{4, []uint32{3, 1, 0}},    // head
		{0, []uint32{3, 1}},       // tail
		{42, []uint32{3, 1}},      // absent
		{3, []uint32{1}},
		{1, nil},
	}
	for _, s := range steps {
		tb.remove(7, s.remove)
		if got := list(&tb, 7); !slices.Equal(got, s.want) {
			t.Fatalf("after removing %d: %v, want %v", s.remove, got, s.want)
		}
	}
	if tb.len() != 1 || !slices.Equal(list(&tb, 8), []uint32{9}) {
		t.Fatalf("other hash disturbed: %d hashes, %v", tb.len(), list(&tb, 8))
	}
	tb.add(7, 11) // reuses a freed node
	if len(tb.nodes) != 6 || !slices.Equal(list(&tb, 7), []uint32{11}) {
		t.Fatalf("nodes %d, list %v", len(tb.nodes), list(&tb, 7))
	}
}
