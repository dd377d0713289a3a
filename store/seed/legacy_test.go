package seed_test

import (
	"reflect"
	"testing"

	"shelf/demo"
	olddemo "shelf/store/demo"
	"shelf/store/seed"
)

// TestBatchMatchesStoreDemo compares the converted records with those the
// generator produced as store records before it moved out of the store.
// Delete this file together with store/demo; TestBatchGolden keeps the
// same check as hashes.
func TestBatchMatchesStoreDemo(t *testing.T) {
	for _, cfg := range []demo.Config{smallConfig(), demo.DefaultConfig(testNow())} {
		old := olddemo.Generate(olddemo.Config(cfg))
		got := seed.Batch(demo.Generate(cfg))
		if !reflect.DeepEqual(got.Products, old.Products) || !reflect.DeepEqual(got.Users, old.Users) || !reflect.DeepEqual(got.Interactions, old.Interactions) {
			t.Fatalf("seed %d: converted records differ from store/demo's", cfg.Seed)
		}
	}
}
