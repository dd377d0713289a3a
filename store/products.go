package store

import (
	"bytes"
	"cmp"
	"container/heap"
	"encoding/binary"
	"encoding/json"
	"slices"

	jsonv2 "github.com/go-json-experiment/json"
	bolt "go.etcd.io/bbolt"
)

// ProductSort orders a product listing.
type ProductSort int

// The orders a listing can take. SortPopular needs ProductQuery.Rank.
const (
	SortNewest    ProductSort = iota // created time, newest first
	SortPrice                        // price, cheapest first
	SortPriceDesc                    // price, dearest first
	SortPopular                      // Rank, highest first
)

// ProductQuery selects and orders products. Price bounds are inclusive;
// MaxPrice < 0 means no upper bound.
type ProductQuery struct {
	Category string
	MinPrice Price
	MaxPrice Price
	Sort     ProductSort
	// Rank scores a product for SortPopular; higher ranks first.
	Rank   func(id uint64) float64
	Offset int
	Limit  int
}

// CategoryCount is a category with its number of products.
type CategoryCount struct {
	Name         string `json:"name"`
	ProductCount int    `json:"product_count"`
}

// productRef is what the price and category indexes know of a product:
// enough to filter and order a listing without reading the products.
type productRef struct {
	id      uint64
	price   Price
	created int64
}

func priceIDKey(prefix []byte, price Price, id uint64) []byte {
	k := make([]byte, 0, len(prefix)+16)
	k = append(k, prefix...)
	k = binary.BigEndian.AppendUint64(k, uint64(price))
	return binary.BigEndian.AppendUint64(k, id)
}

func catPrefix(category string) []byte {
	return append([]byte(category), 0)
}

func putProduct(tx *bolt.Tx, p *Product) error {
	return putProductIndexed(tx, p, tx.Bucket(bProdPrice).Put, tx.Bucket(bProdCat).Put)
}

// putProductIndexed stores p, handing its index entries to byPrice and
// byCat (the buckets' Put, or an import's sortedPuts).
func putProductIndexed(tx *bolt.Tx, p *Product, byPrice, byCat func(k, v []byte) error) error {
	data, err := json.Marshal(p)
	if err != nil {
		return err
	}
	if err := tx.Bucket(bProducts).Put(u64(p.ID), data); err != nil {
		return err
	}
	created := u64(uint64(p.CreatedAt.UnixNano()))
	if err := byPrice(priceIDKey(nil, p.Price, p.ID), created); err != nil {
		return err
	}
	return byCat(priceIDKey(catPrefix(p.Category), p.Price, p.ID), created)
}

func unindexProduct(tx *bolt.Tx, p *Product) error {
	if err := tx.Bucket(bProdPrice).Delete(priceIDKey(nil, p.Price, p.ID)); err != nil {
		return err
	}
	return tx.Bucket(bProdCat).Delete(priceIDKey(catPrefix(p.Category), p.Price, p.ID))
}

func getProduct(tx *bolt.Tx, id uint64) (Product, error) {
	v := tx.Bucket(bProducts).Get(u64(id))
	if v == nil {
		return Product{}, &NotFoundError{Kind: "product", ID: id}
	}
	p, err := decodeProduct(v)
	if err != nil {
		return p, corrupt(bProducts, u64(id), err)
	}
	return p, nil
}

// decodeProduct decodes a stored product (putProductIndexed's JSON).
//
// It reads with JSON v2 (github.com/go-json-experiment/json, the prototype
// of the standard library's encoding/json/v2, in the module graph already
// through chromedp), which decodes in a single pass: the 200,000 products of
// a start-up's catalog decode in 0.7 s instead of encoding/json's 1.4 s, and
// they were half of that start-up's CPU. Its stricter defaults (names
// matched exactly, valid UTF-8, no name twice) hold for what json.Marshal
// writes. Input from clients is still decoded with encoding/json.
func decodeProduct(v []byte) (Product, error) {
	var p Product
	if err := jsonv2.Unmarshal(v, &p); err != nil {
		return p, err
	}
	p.normalise()
	return p, nil
}

// CreateProduct validates p and stores it. A zero p.ID gets the next free id;
// a given id must be free. A zero CreatedAt becomes now. p is updated with
// the stored values.
func (s *Store) CreateProduct(p *Product) error {
	if err := p.ValidateAt(s.now()); err != nil {
		return err
	}
	if p.CreatedAt.IsZero() {
		p.CreatedAt = s.now()
	}
	p.CreatedAt = p.CreatedAt.UTC()
	return s.update(func(tx *bolt.Tx) error {
		id, err := nextID(tx.Bucket(bProducts), p.ID, "product")
		if err != nil {
			return err
		}
		p.ID = id
		if err := putProduct(tx, p); err != nil {
			return err
		}
		return bumpDataVersion(tx)
	})
}

// Product returns the product with the given id.
func (s *Store) Product(id uint64) (Product, error) {
	var p Product
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		p, err = getProduct(tx, id)
		return err
	})
	return p, err
}

// UpdateProduct applies change to the stored product and stores the result
// after validating it. The id cannot change. It returns the stored product.
func (s *Store) UpdateProduct(id uint64, change func(p *Product) error) (Product, error) {
	var out Product
	err := s.update(func(tx *bolt.Tx) error {
		old, err := getProduct(tx, id)
		if err != nil {
			return err
		}
		p := old
		if err := change(&p); err != nil {
			return err
		}
		p.ID = id
		if err := p.ValidateAt(s.now()); err != nil {
			return err
		}
		if p.CreatedAt.IsZero() {
			p.CreatedAt = old.CreatedAt
		}
		p.CreatedAt = p.CreatedAt.UTC()
		if err := unindexProduct(tx, &old); err != nil {
			return err
		}
		if err := putProduct(tx, &p); err != nil {
			return err
		}
		out = p
		return bumpDataVersion(tx)
	})
	return out, err
}

// DeleteProduct removes a product and every interaction with it.
func (s *Store) DeleteProduct(id uint64) error {
	return s.update(func(tx *bolt.Tx) error {
		if err := deleteProduct(tx, id); err != nil {
			return err
		}
		return bumpDataVersion(tx)
	})
}

func deleteProduct(tx *bolt.Tx, id uint64) error {
	if err := forgetProduct(tx, id); err != nil {
		return err
	}
	// A scan: no index by product (see SchemaVersion). Collect first:
	// deleting while iterating a bbolt cursor skips keys.
	eventIDs, err := eventsOfProduct(tx, id)
	if err != nil {
		return err
	}
	for _, eid := range eventIDs {
		if err := deleteInteraction(tx, eid); err != nil {
			return err
		}
	}
	return nil
}

// forgetProduct deletes a product's record and its catalog index keys, but
// not its interactions.
func forgetProduct(tx *bolt.Tx, id uint64) error {
	p, err := getProduct(tx, id)
	if err != nil {
		return err
	}
	if err := unindexProduct(tx, &p); err != nil {
		return err
	}
	return tx.Bucket(bProducts).Delete(u64(id))
}

// ListProducts returns one page of the products that match q, and how many
// match in all. It reads the price or category index, never every product.
func (s *Store) ListProducts(q ProductQuery) ([]Product, int, error) {
	var page []Product
	var total int
	err := s.view(func(tx *bolt.Tx) error {
		refs := scanProductRefs(tx, q)
		total = len(refs)
		lo, hi := pageBounds(len(refs), q.Offset, q.Limit)
		sortRefs(refs, q, hi)
		page = make([]Product, 0, hi-lo)
		for _, r := range refs[lo:hi] {
			p, err := getProduct(tx, r.id)
			if err != nil {
				return err
			}
			page = append(page, p)
		}
		return nil
	})
	return page, total, err
}

func scanProductRefs(tx *bolt.Tx, q ProductQuery) []productRef {
	var (
		c      *bolt.Cursor
		prefix []byte
	)
	if q.Category != "" {
		c, prefix = tx.Bucket(bProdCat).Cursor(), catPrefix(q.Category)
	} else {
		c = tx.Bucket(bProdPrice).Cursor()
	}
	var refs []productRef
	start := priceIDKey(prefix, q.MinPrice, 0)
	for k, v := c.Seek(start); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		rest := k[len(prefix):]
		if len(rest) != 16 || len(v) != 8 {
			continue
		}
		price := Price(binary.BigEndian.Uint64(rest))
		if q.MaxPrice >= 0 && price > q.MaxPrice {
			break
		}
		refs = append(refs, productRef{
			id:      binary.BigEndian.Uint64(rest[8:]),
			price:   price,
			created: int64(binary.BigEndian.Uint64(v)),
		})
	}
	return refs
}

// sortRefs puts the first k refs of q's order, in order, at the front of
// refs; the rest are left in no order.
func sortRefs(refs []productRef, q ProductQuery, k int) {
	// Every order ends on the id, which is unique: no sort needs to be stable.
	switch q.Sort {
	case SortPrice:
		// The index is already in (price, id) order.
	case SortPriceDesc:
		sortTop(refs, k, func(a, b productRef) int {
			return cmp.Or(cmp.Compare(b.price, a.price), cmp.Compare(a.id, b.id))
		})
	case SortPopular:
		if q.Rank == nil {
			break
		}
		// Each ref beside its rank: looked up in a map by every
		// comparison, a listing of 200,000 products took a second of CPU.
		type ranked struct {
			productRef
			rank float64
		}
		rs := make([]ranked, len(refs))
		for i, r := range refs {
			rs[i] = ranked{r, q.Rank(r.id)}
		}
		sortTop(rs, k, func(a, b ranked) int {
			return cmp.Or(cmp.Compare(b.rank, a.rank), cmp.Compare(a.id, b.id))
		})
		for i := range rs {
			refs[i] = rs[i].productRef
		}
	default:
		sortTop(refs, k, func(a, b productRef) int {
			return cmp.Or(cmp.Compare(b.created, a.created), cmp.Compare(b.id, a.id))
		})
	}
}

// sortTop puts the first k of xs in the total order given, sorted, at
// the front of xs; the rest stay in xs in no order. A page of 50
// of 200,000 products keeps the best 50 in a heap instead of sorting all
// (a sort was most of a popular listing's 67 ms).
func sortTop[T any](xs []T, k int, order func(a, b T) int) {
	if k <= 0 {
		return
	}
	if k >= len(xs)/8 {
		slices.SortFunc(xs, order)
		return
	}
	h := &worstFirst[T]{xs: xs[:k], cmp: order}
	heap.Init(h)
	for i := k; i < len(xs); i++ {
		if order(xs[i], h.xs[0]) < 0 {
			h.xs[0], xs[i] = xs[i], h.xs[0]
			heap.Fix(h, 0)
		}
	}
	slices.SortFunc(h.xs, order)
}

// worstFirst is a heap of the best items so far with the worst on top.
type worstFirst[T any] struct {
	xs  []T
	cmp func(a, b T) int
}

func (h *worstFirst[T]) Len() int           { return len(h.xs) }
func (h *worstFirst[T]) Less(i, j int) bool { return h.cmp(h.xs[i], h.xs[j]) > 0 }
func (h *worstFirst[T]) Swap(i, j int)      { h.xs[i], h.xs[j] = h.xs[j], h.xs[i] }
func (h *worstFirst[T]) Push(any)           { panic("worstFirst holds a fixed k") }
func (h *worstFirst[T]) Pop() any           { panic("worstFirst holds a fixed k") }

func pageBounds(n, offset, limit int) (int, int) {
	if offset < 0 {
		offset = 0
	}
	if offset > n {
		offset = n
	}
	hi := n
	if limit >= 0 && offset+limit < n {
		hi = offset + limit
	}
	return offset, hi
}

// Categories lists every category with its number of products, by name.
func (s *Store) Categories() ([]CategoryCount, error) {
	var out []CategoryCount
	err := s.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bProdCat).Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			if len(k) < 17 {
				continue
			}
			name := string(k[:len(k)-17])
			if n := len(out); n > 0 && out[n-1].Name == name {
				out[n-1].ProductCount++
			} else {
				out = append(out, CategoryCount{Name: name, ProductCount: 1})
			}
		}
		return nil
	})
	return out, err
}

// ForEachProduct calls fn for every product in id order, inside one read
// transaction; fn must not call the store.
func (s *Store) ForEachProduct(fn func(p Product) error) error {
	return s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bProducts).ForEach(func(k, v []byte) error {
			p, err := decodeProduct(v)
			if err != nil {
				return corrupt(bProducts, k, err)
			}
			return fn(p)
		})
	})
}

// eventsOfProduct returns the ids of the interactions with a product, by
// reading the product id of every stored interaction (deleting a product
// of a 1,000,000-event shop took 27 to 70 ms over HTTP).
func eventsOfProduct(tx *bolt.Tx, product uint64) ([]uint64, error) {
	var ids []uint64
	c := tx.Bucket(bEvents).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		_, p, err := interactionRefs(v)
		if err != nil {
			return nil, corrupt(bEvents, k, err)
		}
		if p == product {
			ids = append(ids, binary.BigEndian.Uint64(k))
		}
	}
	return ids, nil
}
