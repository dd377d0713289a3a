package model

// Filter narrows a list of recommendations. The zero Filter keeps every
// catalog item the user has not interacted with yet.
type Filter struct {
	// Category keeps only items of this exact category when not empty.
	Category string
	// MinPrice and MaxPrice bound the price in cents; MaxPrice 0 is unbounded.
	MinPrice, MaxPrice int64
	// Exclude drops items for which it returns true. It is called from the
	// reader's goroutine and must be safe for that.
	Exclude func(item uint64) bool
	// IncludeSeen keeps items the user already interacted with (ignored by Popular).
	IncludeSeen bool
}

// keeps reports whether the filter lets item it through.
func (f *Filter) keeps(it *ItemInfo) bool {
	if f.Category != "" && it.Category != f.Category {
		return false
	}
	if it.Price < f.MinPrice || (f.MaxPrice > 0 && it.Price > f.MaxPrice) {
		return false
	}
	return f.Exclude == nil || !f.Exclude(it.ID)
}

// keeper returns the test personal rankings apply to item indices: not
// seen, and let through by f. It checks the category by number first and
// reads the item's record only when f bounds the price or excludes items.
func (m *Model) keeper(f *Filter, seen func(int32) bool) func(i int32) bool {
	cat := int32(-1)
	if f.Category != "" {
		id, ok := m.catID[f.Category]
		if !ok {
			return func(int32) bool { return false }
		}
		cat = id
	}
	record := f.MinPrice != 0 || f.MaxPrice != 0 || f.Exclude != nil
	return func(i int32) bool {
		if cat >= 0 && m.catOf[i] != cat {
			return false
		}
		if seen(i) {
			return false
		}
		return !record || f.keeps(&m.items[i])
	}
}
