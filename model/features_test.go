package model

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"
)

// contentInput is the planted shop with product texts: group g's items
// share the words of group g, and items 101-104 are brand new (no events),
// one per group.
func contentInput(seed uint64) Input {
	in := synthInput(seed)
	words := []string{"ceramic teapot kettle", "running shoes trail", "espresso coffee beans", "wool winter scarf"}
	for k := range in.Items {
		it := &in.Items[k]
		it.Text = fmt.Sprintf("%s model %d", words[synthGroup(it.ID)], it.ID)
		it.Created = testNow - 100*secondsPerDay
	}
	for id := uint64(101); id <= 104; id++ {
		in.Items = append(in.Items, ItemInfo{ID: id, Category: []string{"a", "b"}[id%2], Text: fmt.Sprintf("%s model %d", words[synthGroup(id)], id), Created: testNow - secondsPerDay})
	}
	return in
}

func TestNewProductReachesSimilarAndRecommendations(t *testing.T) {
	cfg := DefaultConfig()
	cfg.SVD.Components, cfg.ALS.Factors = 8, 8
	m, err := Train(context.Background(), contentInput(21), cfg)
	if err != nil {
		t.Fatal(err)
	}
	for id := uint64(101); id <= 104; id++ {
		g := synthGroup(id)
		// The new item appears in Similar of a related (same-group) product.
		related := uint64(g + synthGroups*3)
		if !slices.Contains(ids(m.Similar(related, 10, Filter{})), id) {
			t.Errorf("new item %d missing from Similar(%d) = %v", id, related, ids(m.Similar(related, 10, Filter{})))
		}
		// Its own Similar list is its group, by content.
		if share := groupShare(m.Similar(id, 10, Filter{}), g); share < 0.9 {
			t.Errorf("Similar(%d): in-group share %.2f", id, share)
		}
	}
	// Users get a new item in the exploration slot, the one like an item
	// of their history (mostly of their group; some users have noise).
	touched := map[[2]uint64]bool{}
	for _, e := range contentInput(21).Events {
		touched[[2]uint64{e.User, e.Item}] = true
	}
	got, inGroup := 0, 0
	for u := uint64(1); u <= synthUsers; u++ {
		recs := m.Recommend(u, 10, Filter{})
		for p, r := range recs {
			if r.Item > 100 {
				got++
				if synthGroup(r.Item) == synthGroup(u) {
					inGroup++
				}
				if p != len(recs)-1 || synthGroup(r.Item) != synthGroup(r.Because) || !touched[[2]uint64{u, r.Because}] || r.Reason != reasonNew {
					t.Errorf("user %d: new item %d (%q because %d)", u, r.Item, r.Reason, r.Because)
				}
			}
		}
		if short := m.Recommend(u, 4, Filter{}); slices.ContainsFunc(short, func(r Recommendation) bool { return r.Item > 100 }) {
			t.Errorf("user %d: a list of 4 got an exploration slot", u)
		}
	}
	if got < synthUsers/2 || inGroup < got*3/4 {
		t.Errorf("%d of %d users were shown a new item, %d of their group", got, synthUsers, inGroup)
	}
}

func TestBoughtTogether(t *testing.T) {
	in := Input{Now: testNow}
	for i := uint64(1); i <= 6; i++ {
		in.Items = append(in.Items, ItemInfo{ID: i, Category: "c"})
	}
	ev := func(u, i uint64, typ EventType, day int64, session string) {
		in.Events = append(in.Events, Event{User: u, Item: i, Type: typ, Rating: -1, Time: testNow - day*secondsPerDay, Session: SessionKey(session)})
	}
	for u := uint64(1); u <= 5; u++ { // 1 and 2 are bought together by five users
		ev(u, 1, Purchase, 10, "")
		ev(u, 2, Cart, 9, "")
		ev(u, 3, View, 9, "") // views do not make baskets
	}
	ev(6, 1, Purchase, 30, "") // 1 and 4: same user, but 20 days apart
	ev(6, 4, Purchase, 10, "")
	ev(0, 1, Cart, 1, "s1") // a guest session puts 1 and 5 together
	ev(0, 5, Cart, 1, "s1")
	ev(0, 6, Cart, 1, "s2") // another session
	cfg := DefaultConfig()
	cfg.Models = []string{}
	m, err := Train(context.Background(), in, cfg)
	if err != nil {
		t.Fatal(err)
	}
	recs := m.BoughtTogether(1, 2, Filter{})
	if got := ids(recs); !slices.Equal(got, []uint64{2, 5}) {
		t.Fatalf("BoughtTogether(1) = %v, want [2 5]", got)
	}
	if recs[0].Reason != reasonTogether || recs[0].Because != 1 || !(recs[0].Confidence > recs[1].Confidence) {
		t.Errorf("recs %+v", recs)
	}
	if got := m.BoughtTogether(6, 1, Filter{}); len(got) != 1 || got[0].Reason == reasonTogether {
		t.Errorf("BoughtTogether(6) = %+v: session s2 holds nothing else, want one filler", got)
	}
	if got := ids(m.BoughtTogether(1, 3, Filter{Exclude: func(id uint64) bool { return id == 2 }})); slices.Contains(got, 2) || slices.Contains(got, 1) {
		t.Errorf("filtered BoughtTogether(1) = %v", got)
	}
	if m.BoughtTogether(99, 3, Filter{}) != nil {
		t.Error("unknown item got items")
	}
}

func TestProfile(t *testing.T) {
	m := trainAll(t, 22)
	emb, cats, ok := m.Profile(8)
	if !ok || len(emb) != 8 || len(cats) == 0 || len(cats) > 3 {
		t.Fatalf("Profile(8) = %v, %v, %v", emb, cats, ok)
	}
	u := m.users[8]
	for i, x := range rowOf32(m.als.x, int(u)) {
		if emb[i] != x {
			t.Fatalf("embedding differs from the ALS factors")
		}
	}
	if _, _, ok := m.Profile(424242); ok {
		t.Error("unknown user has a profile")
	}
	pm := trainShop(t) // user 10: item 2 (shoes, purchase 5) and item 3 (books, like 2)
	if emb, cats, ok := pm.Profile(10); !ok || emb != nil || !slices.Equal(cats, []string{"shoes", "books"}) {
		t.Errorf("Profile(10) = %v, %v, %v; want no embedding, [shoes books]", emb, cats, ok)
	}
}

func TestStrongestEvent(t *testing.T) {
	in := shopInput()
	in.Events = append(in.Events, Event{User: 10, Item: 3, Type: View, Rating: -1, Time: testNow + 1}) // a view after the like
	cfg := DefaultConfig()
	cfg.Models = []string{}
	m, err := Train(context.Background(), in, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		user, item uint64
		want       EventType
		ok         bool
	}{
		{10, 2, Purchase, true},
		{10, 3, Like, true}, // the strongest, not the newest
		{11, 4, Cart, true},
		{11, 1, View, true},
		{10, 4, 0, false},  // no such pair
		{10, 99, 0, false}, // not in the catalog
		{0, 3, 0, false},   // guests have no pairs
		{42, 2, 0, false},  // unknown user
	} {
		if known := m.HasUser(c.user); known != (c.user == 10 || c.user == 11) {
			t.Errorf("HasUser(%d) = %v", c.user, known)
		}
		if got, ok := m.StrongestEvent(c.user, c.item); got != c.want || ok != c.ok {
			t.Errorf("StrongestEvent(%d, %d) = %v, %v; want %v, %v", c.user, c.item, got, ok, c.want, c.ok)
		}
	}
	got := roundTrip(t, m)
	if typ, ok := got.StrongestEvent(10, 3); !got.KnowsEventTypes() || typ != Like || !ok {
		t.Errorf("after a round trip: StrongestEvent(10, 3) = %v, %v", typ, ok)
	}
	// A stored type out of range is refused, not served.
	m.kinds[0] = 9
	if _, err := UnmarshalModel(marshal(t, m)); err == nil || !strings.Contains(err.Error(), "event type 9") {
		t.Errorf("a file with event type 9: %v, want it refused", err)
	}
	// A model file from before the event types reads without them.
	m.kinds = nil
	if got = roundTrip(t, m); got.KnowsEventTypes() {
		t.Fatal("a file without event types: the model knows them")
	}
	if _, ok := got.StrongestEvent(10, 2); ok {
		t.Error("StrongestEvent answered without event types")
	}
}

func TestValidationAndProgress(t *testing.T) {
	in := synthInput(23)
	cfg := DefaultConfig()
	cfg.SVD.Components, cfg.ALS.Factors = 8, 8
	cfg.Tune = true
	var mu sync.Mutex
	var phases []string
	last := -1.0
	cfg.Progress = func(phase string, f float64) {
		mu.Lock()
		defer mu.Unlock()
		if f < last-1e-12 || f < 0 || f > 1 {
			t.Errorf("progress went from %v to %v (%s)", last, f, phase)
		}
		last = f
		if len(phases) == 0 || phases[len(phases)-1] != phase {
			phases = append(phases, phase)
		}
	}
	m, err := Train(context.Background(), in, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("phases %v", phases)
	if last != 1 || !slices.Contains(phases, PhaseValidate) || !slices.Contains(phases, "als") || phases[0] != PhaseValidate {
		t.Errorf("phases %v, last fraction %v", phases, last)
	}
	val := m.Info().Validation
	for _, name := range []string{Popularity, CF, MF, KNN, Ensemble} {
		v, ok := val[name]
		if !ok || v.Users == 0 || math.IsNaN(v.NDCG) || v.NDCG < 0 || v.NDCG > 1 || v.Recall > 1 || v.HitRate > 1 {
			t.Fatalf("validation %s = %+v", name, v)
		}
		t.Logf("%-10s %+v", name, v)
	}
	if val[Ensemble].NDCG < val[Popularity].NDCG+0.1 {
		t.Errorf("ensemble validation NDCG %.3f not above popularity %.3f by 0.1", val[Ensemble].NDCG, val[Popularity].NDCG)
	}
	// Tuning never scores below the default weights on the validation split.
	cfg.Tune, cfg.Progress = false, nil
	plain, err := Train(context.Background(), in, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if val[Ensemble].NDCG < plain.Info().Validation[Ensemble].NDCG-1e-9 {
		t.Errorf("tuned ensemble %.4f below default %.4f", val[Ensemble].NDCG, plain.Info().Validation[Ensemble].NDCG)
	}
}

func TestSessionKey(t *testing.T) {
	if SessionKey("") != 0 {
		t.Error("no session is not 0")
	}
	seen := map[uint64]string{}
	for i := range 100_000 {
		id := fmt.Sprintf("session-%d", i)
		k := SessionKey(id)
		if k == 0 || k != SessionKey(id) || k != SessionKeyBytes([]byte(id)) {
			t.Fatalf("SessionKey(%q) = %d, then %d", id, k, SessionKey(id))
		}
		if other, dup := seen[k]; dup {
			t.Fatalf("%q and %q share a number", id, other)
		}
		seen[k] = id
	}
	b := []byte("s-495382-1")
	if n := testing.AllocsPerRun(100, func() { SessionKeyBytes(b) }); n != 0 {
		t.Errorf("SessionKeyBytes allocates %v times", n)
	}
}
