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
