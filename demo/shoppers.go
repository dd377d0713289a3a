package demo

import (
	"math"
	"math/rand/v2"
)

// Streams of the simulated shoppers' tastes: apart from every stream of
// Generate, so that drawing tastes changes nothing Generate makes.
const (
	streamShoppers       = 0x73686f70 // "shop"
	streamProductLatents = 0x6c61746e // "latn"
)

// Taste is the hidden taste of a simulated shopper, drawn as Generate
// draws its users' (see the package doc, "How the tastes are planted").
type Taste struct {
	// Affinity is the shopper's share of interest per category, indexed
	// as the prior it was drawn over; it sums to 1 (or is all zero when
	// the prior is).
	Affinity []float64
	// Latent is the shopper's latent factors; its dot product with a
	// ProductLatent has about unit variance.
	Latent []float64
}

// DrawTaste draws one shopper's taste from seed over categories weighted
// by prior (each category's share of the catalog, say; a category of
// weight 0 gets no affinity). It uses the generator's own draws: the
// affinity concentrates on one to three categories picked by prior, with
// 8% spread over all, and the latent factors are normal with variance
// 1/8 each. The same seed and prior give the same taste.
func DrawTaste(seed uint64, prior []float64) Taste {
	r := rand.New(rand.NewPCG(seed, streamShoppers))
	var sum float64
	for _, w := range prior {
		sum += w
	}
	t := Taste{Affinity: drawAffinity(r, prior, sum), Latent: make([]float64, latentDim)}
	for k := range t.Latent {
		t.Latent[k] = r.NormFloat64() / math.Sqrt(latentDim)
	}
	return t
}

// ProductLatent draws the hidden latent factors of product id in a world
// seeded by seed, as the generator draws its products' (standard normal
// each), so that a Taste's dot product with it has about unit variance.
// The same seed and id give the same factors.
func ProductLatent(seed, id uint64) []float64 {
	r := rand.New(rand.NewPCG(seed^streamProductLatents, id))
	v := make([]float64, latentDim)
	for k := range v {
		v[k] = r.NormFloat64()
	}
	return v
}
