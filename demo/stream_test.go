package demo

import (
	"errors"
	"os"
	"testing"
)

// collect streams cfg in runs of runLen into a Shop, copying each batch
// (the sink's slice and ratings are reused), and checks that no batch is
// larger than batchEvents.
func collect(t *testing.T, cfg Config, dir string, runLen int) *Shop {
	t.Helper()
	shop := &Shop{}
	err := stream(cfg, dir, Sink{
		Products: func(ps []Product) error { shop.Products = ps; return nil },
		Users:    func(us []User) error { shop.Users = us; return nil },
		Interactions: func(batch []Interaction) error {
			if len(batch) == 0 || len(batch) > batchEvents {
				t.Errorf("a batch of %d events", len(batch))
			}
			for _, it := range batch {
				if it.Rating != nil {
					r := *it.Rating
					it.Rating = &r
				}
				shop.Interactions = append(shop.Interactions, it)
			}
			return nil
		},
	}, runLen)
	if err != nil {
		t.Fatal(err)
	}
	return shop
}

// assertEmpty fails unless dir holds nothing: the spill file is gone.
func assertEmpty(t *testing.T, dir string) {
	t.Helper()
	if left, err := os.ReadDir(dir); err != nil || len(left) > 0 {
		t.Errorf("%s holds %v (%v)", dir, left, err)
	}
}

// TestStreamMatchesGenerate: the streamed shop is Generate's, every field
// of every record, whether its events are merged from one run in memory,
// a few spilled runs or one run per user.
func TestStreamMatchesGenerate(t *testing.T) {
	small := Config{Seed: 7, Products: 60, Users: 25, Interactions: 800, Categories: 12, Days: 30, Now: testNow()}
	for _, tt := range []struct {
		name   string
		cfg    Config
		runLen int
	}{
		{"small/one run", small, runEvents},
		{"small/a run per user", small, 1},
		{"default/one run", DefaultConfig(testNow()), runEvents},
		{"default/spilled runs", DefaultConfig(testNow()), 7_000},
		{"default/a run per user", DefaultConfig(testNow()), 1},
		{"no events", Config{Seed: 3, Products: 5, Users: 0, Interactions: 100, Now: testNow()}, 10},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			want := dumpShop(Generate(tt.cfg), true)
			got := collect(t, tt.cfg, dir, tt.runLen)
			if dumpShop(got, true) != want {
				t.Errorf("the streamed shop differs from Generate's (%d events)", len(got.Interactions))
			}
			assertEmpty(t, dir)
		})
	}
}

// TestStreamSinkError: an error of the sink stops the stream, is
// returned, and leaves no spill file behind.
func TestStreamSinkError(t *testing.T) {
	errFull := errors.New("disk full")
	cfg := DefaultConfig(testNow())
	for _, tt := range []struct {
		name string
		sink func(calls *int) Sink
	}{
		{"products", func(*int) Sink { return Sink{Products: func([]Product) error { return errFull }} }},
		{"users", func(*int) Sink { return Sink{Users: func([]User) error { return errFull }} }},
		{"second batch", func(calls *int) Sink {
			return Sink{Interactions: func([]Interaction) error {
				if *calls++; *calls == 2 {
					return errFull
				}
				return nil
			}}
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			calls := 0
			if err := stream(cfg, dir, tt.sink(&calls), 5_000); !errors.Is(err, errFull) {
				t.Errorf("got %v, want %v", err, errFull)
			}
			if tt.name == "second batch" && calls != 2 {
				t.Errorf("the sink was called %d times after its error", calls-2)
			}
			assertEmpty(t, dir)
		})
	}
}
