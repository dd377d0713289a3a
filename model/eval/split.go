package eval

import (
	"slices"

	"shelf/model"
)

// pair is a positive (user, item) with its earliest time.
type pair struct {
	user, item uint64
	time       int64
}

// split is the outcome of the per-user temporal holdout.
type split struct {
	universe []uint64                       // sorted item ids
	train    map[uint64][]uint64            // user -> training items
	test     map[uint64]map[uint64]struct{} // user -> test items
	events   []model.Event                  // all events of training pairs
	now      int64                          // latest training event time
	trainN   int
	testN    int
}

// holdout splits events per user: a user with at least minPairs positive
// pairs gives the last ceil(testShare * n) of them, by (time, item id), to the test set.
func holdout(events []event) *split {
	const minPairs = 5
	first := map[[2]uint64]int64{}
	for _, e := range events {
		k := [2]uint64{e.user, e.item}
		if t, ok := first[k]; !ok || e.time < t {
			first[k] = e.time
		}
	}
	byUser := map[uint64][]pair{}
	items := map[uint64]struct{}{}
	for k, t := range first {
		byUser[k[0]] = append(byUser[k[0]], pair{k[0], k[1], t})
		items[k[1]] = struct{}{}
	}
	s := &split{train: map[uint64][]uint64{}, test: map[uint64]map[uint64]struct{}{}}
	for it := range items {
		s.universe = append(s.universe, it)
	}
	slices.Sort(s.universe)
	for u, ps := range byUser {
		slices.SortFunc(ps, func(a, b pair) int {
			if a.time != b.time {
				return cmpInt(a.time, b.time)
			}
			return cmpInt(a.item, b.item)
		})
		nTest := 0
		if len(ps) >= minPairs {
			nTest = (len(ps)*2 + 9) / 10 // ceil(0.2 n) in integers
		}
		cut := len(ps) - nTest
		for _, p := range ps[:cut] {
			s.train[u] = append(s.train[u], p.item)
		}
		s.trainN += cut
		if nTest > 0 {
			set := make(map[uint64]struct{}, nTest)
			for _, p := range ps[cut:] {
				set[p.item] = struct{}{}
			}
			s.test[u] = set
			s.testN += nTest
		}
	}
	for _, e := range events {
		if _, isTest := s.test[e.user][e.item]; isTest {
			continue
		}
		s.events = append(s.events, model.Event{User: e.user, Item: e.item, Type: e.typ, Rating: e.rating, Time: e.time})
		s.now = max(s.now, e.time)
	}
	return s
}

func cmpInt[T int64 | uint64](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
