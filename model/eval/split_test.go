package eval

import (
	"math"
	"slices"
	"strings"
	"testing"

	"shelf/model"
)

func TestHoldout(t *testing.T) {
	var events []event
	add := func(u, i uint64, ts int64) {
		events = append(events, event{user: u, item: i, typ: 1, rating: -1, time: ts})
	}
	// User 1: 6 pairs -> ceil(1.2) = 2 test pairs. Items 14 and 15 share a
	// time, so the lower id comes first; item 10 is seen twice, earliest at 1.
	add(1, 10, 50)
	add(1, 10, 1)
	for i, ts := range []int64{2, 3, 4, 9, 9} {
		add(1, uint64(11+i), ts)
	}
	// User 2: 5 pairs -> 1 test pair.
	for i := range 5 {
		add(2, uint64(20+i), int64(10-i))
	}
	// User 3: 4 pairs -> all training.
	for i := range 4 {
		add(3, uint64(30+i), 1)
	}
	s := holdout(events)
	if s.trainN != 12 || s.testN != 3 || len(s.test) != 2 || len(s.universe) != 15 {
		t.Fatalf("train %d test %d test users %d universe %d", s.trainN, s.testN, len(s.test), len(s.universe))
	}
	wantTest := map[uint64][]uint64{1: {14, 15}, 2: {20}}
	for u, want := range wantTest {
		var got []uint64
		for it := range s.test[u] {
			got = append(got, it)
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("user %d test = %v, want %v", u, got, want)
		}
	}
	if !slices.Equal(s.train[1], []uint64{10, 11, 12, 13}) {
		t.Errorf("user 1 train = %v", s.train[1])
	}
	// Both events of pair (1,10) are kept for training; none of a test pair.
	if len(s.events) != 13 || s.now != 50 {
		t.Errorf("training events %d (want 13), now %d (want 50)", len(s.events), s.now)
	}
}

// TestScore checks the harness's side of the metrics: top ids are matched
// against the test set by id (model.RankMetrics' own figures are pinned in
// package model).
func TestScore(t *testing.T) {
	test := map[uint64]struct{}{1: {}, 2: {}, 3: {}}
	got := score([]uint64{9, 1, 8, 2}, test, 4)
	dcg := 1/math.Log2(3) + 1/math.Log2(5)
	ideal := 1 + 1/math.Log2(3) + 1/math.Log2(4)
	want := model.Metrics{Precision: 0.5, Recall: 2.0 / 3, NDCG: dcg / ideal, HitRate: 1, Users: 1}
	if math.Abs(got.Precision-want.Precision) > 1e-12 || math.Abs(got.Recall-want.Recall) > 1e-12 ||
		math.Abs(got.NDCG-want.NDCG) > 1e-12 || got.HitRate != 1 || got.Users != 1 {
		t.Errorf("score = %+v, want %+v", got, want)
	}
	if m := score([]uint64{7}, test, 10); m.HitRate != 0 || m.NDCG != 0 || m.Precision != 0 {
		t.Errorf("no hits: %+v", m)
	}
}

func TestRankExcludesTrainingAndBreaksTies(t *testing.T) {
	universe := []uint64{3, 5, 7, 9, 11}
	scores := []float64{1, 2, 2, 5, 2}
	got := rank(scores, universe, []uint64{9}, 3)
	if !slices.Equal(got, []int{1, 2, 4}) {
		t.Errorf("rank = %v, want [1 2 4]", got)
	}
}

func TestLoadEvents(t *testing.T) {
	tests := []struct {
		name, in string
		n        int
		err      string
	}{
		{"basic", "user_id,product_id,interaction_type,timestamp\n1,2,view,2024-01-02T03:04:05Z\n", 1, ""},
		{"with rating", "user_id,product_id,interaction_type,timestamp,rating\n1,2,like,2024-01-02T03:04:05+02:00,4.5\n1,3,cart,2024-01-02T03:04:05Z,\n", 2, ""},
		{"byte order mark", "\ufeffuser_id,product_id,interaction_type,timestamp\n1,2,view,2024-01-02T03:04:05Z\n", 1, ""},
		{"bad header", "user,product_id,interaction_type,timestamp\n", 0, "header column 1"},
		{"bad type", "user_id,product_id,interaction_type,timestamp\n1,2,click,2024-01-02T03:04:05Z\n", 0, "interaction_type"},
		{"bad time", "user_id,product_id,interaction_type,timestamp\n1,2,view,2024-01-02\n", 0, "timestamp"},
		{"bad rating", "user_id,product_id,interaction_type,timestamp,rating\n1,2,view,2024-01-02T03:04:05Z,9\n", 0, "rating"},
		{"NaN rating", "user_id,product_id,interaction_type,timestamp,rating\n1,2,view,2024-01-02T03:04:05Z,NaN\n", 0, "rating"},
		{"short row", "user_id,product_id,interaction_type,timestamp\n1,2,view\n", 0, "fields"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := loadEvents(strings.NewReader(tt.in))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want it to mention %q", err, tt.err)
				}
				return
			}
			if err != nil || len(got) != tt.n {
				t.Fatalf("got %d events, err %v; want %d", len(got), err, tt.n)
			}
		})
	}
	got, _ := loadEvents(strings.NewReader("user_id,product_id,interaction_type,timestamp,rating\n1,2,like,2024-01-02T03:04:05+02:00,4.5\n"))
	if e := got[0]; e.user != 1 || e.item != 2 || e.typ != 2 || e.rating != 4.5 || e.time != 1704157445 {
		t.Errorf("parsed %+v", e)
	}
}

func TestLoadMovieLens(t *testing.T) {
	got, err := loadMovieLens(strings.NewReader("1\t2\t5\t100\n1\t3\t3\t101\n2 4 4 102\n"), 4)
	if err != nil || len(got) != 2 || got[1].item != 4 || got[1].rating != 4 {
		t.Fatalf("got %+v, err %v", got, err)
	}
	for _, bad := range []string{"1\t2\tx\t100\n", "1\t2\tNaN\t100\n", "1\t2\t3\n"} {
		if _, err := loadMovieLens(strings.NewReader(bad), 4); err == nil {
			t.Errorf("bad line %q accepted", bad)
		}
	}
}
