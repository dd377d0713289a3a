package search

import (
	"slices"
	"strings"
	"testing"
)

func words(s string) []string {
	var out []string
	tokenize(s, func(b []byte) { out = append(out, string(b)) })
	return out
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"  --  ", nil},
		{"Running Shoes", []string{"running", "shoes"}},
		{"Café CRÈME", []string{"cafe", "creme"}},
		{"cafe\u0301", []string{"cafe"}}, // decomposed accent
		{"Men's boots", []string{"mens", "boots"}},
		{"Men’s", []string{"mens"}},
		{"'quoted'", []string{"quoted"}},
		{"USB-C 2.0 cable", []string{"usb", "c", "2", "0", "cable"}},
		{"Straße Ærø Œuvre ĳs Þing Łódź", []string{"strasse", "aero", "oeuvre", "ijs", "thing", "lodz"}},
		{"Привет МИР", []string{"привет", "мир"}},
		{"naïve façade", []string{"naive", "facade"}},
		{strings.Repeat("x", maxWordRunes+1) + " ok", []string{"ok"}},
		{strings.Repeat("é", maxWordRunes), []string{strings.Repeat("e", maxWordRunes)}},
	}
	for _, tt := range tests {
		if got := words(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("tokenize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestStem(t *testing.T) {
	// Each group must share one stem; the first word's stem is given.
	tests := []struct {
		stem  string
		words []string
	}{
		{"run", []string{"run", "running", "runs"}},
		{"sho", []string{"shoe", "shoes"}},
		{"headphon", []string{"headphone", "headphones"}},
		{"battery", []string{"battery", "batteries"}},
		{"box", []string{"box", "boxes"}},
		{"watch", []string{"watch", "watches", "watched", "watching"}},
		{"glass", []string{"glass", "glasses"}},
		{"speed", []string{"speed", "speeds", "speeding"}},
		{"mak", []string{"make", "making", "makes"}},
		{"us", []string{"use", "used", "uses", "using"}},
		{"dry", []string{"dry", "dried", "drying", "dries"}},
		{"shop", []string{"shop", "shopping", "shopped", "shops"}},
		{"quick", []string{"quick", "quickly"}},
		{"fill", []string{"fill", "filling", "filled"}},
		{"dress", []string{"dress", "dresses", "dressing"}},
		{"charg", []string{"charge", "charging", "charged", "charges"}},
		// Kept as they are.
		{"string", []string{"string"}},
		{"red", []string{"red"}},
		{"gas", []string{"gas"}},
		{"jelly", []string{"jelly"}},
		{"x200s", []string{"x200s"}},
		{"tennis", []string{"tennis"}},
	}
	for _, tt := range tests {
		for _, w := range tt.words {
			if got := stem(w); got != tt.stem {
				t.Errorf("stem(%q) = %q, want %q", w, got, tt.stem)
			}
		}
	}
}
