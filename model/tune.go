package model

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// knob is one setting of one component that validation tunes.
type knob struct {
	name   string
	values []float64
	get    func(*Config) float64
	set    func(*Config, float64)
	// scoring says the knob changes only how a trained component scores
	// (Recency): its trials measure the trained component again.
	scoring bool
	// matters, when not nil, says whether the knob changes anything on a
	// fold's history; the search skips it otherwise.
	matters func(c *Config, hist *csr) bool
}

// cellKnob makes the knob choosing a component's Cell.
func cellKnob(field func(*Config) *Cell, values ...Cell) knob {
	vs := make([]float64, len(values))
	for i, c := range values {
		vs[i] = float64(c)
	}
	return knob{name: "cell", values: vs, get: func(c *Config) float64 { return float64(*field(c)) }, set: func(c *Config, v float64) { *field(c) = Cell(v) }}
}

// recencyKnob makes the knob of a component's Recency: half-lives from
// strong to weak, then none (0), the order a line search walks.
func recencyKnob(field func(*Config) *float64) knob {
	return knob{name: "recency", values: []float64{3, 6, 12, 25, 50, 0}, get: func(c *Config) float64 { return *field(c) }, set: func(c *Config, v float64) { *field(c) = v }, scoring: true}
}

// knobsOf lists the knobs of a component in the order the search tries
// them. The grids bracket the defaults, which were the best of wider
// grids on MovieLens 100K and the demo shop; the cell comes first because
// it changes the scale the other knobs act on. The recency of the profile
// (a scoring knob, but each trial still measures every validation user)
// comes after the knob with the largest effect on large sparse shops, so
// that a shop whose budget ends early still tunes that one: on the demo
// generator's 15,091-item shop, kNN without its shrinkage scored 0.0163
// against 0.0674 with it, SVD with 32 components 0.0605 against 0.0653 with
// 16. ALS tries alpha, then its regularisation and factors, the dearest
// trials last (on MovieLens 100K the defaults held: reg 10/30/100 scored
// 0.1413/0.1565/0.1228, factors 64/96/128 0.1545/0.1565/0.1566).
func knobsOf(name string) []knob {
	switch name {
	case CF:
		return []knob{
			cellKnob(func(c *Config) *Cell { return &c.Cells.SVD }, CellLevel, CellBinary),
			{name: "components", values: []float64{8, 16, 32, 64, 128}, get: func(c *Config) float64 { return float64(c.SVD.Components) }, set: func(c *Config, v float64) { c.SVD.Components = int(v) }},
			recencyKnob(func(c *Config) *float64 { return &c.SVD.Recency }),
		}
	case MF:
		return []knob{
			cellKnob(func(c *Config) *Cell { return &c.Cells.ALS }, CellLevel, CellBinary, CellConfidence),
			{name: "alpha", values: []float64{1, 3, 10, 30, 100}, get: func(c *Config) float64 { return c.ALS.Alpha }, set: func(c *Config, v float64) { c.ALS.Alpha = v }},
			{name: "reg", values: []float64{3, 10, 30, 100, 300}, get: func(c *Config) float64 { return c.ALS.Reg }, set: func(c *Config, v float64) { c.ALS.Reg = v }},
			{name: "factors", values: []float64{32, 64, 96, 128}, get: func(c *Config) float64 { return float64(c.ALS.Factors) }, set: func(c *Config, v float64) { c.ALS.Factors = int(v) }},
		}
	case EASE:
		return []knob{
			cellKnob(func(c *Config) *Cell { return &c.Cells.EASE }, CellLevel, CellBinary),
			// Sparse EASE (neighbours > 0) or dense EASE over the
			// MaxItems busiest items (0), for catalogs beyond MaxItems:
			// second, as it matters most there and the budget may end soon.
			{name: "neighbours", values: []float64{0, 100}, get: func(c *Config) float64 { return float64(c.EASE.Neighbours) }, set: func(c *Config, v float64) { c.EASE.Neighbours = int(v) },
				matters: func(c *Config, hist *csr) bool { return c.EASE.MaxItems > 0 && itemsWithData(hist) > c.EASE.MaxItems }},
			recencyKnob(func(c *Config) *float64 { return &c.EASE.Recency }),
			{name: "lambda", values: []float64{25, 50, 100, 200, 400, 800, 1600, 3200}, get: func(c *Config) float64 { return c.EASE.Lambda }, set: func(c *Config, v float64) { c.EASE.Lambda = v }},
		}
	case KNN:
		return []knob{
			cellKnob(func(c *Config) *Cell { return &c.Cells.KNN }, CellLevel, CellBinary),
			{name: "shrink", values: []float64{0, 10, 50, 200}, get: func(c *Config) float64 { return c.KNN.Shrink }, set: func(c *Config, v float64) { c.KNN.Shrink = v }},
			recencyKnob(func(c *Config) *float64 { return &c.KNN.Recency }),
			{name: "neighbours", values: []float64{25, 50, 100, 200, 400, 800}, get: func(c *Config) float64 { return float64(c.KNN.Neighbours) }, set: func(c *Config, v float64) { c.KNN.Neighbours = int(v) }},
		}
	case BPR:
		return []knob{cellKnob(func(c *Config) *Cell { return &c.Cells.BPR }, CellLevel, CellBinary)}
	}
	return nil
}

// Settings describes the tuned settings of a component in cfg, for
// Info.Settings and the evaluation report: "cell=binary lambda=400".
func Settings(name string, cfg Config) string {
	var parts []string
	for _, k := range knobsOf(name) {
		v := k.get(&cfg)
		if k.name == "cell" {
			parts = append(parts, "cell="+Cell(v).String())
			continue
		}
		parts = append(parts, fmt.Sprintf("%s=%g", k.name, v))
	}
	return strings.Join(parts, " ")
}

// tuneMinGain is the share by which a setting must beat the current one
// on validation NDCG@10 to replace it: gains below it are within the
// noise of a thousand users and would only chase it.
const tuneMinGain = 0.003

// tuned is a component trained on the validation split with the settings
// the search chose, and its figures there.
type tuned struct {
	name  string
	cfg   Config
	c     []component // one per validation fold
	score Metrics
	log   []string
}

// searchComponent tunes one component's knobs one after the other (each
// knob takes the best of its values with the others held), training on
// the validation model's history and measuring its users, until budget
// has passed (a started training always finishes). A value replaces the
// current one only when it is better by tuneMinGain, so ties and noise
// keep the configured defaults.
func searchComponent(ctx context.Context, folds []*fold, name string, cfg Config, budget time.Duration, tune bool) (*tuned, error) {
	sr := &search{ctx: ctx, folds: folds, name: name, start: time.Now(), budget: budget}
	comp, score, err := sr.try(cfg, nil)
	if err != nil {
		return nil, err
	}
	sr.best = &tuned{name: name, cfg: cfg, c: comp, score: score}
	sr.best.log = append(sr.best.log, fmt.Sprintf("%s %s: NDCG@10 %.4f", name, Settings(name, cfg), score.NDCG))
	if !tune {
		return sr.best, nil
	}
	for _, k := range knobsOf(name) {
		if k.matters != nil && !k.matters(&sr.best.cfg, folds[0].hist) {
			continue
		}
		var ok bool
		if k.name == "cell" {
			ok, err = sr.cells(k)
		} else {
			ok, err = sr.line(k)
		}
		if !ok || err != nil {
			return sr.best, err
		}
	}
	return sr.best, ctx.Err()
}

// search is one component's settings search.
type search struct {
	ctx    context.Context
	folds  []*fold
	name   string
	start  time.Time
	budget time.Duration
	best   *tuned
}

// try trains c on every fold and measures it over all their users; with
// trainedComps (one per fold) it only measures those with c's scoring
// settings.
func (sr *search) try(c Config, trainedComps []component) ([]component, Metrics, error) {
	var comps []component
	var sum Metrics
	view := profileOf(sr.name, c)
	for f, fd := range sr.folds {
		if trainedComps != nil {
			sum.Add(measureComponent(fd.vm, trainedComps[f], view, fd.measured))
			continue
		}
		// A shallow copy: searches of other components run at the same
		// time on the same fold and only read it.
		vm := *fd.vm
		vm.cfg = c
		comp, err := vm.trainComponent(sr.ctx, withCell(fd.hist, fd.counts, view.cell), sr.name, progress{})
		if err != nil {
			return nil, Metrics{}, err
		}
		comps = append(comps, comp)
		sum.Add(measureComponent(fd.vm, comp, view, fd.measured))
	}
	if trainedComps != nil {
		comps = trainedComps
	}
	return comps, sum.Mean(), nil
}

// trial trains and measures value v of knob k with the best settings so
// far, keeping it if it is better by tuneMinGain; it reports false when
// the budget is spent.
func (sr *search) trial(k knob, v float64) (bool, error) {
	if time.Since(sr.start) > sr.budget {
		sr.best.log = append(sr.best.log, fmt.Sprintf("%s: tuning budget of %s spent", sr.name, sr.budget))
		return false, nil
	}
	c := cloneConfig(sr.best.cfg)
	k.set(&c, v)
	var reuse []component
	if k.scoring {
		reuse = sr.best.c
	}
	comp, score, err := sr.try(c, reuse)
	if err != nil {
		return false, err
	}
	sr.best.log = append(sr.best.log, fmt.Sprintf("%s %s: NDCG@10 %.4f", sr.name, Settings(sr.name, c), score.NDCG))
	if score.NDCG > sr.best.score.NDCG*(1+tuneMinGain)+1e-9 {
		sr.best.cfg, sr.best.c, sr.best.score = c, comp, score
	}
	return true, nil
}

// cells tries every cell of knob k but those that give the same matrix as
// one tried (every pair seen once, or every level equal).
func (sr *search) cells(k knob) (bool, error) {
	hist, counts := sr.folds[0].hist, sr.folds[0].counts
	seen := map[Cell]bool{sr.best.cfg.Cells.of(sr.name): true}
	for _, v := range k.values {
		cell := Cell(v)
		if seen[cell] || sameCells(hist, counts, cell, seen) {
			continue
		}
		seen[cell] = true
		if ok, err := sr.trial(k, v); !ok {
			return false, err
		}
	}
	return true, nil
}

// line is a line search over the sorted values of knob k: the neighbours
// of the current value, then onward in the direction that improved.
func (sr *search) line(k knob) (bool, error) {
	at := slices.Index(k.values, k.get(&sr.best.cfg))
	if at < 0 {
		at = len(k.values) / 2
		if ok, err := sr.trial(k, k.values[at]); !ok {
			return false, err
		}
	}
	for _, dir := range []int{-1, 1} {
		for p := at + dir; p >= 0 && p < len(k.values); p += dir {
			before := k.get(&sr.best.cfg)
			if ok, err := sr.trial(k, k.values[p]); !ok {
				return false, err
			}
			if k.get(&sr.best.cfg) == before {
				break // no better: stop going this way
			}
		}
		if k.get(&sr.best.cfg) != k.values[at] {
			break // the first direction improved: the other one is worse
		}
	}
	return true, nil
}

// sameCells reports whether cell c gives hist the same values as one of
// the cells tried.
func sameCells(hist *csr, counts []float64, c Cell, tried map[Cell]bool) bool {
	for t := range tried {
		same := true
		for k, v := range hist.val {
			n := 1.0
			if counts != nil {
				n = counts[k]
			}
			if c.value(v, n) != t.value(v, n) {
				same = false
				break
			}
		}
		if same {
			return true
		}
	}
	return false
}

// cloneConfig copies c deeply enough that editing the copy leaves c alone.
func cloneConfig(c Config) Config {
	c.Models = slices.Clone(c.Models)
	c.Weights = cloneWeights(c.Weights)
	return c
}

func cloneWeights(w map[string]float64) map[string]float64 {
	out := make(map[string]float64, len(w))
	for k, v := range w {
		out[k] = v
	}
	return out
}

// profile is how a component reads a user's history when it scores: the
// cell and the recency half-life.
type profile struct {
	cell    Cell
	recency float64
}

// profileOf returns the profile of the named component in cfg.
func profileOf(name string, cfg Config) profile {
	return profile{cell: cfg.Cells.of(name), recency: recencyOf(name, cfg)}
}

// componentRow returns vm's row of user u scored by comp: the history
// through the profile p, with comp's own user factors.
func componentRow(vm *Model, comp component, p profile, u int) *userRow {
	r := historyRow(vm.history, u)
	if vm.counts != nil {
		r.counts = widen(make([]float64, len(r.cols)), vm.counts[vm.history.ptr[u]:vm.history.ptr[u+1]])
	}
	if vm.times != nil {
		r.times = vm.times[vm.history.ptr[u]:vm.history.ptr[u+1]]
	}
	r = recencyRow(cellRow(r, p.cell), p.recency)
	switch c := comp.(type) {
	case *alsModel:
		r.factors = rowOf32(c.x, u)
	case *bprModel:
		r.bpr = rowOf32(c.p, u)
	}
	return r
}

// measureComponent ranks the top validationK items of comp for every
// measured user of vm (training items left out) and sums the metrics
// (Metrics.Mean averages them).
func measureComponent(vm *Model, comp component, p profile, measured []heldOut) Metrics {
	per := make([]Metrics, len(measured))
	parallelRows(len(measured), func(lo, hi int) {
		raw := make([]float32, len(vm.items))
		s := make([]float64, len(vm.items))
		for k := lo; k < hi; k++ {
			h := measured[k]
			u, ok := vm.users[h.user]
			if !ok {
				continue
			}
			r := componentRow(vm, comp, p, int(u))
			comp.scoreUser(r, raw)
			widen(s, raw)
			top := topN(s, validationK, func(i int32) bool { return !inSorted(r.cols, i) })
			per[k] = RankMetrics(relevance(top, func(i int32) bool { return h.held[vm.items[i].ID] }), len(h.held), validationK)
		}
	})
	var sum Metrics
	for _, m := range per {
		if m.Users > 0 {
			sum.Add(m)
		}
	}
	return sum
}

// ci95 is the half width of the normal 95% confidence interval of a mean
// from the sum and the sum of squares of n values.
func ci95(sum, sq float64, n int) float64 {
	if n < 2 {
		return 0
	}
	mean := sum / float64(n)
	v := (sq - float64(n)*mean*mean) / float64(n-1)
	return 1.96 * math.Sqrt(max(v, 0)/float64(n))
}
