package api

import (
	"github.com/dgraph-io/ristretto/v2"

	"shelf/engine"
)

// listCache keeps the JSON encoding of recommendation lists under the
// engine's list key, so that a cached request writes stored bytes instead
// of encoding again (encoding was the largest part of a cached request's
// time). The engine's key changes with everything the list depends on (the
// model, the catalog, the user's actions), so an entry is never stale; old
// ones are evicted by the cache's own policy. The wire format stays here:
// the engine returns values.
type listCache struct {
	c *ristretto.Cache[string, *encodedList]
}

// encodedList is a list's JSON array and its length, and the
// availability generation it was trimmed under (see
// engine.AvailabilityGeneration): a product out of stock since must not be
// served from it.
type encodedList struct {
	json     []byte
	count    int
	availGen uint64
	ids      []uint64 // the products, in order
	// idDay and idPrefix are the day and the signed part of the list's
	// recommendation ids (see recIDs).
	idDay    int64
	idPrefix string
}

// newListCache returns a cache of at most maxBytes; 0 disables it (every
// list is then encoded on every request).
func newListCache(maxBytes int64) (*listCache, error) {
	if maxBytes <= 0 {
		return &listCache{}, nil
	}
	c, err := ristretto.NewCache(&ristretto.Config[string, *encodedList]{
		NumCounters: 100_000,
		MaxCost:     maxBytes,
		BufferItems: 64,
	})
	if err != nil {
		return nil, err
	}
	return &listCache{c: c}, nil
}

// get returns the encoding cached under key, if any.
func (lc *listCache) get(key string) (*encodedList, bool) {
	if lc.c == nil {
		return nil, false
	}
	return lc.c.Get(key)
}

// encode encodes recs, the items of a list from position offset+1, trimmed
// under availability generation availGen, with the signed part of its ids
// for day, and caches the result under key. The bytes are shared: they
// must not be changed.
func (lc *listCache) encode(key string, recs []engine.Recommendation, offset int, availGen uint64, day int64, idPrefix string) *encodedList {
	e := &encodedList{json: appendRecommendations(make([]byte, 0, encodedSize(recs)), recommendationsOut(recs, offset)), count: len(recs), availGen: availGen,
		ids: make([]uint64, len(recs)), idDay: day, idPrefix: idPrefix}
	for i := range recs {
		e.ids[i] = recs[i].Product.ID
	}
	if lc.c != nil {
		lc.c.Set(key, e, int64(len(e.json)+len(key)+8*len(e.ids)+120))
	}
	return e
}

// encodedSize is about what recs take as JSON, so that the encoding is
// written into one buffer rather than grown through several.
func encodedSize(recs []engine.Recommendation) int {
	n := 2
	for i := range recs {
		r := &recs[i]
		n += 300 + 40*len(r.Scores) + len(r.Product.Name) + len(r.Product.Category) + len(r.Reason) +
			len(r.Product.ImageURL) + len(r.Product.URL) + len(r.Product.Brand) + 60*len(r.Rules)
		if r.Because != nil {
			n += 80 + len(r.Because.Name)
		}
	}
	return n
}

func (lc *listCache) close() {
	if lc.c != nil {
		lc.c.Close()
	}
}
