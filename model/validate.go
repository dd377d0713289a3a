package model

import (
	"cmp"
	"context"
	"maps"
	"slices"
)

// Validation follows the project's holdout protocol on the shop's own
// data: every (user, item) pair with an event is a positive, timed by its
// first event; a user with 5 or more positives holds out the last
// ceil(20%) of them by (time, item id). A validation model learns from
// everything else (with the same configuration) and is measured on the
// held-out pairs at k = 10, with the user's training items left out.
//
// Caveats, all to bound the cost on large shops:
//   - With Config.ValidationUsers, the validation model learns only from
//     that many users (those with the smallest id hash), so its figures
//     are slightly pessimistic for the full data.
//   - At most validationMeasured users are measured.
//   - Each ranking looks at the union of every component's top
//     validationCandidates items; the ensemble's top 10 practically
//     always lies there.
const (
	validationK          = 10
	validationMinPairs   = 5
	validationMeasured   = 1000
	validationCandidates = 100
)

// validateShare is the share of the progress bar that validation takes.
func validateShare(Input) float64 { return 0.3 }

// heldOut is one measured user: the held-out items of the validation split.
type heldOut struct {
	user uint64
	held map[uint64]bool
}

// splitValidation returns the training events of the validation split and
// the users whose held-out pairs are measured.
func splitValidation(in Input, maxUsers int) ([]Event, []heldOut) {
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

// candidate is one item of a measured user's candidate list with each
// component's rescaled score.
type candidate struct {
	item   int32
	scores []float64 // per component, in valModel.names order
	held   bool
}

// validate trains on the validation split, measures popularity, every
// component and the ensemble, and returns the metrics with the weights the
// final model should blend with (tuned when cfg.Tune).
func validate(ctx context.Context, in Input, cfg Config, prog progress) (map[string]Metrics, map[string]float64, error) {
	prog.phase = PhaseValidate
	events, measured := splitValidation(in, cfg.ValidationUsers)
	vcfg := cfg
	vcfg.Validate, vcfg.Tune, vcfg.Progress = false, false, nil
	m, err := train(ctx, Input{Events: events, Items: in.Items, Now: in.Now}, vcfg, prog.part(0, 0.8))
	if err != nil {
		return nil, nil, err
	}
	names := make([]string, len(m.comps))
	for c, t := range m.comps {
		names[c] = t.name
	}
	out := map[string]Metrics{}
	var pop Metrics
	users := make([][]candidate, 0, len(measured))
	held := make([]int, 0, len(measured))
	raw := make([]float32, len(m.items))
	for k, h := range measured {
		if k%64 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, nil, err
			}
			prog.report(PhaseValidate, 0.8+0.15*float64(k)/float64(len(measured)))
		}
		u, ok := m.users[h.user]
		if !ok {
			continue
		}
		r := m.trainedRow(int(u))
		train := func(i int32) bool { return !inSorted(r.cols, i) }
		heldIdx := map[int32]bool{}
		for id := range h.held {
			heldIdx[m.index[id]] = true
		}
		held = append(held, len(h.held))
		pop.Add(RankMetrics(relevance(topN(m.pop, validationK, train), func(i int32) bool { return heldIdx[i] }), len(h.held), validationK))
		parts := make([][]float64, len(m.comps))
		cands := map[int32]bool{}
		for c, t := range m.comps {
			t.c.scoreUser(r, raw)
			s := widen(make([]float64, len(raw)), raw)
			rescale(s, r.cols)
			parts[c] = s
			for _, x := range topN(s, validationCandidates, train) {
				cands[x.item] = true
			}
		}
		list := make([]candidate, 0, len(cands))
		for _, i := range slices.Sorted(maps.Keys(cands)) {
			c := candidate{item: i, held: heldIdx[i], scores: make([]float64, len(parts))}
			for p := range parts {
				c.scores[p] = parts[p][i]
			}
			list = append(list, c)
		}
		users = append(users, list)
	}
	if len(users) == 0 {
		return nil, cfg.Weights, nil
	}
	out[Popularity] = pop.Mean()
	for c, name := range names {
		w := make([]float64, len(names))
		w[c] = 1
		out[name] = blendMetrics(users, held, w)
	}
	weights := maps.Clone(cfg.Weights)
	if cfg.Tune && len(names) > 1 {
		weights = tuneBlend(users, held, names, weights)
	}
	if len(names) > 0 {
		out[Ensemble] = blendMetrics(users, held, blendVector(names, weights))
	}
	prog.report(PhaseValidate, 1)
	return out, weights, nil
}

// blendVector turns weights into one weight per component of names, as
// blend does: components without a positive weight are left out, or all
// count equally when none has one.
func blendVector(names []string, weights map[string]float64) []float64 {
	w := make([]float64, len(names))
	any := false
	for c, n := range names {
		w[c] = max(weights[n], 0)
		any = any || w[c] > 0
	}
	if !any {
		for c := range w {
			w[c] = 1
		}
	}
	return w
}

// tuneBlend picks the blend weights with TuneWeights by validation NDCG@10
// over the measured users' candidates.
func tuneBlend(users [][]candidate, held []int, names []string, weights map[string]float64) map[string]float64 {
	// The score cannot fail, so neither can the search.
	found, _ := TuneWeights(names, weights, func(w map[string]float64) (float64, error) {
		return blendMetrics(users, held, blendVector(names, w)).NDCG, nil
	})
	return found.Weights
}

// blendMetrics ranks every user's candidates by the weighted sum of their
// component scores and averages the metrics.
func blendMetrics(users [][]candidate, held []int, w []float64) Metrics {
	var sum Metrics
	for k, list := range users {
		scores := make([]float64, len(list))
		for p, c := range list {
			for q, s := range c.scores {
				scores[p] += w[q] * s
			}
		}
		// Candidates are sorted by item index, so topN's tie break (lower
		// position) is the protocol's (lower item id).
		top := topN(scores, validationK, nil)
		sum.Add(RankMetrics(relevance(top, func(p int32) bool { return list[p].held }), held[k], validationK))
	}
	return sum.Mean()
}

// relevance flags the items of top that isRelevant accepts, in list order,
// for RankMetrics.
func relevance(top []ranked, isRelevant func(int32) bool) []bool {
	rel := make([]bool, len(top))
	for p, t := range top {
		rel[p] = isRelevant(t.item)
	}
	return rel
}
