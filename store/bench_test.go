package store_test

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"shelf/store"
)

// benchStore is a store with 100 users and 1,000 products.
func benchStore(b *testing.B) *store.Store {
	b.Helper()
	s, err := store.Open(filepath.Join(b.TempDir(), "bench.db"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	batch := &store.ImportBatch{}
	for i := 1; i <= 1000; i++ {
		batch.Products = append(batch.Products, store.Product{Name: fmt.Sprintf("P%d", i), Category: fmt.Sprintf("C%d", i%12), Price: store.Price(i * 37)})
	}
	for i := 1; i <= 100; i++ {
		batch.Users = append(batch.Users, store.User{Username: fmt.Sprintf("u%d", i)})
	}
	if _, err := s.Import(batch, store.ImportOptions{}); err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkAddInteraction is one durable write at a time: one fsync each.
func BenchmarkAddInteraction(b *testing.B) {
	s := benchStore(b)
	i := 0
	for b.Loop() {
		it := store.Interaction{UserID: uint64(i%100 + 1), ProductID: uint64(i%1000 + 1), Type: store.View}
		if err := s.AddInteraction(&it); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkAddInteractionConcurrent has 64 writers share commits through
// bbolt's Batch, as concurrent API requests do.
func BenchmarkAddInteractionConcurrent(b *testing.B) {
	s := benchStore(b)
	b.SetParallelism(32) // x GOMAXPROCS (2 here) = 64 writers
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			it := store.Interaction{UserID: uint64(i%100 + 1), ProductID: uint64(i%1000 + 1), Type: store.Like}
			if err := s.AddInteraction(&it); err != nil {
				b.Error(err)
				return
			}
			i++
		}
	})
}

// BenchmarkImport100k stores 100,000 events in one transaction.
func BenchmarkImport100k(b *testing.B) { benchmarkImport(b, 100_000) }

// BenchmarkImport1M stores 1,000,000 events: several transactions behind
// the import journal.
func BenchmarkImport1M(b *testing.B) { benchmarkImport(b, 1_000_000) }

func benchmarkImport(b *testing.B, n int) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for b.Loop() {
		b.StopTimer()
		s := benchStore(b)
		events := make([]store.Interaction, n)
		for i := range events {
			user := i*31%100 + 1
			events[i] = store.Interaction{
				UserID: uint64(user), ProductID: uint64(i*7%1000 + 1), Type: store.View,
				Timestamp: t0.Add(time.Duration(i) * time.Second), SessionID: fmt.Sprintf("s-%d-%d", user, i/5000),
			}
		}
		b.StartTimer()
		if _, err := s.Import(&store.ImportBatch{Interactions: events}, store.ImportOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)/(b.Elapsed().Seconds()/float64(b.N)), "events/s")
}

// BenchmarkUserInteractions reads one page of a user's newest events.
func BenchmarkUserInteractions(b *testing.B) {
	s := benchStore(b)
	events := make([]store.Interaction, 50_000)
	for i := range events {
		events[i] = store.Interaction{UserID: uint64(i%100 + 1), ProductID: uint64(i%1000 + 1), Type: store.View, Timestamp: time.Unix(int64(1_700_000_000+i), 0)}
	}
	if _, err := s.Import(&store.ImportBatch{Interactions: events}, store.ImportOptions{}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, _, err := s.UserInteractions(42, 0, 20); err != nil {
			b.Fatal(err)
		}
	}
}
