package eval

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"shelf/model"
)

// Options says what to evaluate.
type Options struct {
	// Format is "movielens" (u.data) or "events" (the CSV import format).
	Format string
	Path   string
	// MinRating makes a MovieLens rating a positive; 0 means 4.
	MinRating float64
	// K is the list length; 0 means 10.
	K int
	// Models names the rows to compute, in order; empty means all of Models().
	Models []string
	// Config overrides model.DefaultConfig() for the trained rows when not nil.
	Config *model.Config
	// Tune searches the models' settings and the ensemble weights on a
	// validation split carved from the training pairs before the final run.
	Tune bool
}

// Protocol names the evaluation protocol this package implements.
const Protocol = "holdout-v1"

// plainPopularity is the protocol's reference row, computed here.
const plainPopularity = "popularity"

// rowComponents maps each row name computed by package model to its component.
func rowComponents() map[string]string {
	return map[string]string{"trending": model.Popularity, "svd": model.CF, "als": model.MF, "ease": model.EASE, "knn": model.KNN, "bpr": model.BPR, "ensemble": model.Ensemble}
}

// Models lists every row Run can compute, in report order.
func Models() []string {
	return []string{plainPopularity, "trending", "svd", "als", "ease", "knn", "bpr", "ensemble"}
}

// Run loads the data, splits it, trains the models and measures them.
func Run(ctx context.Context, opt Options) (*Report, error) {
	if opt.K == 0 {
		opt.K = 10
	}
	if opt.MinRating == 0 {
		opt.MinRating = 4
	}
	if opt.K < 0 {
		return nil, fmt.Errorf("eval: k must be positive (got %d)", opt.K)
	}
	names := opt.Models
	if len(names) == 0 {
		names = Models()
	}
	for _, n := range names {
		if !slices.Contains(Models(), n) {
			return nil, fmt.Errorf("eval: unknown model %q (known: %v)", n, Models())
		}
	}
	f, err := os.Open(opt.Path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	events, err := load(f, opt)
	if err != nil {
		return nil, fmt.Errorf("eval: %s: %w", opt.Path, err)
	}
	cfg := model.DefaultConfig()
	if opt.Config != nil {
		cfg = *opt.Config
	}
	s := holdout(events)
	var tuning *Tuning
	if opt.Tune {
		if tuning, err = tune(ctx, s, cfg, opt.K); err != nil {
			return nil, err
		}
		cfg = tuning.Config
	}
	rep, err := evaluate(ctx, s, opt.Format, names, opt.K, cfg)
	if err != nil {
		return nil, err
	}
	rep.Tuning = tuning
	return rep, nil
}

// load reads events in opt.Format.
func load(r io.Reader, opt Options) ([]event, error) {
	switch opt.Format {
	case "movielens":
		return loadMovieLens(r, opt.MinRating)
	case "events":
		return loadEvents(r)
	}
	return nil, fmt.Errorf("unknown format %q (want movielens or events)", opt.Format)
}

// evaluate trains and measures the named rows on s. One model trains as
// serve would (validation, tuning and the choice of blend included): its
// ensemble is the ensemble row and its components are the component rows;
// rows of components it does not train come from a second model trained
// with the settings the first one chose (without validation), so that every
// row shows its component tuned the same honest way.
func evaluate(ctx context.Context, s *split, format string, names []string, k int, cfg model.Config) (*Report, error) {
	rep := &Report{Protocol: Protocol, Format: format, K: k, Users: len(s.train), Items: len(s.universe),
		TrainPairs: s.trainN, TestUsers: len(s.test), TestPairs: s.testN}
	var served, extra *model.Model
	var err error
	if slices.ContainsFunc(names, func(n string) bool { return n != plainPopularity }) {
		if served, err = trainModel(ctx, s, nil, cfg); err != nil {
			return nil, err
		}
		var missing []string
		have := served.Info().Models
		for _, n := range names {
			if c, ok := rowComponents()[n]; ok && n != "ensemble" && !slices.Contains(have, c) {
				missing = append(missing, n)
			}
		}
		if len(missing) > 0 {
			tuned := served.Config()
			tuned.Validate = false
			if extra, err = trainModel(ctx, s, missing, tuned); err != nil {
				return nil, err
			}
		}
	}
	for _, name := range names {
		var (
			scorer func(user uint64) []float64
			took   time.Duration
			m      *model.Model
		)
		if name == plainPopularity {
			start := time.Now()
			counts := countPairs(s)
			took = time.Since(start)
			scorer = func(uint64) []float64 { return counts }
		} else {
			comp := rowComponents()[name]
			m = served
			if name != "ensemble" && !slices.Contains(served.Info().Models, comp) {
				m = extra
			}
			took = m.Info().Timings[comp]
			if name == "ensemble" {
				took = m.Info().Duration
			}
			scorer = func(user uint64) []float64 {
				sc, ok := m.ScoreItems(user, comp)
				if !ok {
					return make([]float64, len(s.universe))
				}
				return sc
			}
		}
		row, err := measure(ctx, s, scorer, k)
		if err != nil {
			return nil, err
		}
		row.Model, row.TrainTime = name, took
		if m != nil {
			describe(&row, name, m, served)
		}
		rep.Rows = append(rep.Rows, row)
	}
	if served != nil {
		rep.TuneLog = served.Info().TuneLog
	}
	return rep, nil
}

// describe fills the row's settings from m, the model that scored it, and
// its blend and validation figures from the served model.
func describe(row *Row, name string, m, served *model.Model) {
	info := served.Info()
	cfg := m.Config()
	comp := rowComponents()[name]
	switch name {
	case "ensemble":
		row.Blend = strings.Join(info.Blend, "+")
		var parts []string
		for _, c := range info.Blend {
			parts = append(parts, fmt.Sprintf("%s=%g", c, cfg.Weights[c]))
		}
		row.Settings = "weights " + strings.Join(parts, " ")
	case "trending":
		row.Settings = fmt.Sprintf("half_life_days=%g", cfg.Signals.HalfLifeDays)
	default:
		row.Settings = model.Settings(comp, cfg)
		if slices.Contains(info.Blend, comp) {
			row.Blend = "in"
			row.Weight = served.Config().Weights[comp]
		}
	}
	if v, ok := info.Validation[comp]; ok {
		row.ValidationNDCG = v.NDCG
	}
}

// countPairs counts training pairs per item of the universe.
func countPairs(s *split) []float64 {
	counts := make([]float64, len(s.universe))
	for _, items := range s.train {
		for _, it := range items {
			i, _ := slices.BinarySearch(s.universe, it)
			counts[i]++
		}
	}
	return counts
}

// trainModel trains one model.Model with every component the rows need;
// with no rows it trains exactly what serve would from cfg (cfg.Models as
// given, validation and tuning included).
func trainModel(ctx context.Context, s *split, rows []string, cfg model.Config) (*model.Model, error) {
	if len(rows) > 0 {
		need := map[string]bool{}
		for _, n := range rows {
			if n == "ensemble" {
				for _, c := range model.DefaultModels(cfg.Weights) {
					need[c] = true
				}
			}
			need[rowComponents()[n]] = true
		}
		cfg.Models = []string{}
		for _, c := range model.Components() {
			if need[c] {
				cfg.Models = append(cfg.Models, c)
			}
		}
	}
	// Validation inside Train changes the model only when it tunes the
	// ensemble weights: component rows (rows != nil) and untuned runs skip
	// its cost.
	cfg.Validate = cfg.Validate && cfg.Tune && rows == nil
	items := make([]model.ItemInfo, len(s.universe))
	for i, id := range s.universe {
		items[i] = model.ItemInfo{ID: id}
	}
	m, err := model.Train(ctx, model.Input{Events: s.events, Items: items, Now: s.now}, cfg)
	if err != nil {
		return nil, err
	}
	if !slices.Equal(m.ItemIDs(), s.universe) {
		return nil, fmt.Errorf("eval: model catalog differs from the item universe")
	}
	return m, nil
}

// measure ranks the universe for every test user and averages the metrics.
func measure(ctx context.Context, s *split, scorer func(user uint64) []float64, k int) (Row, error) {
	users := make([]uint64, 0, len(s.test))
	for u := range s.test {
		users = append(users, u)
	}
	slices.Sort(users)
	var sum model.Metrics
	covered := make([]bool, len(s.universe))
	for _, u := range users {
		if err := ctx.Err(); err != nil {
			return Row{}, err
		}
		top := rank(scorer(u), s.universe, s.train[u], k)
		for _, i := range top {
			covered[i] = true
		}
		ids := make([]uint64, len(top))
		for p, i := range top {
			ids[p] = s.universe[i]
		}
		sum.Add(score(ids, s.test[u], k))
	}
	sum = sum.Mean()
	n := 0
	for _, c := range covered {
		if c {
			n++
		}
	}
	row := Row{Precision: sum.Precision, Recall: sum.Recall, NDCG: sum.NDCG, NDCGCI95: sum.NDCGCI95, HitRate: sum.HitRate}
	if len(covered) > 0 {
		row.Coverage = float64(n) / float64(len(covered))
	}
	return row, nil
}

// score measures one user's top list against that user's test items with
// the model package's metrics, the one implementation of the protocol's
// formulas in the project.
func score(top []uint64, test map[uint64]struct{}, k int) model.Metrics {
	rel := make([]bool, len(top))
	for p, it := range top {
		_, rel[p] = test[it]
	}
	return model.RankMetrics(rel, len(test), k)
}

// rank returns the universe indices of the k best-scored items not in
// trainItems, ties broken by lower item id (the universe is sorted).
func rank(scores []float64, universe, trainItems []uint64, k int) []int {
	excluded := make(map[int]bool, len(trainItems))
	for _, it := range trainItems {
		i, _ := slices.BinarySearch(universe, it)
		excluded[i] = true
	}
	// top stays sorted best first; scanning in index order means an equal
	// score never displaces an earlier (lower id) item.
	top := make([]int, 0, k+1)
	for i, s := range scores {
		if excluded[i] || (len(top) == k && s <= scores[top[k-1]]) {
			continue
		}
		p := len(top)
		for p > 0 && scores[top[p-1]] < s {
			p--
		}
		top = slices.Insert(top, p, i)
		if len(top) > k {
			top = top[:k]
		}
	}
	return top
}
