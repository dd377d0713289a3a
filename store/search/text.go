package search

import (
	"unicode"
	"unicode/utf8"
)

// maxWordRunes bounds the words kept: longer runs of letters are noise
// (hashes, URLs glued together) and would only bloat the vocabulary.
const maxWordRunes = 40

// latinFold maps U+00C0..U+017F, once lower-cased, to the ASCII letter it is
// written with (generated from Unicode NFD, plus ø ł đ ð þ ħ by hand). The
// letters folded to two ASCII letters are handled in foldRune.
const latinFold = "aaaaaaaceeeeiiiidnooooo*ouuuuytsaaaaaaaceeeeiiiidnooooo*ouuuuyty" +
	"aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs"

// appendFolded appends the lower-cased, accent-folded form of r to b.
func appendFolded(b []byte, r rune) []byte {
	r = unicode.ToLower(r)
	switch {
	case r < utf8.RuneSelf:
		return append(b, byte(r))
	case r == 'ß':
		return append(b, 's', 's')
	case r == 'æ':
		return append(b, 'a', 'e')
	case r == 'œ':
		return append(b, 'o', 'e')
	case r == 'ĳ':
		return append(b, 'i', 'j')
	case r == 'þ':
		return append(b, 't', 'h')
	case r >= 0xC0 && r <= 0x17F:
		return append(b, latinFold[r-0xC0])
	}
	return utf8.AppendRune(b, r)
}

// isApostrophe reports the characters that join a word rather than split it
// ("men's" is one word, "mens").
func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' }

// tokenize calls fn with each word of s, lower-cased and folded, in order.
// Letters and digits make words; combining marks are dropped (so decomposed
// "cafe\u0301" is "cafe"); apostrophes inside a word are dropped; anything
// else separates words. The slice passed to fn is only valid during the call.
func tokenize(s string, fn func(word []byte)) {
	var buf [64]byte
	word := buf[:0]
	runes := 0
	flush := func() {
		if runes > 0 && runes <= maxWordRunes {
			fn(word)
		}
		word, runes = word[:0], 0
	}
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			word = appendFolded(word, r)
			runes++
		case runes > 0 && (isApostrophe(r) || unicode.Is(unicode.Mn, r)):
			// Part of the word but not indexed.
		default:
			flush()
		}
	}
	flush()
}

// isStopWord reports the English function words dropped from documents and
// queries: they carry no product meaning and their posting lists are the
// longest of all.
func isStopWord(w string) bool {
	switch w {
	case "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in",
		"into", "is", "it", "its", "of", "on", "or", "the", "this", "that", "to",
		"with", "your", "our":
		return true
	}
	return false
}

// hasDigit reports whether w contains an ASCII digit. Such words are model
// numbers and sizes: they are neither stemmed nor typo-corrected.
func hasDigit(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] >= '0' && w[i] <= '9' {
			return true
		}
	}
	return false
}
