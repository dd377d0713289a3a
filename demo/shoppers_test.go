package demo

import (
	"math"
	"slices"
	"testing"
)

// TestDrawTaste: a taste is reproducible from its seed, its affinity is a
// distribution over the prior's categories concentrated on a few, and its
// latent match with products has about unit variance, as the generator's
// users' does.
func TestDrawTaste(t *testing.T) {
	prior := []float64{0.3, 0, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1}
	a, b := DrawTaste(7, prior), DrawTaste(7, prior)
	if !slices.Equal(a.Affinity, b.Affinity) || !slices.Equal(a.Latent, b.Latent) {
		t.Fatal("the same seed gave two tastes")
	}
	if c := DrawTaste(8, prior); slices.Equal(a.Affinity, c.Affinity) {
		t.Fatal("two seeds gave the same affinity")
	}
	var dots, dots2 float64
	const n = 4000
	for seed := range uint64(n) {
		taste := DrawTaste(seed, prior)
		var sum, top float64
		for _, x := range taste.Affinity {
			sum += x
			top = max(top, x)
		}
		if math.Abs(sum-1) > 1e-9 || taste.Affinity[1] != 0 {
			t.Fatalf("seed %d: affinity %v sums to %v or likes an empty category", seed, taste.Affinity, sum)
		}
		// A third of the mass at least is on the favourite category: 92%
		// on one to three chosen ones.
		if top < 0.3 {
			t.Fatalf("seed %d: affinity %v is not concentrated", seed, taste.Affinity)
		}
		if len(taste.Latent) != latentDim {
			t.Fatalf("latent of %d factors", len(taste.Latent))
		}
		var d float64
		for k, v := range ProductLatent(1, seed+1) {
			d += v * taste.Latent[k]
		}
		dots += d
		dots2 += d * d
	}
	mean := dots / n
	if variance := dots2/n - mean*mean; math.Abs(mean) > 0.1 || variance < 0.85 || variance > 1.15 {
		t.Errorf("latent match: mean %.3f variance %.3f, want about 0 and 1", mean, variance)
	}
	if v := ProductLatent(1, 5); !slices.Equal(v, ProductLatent(1, 5)) || slices.Equal(v, ProductLatent(2, 5)) {
		t.Error("product factors do not follow the seed and id")
	}
	if z := DrawTaste(1, []float64{0, 0}); z.Affinity[0] != 0 || z.Affinity[1] != 0 {
		t.Errorf("an empty prior gave affinity %v", z.Affinity)
	}
}
