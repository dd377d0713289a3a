package demo

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
)

// Tunables of the extras.
const (
	trackedShare  = 0.85  // products whose stock the shop tracks
	soldOutShare  = 0.082 // of the tracked ones, those out of stock: 7% of all
	stockMean     = 12    // mean count of an in-stock product, before the cap
	maxStockCount = 60
	inactiveShare = 0.01 // products the shop has withdrawn
	saleShare     = 0.10 // products tagged "sale"
	useTagShare   = 0.5  // products tagged with one of their line's uses
	maxTags       = 5
)

// ImagePathPrefix is where shelf serves the demo's pictures: the picture
// of product id is at ImagePath(id).
const ImagePathPrefix = "/images/demo/"

// ImagePath is the path of product id's picture, "/images/demo/<id>.svg":
// every demo product's ImageURL, and the route that serves ProductImage.
func ImagePath(id uint64) string {
	return ImagePathPrefix + strconv.FormatUint(id, 10) + ".svg"
}

// ProductPath is the path of product id's page in the embedded
// storefront, "/products/<id>": every demo product's URL.
func ProductPath(id uint64) string {
	return "/products/" + strconv.FormatUint(id, 10)
}

// addExtras fills in what a shop shows besides a product's name and price:
// its picture and page, brand, tags, stock, whether it is active, and
// attributes. It runs after the catalog is built and draws from its own
// stream r, so the catalog's other fields and every event are what they
// were before products had extras.
func addExtras(cfg Config, c *catalog, r *rand.Rand) {
	newSince := cfg.Now.Add(-newProductAge)
	// One backing array for every stock count instead of one allocation
	// each; its capacity is final, so the pointers into it stay valid.
	stocks := make([]int64, 0, len(c.products))
	for i := range c.products {
		p := &c.products[i]
		spec := &categoryTable[c.cat[i]]
		n := c.names[i]
		line := &spec.lines[n.line]
		p.ImageURL, p.URL = ImagePath(p.ID), ProductPath(p.ID)
		p.Brand = productBrand(r, spec, line, n)
		p.Tags = productTags(r, line, n, p.CreatedAt.After(newSince))
		if r.Float64() < trackedShare {
			stocks = append(stocks, stockCount(r))
			p.Stock = &stocks[len(stocks)-1]
		}
		p.Active = r.Float64() >= inactiveShare
		p.Attributes = productAttributes(spec, line, n)
	}
}

// productBrand is the maker when the line's makers are brands, else one
// of the category's brands.
func productBrand(r *rand.Rand, spec *categorySpec, line *productLine, n nameParts) string {
	if line.maker == brandMaker {
		return n.maker
	}
	return spec.brands[r.IntN(len(spec.brands))]
}

// productTags returns 2 to 5 distinct lower-case tags: what the product is
// ("headphones"), "new" and "sale" when they apply, the line's own tags,
// the adjective of its name, and sometimes a use ("daily commute").
func productTags(r *rand.Rand, line *productLine, n nameParts, isNew bool) []string {
	use := stripArticle(strings.ToLower(line.uses[r.IntN(len(line.uses))]))
	withUse := r.Float64() < useTagShare
	onSale := r.Float64() < saleShare
	tags := make([]string, 0, 8)
	add := func(t string) {
		if t != "" && !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	for _, t := range kindTags(line, n) {
		add(t)
	}
	if isNew {
		add("new")
	}
	if onSale {
		add("sale")
	}
	for _, t := range line.tags {
		add(t)
	}
	// A book's "The Complete" or "A Short" is no tag.
	if n.adj != "" && stripArticle(n.adj) == n.adj {
		add(strings.ToLower(n.adj))
	}
	if withUse || len(tags) < 2 {
		add(use)
	}
	return slices.Clip(tags[:min(len(tags), maxTags)])
}

// kindTags are the tags that say what the product is: the noun's (see
// nounTags), or the maker and noun together when the maker is part of the
// type ("dog bed") or the name has no noun ("olive oil").
func kindTags(line *productLine, n nameParts) []string {
	if t, ok := nounTags[n.noun]; ok {
		return t
	}
	kind := n.noun
	if line.maker == typeMaker || kind == "" {
		kind = strings.TrimSpace(n.maker + " " + n.noun)
	}
	return []string{stripArticle(strings.ToLower(kind))}
}

// stripArticle drops a leading "the ", "a " or "an " (in any case).
func stripArticle(s string) string {
	for _, a := range [...]string{"the ", "a ", "an "} {
		if len(s) > len(a) && strings.EqualFold(s[:len(a)], a) {
			return s[len(a):]
		}
	}
	return s
}

// stockCount draws a tracked product's stock: 0 with soldOutShare, else a
// skewed count from 1 to maxStockCount, mostly small.
func stockCount(r *rand.Rand) int64 {
	if r.Float64() < soldOutShare {
		return 0
	}
	return min(maxStockCount, 1+int64(r.ExpFloat64()*stockMean))
}

// productAttributes records the variant, size and material a name carries,
// or nil when it carries none.
func productAttributes(spec *categorySpec, line *productLine, n nameParts) map[string]string {
	var a map[string]string
	set := func(k, v string) {
		if v == "" {
			return
		}
		if a == nil {
			a = make(map[string]string, 3)
		}
		a[k] = v
	}
	set(cmp.Or(spec.variantKey, "colour"), n.variant)
	set("size", n.size)
	if line.maker == materialMaker {
		set("material", n.maker)
	}
	return a
}
