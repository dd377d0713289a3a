package model

import (
	"cmp"
	"maps"
	"slices"
)

// profileCategories is how many top categories Profile returns.
const profileCategories = 3

// Users returns the ids of the users the model knows (those with events
// when it trained), ascending.
func (m *Model) Users() []uint64 {
	ids := slices.Clone(m.userIDs)
	slices.Sort(ids)
	return ids
}

// Profile returns what the model learned about user: the user's ALS
// factors as the embedding (nil when "mf" is not trained) and up to three
// categories by the user's interaction weight, best first. It reports
// false for users the model does not know.
func (m *Model) Profile(user uint64) (embedding []float32, topCategories []string, ok bool) {
	u, known := m.users[user]
	if !known || user == 0 {
		return nil, nil, false
	}
	r := m.trainedRow(int(u))
	if r.factors != nil {
		embedding = slices.Clone(r.factors)
	}
	weight := map[string]float64{}
	for k, i := range r.cols {
		weight[m.items[i].Category] += r.vals[k]
	}
	cats := slices.Collect(maps.Keys(weight))
	slices.SortFunc(cats, func(a, b string) int { return cmp.Or(cmp.Compare(weight[b], weight[a]), cmp.Compare(a, b)) })
	return embedding, cats[:min(len(cats), profileCategories)], true
}
