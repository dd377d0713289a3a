package search

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// A believable synthetic catalog for tests and benchmarks: real product
// nouns by category, brands and filler words made of syllables (so the
// vocabulary has the thousands of rare words of a real shop), accents, model
// numbers and descriptions of a few dozen words.

type catalogCategory struct {
	name  string
	nouns []string
}

func catalogCategories() []catalogCategory {
	return []catalogCategory{
		{"Electronics", []string{"headphones", "earbuds", "bluetooth speaker", "phone charger", "usb cable", "keyboard", "gaming mouse", "monitor", "webcam", "wifi router", "power bank", "smartwatch"}},
		{"Shoes", []string{"running shoes", "sneakers", "hiking boots", "sandals", "loafers", "slippers", "trail runners", "rain boots"}},
		{"Kitchen", []string{"electric kettle", "toaster", "blender", "cast iron skillet", "saucepan", "knife set", "cutting board", "coffee grinder", "espresso machine", "mixing bowls"}},
		{"Clothing", []string{"t-shirt", "hoodie", "rain jacket", "jeans", "wool socks", "sweater", "summer dress", "cargo shorts", "beanie"}},
		{"Sports", []string{"yoga mat", "dumbbells", "water bottle", "tennis racket", "bicycle helmet", "jump rope", "resistance bands", "running belt"}},
		{"Home", []string{"table lamp", "cushion", "throw blanket", "curtains", "area rug", "flower vase", "picture frame", "wall clock"}},
		{"Toys", []string{"building blocks", "puzzle", "plush bear", "toy car", "board game", "kite", "dollhouse"}},
		{"Beauty", []string{"face cream", "shampoo", "lip balm", "hair dryer", "perfume", "nail polish", "sunscreen"}},
		{"Garden", []string{"garden hose", "pruning shears", "flower pots", "watering can", "seed kit", "lawn sprinkler"}},
		{"Office", []string{"notebook", "desk organizer", "office chair", "fountain pen", "stapler", "desk lamp", "backpack"}},
		{"Pet Supplies", []string{"dog leash", "cat tree", "pet bed", "dog toys", "cat litter", "bird feeder"}},
		{"Café & Coffee", []string{"coffee beans", "espresso cups", "milk frother", "pour-over kettle", "café crème pods"}},
	}
}

// syllableWord makes a pronounceable made-up word of n syllables.
func syllableWord(r *rand.Rand, n int) string {
	const cons = "bcdfghklmnprstvz"
	const vow = "aeiou"
	var b strings.Builder
	for range n {
		b.WriteByte(cons[r.IntN(len(cons))])
		b.WriteByte(vow[r.IntN(len(vow))])
		if r.IntN(3) == 0 {
			b.WriteByte(cons[r.IntN(len(cons))])
		}
	}
	return b.String()
}

// syntheticCatalog returns n products generated from seed.
func syntheticCatalog(n int, seed uint64) []Doc {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	cats := catalogCategories()
	adjectives := []string{"wireless", "waterproof", "lightweight", "ergonomic", "stainless", "organic", "vintage", "compact", "portable", "premium", "foldable", "rechargeable", "noise-cancelling", "handmade", "insulated", "adjustable", "breathable", "durable", "eco-friendly", "classic", "modern", "cozy"}
	colors := []string{"black", "white", "red", "navy", "olive", "beige", "grey", "crème", "pink", "forest green", "sky blue"}
	materials := []string{"cotton", "leather", "bamboo", "recycled plastic", "aluminium", "ceramic", "merino wool", "stainless steel", "oak wood", "silicone"}
	uses := []string{"everyday use", "travel", "the office", "outdoor adventures", "running and training", "the kitchen", "kids and adults", "gifts", "camping", "relaxing at home"}
	features := []string{"a long-lasting battery", "quick charging", "an anti-slip base", "reinforced stitching", "a lifetime warranty", "memory foam padding", "a detachable strap", "a soft-touch finish", "easy cleaning", "smart controls"}
	brands := make([]string, 300)
	for i := range brands {
		w := syllableWord(r, 2+r.IntN(2))
		brands[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	// Filler words with a Zipf-like spread: a few common, many rare.
	filler := make([]string, 4000)
	for i := range filler {
		filler[i] = syllableWord(r, 2+r.IntN(3))
	}
	zipf := rand.NewZipf(r, 1.1, 2, uint64(len(filler)-1))

	docs := make([]Doc, n)
	for i := range docs {
		c := cats[r.IntN(len(cats))]
		noun := c.nouns[r.IntN(len(c.nouns))]
		adj := adjectives[r.IntN(len(adjectives))]
		brand := brands[r.IntN(len(brands))]
		name := fmt.Sprintf("%s %s %s", brand, adj, noun)
		if r.IntN(3) == 0 {
			name += fmt.Sprintf(" %c%d", 'A'+rune(r.IntN(26)), 100+r.IntN(900))
		}
		if r.IntN(2) == 0 {
			name += " - " + colors[r.IntN(len(colors))]
		}
		var d strings.Builder
		fmt.Fprintf(&d, "The %s %s from %s is made of %s. ", adj, noun, brand, materials[r.IntN(len(materials))])
		fmt.Fprintf(&d, "Perfect for %s, with %s. ", uses[r.IntN(len(uses))], features[r.IntN(len(features))])
		for range 8 + r.IntN(25) {
			d.WriteString(filler[zipf.Uint64()])
			d.WriteByte(' ')
		}
		fmt.Fprintf(&d, "Available in %s.", colors[r.IntN(len(colors))])
		docs[i] = Doc{ID: uint64(i + 1), Name: name, Description: d.String(), Category: c.name}
	}
	return docs
}

// benchQueries are the query kinds measured by BenchmarkSearch and the bleve
// comparison.
func benchQueries() []struct{ name, q string } {
	return []struct{ name, q string }{
		{"exact", "headphones"},
		{"two-words", "running shoes"},
		{"stem", "blenders"},
		{"prefix", "head"},
		{"prefix-short", "co"},
		{"typo1", "hedphones"},
		{"typo2", "espreso machnie"},
		{"common", "black"},
		{"long", "wireless noise cancelling headphones black "},
		{"miss", "zzzzqqqq"},
	}
}
