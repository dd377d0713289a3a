package store

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"math"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// InteractionQuery selects interactions for the admin log. Zero fields do
// not filter; Until is exclusive.
type InteractionQuery struct {
	Type      InteractionType
	UserID    uint64
	ProductID uint64
	Since     time.Time
	Until     time.Time
	Offset    int
	Limit     int
}

func (q *InteractionQuery) keeps(f *EventFields) bool {
	if (q.Type != 0 && f.Type != q.Type) ||
		(q.UserID != 0 && f.UserID != q.UserID) ||
		(q.ProductID != 0 && f.ProductID != q.ProductID) {
		return false
	}
	if q.Since.IsZero() && q.Until.IsZero() {
		return true
	}
	ts := time.UnixMicro(f.Micros)
	return (q.Since.IsZero() || !ts.Before(q.Since)) && (q.Until.IsZero() || ts.Before(q.Until))
}

// ListInteractions returns one page of the interactions that match q,
// newest id first, and how many match. A user filter walks that user's
// index only; a time filter the ids of its days (see eventdays.go);
// otherwise every interaction is looked at, which suits an admin log, not
// a hot path. Only the fields a filter needs are read of each (none
// without a filter: the count is stored), and only the page's are decoded
// whole.
func (s *Store) ListInteractions(q InteractionQuery) ([]Interaction, int, error) {
	var page []Interaction
	total := 0
	filtered := q.Type != 0 || q.UserID != 0 || q.ProductID != 0 || !q.Since.IsZero() || !q.Until.IsZero()
	err := s.view(func(tx *bolt.Tx) error {
		events := tx.Bucket(bEvents)
		var f EventFields
		visit := func(id uint64, v []byte) error {
			if filtered {
				if _, _, err := parseFields(v, &f); err != nil {
					return corrupt(bEvents, u64(id), err)
				}
				if !q.keeps(&f) {
					return nil
				}
			}
			if total >= q.Offset && (q.Limit < 0 || len(page) < q.Limit) {
				var it Interaction
				if err := decodeInteraction(id, v, &it); err != nil {
					return err
				}
				page = append(page, it)
			}
			total++
			return nil
		}
		if q.UserID != 0 {
			var ids []uint64
			prefix := u64(q.UserID)
			c := tx.Bucket(bEventsUser).Cursor()
			for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
				ids = append(ids, binary.BigEndian.Uint64(k[16:]))
			}
			slices.SortFunc(ids, func(a, b uint64) int { return cmp.Compare(b, a) }) // newest first
			for _, id := range ids {
				if err := visit(id, events.Get(u64(id))); err != nil {
					return err
				}
			}
			return nil
		}
		if !filtered {
			// Only the page is read; the count is stored.
			var err error
			if total, err = eventCount(tx); err != nil {
				return err
			}
			c, n := events.Cursor(), 0
			for k, v := c.Last(); k != nil && (q.Limit < 0 || len(page) < q.Limit); k, v = c.Prev() {
				if n++; n <= q.Offset {
					continue
				}
				page = append(page, Interaction{})
				if err := decodeInteraction(binary.BigEndian.Uint64(k), v, &page[len(page)-1]); err != nil {
					return err
				}
			}
			return nil
		}
		from, to := queryDays(q.Since, q.Until)
		lo, hi, ok := dayBounds(tx, from, to)
		if !ok {
			return nil
		}
		c := events.Cursor()
		var k, v []byte
		if k, _ = c.Seek(u64(hi + 1)); k == nil {
			k, v = c.Last()
		} else {
			k, v = c.Prev()
		}
		for ; k != nil && binary.BigEndian.Uint64(k) >= lo; k, v = c.Prev() {
			if err := visit(binary.BigEndian.Uint64(k), v); err != nil {
				return err
			}
		}
		return nil
	})
	return page, total, err
}

// queryDays is the days (see dayOf) from since's to until's, unbounded
// where a time is zero or outside what a stored time can be.
func queryDays(since, until time.Time) (from, to int64) {
	from, to = math.MinInt64, math.MaxInt64
	if !since.IsZero() && since.After(minTime) {
		from = dayOf(since.UnixMicro())
	}
	if !until.IsZero() && until.Before(maxQueryTime) {
		to = dayOf(until.UnixMicro())
	}
	return from, to
}

// maxQueryTime is beyond every stored time (at most a day after the
// clock), and well within the range of Unix microseconds.
var maxQueryTime = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)

// DayCounts is the number of interactions of each type on one day (UTC).
type DayCounts struct {
	Date     string `json:"date,omitempty"`
	View     int    `json:"view"`
	Like     int    `json:"like"`
	Cart     int    `json:"cart"`
	Purchase int    `json:"purchase"`
}

func (d *DayCounts) add(t InteractionType) {
	switch t {
	case View:
		d.View++
	case Like:
		d.Like++
	case Cart:
		d.Cart++
	case Purchase:
		d.Purchase++
	}
}

// TopProduct is a product with its number of interactions.
type TopProduct struct {
	ID       uint64 `json:"id"`
	Name     string `json:"name"`
	Category string `json:"category"`
	Count    int    `json:"count"`
}

// TopCategory is a category with its number of interactions.
type TopCategory struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// Stats is the admin overview of a period.
type Stats struct {
	Counts        Counts        `json:"counts"`
	PerDay        []DayCounts   `json:"per_day"`
	Funnel        DayCounts     `json:"funnel"`
	TopProducts   []TopProduct  `json:"top_products"`
	TopCategories []TopCategory `json:"top_categories"`
}

// Stats counts the interactions of the last days (up to now) by day and
// type, the funnel over the period, and the top products and categories.
// It reads the interactions of the period's days (see eventdays.go).
func (s *Store) Stats(days, top int) (Stats, error) {
	now := s.now().UTC()
	start := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, -(days - 1))
	var st Stats
	st.PerDay = make([]DayCounts, days)
	for i := range st.PerDay {
		st.PerDay[i].Date = start.AddDate(0, 0, i).Format("2006-01-02")
	}
	byProduct := map[uint64]int{}
	err := s.view(func(tx *bolt.Tx) error {
		st.Counts.Products = tx.Bucket(bProducts).Stats().KeyN
		st.Counts.Users = tx.Bucket(bUsers).Stats().KeyN
		var err error
		if st.Counts.Interactions, err = eventCount(tx); err != nil {
			return err
		}
		// Only the ids of the period's days are read (see eventdays.go),
		// as fields, without a decode (and its allocations) each.
		from := start.UnixMicro()
		lo, hi, ok := dayBounds(tx, dayOf(from), dayOf(from)+int64(days)-1)
		var f EventFields
		c := tx.Bucket(bEvents).Cursor()
		for k, v := c.Seek(u64(lo)); ok && k != nil && binary.BigEndian.Uint64(k) <= hi; k, v = c.Next() {
			if _, _, err = parseFields(v, &f); err != nil {
				return corrupt(bEvents, k, err)
			}
			if f.Micros < from {
				continue
			}
			day := (f.Micros - from) / dayMicros
			if day >= int64(days) {
				continue
			}
			st.PerDay[day].add(f.Type)
			st.Funnel.add(f.Type)
			byProduct[f.ProductID]++
		}
		if err != nil {
			return err
		}
		st.TopProducts, st.TopCategories = topOf(tx, byProduct, top)
		return nil
	})
	slices.SortFunc(st.TopCategories, func(a, b TopCategory) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Name, b.Name))
	})
	st.TopCategories = st.TopCategories[:min(top, len(st.TopCategories))]
	if st.TopProducts == nil {
		st.TopProducts = []TopProduct{}
	}
	if st.TopCategories == nil {
		st.TopCategories = []TopCategory{}
	}
	st.Funnel.Date = ""
	return st, err
}

// topOf is the top products of the counts by product, best first, and
// the counts by category of the products that are stored. Each product's
// category is read from the category index, and only the top products'
// records are decoded: decoding every product counted took 71% of the 10M
// shop's overview.
func topOf(tx *bolt.Tx, byProduct map[uint64]int, top int) ([]TopProduct, []TopCategory) {
	byCategory := map[string]int{}
	if len(byProduct) > 0 {
		c := tx.Bucket(bProdCat).Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			if len(k) < 17 {
				continue // the verifier names it
			}
			if n, ok := byProduct[binary.BigEndian.Uint64(k[len(k)-8:])]; ok {
				byCategory[string(k[:len(k)-17])] += n // category 0x00 price id
			}
		}
	}
	type counted struct {
		id uint64
		n  int
	}
	order := make([]counted, 0, len(byProduct))
	for id, n := range byProduct {
		order = append(order, counted{id, n})
	}
	slices.SortFunc(order, func(a, b counted) int { return cmp.Or(cmp.Compare(b.n, a.n), cmp.Compare(a.id, b.id)) })
	var products []TopProduct
	for _, o := range order {
		if len(products) == top {
			break
		}
		if p, err := getProduct(tx, o.id); err == nil {
			products = append(products, TopProduct{ID: o.id, Name: p.Name, Category: p.Category, Count: o.n})
		}
	}
	categories := make([]TopCategory, 0, len(byCategory))
	for name, n := range byCategory {
		categories = append(categories, TopCategory{Name: name, Count: n})
	}
	return products, categories
}
