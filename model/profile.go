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

// HasUser reports whether user had events when the model trained: the
// model's view of any other user is the trending list.
func (m *Model) HasUser(user uint64) bool {
	_, ok := m.users[user]
	return ok && user != 0
}

// KnowsEventTypes reports whether the model holds the strongest event type
// of each of its users' pairs (StrongestEvent): a model from a file stored
// before them does not.
func (m *Model) KnowsEventTypes() bool { return m.kinds != nil }

// StrongestEvent returns the greatest event type user had with item among
// the events the model trained on, and false when the model holds no
// such pair (or no event types: see KnowsEventTypes). Callers name it in
// reasons such as "Because you bought X" without reading the events.
func (m *Model) StrongestEvent(user, item uint64) (EventType, bool) {
	u, ok := m.users[user]
	i, known := m.index[item]
	if !ok || !known || m.kinds == nil || user == 0 {
		return 0, false
	}
	lo := m.history.ptr[u]
	k, found := slices.BinarySearch(m.history.cells(int(u)), i)
	if !found {
		return 0, false
	}
	return m.kinds[lo+k], true
}
