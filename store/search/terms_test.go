package search

import (
	"slices"
	"testing"
)

func TestTerms(t *testing.T) {
	ix := build(
		Doc{ID: 1, Name: "Wireless headphones", Category: "Electronics"},
		Doc{ID: 2, Name: "Run shoe", Category: "Shoes"},
		Doc{ID: 3, Name: "Café crème pods", Category: "Coffee", Description: "Running out of coffee"},
		Doc{ID: 4, Name: "Headphone stand"},
	)
	tests := []struct {
		query     string
		want      []Term
		corrected string
	}{
		{query: "", want: nil},
		{
			query:     "hedphones ", // a typo only: corrected
			want:      []Term{{Word: "hedphones", Matches: []string{"headphones", "headphone"}, Correction: "headphones"}},
			corrected: "headphones",
		},
		{
			query: "Wireless hedphones", // the exact word stays, the typo is replaced
			want: []Term{
				{Word: "wireless", Matches: []string{"wireless"}},
				{Word: "hedphones", Matches: []string{"headphones", "headphone"}, Correction: "headphones"},
			},
			corrected: "wireless headphones",
		},
		{
			query: "running shoes ", // stems are matches, not corrections
			want: []Term{
				{Word: "running", Matches: []string{"running", "run"}},
				{Word: "shoes", Matches: []string{"shoes", "shoe"}},
			},
		},
		{
			query: "head", // a prefix is not a correction
			want:  []Term{{Word: "head", Matches: []string{"headphone", "headphones"}}},
		},
		{
			query: "CAFE ",
			want:  []Term{{Word: "cafe", Matches: []string{"cafe"}}},
		},
		{
			query: "zzzz ",
			want:  []Term{{Word: "zzzz", Matches: []string{}}},
		},
	}
	for _, tt := range tests {
		terms, corrected := ix.Terms(tt.query)
		if !slices.EqualFunc(terms, tt.want, func(a, b Term) bool {
			return a.Word == b.Word && slices.Equal(a.Matches, b.Matches) && a.Correction == b.Correction
		}) {
			t.Errorf("Terms(%q) = %+v, want %+v", tt.query, terms, tt.want)
		}
		if corrected != tt.corrected {
			t.Errorf("Terms(%q) corrected %q, want %q", tt.query, corrected, tt.corrected)
		}
	}
}

// BenchmarkTerms measures explaining a typo query, the costliest kind.
func BenchmarkTerms(b *testing.B) {
	ix := New()
	for _, d := range syntheticCatalog(benchDocs, 1) {
		ix.Put(d)
	}
	b.ReportAllocs()
	for b.Loop() {
		ix.Terms("wireles hedphones")
	}
}
