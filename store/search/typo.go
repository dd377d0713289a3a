package search

// Typo tolerance is a deletion neighbourhood (the SymSpell idea): every
// indexed word is filed under the hashes of itself and of the strings left
// by deleting one or two of its letters; a query word looks up its own
// deletions and verifies each candidate with a real edit distance. Two
// words within distance d always share a string reachable by at most d
// deletions from each, so nothing is missed, and a query costs a few dozen
// map look-ups whatever the vocabulary size. Hash collisions only add
// candidates that the verification rejects.

// maxTypoRunes bounds the words that take part in typo matching: the
// deletion neighbourhood grows with the square of the length.
const maxTypoRunes = 24

// typoBudget is the number of edits allowed for a query word of n letters.
func typoBudget(n int) int {
	switch {
	case n >= 8:
		return 2
	case n >= 4:
		return 1
	}
	return 0
}

// indexDeletes is how many letters are deleted from an indexed word of n
// letters. A word of 3 letters is only within one edit of a 4-letter query
// by that query's deletion; a word is within two edits of an 8-letter query
// by two deletions of its own only if it has at least 8 letters.
func indexDeletes(n int) int {
	switch {
	case n < 3 || n > maxTypoRunes:
		return -1
	case n >= 8:
		return 2
	case n >= 4:
		return 1
	}
	return 0
}

// toRunes decodes w into buf; ok is false when w is longer than buf.
func toRunes(w string, buf *[maxTypoRunes]rune) (r []rune, ok bool) {
	n := 0
	for _, c := range w {
		if n == len(buf) {
			return nil, false
		}
		buf[n] = c
		n++
	}
	return buf[:n], true
}

// deletionHashes calls fn with the hash of r itself, of every string left by
// deleting one letter of r (when maxDel >= 1) and of every string left by
// deleting two (when maxDel >= 2). Hashes repeat when r has doubled letters.
func deletionHashes(r []rune, maxDel int, fn func(uint64)) {
	fn(hashSkip(r, -1, -1))
	if maxDel < 1 {
		return
	}
	for i := range r {
		fn(hashSkip(r, i, -1))
		if maxDel < 2 {
			continue
		}
		for j := i + 1; j < len(r); j++ {
			fn(hashSkip(r, i, j))
		}
	}
}

// hashSkip is FNV-1a over the runes of r except positions i and j.
func hashSkip(r []rune, i, j int) uint64 {
	const (
		offset = 14695981039346656037
		prime  = 1099511628211
	)
	h := uint64(offset)
	for k, c := range r {
		if k == i || k == j {
			continue
		}
		h ^= uint64(c)
		h *= prime
	}
	return h
}

// editDistance is the optimal-string-alignment distance between a and b
// (insertions, deletions, substitutions and swaps of neighbours each cost
// one), or limit+1 as soon as it is known to exceed limit.
func editDistance(a []rune, b string, limit int) int {
	var bbuf [maxTypoRunes]rune
	br, ok := toRunes(b, &bbuf)
	if !ok || abs(len(a)-len(br)) > limit {
		return limit + 1
	}
	// Three rows of the dynamic programme: two back (for swaps), one back,
	// current.
	var rows [3][maxTypoRunes + 1]int
	prev2, prev, cur := &rows[0], &rows[1], &rows[2]
	for j := 0; j <= len(br); j++ {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := i
		for j := 1; j <= len(br); j++ {
			cost := 1
			if a[i-1] == br[j-1] {
				cost = 0
			}
			d := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == br[j-2] && a[i-2] == br[j-1] {
				d = min(d, prev2[j-2]+1)
			}
			cur[j] = d
			rowMin = min(rowMin, d)
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	if d := prev[len(br)]; d <= limit {
		return d
	}
	return limit + 1
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
