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
