package demo

import "testing"

// BenchmarkGenerate measures generation at the default size and at the
// large size the brief asks for (1,000,000 events, 50,000 users, 20,000
// products). Run with -benchmem; -benchtime=3x keeps the large one short.
func BenchmarkGenerate(b *testing.B) {
	now := testNow()
	large := Config{Seed: 1, Products: 20_000, Users: 50_000, Interactions: 1_000_000, Categories: 12, Days: 90, Now: now}
	for _, bc := range []struct {
		name string
		cfg  Config
	}{
		{"default", DefaultConfig(now)},
		{"1M", large},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				shop := Generate(bc.cfg)
				if len(shop.Interactions) != bc.cfg.Interactions {
					b.Fatalf("%d events", len(shop.Interactions))
				}
			}
		})
	}
}

// BenchmarkStream measures the streaming path at 1,000,000 events over
// 50,000 users and 20,000 products, and reports events/s, the catalog and
// the users' draws included: as Stream runs it (one run, merged from
// memory) and with the events spilled to a temporary file in four runs and
// merged back, as Stream does past a million. -benchtime=3x keeps it
// short.
func BenchmarkStream(b *testing.B) {
	cfg := Config{Seed: 1, Products: 20_000, Users: 50_000, Interactions: 1_000_000, Categories: 12, Days: 90, Now: testNow()}
	for _, bc := range []struct {
		name   string
		runLen int
	}{
		{"1M", 0}, // Stream itself
		{"1M/4_runs", cfg.Interactions / 4},
	} {
		b.Run(bc.name, func(b *testing.B) {
			dir := b.TempDir()
			b.ReportAllocs()
			for b.Loop() {
				n := 0
				sink := Sink{Interactions: func(batch []Interaction) error { n += len(batch); return nil }}
				var err error
				if bc.runLen == 0 {
					err = Stream(cfg, dir, sink)
				} else {
					err = stream(cfg, dir, sink, bc.runLen)
				}
				if err != nil || n != cfg.Interactions {
					b.Fatalf("%d events: %v", n, err)
				}
			}
			b.ReportMetric(float64(cfg.Interactions)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
		})
	}
}
