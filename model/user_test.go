package model

import (
	"context"
	"slices"
	"testing"
)

// groupShare is the share of recs whose item is in group g.
func groupShare(recs []Recommendation, g int) float64 {
	n := 0
	for _, r := range recs {
		if synthGroup(r.Item) == g {
			n++
		}
	}
	return float64(n) / float64(max(len(recs), 1))
}

func TestFoldInMovesTowardNewItem(t *testing.T) {
	m := trainAll(t, 11)
	const user = 8 // group 0
	other := 1     // another group
	var history []Event
	for _, e := range synthInput(11).Events {
		if e.User == user {
			history = append(history, e)
		}
	}
	before := m.RecommendFor(m.FoldIn(user, history, testNow), 20, Filter{})
	if !slices.Equal(ids(before), ids(m.Recommend(user, 20, Filter{}))) {
		t.Errorf("fold-in of the trained history changed the list:\n%v\n%v", ids(before), ids(m.Recommend(user, 20, Filter{})))
	}
	// The user now buys several items of the other group.
	var newItems []uint64
	for k := range 4 {
		item := uint64(other + synthGroups*(k+1))
		newItems = append(newItems, item)
		history = append(history, Event{User: user, Item: item, Type: Purchase, Rating: -1, Time: testNow})
	}
	after := m.RecommendFor(m.FoldIn(user, history, testNow), 20, Filter{})
	b, a := groupShare(before, other), groupShare(after, other)
	t.Logf("share of group %d: before %.2f, after %.2f", other, b, a)
	if a < b+0.2 {
		t.Errorf("recommendations did not move toward the new items' group: %.2f -> %.2f", b, a)
	}
	for _, r := range after {
		if slices.Contains(newItems, r.Item) {
			t.Errorf("item %d was just bought but is recommended", r.Item)
		}
	}
}

func TestFoldInNewUserGetsPersonalRecommendations(t *testing.T) {
	m := trainAll(t, 12)
	trending := ids(m.Popular(10, Filter{}))
	for g := range synthGroups {
		history := []Event{
			{Item: uint64(g + synthGroups*1), Type: View, Rating: -1, Time: testNow},
			{Item: uint64(g + synthGroups*2), Type: Like, Rating: -1, Time: testNow},
			{Item: uint64(g + synthGroups*3), Type: Cart, Rating: -1, Time: testNow},
		}
		for _, user := range []uint64{0, 999_999} { // a guest session and a brand-new user
			s := m.FoldIn(user, history, testNow)
			recs := m.RecommendFor(s, 10, Filter{})
			if len(recs) != 10 {
				t.Fatalf("got %d recommendations", len(recs))
			}
			if share := groupShare(recs, g); share < 0.8 {
				t.Errorf("user %d group %d: in-group share %.2f, want >= 0.8", user, g, share)
			}
			if slices.Equal(ids(recs), trending) || recs[0].Reason == reasonTrending {
				t.Errorf("user %d group %d: got trending items %v", user, g, ids(recs))
			}
			for _, r := range recs {
				if slices.ContainsFunc(history, func(e Event) bool { return e.Item == r.Item }) {
					t.Errorf("item %d of the history recommended", r.Item)
				}
			}
		}
	}
}

func TestFoldInEdgeCases(t *testing.T) {
	m := trainAll(t, 13)
	empty := m.FoldIn(0, nil, testNow)
	if got, want := ids(m.RecommendFor(empty, 5, Filter{})), ids(m.Popular(5, Filter{})); !slices.Equal(got, want) {
		t.Errorf("empty guest state: %v, want trending %v", got, want)
	}
	unknown := m.FoldIn(5, []Event{{Item: 12345, Type: Purchase, Rating: -1}, {Item: 4, Type: 0}}, testNow)
	if got, want := ids(m.RecommendFor(unknown, 5, Filter{})), ids(m.Recommend(5, 5, Filter{})); !slices.Equal(got, want) {
		t.Errorf("unknown items and invalid types changed the list: %v, want %v", got, want)
	}
	if m.RecommendFor(nil, 5, Filter{}) != nil || m.RecommendFor(empty, 0, Filter{}) != nil {
		t.Error("nil state or n 0 gave recommendations")
	}
	// A state built by an older model is folded in again by the new one.
	newer := trainAll(t, 14)
	h := []Event{{Item: 4, Type: Purchase, Rating: -1}, {Item: 8, Type: Purchase, Rating: -1}}
	old := m.FoldIn(0, h, testNow)
	if got, want := ids(newer.RecommendFor(old, 10, Filter{})), ids(newer.RecommendFor(newer.FoldIn(0, h, testNow), 10, Filter{})); !slices.Equal(got, want) {
		t.Errorf("old state on new model: %v, want %v", got, want)
	}
}

func TestExcludePerType(t *testing.T) {
	// In shopInput user 11 viewed item 1 and put item 4 in the cart.
	tests := []struct {
		name    string
		exclude [5]bool
		want    []uint64
	}{
		{"default excludes all", DefaultConfig().Exclude, []uint64{2, 3, 5, 6}},
		{"views shown again", [5]bool{Like: true, Cart: true, Purchase: true}, []uint64{2, 3, 1, 5, 6}},
		{"nothing excluded", [5]bool{}, []uint64{2, 3, 4, 1, 5, 6}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := DefaultConfig()
			cfg.Models = []string{}
			cfg.Exclude = tt.exclude
			m, err := Train(context.Background(), shopInput(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(m.Recommend(11, 10, Filter{})); !slices.Equal(got, tt.want) {
				t.Errorf("Recommend = %v, want %v", got, tt.want)
			}
			s := m.FoldIn(11, []Event{{User: 11, Item: 2, Type: View, Rating: -1, Time: testNow}}, testNow)
			got := ids(m.RecommendFor(s, 10, Filter{}))
			if slices.Contains(got, 2) == tt.exclude[View] {
				t.Errorf("after a view of item 2: %v (views excluded: %v)", got, tt.exclude[View])
			}
		})
	}
}

func TestExcludeViewsWithPersonalModels(t *testing.T) {
	in := synthInput(15)
	cfg := DefaultConfig()
	cfg.SVD.Components, cfg.ALS.Factors = 8, 8
	cfg.Exclude[View] = false
	m, err := Train(context.Background(), in, cfg)
	if err != nil {
		t.Fatal(err)
	}
	strongest := map[[2]uint64]EventType{}
	for _, e := range in.Events {
		k := [2]uint64{e.User, e.Item}
		strongest[k] = max(strongest[k], e.Type)
	}
	viewedShown := 0
	for u := uint64(1); u <= synthUsers; u++ {
		for _, r := range m.Recommend(u, 20, Filter{}) {
			switch strongest[[2]uint64{u, r.Item}] {
			case View:
				viewedShown++
			case Like, Cart, Purchase:
				t.Fatalf("user %d: item %d was liked, carted or bought but is recommended", u, r.Item)
			}
		}
	}
	if viewedShown == 0 {
		t.Error("with view exclusion off, no viewed item was ever recommended")
	}
}
