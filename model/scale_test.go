package model_test

import (
	"context"
	"maps"
	"runtime"
	"slices"
	"testing"
	"time"

	"shelf/demo"
	"shelf/model"
)

// BenchmarkScale1M trains the default model on the brief's large generated
// shop (1,000,000 events, 50,000 users, 20,000 products) and reports
// training time, peak heap in use while training, the model's file and
// decoded sizes, and serving latencies. One iteration takes about a minute
// and a gigabyte, so run it alone: go test -run '^$' -bench Scale1M
// -benchtime 1x ./model. Nothing is asserted: the figures depend on the
// machine.
func BenchmarkScale1M(b *testing.B) {
	now := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	in := demoInput(demo.Generate(demo.Config{Seed: 1, Products: 20_000, Users: 50_000, Interactions: 1_000_000, Categories: 12, Days: 90, Now: now}), now)
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	var (
		m          *model.Model
		took       time.Duration
		peak, runs uint64
	)
	for b.Loop() {
		var p uint64
		start := time.Now()
		m, p = trainSampled(b, in)
		took += time.Since(start)
		peak, runs = max(peak, p), runs+1
	}
	info := m.Info()
	b.Logf("trained %v on %d events, %d users, %d items; timings %v", info.Models, info.Events, info.Users, info.Items, info.Timings)
	for _, name := range slices.Sorted(maps.Keys(info.Validation)) {
		b.Logf("validation %s: %+v", name, info.Validation[name])
	}
	data, err := m.MarshalBinary()
	if err != nil {
		b.Fatal(err)
	}
	rec, fold := serveLatencies(m, in, now)
	b.ReportMetric(took.Seconds()/float64(runs), "train-s/op")
	b.ReportMetric(float64(base.HeapInuse)/(1<<20), "input-heap-MB")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(len(data))/(1<<20), "file-MB")
	b.ReportMetric(float64(decodedHeap(b, data))/(1<<20), "heap-MB")
	b.ReportMetric(float64(median(rec).Microseconds()), "recommend-p50-us")
	b.ReportMetric(float64(pct(rec, 0.9).Microseconds()), "recommend-p90-us")
	b.ReportMetric(float64(median(fold).Microseconds()), "foldin-p50-us")
	b.ReportMetric(float64(pct(fold, 0.9).Microseconds()), "foldin-p90-us")
}

// trainSampled trains the default model on in and returns it with the
// largest heap in use seen while it trained, sampled every 20ms (the
// runtime keeps no peak of its own).
func trainSampled(b *testing.B, in model.Input) (*model.Model, uint64) {
	peak := make(chan uint64)
	stop := make(chan struct{})
	go func() {
		var top uint64
		var ms runtime.MemStats
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				peak <- top
				return
			case <-tick.C:
				runtime.ReadMemStats(&ms)
				top = max(top, ms.HeapInuse)
			}
		}
	}()
	m, err := model.Train(context.Background(), in, model.DefaultConfig())
	close(stop)
	p := <-peak
	if err != nil {
		b.Fatal(err)
	}
	return m, p
}

// serveLatencies times one uncached Recommend and one FoldIn of the whole
// history for each of 200 users spread over the id range.
func serveLatencies(m *model.Model, in model.Input, now time.Time) (rec, fold []time.Duration) {
	users := make([]uint64, 0, 200)
	for u := uint64(1); len(users) < 200; u += 250 {
		users = append(users, u)
	}
	for _, u := range users {
		t0 := time.Now()
		m.Recommend(u, 10, model.Filter{})
		rec = append(rec, time.Since(t0))
	}
	histories := map[uint64][]model.Event{}
	for _, e := range in.Events {
		if _, ok := histories[e.User]; ok || slices.Contains(users, e.User) {
			histories[e.User] = append(histories[e.User], e)
		}
	}
	for _, u := range users {
		t0 := time.Now()
		m.FoldIn(u, histories[u], now.Unix())
		fold = append(fold, time.Since(t0))
	}
	return rec, fold
}

func median(d []time.Duration) time.Duration { return pct(d, 0.5) }

func pct(d []time.Duration, q float64) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[int(q*float64(len(s)-1))]
}

// benchModel trains the default components (without validation) on a
// generated shop of 20,000 products, 5,000 users and 100,000 events: the
// serving cost depends on the catalog size, not on the events.
func benchModel(b *testing.B) (*model.Model, model.Input) {
	b.Helper()
	in := bench20kInput()
	cfg := model.DefaultConfig()
	cfg.Validate = false
	m, err := model.Train(context.Background(), in, cfg)
	if err != nil {
		b.Fatal(err)
	}
	return m, in
}

// bench20kInput is the shop of benchModel.
func bench20kInput() model.Input {
	now := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	shop := demo.Generate(demo.Config{Seed: 2, Products: 20_000, Users: 5_000, Interactions: 100_000, Categories: 12, Days: 90, Now: now})
	return demoInput(shop, now)
}

// BenchmarkTrain20k trains one component alone (without validation) on
// the shop of benchModel.
func BenchmarkTrain20k(b *testing.B) {
	in := bench20kInput()
	for _, name := range []string{model.MF, model.BPR} {
		b.Run(name, func(b *testing.B) {
			cfg := model.DefaultConfig()
			cfg.Validate, cfg.Models = false, []string{name}
			var took time.Duration
			for b.Loop() {
				m, err := model.Train(context.Background(), in, cfg)
				if err != nil {
					b.Fatal(err)
				}
				took += m.Info().Timings[name]
			}
			b.ReportMetric(took.Seconds()/float64(b.N), "component-s/op")
		})
	}
}

// BenchmarkFoldIn20kBPR measures one FoldIn of a user's whole history over
// the shop of benchModel when the model blends BPR with the default
// components: the ALS solve and the BPR steps together.
func BenchmarkFoldIn20kBPR(b *testing.B) {
	in := bench20kInput()
	cfg := model.DefaultConfig()
	cfg.Validate, cfg.Weights[model.BPR] = false, 0.3
	m, err := model.Train(context.Background(), in, cfg)
	if err != nil {
		b.Fatal(err)
	}
	histories := map[uint64][]model.Event{}
	for _, e := range in.Events {
		if e.User != 0 && e.User%50 == 0 {
			histories[e.User] = append(histories[e.User], e)
		}
	}
	users := slices.Sorted(maps.Keys(histories))
	k := 0
	for b.Loop() {
		u := users[k%len(users)]
		// One new purchase, so that the factors are refined, not reused.
		h := append(slices.Clip(histories[u]), model.Event{User: u, Item: in.Items[k%len(in.Items)].ID, Type: model.Purchase, Rating: -1, Time: in.Now})
		m.FoldIn(u, h, in.Now)
		k++
	}
}

// BenchmarkServe20k measures one uncached Recommend and one FoldIn of a
// user's whole history over a 20,000-item model.
func BenchmarkServe20k(b *testing.B) {
	m, in := benchModel(b)
	histories := map[uint64][]model.Event{}
	for _, e := range in.Events {
		if e.User != 0 && e.User%50 == 0 {
			histories[e.User] = append(histories[e.User], e)
		}
	}
	users := slices.Sorted(maps.Keys(histories))
	b.Run("Recommend", func(b *testing.B) {
		k := 0
		for b.Loop() {
			m.Recommend(users[k%len(users)], 10, model.Filter{})
			k++
		}
	})
	b.Run("FoldIn", func(b *testing.B) {
		k := 0
		for b.Loop() {
			u := users[k%len(users)]
			m.FoldIn(u, histories[u], in.Now)
			k++
		}
	})
	b.Run("RecommendFor", func(b *testing.B) {
		states := make([]*model.UserState, len(users))
		for k, u := range users {
			states[k] = m.FoldIn(u, histories[u], in.Now)
		}
		k := 0
		for b.Loop() {
			m.RecommendFor(states[k%len(states)], 10, model.Filter{})
			k++
		}
	})
}

// decodedHeap returns the live heap, in bytes, that a model decoded from
// data holds: HeapAlloc after a collection with the model, less HeapAlloc
// after a collection once the model is dropped (so that other objects
// dying meanwhile do not count).
func decodedHeap(tb testing.TB, data []byte) uint64 {
	tb.Helper()
	var with, without runtime.MemStats
	m, err := model.UnmarshalModel(data)
	if err != nil {
		tb.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&with)
	runtime.KeepAlive(m)
	m = nil
	runtime.GC()
	runtime.ReadMemStats(&without)
	return with.HeapAlloc - without.HeapAlloc
}

// BenchmarkDecode20k decodes the model of benchModel and reports the live
// heap the decoded model holds (heap-MB), the figure that bounds a
// server's memory.
func BenchmarkDecode20k(b *testing.B) {
	m, _ := benchModel(b)
	data, err := m.MarshalBinary()
	if err != nil {
		b.Fatal(err)
	}
	m = nil
	var heap uint64
	for b.Loop() {
		heap = decodedHeap(b, data)
	}
	b.ReportMetric(float64(heap)/(1<<20), "heap-MB")
	b.ReportMetric(float64(len(data))/(1<<20), "file-MB")
}
