package search

import "strings"

// stem reduces a folded, lower-case word to a light English stem so that
// inflections meet: plurals (-s, -es, -ies), -ing, -ed and -ly are removed,
// a doubled final consonant left by them is undoubled ("running" -> "run")
// and a final silent e is dropped ("make", "making" -> "mak"). Stems need
// not be words; they only have to agree between documents and queries.
// Words of two bytes or fewer and words with digits are kept as they are;
// three-byte words keep a final s ("gas", "bus").
func stem(w string) string {
	if len(w) <= 2 || hasDigit(w) {
		return w
	}
	if len(w) > 3 {
		w = stemPlural(w)
	}
	w = stemSuffix(w)
	if len(w) > 2 && w[len(w)-1] == 'e' {
		w = w[:len(w)-1]
	}
	return w
}

// stemPlural removes a plural ending.
func stemPlural(w string) string {
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "xes"),
		strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "shes"),
		strings.HasSuffix(w, "zzes"):
		return w[:len(w)-2]
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"),
		strings.HasSuffix(w, "is"):
		return w
	case strings.HasSuffix(w, "s"):
		return w[:len(w)-1]
	}
	return w
}

// stemSuffix removes one of -ing, -ed, -ly when a plausible stem remains: at
// least two bytes with a vowel for -ing and -ed ("string", "red", "shed" are
// kept), at least four for -ly ("jelly" is kept).
func stemSuffix(w string) string {
	switch {
	case strings.HasSuffix(w, "ying") && len(w) > 5:
		return w[:len(w)-4] + "y" // drying -> dry
	case strings.HasSuffix(w, "ied") && len(w) > 4:
		return w[:len(w)-3] + "y" // dried -> dry
	case strings.HasSuffix(w, "ing"):
		if s := w[:len(w)-3]; len(s) >= 2 && hasVowel(s) {
			return undouble(s)
		}
	case strings.HasSuffix(w, "eed"):
		return w // speed, need: not a past tense
	case strings.HasSuffix(w, "ed"):
		if s := w[:len(w)-2]; len(s) >= 2 && hasVowel(s) {
			return undouble(s)
		}
	case strings.HasSuffix(w, "ly") && len(w) >= 6:
		return w[:len(w)-2]
	}
	return w
}

// undouble drops the second of a doubled final consonant that English adds
// before -ing and -ed ("runn" -> "run", "shopp" -> "shop"). Doubled l, s, z,
// f are kept: they are usually part of the word ("fill", "dress").
func undouble(s string) string {
	n := len(s)
	if n >= 3 && s[n-1] == s[n-2] {
		switch s[n-1] {
		case 'b', 'd', 'g', 'm', 'n', 'p', 'r', 't':
			return s[:n-1]
		}
	}
	return s
}

// hasVowel reports whether s holds an ASCII vowel or y, or any non-ASCII
// letter (whose vowels are not known here).
func hasVowel(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y':
			return true
		case c >= 0x80:
			return true
		}
	}
	return false
}
