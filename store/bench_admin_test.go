package store_test

import (
	"testing"
	"time"

	"shelf/store"
)

// BenchmarkOverview1M is the admin overview of a year (GET
// /api/admin/stats?days=366) on a 1,000,000-event shop: every interaction
// is read.
func BenchmarkOverview1M(b *testing.B) {
	s, err := store.Open(bigShopFile(b), store.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for b.Loop() {
		st, err := s.Stats(366, 10)
		if err != nil || st.Counts.Interactions != 1_000_000 {
			b.Fatal(st.Counts, err)
		}
	}
}

// BenchmarkInteractionLog1M is the first page of the admin's interaction
// log on a 1,000,000-event shop, unfiltered and filtered by type and time:
// each counts every match.
func BenchmarkInteractionLog1M(b *testing.B) {
	s, err := store.Open(bigShopFile(b), store.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for _, c := range []struct {
		name string
		q    store.InteractionQuery
	}{
		{"all", store.InteractionQuery{Limit: 50}},
		{"filtered", store.InteractionQuery{Type: store.View, Since: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC), Limit: 50}},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				page, n, err := s.ListInteractions(c.q)
				if err != nil || len(page) != 50 || n == 0 {
					b.Fatal(len(page), n, err)
				}
			}
		})
	}
}
