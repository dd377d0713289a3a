package model

import (
	"cmp"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

// TestSplitValidationMatchesReference checks the split against the
// straightforward version it replaced (every pair in one map, then the
// users), on random shops with invalid events, unknown items, user 0 and
// ties in time: the same training events in the same order and the same
// measured users with the same held-out items, for both folds and with
// and without a bound on the users.
func TestSplitValidationMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for trial := range 30 {
		var in Input
		for i := range 60 {
			in.Items = append(in.Items, ItemInfo{ID: uint64(i + 1)})
		}
		users := 20 + r.IntN(300)
		for range 3_000 + r.IntN(6_000) {
			e := Event{User: uint64(r.IntN(users)), Item: uint64(r.IntN(70) + 1), Type: EventType(r.IntN(5)), Rating: -1, Time: int64(r.IntN(500))}
			in.Events = append(in.Events, e)
		}
		// Users with no valid event take no place among the kept.
		for u := range 40 {
			in.Events = append(in.Events, Event{User: uint64(users + u), Item: uint64(61 + u%5), Type: EventType(1 + u%4), Time: 1},
				Event{User: uint64(users + u), Item: 1, Type: 0, Time: 2})
		}
		for _, maxUsers := range []int{0, 1, 7, users / 2, users * 2} {
			for fold := range 2 {
				events, measured := splitValidation(in, maxUsers, fold)
				wantEvents, wantMeasured := splitValidationReference(in, maxUsers, fold)
				if !slices.Equal(events, wantEvents) {
					t.Fatalf("trial %d, %d users, fold %d: %d training events, want %d", trial, maxUsers, fold, len(events), len(wantEvents))
				}
				if !reflect.DeepEqual(measured, wantMeasured) {
					t.Fatalf("trial %d, %d users, fold %d: measured %v, want %v", trial, maxUsers, fold, measured, wantMeasured)
				}
				if maxUsers == 0 && fold == 0 && len(measured) == 0 {
					t.Fatalf("trial %d: nobody measured", trial)
				}
			}
		}
	}
}

// splitValidationReference is splitValidation as it was first written.
func splitValidationReference(in Input, maxUsers, fold int) ([]Event, []heldOut) {
	catalog := make(map[uint64]bool, len(in.Items))
	for _, it := range in.Items {
		catalog[it.ID] = true
	}
	type pair struct {
		item uint64
		time int64
	}
	first := map[[2]uint64]int64{}
	for _, e := range in.Events {
		if e.User == 0 || !e.Type.Valid() || !catalog[e.Item] {
			continue
		}
		k := [2]uint64{e.User, e.Item}
		if t, ok := first[k]; !ok || e.Time < t {
			first[k] = e.Time
		}
	}
	byUser := map[uint64][]pair{}
	for k, t := range first {
		byUser[k[0]] = append(byUser[k[0]], pair{k[1], t})
	}
	users := slices.Collect(maps.Keys(byUser))
	hash := func(u uint64) uint64 { return u * 0x9e3779b97f4a7c15 }
	slices.SortFunc(users, func(a, b uint64) int { return cmp.Or(cmp.Compare(hash(a), hash(b)), cmp.Compare(a, b)) })
	if maxUsers > 0 && len(users) > maxUsers {
		users = users[:maxUsers]
	}
	kept := make(map[uint64]bool, len(users))
	held := map[[2]uint64]bool{}
	var measured []heldOut
	for _, u := range users {
		kept[u] = true
		ps := byUser[u]
		if len(ps) < validationMinPairs {
			continue
		}
		slices.SortFunc(ps, func(a, b pair) int { return cmp.Or(cmp.Compare(a.time, b.time), cmp.Compare(a.item, b.item)) })
		for range fold {
			cut := len(ps) - (len(ps)*2+9)/10
			for _, p := range ps[cut:] {
				held[[2]uint64{u, p.item}] = true // left out of this fold
			}
			ps = ps[:cut]
		}
		if len(ps) < validationMinPairs {
			continue
		}
		nHeld := (len(ps)*2 + 9) / 10 // ceil(0.2 n)
		h := heldOut{user: u, held: map[uint64]bool{}}
		for _, p := range ps[len(ps)-nHeld:] {
			h.held[p.item] = true
			held[[2]uint64{u, p.item}] = true
		}
		if len(measured) < validationMeasured {
			measured = append(measured, h)
		}
	}
	var events []Event
	for _, e := range in.Events {
		if (e.User == 0 || kept[e.User]) && !held[[2]uint64{e.User, e.Item}] {
			events = append(events, e)
		}
	}
	return events, measured
}
