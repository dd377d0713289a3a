package search

import (
	"math"
	"slices"
	"testing"
)

func ids(hits []Hit) []uint64 {
	out := make([]uint64, len(hits))
	for i, h := range hits {
		out[i] = h.ID
	}
	return out
}

func build(docs ...Doc) *Index {
	ix := New()
	for _, d := range docs {
		ix.Put(d)
	}
	return ix
}

func TestRelevanceOrder(t *testing.T) {
	tests := []struct {
		name  string
		docs  []Doc
		query string
		want  []uint64 // the exact order of all hits
	}{
		{
			name: "exact beats stem beats prefix beats typo",
			docs: []Doc{
				{ID: 1, Name: "Speeker"},      // typo
				{ID: 2, Name: "Speakerphone"}, // prefix
				{ID: 3, Name: "Speakers"},     // stem
				{ID: 4, Name: "Speaker"},      // exact
				{ID: 5, Name: "Lamp"},
			},
			query: "speaker",
			want:  []uint64{4, 3, 2, 1},
		},
		{
			name: "name beats category beats description",
			docs: []Doc{
				{ID: 1, Name: "steel", Category: "misc", Description: "kettle"},
				{ID: 2, Name: "misc", Category: "kettle", Description: "steel"},
				{ID: 3, Name: "kettle", Category: "steel", Description: "misc"},
			},
			query: "kettle",
			want:  []uint64{3, 2, 1},
		},
		{
			name: "documents matching all words first",
			docs: []Doc{
				{ID: 1, Name: "kettle kettle kettle", Description: "kettle kettle"},
				{ID: 2, Name: "red lamp"},
				{ID: 3, Name: "red electric kettle", Description: "a long description of the kettle in red"},
			},
			query: "red kettle ",
			want:  []uint64{3, 1, 2},
		},
		{
			name: "stems meet: running shoes finds Run shoe",
			docs: []Doc{
				{ID: 1, Name: "Trail socks"},
				{ID: 2, Name: "Run shoe"},
				{ID: 3, Name: "Running socks"},
				{ID: 4, Name: "Dress shoes"},
			},
			query: "running shoes",
			want:  []uint64{2, 3, 4},
		},
		{
			name:  "last word is a prefix",
			docs:  []Doc{{ID: 1, Name: "Headphones"}, {ID: 2, Name: "Hat"}},
			query: "head",
			want:  []uint64{1},
		},
		{
			name:  "a trailing space ends the prefix",
			docs:  []Doc{{ID: 1, Name: "Headphones"}, {ID: 2, Name: "Hat"}},
			query: "head ",
			want:  nil,
		},
		{
			name:  "a one-letter prefix does not expand",
			docs:  []Doc{{ID: 1, Name: "Headphones"}, {ID: 2, Name: "H bar"}},
			query: "h",
			want:  []uint64{2},
		},
		{
			name:  "only the last word is a prefix",
			docs:  []Doc{{ID: 1, Name: "Headphones case"}, {ID: 2, Name: "Head case"}},
			query: "head cas",
			want:  []uint64{2, 1},
		},
		{
			name:  "one typo in a word of 4+ letters",
			docs:  []Doc{{ID: 1, Name: "Headphones"}, {ID: 2, Name: "Lamp"}, {ID: 3, Name: "Kettle"}},
			query: "hedphones lamb kettel ",
			want:  []uint64{1, 2, 3},
		},
		{
			name:  "two typos only from 8 letters",
			docs:  []Doc{{ID: 1, Name: "Headphones"}, {ID: 2, Name: "Kettle"}},
			query: "hedphnes ktle ",
			want:  []uint64{1},
		},
		{
			name:  "no typo in words of 3 letters",
			docs:  []Doc{{ID: 1, Name: "Mug"}},
			query: "mig ",
			want:  nil,
		},
		{
			name:  "no typo in model numbers, but they are prefixes",
			docs:  []Doc{{ID: 1, Name: "Camera X300"}, {ID: 2, Name: "Camera X200"}},
			query: "x20",
			want:  []uint64{2},
		},
		{
			name:  "accents and case fold both ways",
			docs:  []Doc{{ID: 1, Name: "Café crème"}, {ID: 2, Name: "CAFE TABLE"}},
			query: "café ",
			want:  []uint64{1, 2},
		},
		{
			name:  "non-Latin letters are lower-cased",
			docs:  []Doc{{ID: 1, Name: "Кофе Арабика"}, {ID: 2, Name: "Coffee"}},
			query: "КОФЕ ",
			want:  []uint64{1},
		},
		{
			name:  "a stop word being typed is a prefix only",
			docs:  []Doc{{ID: 1, Name: "Thermos"}, {ID: 2, Name: "The lamp"}},
			query: "the",
			want:  []uint64{1},
		},
		{
			name:  "equal scores by lower id",
			docs:  []Doc{{ID: 9, Name: "Lamp"}, {ID: 3, Name: "Lamp"}, {ID: 5, Name: "Lamp"}},
			query: "lamp",
			want:  []uint64{3, 5, 9},
		},
		{name: "empty query", docs: []Doc{{ID: 1, Name: "Lamp"}}, query: "", want: nil},
		{name: "punctuation only", docs: []Doc{{ID: 1, Name: "Lamp"}}, query: " ?!- ", want: nil},
		{name: "stop words only", docs: []Doc{{ID: 1, Name: "The lamp"}}, query: "for the ", want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits, total := build(tt.docs...).Search(tt.query, 0, 100)
			if got := ids(hits); !slices.Equal(got, tt.want) && len(got)+len(tt.want) > 0 {
				t.Errorf("Search(%q) = %v, want %v (hits %v)", tt.query, got, tt.want, hits)
			}
			if total != len(tt.want) {
				t.Errorf("total = %d, want %d", total, len(tt.want))
			}
		})
	}
}

// TestScoreReference checks one score against BM25F worked by hand: three
// documents of two name words, "kettle" in one name. idf = ln(1 +
// (3-1+0.5)/(1+0.5)) = ln(8/3); the weighted tf is 3 (name weight, length
// at the average); score = idf * 3 * 2.2 / (3 + 1.2).
func TestScoreReference(t *testing.T) {
	ix := build(Doc{ID: 1, Name: "red kettle"}, Doc{ID: 2, Name: "blue toaster"}, Doc{ID: 3, Name: "green mug"})
	hits, _ := ix.Search("kettle ", 0, 10)
	want := 1.5413031118755696 // Python: math.log(8/3)*6.6/4.2
	if len(hits) != 1 || hits[0].ID != 1 || math.Abs(hits[0].Score-want) > 1e-9 {
		t.Fatalf("hits = %v, want [{1 %.10f}]", hits, want)
	}
}

func TestReplaceAndDelete(t *testing.T) {
	ix := build(Doc{ID: 1, Name: "Electric kettle"}, Doc{ID: 2, Name: "Toaster"})
	ix.Put(Doc{ID: 1, Name: "Blender", Description: "for smoothies"})
	if n := ix.Len(); n != 2 {
		t.Fatalf("Len = %d after replace, want 2", n)
	}
	for q, want := range map[string][]uint64{"kettle": nil, "kettel": nil, "blender": {1}, "smoothie": {1}, "toaster": {2}} {
		if hits, _ := ix.Search(q, 0, 10); !slices.Equal(ids(hits), want) {
			t.Errorf("after replace, Search(%q) = %v, want %v", q, ids(hits), want)
		}
	}
	ix.Delete(1)
	ix.Delete(42) // absent: no effect
	if hits, total := ix.Search("blender", 0, 10); len(hits) != 0 || total != 0 || ix.Len() != 1 {
		t.Fatalf("after delete: hits %v total %d Len %d", hits, total, ix.Len())
	}
	ix.Delete(2)
	// Every table must be empty again: words no document holds are dropped.
	if len(ix.wordIDs)+len(ix.stems)+len(ix.prefixes)+ix.deletions.len()+len(ix.byID) != 0 {
		t.Fatalf("tables not empty: %d words, %d stems, %d prefixes, %d deletions, %d docs",
			len(ix.wordIDs), len(ix.stems), len(ix.prefixes), ix.deletions.len(), len(ix.byID))
	}
	if ix.totalLen != [numFields]uint64{} {
		t.Fatalf("field lengths not zero: %v", ix.totalLen)
	}
	// Slots and words are reused.
	ix.Put(Doc{ID: 7, Name: "Kettle"})
	if hits, _ := ix.Search("kettle", 0, 10); !slices.Equal(ids(hits), []uint64{7}) || len(ix.docIDs) != 2 {
		t.Fatalf("after reuse: hits %v, %d slots", hits, len(ix.docIDs))
	}
}

func TestPagination(t *testing.T) {
	ix := New()
	for _, d := range syntheticCatalog(2000, 7) {
		ix.Put(d)
	}
	for _, q := range benchQueries() {
		all, total := ix.Search(q.q, 0, 1<<30)
		if len(all) != total {
			t.Fatalf("%q: %d hits of total %d", q.q, len(all), total)
		}
		// With one query word, the full list is by falling score.
		for i := 1; i < len(all) && len(parseQuery(q.q)) == 1; i++ {
			if all[i].Score > all[i-1].Score {
				t.Fatalf("%q: hit %d scores above hit %d: %v", q.q, i, i-1, all[i-1:i+1])
			}
		}
		// Pages of 7 concatenate to the full list (the top-k selection
		// agrees with a full sort), with the same total.
		var paged []Hit
		for off := 0; off < total+7; off += 7 {
			page, tot := ix.Search(q.q, off, 7)
			if tot != total || len(page) > 7 {
				t.Fatalf("%q offset %d: %d hits, total %d, want <= 7 and %d", q.q, off, len(page), tot, total)
			}
			paged = append(paged, page...)
		}
		if !slices.Equal(paged, all) {
			t.Fatalf("%q: pages differ from the full list", q.q)
		}
	}
	if hits, total := ix.Search("lamp", 0, 0); hits != nil || total == 0 {
		t.Errorf("limit 0: %v, %d; want no hits and the total", hits, total)
	}
	first, _ := ix.Search("lamp", 0, 3)
	if hits, _ := ix.Search("lamp", -5, 3); !slices.Equal(hits, first) {
		t.Errorf("negative offset: %v, want %v", hits, first)
	}
	if hits, total := ix.Search("lamp", 1<<62, 1<<62); hits != nil || total == 0 {
		t.Errorf("huge offset: %v, %d", hits, total)
	}
}
