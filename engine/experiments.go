package engine

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"shelf/model"
	"shelf/store"
)

// An experiment splits the shoppers of one placement between variants: the
// control serves the placement as it is; another variant overrides its
// strategy (trending only) or turns its rules off. A shopper (a user, else
// a guest session) is assigned by a hash of the experiment's id and the
// shopper key, so the assignment is stable across requests and restarts
// and needs no storage. What each variant's lists do is counted as every
// list is (impressions, clicks, attributed carts and purchases, per day);
// besides, the engine keeps, per variant, the shoppers it served and what
// each spent since, for revenue per shopper. Those are written with the
// counters, in 64 shards per experiment of which only the changed ones are
// rewritten.

// MaxExperiments bounds the experiments a shop keeps, and MaxVariants the
// variants of one.
const (
	MaxExperiments = 100
	MaxVariants    = 8
	shopperShards  = 64
)

// Experiment statuses.
const (
	Draft   = "draft"
	Running = "running"
	Stopped = "stopped"
	Shipped = "shipped"
)

// Variant is one arm of an experiment. A variant with no override (no
// strategy, or "blend", and rules not turned off) serves the placement as
// it is; the first such variant is the control.
type Variant struct {
	Name  string  `json:"name"`
	Share float64 `json:"share"`
	// Strategy "trending" serves best-sellers instead of the placement's
	// own list; "blend" (or none) the placement's own.
	Strategy string           `json:"strategy,omitempty"`
	Settings *VariantSettings `json:"settings,omitempty"`
}

// VariantSettings are a variant's other overrides.
type VariantSettings struct {
	// Rules false serves the placement without its rules.
	Rules *bool `json:"rules,omitempty"`
	// Weights blend the serving model's components with other weights
	// (a personal placement only): cf, mf, ease, knn, bpr.
	Weights map[string]float64 `json:"weights,omitempty"`
}

// overrides reports whether v changes what the placement serves.
func (v *Variant) overrides() bool {
	return (v.Strategy != "" && v.Strategy != "blend") ||
		(v.Settings != nil && ((v.Settings.Rules != nil && !*v.Settings.Rules) || v.Settings.Weights != nil))
}

// Experiment is an A/B test of a placement.
type Experiment struct {
	ID             uint64     `json:"id"`
	Name           string     `json:"name"`
	Placement      string     `json:"placement"`
	Status         string     `json:"status"`
	Variants       []Variant  `json:"variants"`
	CreatedAt      time.Time  `json:"created_at"`
	StartedAt      *time.Time `json:"started_at"`
	StoppedAt      *time.Time `json:"stopped_at"`
	ShippedVariant string     `json:"shipped_variant"`
}

// Control is the index of the experiment's control variant.
func (x *Experiment) Control() int {
	for i := range x.Variants {
		if !x.Variants[i].overrides() {
			return i
		}
	}
	return 0
}

// live reports whether the experiment decides what its placement serves.
func (x *Experiment) live() bool { return x.Status == Running || x.Status == Shipped }

// assign returns the variant of shopper.
func (x *Experiment) assign(shopper string) int {
	if x.Status == Shipped {
		for i := range x.Variants {
			if x.Variants[i].Name == x.ShippedVariant {
				return i
			}
		}
	}
	h := fnv.New64a()
	h.Write([]byte(strconv.FormatUint(x.ID, 10)))
	h.Write([]byte{0})
	h.Write([]byte(shopper))
	u := float64(h.Sum64()>>11) / (1 << 53)
	acc := 0.0
	for i := range x.Variants {
		acc += x.Variants[i].Share
		if u < acc {
			return i
		}
	}
	return len(x.Variants) - 1
}

func (x *Experiment) validate(placement func(string) (Placement, error)) error {
	v := &store.ValidationError{}
	if x.Name = strings.TrimSpace(x.Name); x.Name == "" || len(x.Name) > 100 {
		v.Add("name", "is required, at most 100 characters")
	}
	if x.Placement == "" {
		v.Add("placement", "is required: the name of a placement")
	}
	pl, err := placement(x.Placement)
	if x.Placement != "" && err != nil {
		v.Add("placement", "no placement is named %q (create it first: PUT /api/placements/%s)", x.Placement, x.Placement)
	}
	if len(x.Variants) < 2 || len(x.Variants) > MaxVariants {
		v.Add("variants", "must list 2 to %d variants", MaxVariants)
		return v.Err()
	}
	sum := 0.0
	names := map[string]bool{}
	control := false
	for i := range x.Variants {
		vr := &x.Variants[i]
		at := "variants[" + strconv.Itoa(i) + "]"
		vr.Name = strings.TrimSpace(vr.Name)
		switch {
		case vr.Name == "" || len(vr.Name) > 50:
			v.Add(at+".name", "is required, at most 50 characters")
		case names[vr.Name]:
			v.Add(at+".name", "%q names two variants", vr.Name)
		}
		names[vr.Name] = true
		if math.IsNaN(vr.Share) || vr.Share < 0 || vr.Share > 1 {
			v.Add(at+".share", "must be between 0 and 1")
		} else {
			sum += vr.Share
		}
		if vr.Strategy != "" && vr.Strategy != "blend" && vr.Strategy != "trending" {
			v.Add(at+".strategy", "must be blend (the placement's own list) or trending")
		}
		if vr.Settings != nil && vr.Settings.Weights != nil {
			validateWeights(v, at+".settings.weights", vr.Settings.Weights)
			if err == nil && pl.Strategy != "personal" {
				v.Add(at+".settings.weights", "blend weights apply to a personal placement; %q shows %s lists", pl.Name, pl.Strategy)
			}
			if vr.Strategy == "trending" {
				v.Add(at+".settings.weights", "a trending list has no blend to weigh")
			}
		}
		control = control || !vr.overrides()
	}
	if math.Abs(sum-1) > 1e-9 {
		v.Add("variants", "the shares sum to %g; they must sum to 1", sum)
	}
	if !control {
		v.Add("variants", "one variant must be the control: without a strategy or settings override")
	}
	return v.Err()
}

// validateWeights checks a variant's blend weights.
func validateWeights(v *store.ValidationError, at string, w map[string]float64) {
	positive := false
	for k, x := range w {
		switch {
		case !slices.Contains(model.PersonalComponents, k):
			v.Add(at+"."+k, "unknown component (%s)", strings.Join(model.PersonalComponents, ", "))
		case math.IsNaN(x) || x < 0 || x > 100:
			v.Add(at+"."+k, "must be between 0 and 100")
		case x > 0:
			positive = true
		}
	}
	if !positive {
		v.Add(at, "must give at least one component a positive weight")
	}
}

// Weights are the blend weights variant i serves with; nil for the
// serving model's own.
func (x *Experiment) Weights(i int) map[string]float64 {
	if s := x.Variants[i].Settings; s != nil {
		return s.Weights
	}
	return nil
}

// Apply returns the placement as variant i of x serves it.
func (x *Experiment) Apply(pl Placement, i int) Placement {
	vr := &x.Variants[i]
	if vr.Strategy == "trending" {
		pl.Strategy = "trending"
	}
	if vr.Settings != nil && vr.Settings.Rules != nil && !*vr.Settings.Rules {
		pl.Rules = nil
	}
	return pl
}

// experiments is the engine's experiments and their shoppers.
type experiments struct {
	mu     sync.Mutex
	all    map[uint64]*Experiment
	nextID uint64
	// shoppers[variant key][shopper key] is what the shopper spent, in
	// cents, since a list of the variant was first served to them.
	shoppers map[string]map[string]int64
	dirty    map[uint64]map[int]bool // experiment -> shards to write
}

const experimentsBlob = "experiments"

func shopperBlob(id uint64, shard int) string {
	return "experiment-shoppers/" + strconv.FormatUint(id, 10) + "/" + strconv.Itoa(shard)
}

func shardOf(shopper string) int {
	h := fnv.New32a()
	h.Write([]byte(shopper))
	return int(h.Sum32() % shopperShards)
}

// storedExperiments is the experiments blob.
type storedExperiments struct {
	NextID      uint64        `json:"next_id"`
	Experiments []*Experiment `json:"experiments"`
}

func (e *Engine) loadExperiments() error {
	x := &e.experiments
	x.all, x.shoppers, x.dirty, x.nextID = map[uint64]*Experiment{}, map[string]map[string]int64{}, map[uint64]map[int]bool{}, 1
	buf, err := e.st.State(experimentsBlob)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	var st storedExperiments
	if err := json.Unmarshal(buf, &st); err != nil {
		return fmt.Errorf("stored experiments: %w", err)
	}
	x.nextID = max(st.NextID, 1)
	for _, ex := range st.Experiments {
		x.all[ex.ID] = ex
		for shard := range shopperShards {
			buf, err := e.st.State(shopperBlob(ex.ID, shard))
			if errors.Is(err, store.ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			var byVariant map[string]map[string]int64
			if err := json.Unmarshal(buf, &byVariant); err != nil {
				return fmt.Errorf("experiment %d's shoppers: %w", ex.ID, err)
			}
			for vk, m := range byVariant {
				if x.shoppers[vk] == nil {
					x.shoppers[vk] = map[string]int64{}
				}
				for s, rev := range m {
					x.shoppers[vk][s] = rev
				}
			}
		}
	}
	return nil
}

// saveExperimentsLocked writes the experiments blob; x.mu is held.
func (e *Engine) saveExperimentsLocked(extra map[string][]byte) error {
	x := &e.experiments
	st := storedExperiments{NextID: x.nextID}
	for _, id := range slices.Sorted(maps.Keys(x.all)) {
		st.Experiments = append(st.Experiments, x.all[id])
	}
	buf, err := json.Marshal(st)
	if err != nil {
		return err
	}
	blobs := map[string][]byte{experimentsBlob: buf}
	maps.Copy(blobs, extra)
	return e.st.PutState(blobs)
}

func cloneExperiment(x *Experiment) Experiment {
	c := *x
	c.Variants = slices.Clone(x.Variants)
	return c
}

// Experiments returns every experiment, newest first.
func (e *Engine) Experiments() []Experiment {
	x := &e.experiments
	x.mu.Lock()
	defer x.mu.Unlock()
	out := make([]Experiment, 0, len(x.all))
	for _, ex := range x.all {
		out = append(out, cloneExperiment(ex))
	}
	slices.SortFunc(out, func(a, b Experiment) int { return cmp.Compare(b.ID, a.ID) })
	return out
}

// Experiment returns one experiment.
func (e *Engine) Experiment(id uint64) (Experiment, error) {
	x := &e.experiments
	x.mu.Lock()
	defer x.mu.Unlock()
	ex, ok := x.all[id]
	if !ok {
		return Experiment{}, &store.NotFoundError{Kind: "experiment", ID: id}
	}
	return cloneExperiment(ex), nil
}

// CreateExperiment validates and stores a new experiment, as a draft.
func (e *Engine) CreateExperiment(ex Experiment) (Experiment, error) {
	if err := ex.validate(e.Placement); err != nil {
		return Experiment{}, err
	}
	x := &e.experiments
	x.mu.Lock()
	defer x.mu.Unlock()
	if len(x.all) >= MaxExperiments {
		return Experiment{}, &store.ConflictError{Field: "name", Message: fmt.Sprintf("a shop keeps at most %d experiments: delete one first", MaxExperiments)}
	}
	ex.ID, ex.Status, ex.CreatedAt = x.nextID, Draft, e.cfg.Now().UTC()
	ex.StartedAt, ex.StoppedAt, ex.ShippedVariant = nil, nil, ""
	x.all[ex.ID] = &ex
	x.nextID++
	if err := e.saveExperimentsLocked(nil); err != nil {
		delete(x.all, ex.ID)
		x.nextID--
		return Experiment{}, err
	}
	return cloneExperiment(&ex), nil
}

// ChangeExperiment starts, stops or ships (variant) an experiment. One
// experiment at a time decides what a placement serves.
func (e *Engine) ChangeExperiment(id uint64, action, variant string) (Experiment, error) {
	x := &e.experiments
	x.mu.Lock()
	defer x.mu.Unlock()
	ex, ok := x.all[id]
	if !ok {
		return Experiment{}, &store.NotFoundError{Kind: "experiment", ID: id}
	}
	next := cloneExperiment(ex)
	now := e.cfg.Now().UTC()
	switch action {
	case "start":
		if ex.Status == Running {
			return next, nil
		}
		if ex.Status == Shipped {
			return Experiment{}, &store.ConflictError{Field: "action", Message: "a shipped experiment cannot start again: create a new one"}
		}
		if err := x.liveOn(ex.Placement, id, "action"); err != nil {
			return Experiment{}, err
		}
		next.Status = Running
		if next.StartedAt == nil {
			next.StartedAt = &now
		}
		next.StoppedAt = nil
	case "stop":
		if !ex.live() {
			return Experiment{}, &store.ConflictError{Field: "action", Message: "the experiment is " + ex.Status + ", not running"}
		}
		next.Status, next.StoppedAt = Stopped, &now
	case "ship":
		if ex.Status == Draft {
			return Experiment{}, &store.ConflictError{Field: "action", Message: "a draft has no results to ship: start it first"}
		}
		if !slices.ContainsFunc(ex.Variants, func(v Variant) bool { return v.Name == variant }) {
			return Experiment{}, &store.ValidationError{Fields: map[string]string{"variant": fmt.Sprintf("must name one of the experiment's variants, not %q", variant)}}
		}
		if err := x.liveOn(ex.Placement, id, "action"); err != nil {
			return Experiment{}, err
		}
		next.Status, next.ShippedVariant = Shipped, variant
		if next.StoppedAt == nil {
			next.StoppedAt = &now
		}
	default:
		return Experiment{}, &store.ValidationError{Fields: map[string]string{"action": "must be start, stop or ship"}}
	}
	x.all[id] = &next
	if err := e.saveExperimentsLocked(nil); err != nil {
		x.all[id] = ex
		return Experiment{}, err
	}
	e.placementGen.Add(1)
	return cloneExperiment(&next), nil
}

// DeleteExperiment deletes an experiment and what it kept of its shoppers;
// the days' counts of its variants stay in the analytics.
func (e *Engine) DeleteExperiment(id uint64) error {
	x := &e.experiments
	x.mu.Lock()
	defer x.mu.Unlock()
	ex, ok := x.all[id]
	if !ok {
		return &store.NotFoundError{Kind: "experiment", ID: id}
	}
	delete(x.all, id)
	gone := map[string][]byte{}
	for shard := range shopperShards {
		gone[shopperBlob(id, shard)] = nil
	}
	if err := e.saveExperimentsLocked(gone); err != nil {
		x.all[id] = ex
		return err
	}
	for i := range ex.Variants {
		delete(x.shoppers, variantKey(id, i))
	}
	delete(x.dirty, id)
	e.placementGen.Add(1)
	return nil
}

// liveOn returns a ConflictError naming the live experiment on placement
// other than skip (0: any), reported on field; nil when there is none.
// x.mu is held.
func (x *experiments) liveOn(placement string, skip uint64, field string) error {
	for _, other := range x.all {
		if other.ID != skip && other.Placement == placement && other.live() {
			return &store.ConflictError{Field: field, Message: fmt.Sprintf("experiment %d (%q) is %s on placement %q: stop it first", other.ID, other.Name, other.Status, other.Placement)}
		}
	}
	return nil
}

// checkNoLiveExperiment fails with a ConflictError when an experiment
// decides what placement serves.
func (e *Engine) checkNoLiveExperiment(placement string) error {
	x := &e.experiments
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.liveOn(placement, 0, "placement")
}

// Assign returns the live experiment of a placement and the shopper's
// variant in it; false when the placement has none or there is no shopper
// to assign.
func (e *Engine) Assign(placement, shopper string) (Experiment, int, bool) {
	if shopper == "" {
		return Experiment{}, 0, false
	}
	x := &e.experiments
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, ex := range x.all {
		if ex.Placement == placement && ex.live() {
			return *ex, ex.assign(shopper), true
		}
	}
	return Experiment{}, 0, false
}

// VariantKey names variant i of an experiment in list kinds.
func VariantKey(id uint64, i int) string { return variantKey(id, i) }

// ParseVariantKey reads a VariantKey.
func ParseVariantKey(s string) (id uint64, i int, ok bool) { return parseVariant(s) }
