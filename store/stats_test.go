package store

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// TestOverviewAndLogMatchDecodedEvents checks the admin overview and the
// interaction log, which read only some fields of each stored record,
// against the same figures counted from every interaction decoded whole:
// random types, ratings, sessions and times either side of the period,
// and every filter of the log.
func TestOverviewAndLogMatchDecodedEvents(t *testing.T) {
	now := time.Date(2026, 6, 15, 13, 30, 0, 0, time.UTC)
	s, err := Open(filepath.Join(t.TempDir(), "s.db"), Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r := rand.New(rand.NewPCG(7, 9))
	batch := &ImportBatch{}
	for i := 1; i <= 40; i++ {
		batch.Products = append(batch.Products, Product{Name: fmt.Sprintf("P%d", i), Category: fmt.Sprintf("C%d", i%5), Price: 100})
	}
	for i := 1; i <= 20; i++ {
		batch.Users = append(batch.Users, User{Username: fmt.Sprintf("u%d", i)})
	}
	types := []InteractionType{View, Like, Cart, Purchase}
	for range 3000 {
		it := Interaction{
			UserID: uint64(r.IntN(20) + 1), ProductID: uint64(r.IntN(40) + 1), Type: types[r.IntN(4)],
			// From 50 days before now to a day after it, to the microsecond.
			Timestamp: now.Add(-time.Duration(r.Int64N(int64(51*24*time.Hour))) + 24*time.Hour).Truncate(time.Microsecond),
		}
		if r.IntN(3) == 0 {
			it.SessionID = fmt.Sprintf("s%d", r.IntN(100))
		}
		if r.IntN(4) == 0 {
			v := float64(r.IntN(9)+1) / 2
			it.Rating = &v
		}
		batch.Interactions = append(batch.Interactions, it)
	}
	// On the first microsecond of the 30 days' period, and the last before.
	first := time.Date(2026, 5, 17, 0, 0, 0, 0, time.UTC)
	for _, ts := range []time.Time{first, first.Add(-time.Microsecond)} {
		batch.Interactions = append(batch.Interactions, Interaction{UserID: 1, ProductID: 1, Type: Like, Timestamp: ts})
	}
	if _, err := s.Import(batch, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	checkAgainstDecoded(t, s, now, true)
}

// checkAgainstDecoded checks s's overview (on the day of now) and log
// against the figures counted from every interaction decoded whole. With
// spread, the events must fall both in and out of the 30 days and every
// query of the log must match some.
func checkAgainstDecoded(t *testing.T, s *Store, now time.Time, spread bool) {
	t.Helper()
	var all []Interaction
	if err := s.ForEachInteraction(func(it *Interaction) error {
		all = append(all, *it)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(all, func(a, b Interaction) int { return cmp.Compare(b.ID, a.ID) })

	for _, days := range []int{1, 7, 30, 366} {
		got, err := s.Stats(days, 5)
		if err != nil {
			t.Fatal(err)
		}
		today := now.UTC().Truncate(24 * time.Hour)
		start := today.AddDate(0, 0, -(days - 1))
		perDay := make([]DayCounts, days)
		var funnel DayCounts
		n := 0
		byProduct := map[uint64]int{}
		for _, it := range all {
			day := int(it.Timestamp.Sub(start).Hours() / 24)
			if it.Timestamp.Before(start) || day >= days {
				continue
			}
			n++
			byProduct[it.ProductID]++
			perDay[day].add(it.Type)
			funnel.add(it.Type)
		}
		if got.Counts.Interactions != len(all) || got.Counts.Products != s.countOf(t, bProducts) || got.Counts.Users != s.countOf(t, bUsers) {
			t.Errorf("%d days: counts %+v", days, got.Counts)
		}
		for i := range perDay {
			perDay[i].Date = got.PerDay[i].Date
		}
		if !reflect.DeepEqual(got.PerDay, perDay) || got.Funnel != funnel {
			t.Errorf("%d days: per day %+v, funnel %+v; decoded: %+v, %+v", days, got.PerDay, got.Funnel, perDay, funnel)
		}
		products, categories := []TopProduct{}, []TopCategory{}
		byCategory := map[string]int{}
		for id, c := range byProduct {
			var p Product
			_ = s.view(func(tx *bolt.Tx) error { p, err = getProduct(tx, id); return nil })
			if err != nil {
				t.Fatalf("product %d: %v", id, err)
			}
			products = append(products, TopProduct{ID: id, Name: p.Name, Category: p.Category, Count: c})
			byCategory[p.Category] += c
		}
		for name, c := range byCategory {
			categories = append(categories, TopCategory{Name: name, Count: c})
		}
		slices.SortFunc(products, func(a, b TopProduct) int { return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.ID, b.ID)) })
		slices.SortFunc(categories, func(a, b TopCategory) int { return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Name, b.Name)) })
		products, categories = products[:min(5, len(products))], categories[:min(5, len(categories))]
		if !reflect.DeepEqual(got.TopProducts, products) || !reflect.DeepEqual(got.TopCategories, categories) {
			t.Errorf("%d days: top %+v and %+v; decoded: %+v and %+v", days, got.TopProducts, got.TopCategories, products, categories)
		}
		if got.PerDay[days-1].Date != today.Format(time.DateOnly) {
			t.Errorf("%d days: the last day is %s", days, got.PerDay[days-1].Date)
		}
		if spread && days == 30 && (n == 0 || n == len(all)) {
			t.Fatalf("30 days hold %d of %d interactions: the data does not test the period", n, len(all))
		}
	}

	since, until := now.Add(-20*24*time.Hour+time.Nanosecond), now.Add(-3*24*time.Hour)
	queries := []InteractionQuery{
		{},
		{Offset: 7},
		{Type: Cart},
		{ProductID: 7},
		{UserID: 3, Type: View},
		{Since: since},
		{Until: until},
		{Type: Purchase, Since: since, Until: until, Offset: 5},
	}
	if len(all) > 0 {
		// One interaction's own microsecond.
		at := all[len(all)/2].Timestamp
		queries = append(queries, InteractionQuery{Since: at, Until: at.Add(time.Microsecond)})
	}
	for _, q := range queries {
		var want []Interaction
		for _, it := range all {
			if (q.Type == 0 || it.Type == q.Type) && (q.UserID == 0 || it.UserID == q.UserID) &&
				(q.ProductID == 0 || it.ProductID == q.ProductID) &&
				(q.Since.IsZero() || !it.Timestamp.Before(q.Since)) && (q.Until.IsZero() || it.Timestamp.Before(q.Until)) {
				want = append(want, it)
			}
		}
		q.Limit = 20
		page, total, err := s.ListInteractions(q)
		if err != nil {
			t.Fatal(err)
		}
		end := min(len(want), q.Offset+q.Limit)
		if total != len(want) || !reflect.DeepEqual(page, want[min(q.Offset, end):end]) {
			t.Errorf("%+v: %d of %d, want %d of %d", q, len(page), total, end-min(q.Offset, end), len(want))
		}
		if spread && total == 0 {
			t.Errorf("%+v matches nothing: the case tests nothing", q)
		}
	}
}

// countOf counts the keys of a bucket.
func (s *Store) countOf(t *testing.T, bucket []byte) int {
	t.Helper()
	n := 0
	if err := s.view(func(tx *bolt.Tx) error {
		n = tx.Bucket(bucket).Stats().KeyN
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return n
}
