package store

import (
	"bytes"
	"cmp"
	"encoding/binary"
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
// index only; otherwise every interaction is looked at, which suits an
// admin log, not a hot path: only the fields a filter needs are read of
// each (none without a filter), and only the page's are decoded whole.
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
		var ids []uint64
		switch {
		case q.UserID != 0:
			prefix := u64(q.UserID)
			c := tx.Bucket(bEventsUser).Cursor()
			for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
				ids = append(ids, binary.BigEndian.Uint64(k[16:]))
			}
		default:
			c := events.Cursor()
			for k, v := c.Last(); k != nil; k, v = c.Prev() {
				if err := visit(binary.BigEndian.Uint64(k), v); err != nil {
					return err
				}
			}
			return nil
		}
		slices.SortFunc(ids, func(a, b uint64) int { return cmp.Compare(b, a) }) // newest first
		for _, id := range ids {
			if err := visit(id, events.Get(u64(id))); err != nil {
				return err
			}
		}
		return nil
	})
	return page, total, err
}

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
// It reads every interaction once.
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
		// Read as fields, without a decode (and its allocations) each: the
		// overview looks at every interaction.
		from, dayMicros := start.UnixMicro(), (24 * time.Hour).Microseconds()
		var f EventFields
		err := tx.Bucket(bEvents).ForEach(func(k, v []byte) error {
			st.Counts.Interactions++
			if _, _, err := parseFields(v, &f); err != nil {
				return corrupt(bEvents, k, err)
			}
			if f.Micros < from {
				return nil
			}
			day := (f.Micros - from) / dayMicros
			if day >= int64(days) {
				return nil
			}
			st.PerDay[day].add(f.Type)
			st.Funnel.add(f.Type)
			byProduct[f.ProductID]++
			return nil
		})
		if err != nil {
			return err
		}
		byCategory := map[string]int{}
		for id, n := range byProduct {
			p, err := getProduct(tx, id)
			if err != nil {
				continue
			}
			byCategory[p.Category] += n
			st.TopProducts = append(st.TopProducts, TopProduct{ID: id, Name: p.Name, Category: p.Category, Count: n})
		}
		for name, n := range byCategory {
			st.TopCategories = append(st.TopCategories, TopCategory{Name: name, Count: n})
		}
		return nil
	})
	slices.SortFunc(st.TopProducts, func(a, b TopProduct) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.ID, b.ID))
	})
	slices.SortFunc(st.TopCategories, func(a, b TopCategory) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Name, b.Name))
	})
	st.TopProducts = st.TopProducts[:min(top, len(st.TopProducts))]
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
