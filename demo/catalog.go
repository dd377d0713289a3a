package demo

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// Tunables of the catalog.
const (
	newProductShare = 0.05 // share of products created in the last week
	newProductAge   = 7 * 24 * time.Hour
	catalogAge      = 365 * 24 * time.Hour // products are spread over this span
	zipfExponent    = 0.8                  // within-category popularity skew; 1 would let popularity win
)

// catalog is the generated product list plus the hidden structure the
// event generator samples from. Slices are indexed by product index, which
// is the product ID minus one.
type catalog struct {
	products []Product
	cat      []int32   // category index
	created  []int64   // CreatedAt in Unix milliseconds
	priceZ   []float64 // log-price in standard deviations from the category median
	vec      [][latentDim]float64
	byCat    []categoryIndex
	names    []nameParts // what each name is made of, for the extras pass
}

// categoryIndex lists one category's products and draws them by popularity.
type categoryIndex struct {
	members []int32    // product indices
	pop     aliasTable // over members, Zipf-like popularity
	oldest  int32      // product index; created before the event window
}

// protoProduct is a product before products are sorted by creation time.
type protoProduct struct {
	p      Product
	cat    int
	name   nameParts
	z, pop float64
	vec    [latentDim]float64
}

// newCatalog draws cfg.Products products. IDs follow creation time, as an
// auto-increment key would.
func newCatalog(cfg Config, r *rand.Rand) *catalog {
	n, nc := cfg.Products, cfg.Categories
	span := max(catalogAge, time.Duration(cfg.Days)*36*time.Hour+newProductAge)
	windowAge := time.Duration(cfg.Days) * 24 * time.Hour
	shares := make([]float64, nc)
	for i := range shares {
		shares[i] = categoryTable[i].share
	}
	seen := make(map[string]struct{}, n)
	protos := make([]protoProduct, n)
	for i := range protos {
		pp := &protos[i]
		// The first product of each category is older than the event window,
		// so every category has something to show on the window's first day.
		age := span - time.Duration(r.Float64()*float64(span-newProductAge))
		if i < nc {
			pp.cat = i
			age = windowAge + time.Duration(r.Float64()*float64(span-windowAge))
		} else {
			pp.cat = pickWeighted(r, shares)
			if r.Float64() < newProductShare {
				age = time.Minute + time.Duration(r.Float64()*float64(newProductAge-time.Minute))
			}
		}
		spec := &categoryTable[pp.cat]
		li := r.IntN(len(spec.lines))
		line := &spec.lines[li]
		median := spec.median
		if line.price > 0 {
			median *= line.price
		}
		pp.z = r.NormFloat64()
		pp.name = productName(r, line)
		pp.name.line = li
		base := pp.name.base()
		var name string
		name, pp.name.variant = uniqueProductName(r, seen, base+pp.name.sizeSuffix(), spec.variants)
		pp.p = Product{
			Name:        name,
			Description: description(r, line, base),
			Category:    spec.name,
			Price:       roundPrice(r, median*math.Exp(spec.sigma*pp.z)),
			CreatedAt:   cfg.Now.Add(-age).Truncate(time.Millisecond),
		}
		for k := range pp.vec {
			pp.vec[k] = r.NormFloat64()
		}
	}
	// Popularity ranks are random within a category; the weight is Zipf-like.
	rank := make([]int, nc)
	for _, i := range r.Perm(n) {
		pp := &protos[i]
		rank[pp.cat]++
		pp.pop = math.Pow(float64(rank[pp.cat]+1), -zipfExponent)
	}
	// Stable sort: equal times keep generation order, so output is deterministic.
	slices.SortStableFunc(protos, func(a, b protoProduct) int { return a.p.CreatedAt.Compare(b.p.CreatedAt) })
	return indexCatalog(protos, nc)
}

// indexCatalog assigns IDs and builds the per-category sampling tables.
func indexCatalog(protos []protoProduct, nc int) *catalog {
	n := len(protos)
	c := &catalog{
		products: make([]Product, n),
		cat:      make([]int32, n),
		created:  make([]int64, n),
		priceZ:   make([]float64, n),
		vec:      make([][latentDim]float64, n),
		byCat:    make([]categoryIndex, nc),
		names:    make([]nameParts, n),
	}
	weights := make([][]float64, nc)
	for i := range protos {
		pp := &protos[i]
		pp.p.ID = uint64(i + 1)
		c.products[i] = pp.p
		c.cat[i] = int32(pp.cat)
		c.created[i] = pp.p.CreatedAt.UnixMilli()
		c.priceZ[i] = pp.z
		c.vec[i] = pp.vec
		c.names[i] = pp.name
		ci := &c.byCat[pp.cat]
		if len(ci.members) == 0 {
			ci.oldest = int32(i) // products are in creation order
		}
		ci.members = append(ci.members, int32(i))
		weights[pp.cat] = append(weights[pp.cat], pp.pop)
	}
	for k := range c.byCat {
		if len(weights[k]) > 0 {
			c.byCat[k].pop = newAliasTable(weights[k])
		}
	}
	return c
}

// nameParts are the words a product name was made of. The extras pass
// derives tags, brand and attributes from them, so that it never has to
// parse a name back.
type nameParts struct {
	line                            int    // index in the category's lines
	adj, maker, noun, size, variant string // "" when the name has none
}

// base is the name without its size: "[adjective] maker [noun]".
func (n nameParts) base() string {
	parts := make([]string, 0, 3)
	for _, w := range [...]string{n.adj, n.maker, n.noun} {
		if w != "" {
			parts = append(parts, w)
		}
	}
	return strings.Join(parts, " ")
}

// sizeSuffix is ", size", or "" when the name has no size.
func (n nameParts) sizeSuffix() string {
	if n.size == "" {
		return ""
	}
	return ", " + n.size
}

// productName draws "[adjective] maker noun" and an optional size.
func productName(r *rand.Rand, line *productLine) nameParts {
	var n nameParts
	if r.Float64() < 0.75 {
		n.adj = line.adjs[r.IntN(len(line.adjs))]
	}
	n.maker = line.makers[r.IntN(len(line.makers))]
	n.noun = line.nouns[r.IntN(len(line.nouns))]
	if len(line.sizes) > 0 && r.Float64() < 0.4 {
		n.size = line.sizes[r.IntN(len(line.sizes))]
	}
	return n
}

// uniqueProductName returns name if it is new, else name with a colour or
// edition such as "(Navy)", as a shop lists variants, and only when every
// variant is taken too a " #n" suffix. It also returns the variant it
// added, if any.
func uniqueProductName(r *rand.Rand, seen map[string]struct{}, name string, variants []string) (string, string) {
	if _, dup := seen[name]; !dup {
		seen[name] = struct{}{}
		return name, ""
	}
	off := r.IntN(len(variants))
	for i := range variants {
		variant := variants[(off+i)%len(variants)]
		v := name + " (" + variant + ")"
		if _, dup := seen[v]; !dup {
			seen[v] = struct{}{}
			return v, variant
		}
	}
	return uniqueName(seen, name, " #"), ""
}

// description writes one to three sentences naming the product's features;
// name is the product name without its size.
func description(r *rand.Rand, line *productLine, name string) string {
	f1 := r.IntN(len(line.feats))
	f2 := (f1 + 1 + r.IntN(len(line.feats)-1)) % len(line.feats) // differs from f1
	var b strings.Builder
	b.WriteString(name + " with " + line.feats[f1] + ".")
	if r.Float64() < 0.7 {
		b.WriteString(" It also comes with " + line.feats[f2] + ".")
	}
	if r.Float64() < 0.6 {
		b.WriteString(" Ideal for " + line.uses[r.IntN(len(line.uses))] + ".")
	}
	return b.String()
}

// roundPrice turns a price in currency units into cents with a shop-like
// ending: mostly .99, sometimes .49 or .00.
func roundPrice(r *rand.Rand, units float64) int64 {
	units = min(max(units, 0.5), 1_000_000)
	whole := int64(units)
	var cents int64
	switch u := r.Float64(); {
	case u < 0.6 || whole == 0:
		cents = 99
	case u < 0.8:
		cents = 49
	default:
		cents = 0
	}
	return whole*100 + cents
}
