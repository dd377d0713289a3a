package engine

import (
	"encoding/json"
)

// What an experiment's variants did: which shoppers each served, what
// each of them spent since, and the days' counts of its lists, summed.

// expose records that a list of variant (a variant key) was served to
// shopper.
func (e *Engine) expose(variant, shopper string) {
	id, _, ok := parseVariant(variant)
	if !ok {
		return
	}
	x := &e.experiments
	x.mu.Lock()
	defer x.mu.Unlock()
	m := x.shoppers[variant]
	if m == nil {
		if _, ok := x.all[id]; !ok {
			return
		}
		m = map[string]int64{}
		x.shoppers[variant] = m
	}
	if _, ok := m[shopper]; ok {
		return
	}
	m[shopper] = 0
	x.markDirty(id, shopper)
}

func (x *experiments) markDirty(id uint64, shopper string) {
	if x.dirty[id] == nil {
		x.dirty[id] = map[int]bool{}
	}
	x.dirty[id][shardOf(shopper)] = true
}

// addShopperRevenue adds a purchase's value (negative for a refund) to what
// the shopper spent in every live experiment that served them.
func (e *Engine) addShopperRevenue(shopper string, value int64) {
	if shopper == "" || value == 0 {
		return
	}
	x := &e.experiments
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, ex := range x.all {
		if ex.Status != Running {
			continue
		}
		for i := range ex.Variants {
			vk := variantKey(ex.ID, i)
			if _, ok := x.shoppers[vk][shopper]; ok {
				x.shoppers[vk][shopper] += value
				x.markDirty(ex.ID, shopper)
			}
		}
	}
}

// flushExperiments writes the changed shards of the experiments' shoppers.
func (e *Engine) flushExperiments() error {
	x := &e.experiments
	x.mu.Lock()
	blobs := map[string][]byte{}
	for id, shards := range x.dirty {
		ex, ok := x.all[id]
		if !ok {
			continue
		}
		// One pass over the experiment's shoppers sorts them into the
		// changed shards (a pass per shard would walk them all each time).
		byShard := make(map[int]map[string]map[string]int64, len(shards))
		for shard := range shards {
			byShard[shard] = map[string]map[string]int64{}
		}
		for i := range ex.Variants {
			vk := variantKey(id, i)
			for s, rev := range x.shoppers[vk] {
				byVariant, ok := byShard[shardOf(s)]
				if !ok {
					continue
				}
				if byVariant[vk] == nil {
					byVariant[vk] = map[string]int64{}
				}
				byVariant[vk][s] = rev
			}
		}
		for shard, byVariant := range byShard {
			buf, err := json.Marshal(byVariant)
			if err != nil {
				x.mu.Unlock()
				return err
			}
			blobs[shopperBlob(id, shard)] = buf
		}
	}
	dirty := x.dirty
	x.dirty = map[uint64]map[int]bool{}
	x.mu.Unlock()
	if len(blobs) == 0 {
		return nil
	}
	if err := e.st.PutState(blobs); err != nil {
		x.mu.Lock()
		for id, shards := range dirty {
			for shard := range shards {
				if x.dirty[id] == nil {
					x.dirty[id] = map[int]bool{}
				}
				x.dirty[id][shard] = true
			}
		}
		x.mu.Unlock()
		return err
	}
	return nil
}

// VariantTotals is what one variant of an experiment did.
type VariantTotals struct {
	Counts
	// Shoppers is how many shoppers were served a list of the variant;
	// RevenueSum and RevenueSquares sum what each spent since (in cents)
	// and its square, for the mean and variance of revenue per shopper.
	Shoppers       uint64
	RevenueSum     float64
	RevenueSquares float64
}

// ExperimentTotals returns what each variant of an experiment did since it
// started, in the order of its variants.
func (e *Engine) ExperimentTotals(id uint64) (Experiment, []VariantTotals, error) {
	ex, err := e.Experiment(id)
	if err != nil {
		return ex, nil, err
	}
	out := make([]VariantTotals, len(ex.Variants))
	if ex.StartedAt == nil {
		return ex, out, nil
	}
	to := e.Today()
	if ex.StoppedAt != nil {
		to = e.Day(*ex.StoppedAt)
	}
	counts, err := e.CountsBetween(e.Day(*ex.StartedAt), to)
	if err != nil {
		return ex, nil, err
	}
	for _, c := range counts {
		if vid, i, ok := parseVariant(c.Variant); ok && vid == id && i < len(out) {
			out[i].Counts.add(c.Counts)
		}
	}
	x := &e.experiments
	x.mu.Lock()
	for i := range out {
		for _, rev := range x.shoppers[variantKey(id, i)] {
			out[i].Shoppers++
			out[i].RevenueSum += float64(rev)
			out[i].RevenueSquares += float64(rev) * float64(rev)
		}
	}
	x.mu.Unlock()
	return ex, out, nil
}
