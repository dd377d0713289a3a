package store_test

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"shelf/store"
)

// TestOverviewAndLogMatchDecodedEvents checks the admin overview and the
// interaction log, which read only some fields of each stored record,
// against the same figures counted from every interaction decoded whole:
// random types, ratings, sessions and times either side of the period,
// and every filter of the log.
func TestOverviewAndLogMatchDecodedEvents(t *testing.T) {
	now := time.Date(2026, 6, 15, 13, 30, 0, 0, time.UTC)
	s, err := store.Open(filepath.Join(t.TempDir(), "s.db"), store.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r := rand.New(rand.NewPCG(7, 9))
	batch := &store.ImportBatch{}
	for i := 1; i <= 40; i++ {
		batch.Products = append(batch.Products, store.Product{Name: fmt.Sprintf("P%d", i), Category: fmt.Sprintf("C%d", i%5), Price: 100})
	}
	for i := 1; i <= 20; i++ {
		batch.Users = append(batch.Users, store.User{Username: fmt.Sprintf("u%d", i)})
	}
	types := []store.InteractionType{store.View, store.Like, store.Cart, store.Purchase}
	for range 3000 {
		it := store.Interaction{
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
		batch.Interactions = append(batch.Interactions, store.Interaction{UserID: 1, ProductID: 1, Type: store.Like, Timestamp: ts})
	}
	if _, err := s.Import(batch, store.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	var all []store.Interaction
	if err := s.ForEachInteraction(func(it *store.Interaction) error {
		all = append(all, *it)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(all, func(a, b store.Interaction) int { return cmp.Compare(b.ID, a.ID) })

	for _, days := range []int{1, 7, 30, 366} {
		got, err := s.Stats(days, 5)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -(days - 1))
		perDay := make([]store.DayCounts, days)
		var funnel store.DayCounts
		n := 0
		for _, it := range all {
			day := int(it.Timestamp.Sub(start).Hours() / 24)
			if it.Timestamp.Before(start) || day >= days {
				continue
			}
			n++
			for _, d := range []*store.DayCounts{&perDay[day], &funnel} {
				switch it.Type {
				case store.View:
					d.View++
				case store.Like:
					d.Like++
				case store.Cart:
					d.Cart++
				case store.Purchase:
					d.Purchase++
				}
			}
		}
		if got.Counts.Interactions != len(all) || got.Counts.Products != 40 || got.Counts.Users != 20 {
			t.Errorf("%d days: counts %+v", days, got.Counts)
		}
		for i := range perDay {
			perDay[i].Date = got.PerDay[i].Date
		}
		if !reflect.DeepEqual(got.PerDay, perDay) || got.Funnel != funnel {
			t.Errorf("%d days: per day %+v, funnel %+v; decoded: %+v, %+v", days, got.PerDay, got.Funnel, perDay, funnel)
		}
		if got.PerDay[days-1].Date != "2026-06-15" {
			t.Errorf("%d days: the last day is %s", days, got.PerDay[days-1].Date)
		}
		if days == 30 && (n == 0 || n == len(all)) {
			t.Fatalf("30 days hold %d of %d interactions: the data does not test the period", n, len(all))
		}
	}

	since, until := now.Add(-20*24*time.Hour+time.Nanosecond), now.Add(-3*24*time.Hour)
	for _, q := range []store.InteractionQuery{
		{},
		{Type: store.Cart},
		{ProductID: 7},
		{UserID: 3, Type: store.View},
		{Since: since},
		{Until: until},
		{Type: store.Purchase, Since: since, Until: until, Offset: 5},
		{Since: all[100].Timestamp, Until: all[100].Timestamp.Add(time.Microsecond)},
	} {
		var want []store.Interaction
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
		if total == 0 {
			t.Errorf("%+v matches nothing: the case tests nothing", q)
		}
	}
}
