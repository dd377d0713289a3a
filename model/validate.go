package model

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"
	"time"
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
//   - At most validationMeasured users are measured; with fewer than
//     validationFoldUsers a second fold doubles the measured pairs.
//   - Each ranking looks at the union of every component's top
//     validationCandidates items; the ensemble's top 10 practically
//     always lies there.
const (
	validationK          = 10
	validationMinPairs   = 5
	validationMeasured   = 3000
	validationCandidates = 100
	// validationFoldUsers: a shop measuring fewer users than this adds a
	// second fold (see splitValidation), so that small shops choose on
	// about twice the held-out pairs; the cost is small there.
	validationFoldUsers = 500
)

// validateShare is the share of the progress bar that validation takes.
func validateShare(Input) float64 { return 0.3 }

// heldOut is one measured user: the held-out items of the validation split.
type heldOut struct {
	user uint64
	held map[uint64]bool
}

// splitValidation returns the training events of the validation split and
// the users whose held-out pairs are measured. Fold 0 holds out the last
// ceil(20%) of each user's pairs; fold 1 leaves those out altogether and
// holds out the ceil(20%) before them, so that each fold trains only on
// what came before what it measures.
func splitValidation(in Input, maxUsers, fold int) ([]Event, []heldOut) {
	catalog := make(map[uint64]bool, len(in.Items))
	for _, it := range in.Items {
		catalog[it.ID] = true
	}
	type pair struct {
		item uint64
		time int64
	}
	valid := func(e *Event) bool { return e.User != 0 && e.Type.Valid() && catalog[e.Item] }
	// The users first, and the pairs of the kept ones only: on a large
	// shop the split keeps 10,000 users of a million, and a map of every
	// pair (seven million at ten million events) was most of the
	// validation's memory and garbage.
	seen := map[uint64]struct{}{}
	for i := range in.Events {
		if e := &in.Events[i]; valid(e) {
			seen[e.User] = struct{}{}
		}
	}
	users := slices.Collect(maps.Keys(seen))
	hash := func(u uint64) uint64 { return u * 0x9e3779b97f4a7c15 }
	slices.SortFunc(users, func(a, b uint64) int { return cmp.Or(cmp.Compare(hash(a), hash(b)), cmp.Compare(a, b)) })
	if maxUsers > 0 && len(users) > maxUsers {
		users = users[:maxUsers]
	}
	kept := make(map[uint64]bool, len(users))
	for _, u := range users {
		kept[u] = true
	}
	first := map[[2]uint64]int64{}
	for i := range in.Events {
		if e := &in.Events[i]; valid(e) && kept[e.User] {
			k := [2]uint64{e.User, e.Item}
			if t, ok := first[k]; !ok || e.Time < t {
				first[k] = e.Time
			}
		}
	}
	byUser := map[uint64][]pair{}
	for k, t := range first {
		byUser[k[0]] = append(byUser[k[0]], pair{k[1], t})
	}
	held := map[[2]uint64]bool{}
	var measured []heldOut
	for _, u := range users {
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

// candidate is one item of a measured user's candidate list with each
// component's rescaled score.
type candidate struct {
	item   int32
	scores []float64 // per component, in valModel.names order
	held   bool
}

// validation is what validate found: the figures on the validation split
// and the configuration the final model trains with.
type validation struct {
	metrics  map[string]Metrics
	cfg      Config            // tuned settings and blend weights
	blend    []string          // the components the served blend is made of
	settings map[string]string // per component, its chosen settings
	log      []string
}

// blendMargin is how much better than the best single component (as a
// share of its validation NDCG@10) the tuned blend must be to be served;
// otherwise the model serves that component alone. A blend that only ties
// adds serving cost and the risk that its validation edge is noise.
const blendMargin = 0.01

// validate trains on the validation split, tunes every component's
// settings there (with cfg.Tune, within cfg.TuneBudget), measures
// popularity, every component and the blend, tunes the blend weights and
// falls back to the best single component unless the blend beats it by
// blendMargin. Nothing of the final model's input outside the split's
// training part is looked at.
func validate(ctx context.Context, in Input, cfg Config, prog progress) (*validation, error) {
	prog.phase = PhaseValidate
	out := &validation{metrics: map[string]Metrics{}, cfg: cloneConfig(cfg), settings: map[string]string{}}
	folds, err := newFolds(ctx, in, cfg, prog)
	if err != nil {
		return nil, err
	}
	pop := popularityMetrics(folds)
	if pop.Users == 0 {
		return out, nil
	}
	out.metrics[Popularity] = pop
	if len(folds) > 1 {
		out.log = append(out.log, fmt.Sprintf("%d validation users in fold 1, fewer than %d: two folds", len(folds[0].measured), validationFoldUsers))
	}
	names := componentNames(cfg)
	comps, err := searchComponents(ctx, folds, names, cfg, prog)
	if err != nil {
		return nil, err
	}
	for k, name := range names {
		t := comps[k]
		out.cfg = mergeSettings(out.cfg, t.cfg, name)
		out.metrics[name] = t.score
		out.settings[name] = Settings(name, out.cfg)
		out.log = append(out.log, t.log...)
	}
	if len(comps) > 0 {
		chooseBlend(out, folds, comps, names, cfg)
	}
	prog.report(PhaseValidate, 1)
	return out, nil
}

// newFolds returns fold 0 and, for a shop with fewer than
// validationFoldUsers measured users, fold 1 too.
func newFolds(ctx context.Context, in Input, cfg Config, prog progress) ([]*fold, error) {
	var folds []*fold
	for f := range 2 {
		fd, err := newFold(ctx, in, cfg, f, prog.part(0.025*float64(f), 0.025*float64(f+1)))
		if err != nil {
			return nil, err
		}
		if len(fd.measured) == 0 {
			break
		}
		folds = append(folds, fd)
		if len(fd.measured) >= validationFoldUsers {
			break
		}
	}
	return folds, nil
}

// popularityMetrics measures popularity on every fold's users.
func popularityMetrics(folds []*fold) Metrics {
	var pop Metrics
	for _, fd := range folds {
		vm := fd.vm
		for _, h := range fd.measured {
			u, ok := vm.users[h.user]
			if !ok {
				continue
			}
			cols := vm.history.cells(int(u))
			top := topN(vm.pop, validationK, func(i int32) bool { return !inSorted(cols, i) })
			pop.Add(RankMetrics(relevance(top, func(i int32) bool { return h.held[vm.items[i].ID] }), len(h.held), validationK))
		}
	}
	return pop.Mean()
}

// searchComponents runs every component's settings search (searchComponent)
// at the same time, as many at once as training may use goroutines
// (workers): EASE's inversion keeps about one core busy, so the others
// fill the rest. The budget is shared equally. A server training in the
// background leaves a CPU to serving: five searches at once on both CPUs
// of a 2-core shop of ten million events had its writes at a fifth of
// their idle rate.
func searchComponents(ctx context.Context, folds []*fold, names []string, cfg Config, prog progress) ([]*tuned, error) {
	budget := cfg.TuneBudget
	if budget <= 0 {
		budget = DefaultConfig().TuneBudget
	}
	comps := make([]*tuned, len(names))
	errs := make([]error, len(names))
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	slots := make(chan struct{}, workers())
	for k, name := range names {
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			comps[k], errs[k] = searchComponent(ctx, folds, name, cfg, budget/time.Duration(len(names)), cfg.Tune)
			mu.Lock()
			defer mu.Unlock()
			done++
			prog.report(PhaseValidate, 0.05+0.8*float64(done)/float64(len(names)))
		})
	}
	wg.Wait()
	return comps, errors.Join(errs...)
}

// chooseBlend tunes the blend weights (with cfg.Tune) over every fold's
// candidates, and falls back to the best single component unless the
// blend beats it by blendMargin; it records the outcome in out.
func chooseBlend(out *validation, folds []*fold, comps []*tuned, names []string, cfg Config) {
	var users [][]candidate
	var held []int
	for f, fd := range folds {
		u, h := blendCandidates(fd.vm, comps, f, fd.measured)
		users, held = append(users, u...), append(held, h...)
	}
	weights := cloneWeights(cfg.Weights)
	if cfg.Tune && len(names) > 1 {
		weights = tuneBlend(users, held, names, weights)
	}
	served := blendMetrics(users, held, blendVector(names, weights))
	best := comps[0]
	for _, t := range comps[1:] {
		if t.score.NDCG > best.score.NDCG {
			best = t
		}
	}
	if cfg.Tune && served.NDCG < best.score.NDCG*(1+blendMargin) {
		out.log = append(out.log, fmt.Sprintf("blend %v: NDCG@10 %.4f, not %.0f%% above %s alone (%.4f): serving %s", weights, served.NDCG, 100*blendMargin, best.name, best.score.NDCG, best.name))
		weights = map[string]float64{best.name: 1}
		served = best.score
	} else {
		out.log = append(out.log, fmt.Sprintf("blend %v: NDCG@10 %.4f", weights, served.NDCG))
	}
	out.cfg.Weights = weights
	out.metrics[Ensemble] = served
	for _, n := range names {
		if weights[n] > 0 {
			out.blend = append(out.blend, n)
		}
	}
	if len(out.blend) == 0 {
		out.blend = names
	}
}

// fold is one validation split: the model of its training part (the
// history and popularity only), that history in float64 for training
// components, and the measured users.
type fold struct {
	vm       *Model
	hist     *csr
	counts   []float64
	measured []heldOut
}

// newFold splits in for fold f and trains the fold's history.
func newFold(ctx context.Context, in Input, cfg Config, f int, prog progress) (*fold, error) {
	events, measured := splitValidation(in, cfg.ValidationUsers, f)
	vcfg := cloneConfig(cfg)
	vcfg.Validate, vcfg.Tune, vcfg.Progress = false, false, nil
	vcfg.Models = []string{} // popularity and the history only
	// Validation measures the components on the history; content
	// neighbours serve no measured list (over 200,000 products they were
	// most of a fold's training).
	vcfg.Content.Neighbours = 0
	// Validation measures exact scoring; the served model's index reports
	// its own recall against it (Info.Retrieval).
	vcfg.Retrieval.MinItems = 0
	vm, err := train(ctx, Input{Events: events, Items: in.Items, Now: in.Now}, vcfg, prog)
	if err != nil {
		return nil, err
	}
	h := vm.history
	return &fold{
		vm:       vm,
		hist:     &csr{rows: h.rows, cols: h.cols, ptr: h.ptr, idx: h.idx, val: widen(make([]float64, len(h.val)), h.val)},
		counts:   widen(make([]float64, len(vm.counts)), vm.counts),
		measured: measured,
	}, nil
}

// componentNames lists the personal components Train builds from cfg.
func componentNames(cfg Config) []string {
	if cfg.Models == nil {
		return DefaultModels(cfg.Weights)
	}
	var names []string
	for _, name := range cfg.Models {
		if name != Popularity && !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	return names
}

// mergeSettings returns into with the settings of component name taken
// from from: its section of Config and its Cell.
func mergeSettings(into, from Config, name string) Config {
	switch name {
	case CF:
		into.SVD, into.Cells.SVD = from.SVD, from.Cells.SVD
	case MF:
		into.ALS, into.Cells.ALS = from.ALS, from.Cells.ALS
	case EASE:
		into.EASE, into.Cells.EASE = from.EASE, from.Cells.EASE
	case KNN:
		into.KNN, into.Cells.KNN = from.KNN, from.Cells.KNN
	case BPR:
		into.BPR, into.Cells.BPR = from.BPR, from.Cells.BPR
	}
	return into
}

// blendCandidates returns, per measured user, the union of every tuned
// component's top validationCandidates items with each component's
// rescaled score, and the user's number of held-out items.
func blendCandidates(vm *Model, comps []*tuned, f int, measured []heldOut) ([][]candidate, []int) {
	lists := make([][]candidate, len(measured))
	parallelRows(len(measured), func(lo, hi int) {
		raw := make([]float32, len(vm.items))
		parts := make([][]float64, len(comps))
		for c := range parts {
			parts[c] = make([]float64, len(vm.items))
		}
		for k := lo; k < hi; k++ {
			h := measured[k]
			u, ok := vm.users[h.user]
			if !ok {
				continue
			}
			cols := vm.history.cells(int(u))
			train := func(i int32) bool { return !inSorted(cols, i) }
			cands := map[int32]bool{}
			for c, t := range comps {
				r := componentRow(vm, t.c[f], profileOf(t.name, t.cfg), int(u))
				t.c[f].scoreUser(r, raw)
				widen(parts[c], raw)
				rescale(parts[c], cols)
				for _, x := range topN(parts[c], validationCandidates, train) {
					cands[x.item] = true
				}
			}
			list := make([]candidate, 0, len(cands))
			for _, i := range slices.Sorted(maps.Keys(cands)) {
				c := candidate{item: i, held: h.held[vm.items[i].ID], scores: make([]float64, len(parts))}
				for p := range parts {
					c.scores[p] = parts[p][i]
				}
				list = append(list, c)
			}
			lists[k] = list
		}
	})
	var users [][]candidate
	var held []int
	for k, l := range lists {
		if l != nil {
			users = append(users, l)
			held = append(held, len(measured[k].held))
		}
	}
	return users, held
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
