package search

import (
	"testing"
	"unicode/utf8"
)

// FuzzSearch puts fuzzed documents into a small index and searches with a
// fuzzed query: nothing may panic, results must be consistent, and deleting
// every document must leave the vocabulary empty.
func FuzzSearch(f *testing.F) {
	f.Add("Café crème", "running shoes for the trail", "Shoes", "runnin", 0, 10)
	f.Add("Hedphones", "x200 ĳ ß Æ", "", "headphnes x2", 1, 1)
	f.Add("", "", "", "", -1, -1)
	f.Add("cafe\u0301 ’s", "\xff\xfe", "日本語", "日本", 0, 5)
	f.Add("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "aaaaaaaa aaaaaaab", "a", "aaaaaaaa", 3, 100)
	f.Fuzz(func(t *testing.T, name, desc, cat, query string, offset, limit int) {
		ix := New()
		ix.Put(Doc{ID: 1, Name: name, Description: desc, Category: cat})
		ix.Put(Doc{ID: 2, Name: query, Description: name})
		ix.Put(Doc{ID: 3, Name: "Electric kettle", Description: desc, Category: "Kitchen"})
		hits, total := ix.Search(query, offset, limit)
		if total < 0 || total > 3 || len(hits) > total || len(hits) > max(limit, 0) {
			t.Fatalf("hits %v total %d for offset %d limit %d", hits, total, offset, limit)
		}
		seen := map[uint64]bool{}
		for _, h := range hits {
			if h.ID < 1 || h.ID > 3 || seen[h.ID] || !(h.Score > 0) {
				t.Fatalf("bad hit %v in %v", h, hits)
			}
			seen[h.ID] = true
		}
		// A document named after the query is found by it, unless the query
		// holds no indexable word.
		if offset <= 0 && limit >= 3 && len(parseQuery(query)) > 0 && utf8.ValidString(query) && !onlyStopWords(query) && !seen[2] {
			t.Fatalf("document named %q not found by its name: %v", query, hits)
		}
		for id := uint64(1); id <= 3; id++ {
			ix.Delete(id)
		}
		if len(ix.wordIDs)+len(ix.stems)+len(ix.prefixes)+ix.deletions.len() != 0 || ix.Len() != 0 {
			t.Fatal("tables not empty after deleting everything")
		}
	})
}

func onlyStopWords(q string) bool {
	for _, w := range parseQuery(q) {
		if !w.stopWord {
			return false
		}
	}
	return true
}
