package store_test

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
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
	fillBenchShop(b, s)
	return s
}

// fillBenchShop stores 100 users and 1,000 products.
func fillBenchShop(b *testing.B, s *store.Store) {
	b.Helper()
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
	for b.Loop() {
		b.StopTimer()
		s := benchStore(b)
		events := benchEvents(0, n, 0)
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

// BenchmarkUndoImport times opening a file whose last import did not
// finish, which undoes it: the file holds 1,000,000 events, half of them
// written by the unfinished import (its first ten chunks), which also
// created 1,000 placeholder products.
func BenchmarkUndoImport(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		path := unfinishedImport(b, 500_000, 1_000_000, 10, 1_000)
		b.StartTimer()
		s, err := store.Open(path, store.Options{})
		b.StopTimer()
		if err != nil {
			b.Fatal(err)
		}
		if !s.UndidImport() {
			b.Fatal("nothing was undone")
		}
		if c, err := s.Counts(); err != nil || c.Interactions != 500_000 || c.Products != 1000 {
			b.Fatalf("after the undo: %+v, %v", c, err)
		}
		s.Close()
		b.StartTimer()
	}
}

// errCrash stops an import between two chunks, as a crash would.
var errCrash = errors.New("crash")

// unfinishedImport returns the path of a closed store of 100 users, 1,000
// products and base events, with an import journal left open: an import
// of n more events, a fraction of them about new products (placeholders
// of them, with ids from 1,001), stopped by a panic after it committed
// its first chunks.
func unfinishedImport(b *testing.B, base, n, chunks, placeholders int) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "undo.db")
	armed := false // for the second import only
	s, err := store.Open(path, store.Options{AfterImportChunk: func(k int) error {
		if armed && k == chunks-1 {
			panic(errCrash)
		}
		return nil
	}})
	if err != nil {
		b.Fatal(err)
	}
	fillBenchShop(b, s)
	if _, err := s.Import(&store.ImportBatch{Interactions: benchEvents(0, base, 0)}, store.ImportOptions{}); err != nil {
		b.Fatal(err)
	}
	armed = true
	stopped := func() (r any) {
		defer func() { r = recover() }()
		s.Import(&store.ImportBatch{Interactions: benchEvents(base, n, placeholders)}, store.ImportOptions{CreateMissing: true})
		return nil
	}()
	if stopped != errCrash {
		b.Fatalf("the import did not stop after chunk %d: %v", chunks, stopped)
	}
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	return path
}

// benchEvents returns n events from the from-th on of a generated stream
// over 100 users and 1,000 products; with extra > 0, every tenth event is
// about one of extra products after those, which do not exist.
func benchEvents(from, n, extra int) []store.Interaction {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	events := make([]store.Interaction, n)
	for k := range events {
		i := from + k
		user := i*31%100 + 1
		product := i*7%1000 + 1
		if extra > 0 && i%10 == 0 {
			product = 1000 + i/10%extra + 1
		}
		events[k] = store.Interaction{
			UserID: uint64(user), ProductID: uint64(product), Type: store.View,
			Timestamp: t0.Add(time.Duration(i) * time.Second), SessionID: fmt.Sprintf("s-%d-%d", user, i/5000),
		}
	}
	return events
}

// BenchmarkIngestDuringExport measures durable interaction writes from 64
// concurrent writers on a 1,000,000-event store, idle and while a slow
// consumer walks ForEachInteraction (at most 125,000 events/s, as an export
// to a client on a slow link): idle-writes/s, export-writes/s and their
// ratio. The two alternate, three times each, after a first round of
// writes that is not counted: the first writes after the import are
// faster than any later ones, which would count against whichever phase
// came second.
func BenchmarkIngestDuringExport(b *testing.B) {
	s := benchStore(b)
	if _, err := s.Import(&store.ImportBatch{Interactions: benchEvents(0, 1_000_000, 0)}, store.ImportOptions{}); err != nil {
		b.Fatal(err)
	}
	ingest(b, s)
	var idle, busy time.Duration
	for b.Loop() {
		for range 3 {
			idle += ingest(b, s)
			busy += ingestDuringExport(b, s)
		}
	}
	writes := float64(3 * b.N * ingestWriters * ingestWrites)
	b.ReportMetric(writes/idle.Seconds(), "idle-writes/s")
	b.ReportMetric(writes/busy.Seconds(), "export-writes/s")
	b.ReportMetric(idle.Seconds()/busy.Seconds(), "ratio")
}

const (
	ingestWriters = 64
	ingestWrites  = 100 // per writer
)

// ingest runs ingestWriters concurrent writers of ingestWrites durable
// writes each and returns how long they took.
func ingest(b *testing.B, s *store.Store) time.Duration {
	start := time.Now()
	var wg sync.WaitGroup
	for w := range ingestWriters {
		wg.Go(func() {
			for i := range ingestWrites {
				it := store.Interaction{UserID: uint64((w*ingestWrites+i)%100 + 1), ProductID: uint64((w*7+i)%1000 + 1), Type: store.Like, SessionID: fmt.Sprintf("w%d", w)}
				if err := s.AddInteraction(&it); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	return time.Since(start)
}

// errExportDone stops the export once the writers are done.
var errExportDone = errors.New("done")

// ingestDuringExport is ingest while a slow export runs from before the
// first write to after the last.
func ingestDuringExport(b *testing.B, s *store.Store) time.Duration {
	started, writersDone := make(chan struct{}), make(chan struct{})
	exported := make(chan error, 1)
	go func() {
		n := 0
		exported <- s.ForEachInteraction(func(*store.Interaction) error {
			if n++; n == 1 {
				close(started)
			}
			if n%1000 == 0 {
				select {
				case <-writersDone:
					return errExportDone
				default:
				}
				time.Sleep(8 * time.Millisecond) // the client's link
			}
			return nil
		})
	}()
	<-started
	d := ingest(b, s)
	close(writersDone)
	if err := <-exported; err != errExportDone {
		b.Fatalf("the export ended before the writers: %v", err)
	}
	return d
}

// bigShopFile writes a closed 1,000,000-event shop and returns its path.
func bigShopFile(b *testing.B) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "big.db")
	s, err := store.Open(path, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	fillBenchShop(b, s)
	if _, err := s.Import(&store.ImportBatch{Interactions: benchEvents(0, 1_000_000, 0)}, store.ImportOptions{}); err != nil {
		b.Fatal(err)
	}
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkVerify1M reads and cross-checks every record of a
// 1,000,000-event shop, as shelf check does.
func BenchmarkVerify1M(b *testing.B) {
	path := bigShopFile(b)
	for b.Loop() {
		r, err := store.Verify(path, store.VerifyOptions{})
		if err != nil || !r.OK() {
			b.Fatal(r.Problems, err)
		}
	}
	b.ReportMetric(1e6/(b.Elapsed().Seconds()/float64(b.N)), "events/s")
}

// BenchmarkBackup1M writes a compacted backup of a 1,000,000-event shop:
// file-MB is the shop's file, backup-MB the copy.
func BenchmarkBackup1M(b *testing.B) {
	path := bigShopFile(b)
	info, _ := os.Stat(path)
	s, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	var n int64
	for b.Loop() {
		if n, err = s.Backup(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(info.Size())/1e6, "file-MB")
	b.ReportMetric(float64(n)/1e6, "backup-MB")
}

// BenchmarkCompact1M compacts a 1,000,000-event shop while serving (the
// writers wait for this long): file-MB is the file before, compacted-MB
// after the first compaction.
func BenchmarkCompact1M(b *testing.B) {
	path := bigShopFile(b)
	s, err := store.Open(path, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	var first, last store.CompactResult
	for i := 0; b.Loop(); i++ {
		if last, err = s.Compact(); err != nil {
			b.Fatal(err)
		}
		if i == 0 {
			first = last
		}
	}
	b.ReportMetric(float64(first.Before)/1e6, "file-MB")
	b.ReportMetric(float64(last.After)/1e6, "compacted-MB")
}

// BenchmarkDataVersion is the cheapest read transaction (one key): it
// shows what the handle's lock costs each transaction (see handle.go).
func BenchmarkDataVersion(b *testing.B) {
	s := benchStore(b)
	for b.Loop() {
		s.DataVersion()
	}
}

// BenchmarkListPopular200k is one page of a 200,000-product catalog in
// order of popularity: every product is ranked and sorted.
func BenchmarkListPopular200k(b *testing.B) {
	s, err := store.Open(filepath.Join(b.TempDir(), "bench.db"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	batch := &store.ImportBatch{}
	for i := 1; i <= 200_000; i++ {
		batch.Products = append(batch.Products, store.Product{Name: fmt.Sprintf("P%d", i), Category: fmt.Sprintf("C%d", i%40), Price: store.Price(i%5000 + 1)})
	}
	if _, err := s.Import(batch, store.ImportOptions{}); err != nil {
		b.Fatal(err)
	}
	rank := make(map[uint64]float64, 200_000) // as the engine's popularity is
	for i := uint64(1); i <= 200_000; i++ {
		rank[i] = float64(i * 7919 % 100_003)
	}
	q := store.ProductQuery{MaxPrice: -1, Sort: store.SortPopular, Rank: func(id uint64) float64 { return rank[id] }, Limit: 50}
	b.ResetTimer()
	for b.Loop() {
		if _, _, err := s.ListProducts(q); err != nil {
			b.Fatal(err)
		}
	}
}
