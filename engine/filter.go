package engine

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"

	"shelf/model"
	"shelf/store"
)

// Filter narrows recommendations. MaxPrice < 0 means no upper bound.
type Filter struct {
	Category string
	MinPrice store.Price
	MaxPrice store.Price
	// Brand and Tag keep products of that brand or with that tag (ignoring
	// case) when not empty.
	Brand, Tag string
	// Exclude leaves out these products (those already on the page).
	Exclude []uint64
}

// MaxExclude bounds Filter.Exclude.
const MaxExclude = 500

// key is the filter's part of a cache key.
func (f Filter) key() string {
	var b strings.Builder
	b.WriteString(f.Category)
	b.WriteByte('|')
	b.WriteString(strconv.FormatInt(int64(f.MinPrice), 10))
	b.WriteByte('|')
	b.WriteString(strconv.FormatInt(int64(f.MaxPrice), 10))
	b.WriteByte('|')
	b.WriteString(strings.ToLower(f.Brand))
	b.WriteByte('|')
	b.WriteString(strings.ToLower(f.Tag))
	if len(f.Exclude) > 0 {
		// The ids in order, hashed: a page may exclude hundreds.
		ids := slices.Sorted(slices.Values(f.Exclude))
		h := sha256.New()
		var buf [8]byte
		for _, id := range slices.Compact(ids) {
			binary.BigEndian.PutUint64(buf[:], id)
			h.Write(buf[:])
		}
		b.WriteByte('|')
		b.WriteString(hex.EncodeToString(h.Sum(nil)[:12]))
	}
	return b.String()
}

// modelFilter is f for the models. The category and price are checked by
// the model; brand, tag and the excluded ids by a test of each candidate.
// With strict, unavailable products are left out too (lists that are
// cached leave that to trim, so that a stock change does not empty the
// cache).
func (e *Engine) modelFilter(f Filter, strict bool) model.Filter {
	mf := model.Filter{Category: f.Category, MinPrice: int64(f.MinPrice)}
	if f.MaxPrice > 0 {
		mf.MaxPrice = int64(f.MaxPrice)
	}
	// The model reads MaxPrice 0 as unbounded; withProducts applies a bound
	// of 0 (free items only) itself.
	var excluded map[uint64]struct{}
	if len(f.Exclude) > 0 {
		excluded = make(map[uint64]struct{}, len(f.Exclude))
		for _, id := range f.Exclude {
			excluded[id] = struct{}{}
		}
	}
	var unavailable map[uint64]struct{}
	if strict {
		unavailable = *e.unavailable.Load()
	}
	if excluded == nil && len(unavailable) == 0 && f.Brand == "" && f.Tag == "" {
		return mf
	}
	mf.Exclude = func(id uint64) bool {
		if _, ok := excluded[id]; ok {
			return true
		}
		if _, ok := unavailable[id]; ok {
			return true
		}
		if f.Brand == "" && f.Tag == "" {
			return false
		}
		p, ok := e.products.lookup(id)
		return !ok || !matches(&p, f)
	}
	return mf
}

// matches reports whether p passes f's brand and tag.
func matches(p *store.Product, f Filter) bool {
	return (f.Brand == "" || strings.EqualFold(p.Brand, f.Brand)) && (f.Tag == "" || p.HasTag(f.Tag))
}

// overfetch is how many items a cached list asks the model for when n are
// wanted: a few more when some products are unavailable already (more may
// follow while the list is cached, and trim drops them), none when all are
// available, where ranking more would only cost.
func (e *Engine) overfetch(n int) int {
	return n + min(len(*e.unavailable.Load()), (n+1)/2)
}

// trim turns a cached list into what is served now: its products as the
// catalog has them now, without the unavailable ones, at most n. It
// reports false when fewer than n remain although the model might have
// had more: the caller then asks the model for available products only.
func (e *Engine) trim(l *List, n int, availGen uint64) (*List, bool) {
	ids := make([]uint64, len(l.Recs))
	for i := range l.Recs {
		ids[i] = l.Recs[i].Product.ID
	}
	out := make([]Recommendation, 0, n)
	e.products.each(ids, func(k int, p store.Product) {
		if len(out) < n && p.Available() {
			r := l.Recs[k]
			r.Product = p
			out = append(out, r)
		}
	})
	if len(out) < n && len(l.Recs) >= l.asked {
		return nil, false
	}
	return &List{Key: l.Key, Recs: out, AvailGen: availGen}, true
}

// refreshAvailability rebuilds the set of unavailable products from the
// catalog and moves the availability generation, which tells the API's
// cache of encoded lists that they may show what is out of stock now.
func (e *Engine) refreshAvailability() {
	set := e.products.unavailable()
	e.unavailable.Store(&set)
	e.availGen.Add(1)
}

// AvailabilityGeneration changes whenever a product becomes available or
// unavailable; a list encoded under an older one must be asked for again
// (the engine serves it from its cache, trimmed as it is now).
func (e *Engine) AvailabilityGeneration() uint64 { return e.availGen.Load() }
