package model

import (
	"context"
	"testing"
)

// TestNewItemHistoryRanksByContent: a guest who only looked at a product
// the models never saw an event of gets its content neighbours, each
// naming that product, then what is popular in its category; never
// "shoppers with similar taste". A guest with one known item too gets the
// learned blend as before.
func TestNewItemHistoryRanksByContent(t *testing.T) {
	cfg := DefaultConfig()
	cfg.SVD.Components, cfg.ALS.Factors = 8, 8
	m, err := Train(context.Background(), contentInput(21), cfg)
	if err != nil {
		t.Fatal(err)
	}
	const fresh = 101 // no events: new since training
	g := synthGroup(fresh)
	s := m.FoldIn(0, []Event{{Item: fresh, Type: Like, Rating: -1, Time: testNow}}, testNow)
	recs := m.RecommendFor(s, 10, Filter{})
	if len(recs) != 10 {
		t.Fatalf("%d items", len(recs))
	}
	content := 0
	for i, r := range recs {
		if r.Item == fresh {
			t.Errorf("the guest's own item is recommended")
		}
		if r.Reason == reasonPersonal || r.Reason == reasonBecause {
			t.Errorf("item %d: reason %q from models that know nothing of the guest", r.Item, r.Reason)
		}
		if r.Reason == reasonContentOf {
			content++
			if r.Because != fresh || r.Scores[ContentScore] <= 0 || synthGroup(r.Item) != g {
				t.Errorf("item %d (%d of the list): because %d, content %.2f, group %d; want because %d, a content score, group %d",
					r.Item, i, r.Because, r.Scores[ContentScore], synthGroup(r.Item), fresh, g)
			}
		} else if content == 0 {
			t.Errorf("item %d (%q) before any content neighbour", r.Item, r.Reason)
		}
	}
	if content < 5 {
		t.Errorf("only %d content neighbours: %v", content, ids(recs))
	}
	// One item the models know: the learned blend ranks.
	known := uint64(g + synthGroups*3)
	s = m.FoldIn(0, []Event{{Item: fresh, Type: Like, Rating: -1, Time: testNow}, {Item: known, Type: Like, Rating: -1, Time: testNow}}, testNow)
	for _, r := range m.RecommendFor(s, 10, Filter{}) {
		if r.Reason == reasonContentOf {
			t.Fatalf("a history with a known item ranked by content alone: %+v", r)
		}
	}
}
