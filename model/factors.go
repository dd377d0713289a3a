package model

import (
	"context"
	"fmt"
	"maps"
	"math"
	"slices"
)

// MaxImportedFactors bounds the embedding size WithFactors takes.
const MaxImportedFactors = 1024

// FactorImport says what WithFactors did with factors trained elsewhere.
type FactorImport struct {
	Factors int `json:"factors"` // the embedding size
	// Users and Items count the model's users and catalog items that got
	// an imported vector.
	Users int `json:"users"`
	Items int `json:"items"`
	// FoldedIn counts the model's users without an imported vector (they
	// joined after the export): their vectors are solved from their
	// history against the imported item factors, as a new shopper's are.
	FoldedIn int `json:"folded_in"`
	// ItemsWithout counts catalog items without an imported vector (new
	// since the export): the factor model scores them 0.
	ItemsWithout int `json:"items_without"`
	// SkippedUsers and SkippedItems count imported vectors of ids the model
	// does not hold (erased users, deleted products).
	SkippedUsers int `json:"skipped_users"`
	SkippedItems int `json:"skipped_items"`
}

// WithFactors returns the model serving the factor component (MF) with
// user and item factors trained elsewhere, for example by Spark MLlib's
// ALS on an export of the signal: every vector has the same length, at
// most MaxImportedFactors, of finite numbers. The other components, the
// history, the rules and fold-in stay as they are; a model trained
// without MF gains it with weight 1 beside its other weights. Validation
// figures of MF and of the ensemble are dropped: they measured other
// factors. m itself is unchanged.
func (m *Model) WithFactors(users, items map[uint64][]float32) (*Model, FactorImport, error) {
	var rep FactorImport
	f, err := factorSize(users, items)
	if err != nil {
		return nil, rep, err
	}
	rep.Factors = f
	v := *m
	v.cfg = cloneConfig(m.cfg)
	v.cfg.ALS.Factors = f
	y := dense32{Rows: len(m.items), Cols: f, Stride: f, Data: make([]float32, len(m.items)*f)}
	for id, vec := range items {
		i, ok := m.index[id]
		if !ok {
			rep.SkippedItems++
			continue
		}
		copy(y.Data[int(i)*f:], vec)
		rep.Items++
	}
	rep.ItemsWithout = len(m.items) - rep.Items
	x := dense32{Rows: len(m.userIDs), Cols: f, Stride: f, Data: make([]float32, len(m.userIDs)*f)}
	have := make([]bool, len(m.userIDs))
	for id, vec := range users {
		u, ok := m.users[id]
		if !ok {
			rep.SkippedUsers++
			continue
		}
		copy(x.Data[int(u)*f:], vec)
		have[u] = true
		rep.Users++
	}
	v.als = &alsModel{x: x, y: y}
	v.finish()
	for u, ok := range have {
		if !ok {
			r := cellRow(m.trainedRow(u), v.cfg.Cells.ALS)
			copy(x.Data[u*f:], v.als.solve(r, nil, v.alsGram, v.cfg.ALS.Alpha))
			rep.FoldedIn++
		}
	}
	v.comps = slices.Clone(m.comps)
	if k := slices.IndexFunc(v.comps, func(t trained) bool { return t.name == MF }); k >= 0 {
		v.comps[k] = trained{name: MF, c: v.als}
	} else {
		v.comps = append(v.comps, trained{name: MF, c: v.als})
		v.cfg.Models = append(v.cfg.Models, MF)
		v.cfg.Weights[MF] = 1
		v.info.Models = append(slices.Clone(m.info.Models), MF)
		v.info.Blend = append(slices.Clone(m.info.Blend), MF)
	}
	v.info.Validation = maps.Clone(m.info.Validation)
	delete(v.info.Validation, MF)
	delete(v.info.Validation, Ensemble)
	v.info.Settings = maps.Clone(m.info.Settings)
	if v.info.Settings != nil {
		v.info.Settings[MF] = fmt.Sprintf("imported factors=%d", f)
	}
	v.info.ImportedFactors = &rep
	v.retr = maps.Clone(m.retr)
	delete(v.retr, MF)
	v.info.Retrieval = slices.DeleteFunc(slices.Clone(m.info.Retrieval), func(r RetrievalInfo) bool { return r.Component == MF })
	if v.retrieves() {
		info, err := v.indexComponent(context.Background(), slices.IndexFunc(v.comps, func(t trained) bool { return t.name == MF }))
		if err != nil {
			return nil, rep, err
		}
		v.info.Retrieval = append(v.info.Retrieval, info)
	}
	v.info.Limits = v.limits(m.info.Validation != nil)
	return &v, rep, nil
}

// factorSize checks that every vector of users and items has one length,
// within MaxImportedFactors, and finite values, and returns that length.
func factorSize(users, items map[uint64][]float32) (int, error) {
	if len(items) == 0 {
		return 0, fmt.Errorf("no item factors")
	}
	f := -1
	for _, set := range []struct {
		name string
		vecs map[uint64][]float32
	}{{"item", items}, {"user", users}} {
		for _, id := range slices.Sorted(maps.Keys(set.vecs)) {
			vec := set.vecs[id]
			if f < 0 {
				f = len(vec)
				if f < 1 || f > MaxImportedFactors {
					return 0, fmt.Errorf("%s %d: %d factors, want 1 to %d", set.name, id, f, MaxImportedFactors)
				}
			}
			if len(vec) != f {
				return 0, fmt.Errorf("%s %d: %d factors, but the others have %d", set.name, id, len(vec), f)
			}
			for _, x := range vec {
				if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
					return 0, fmt.Errorf("%s %d: factor %v is not a finite number", set.name, id, x)
				}
			}
		}
	}
	return f, nil
}
