package model

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"
)

// ErrNotRefreshable says Refresh cannot start from the previous model: a
// product left the catalog, or the model has nothing to start from. The
// caller trains in full instead.
var ErrNotRefreshable = errors.New("model: cannot refresh from the previous model")

// RefreshInfo says what Refresh re-solved.
type RefreshInfo struct {
	// From is when the full training the refresh started from ran.
	From time.Time `json:"from"`
	// ChangedUsers and ChangedItems count the users with new events (new
	// users too) and the products in their histories: the rows of the
	// factor model that were solved again.
	ChangedUsers int `json:"changed_users"`
	ChangedItems int `json:"changed_items"`
	// NewItems counts the products added to the catalog since: the factor
	// model solves those with events; the other components score them 0
	// until the next full training.
	NewItems int `json:"new_items"`
}

// refreshSteps is how many conjugate-gradient steps a refreshed row
// takes in each of its passes (users, items, users).
const refreshSteps = 3

// Refresh learns a model on in from prev, the model of a full training
// on fewer events, instead of training from scratch: it keeps prev's
// settings, blend and validation; it rebuilds popularity, the histories,
// content and bought-together neighbours from in; and the factor model
// (mf) starts from prev's factors and solves again only the users with
// new events and the products they interacted with, twice for the users.
// The other components keep what prev learned: cf's product vectors, EASE
// and kNN's product weights, BPR's factors. A user's recommendations use
// the new history at once in every component; what changes little is
// their view of products. A later full training learns everything again.
//
// The catalog may gain products (their ids after every id of prev's
// catalog, as shops number new products) but not lose one: then, or when
// prev holds no components, Refresh returns ErrNotRefreshable.
func Refresh(ctx context.Context, in Input, prev *Model, onProgress func(phase string, fraction float64)) (*Model, error) {
	start := time.Now()
	if in.Now == 0 {
		in.Now = start.Unix()
	}
	if prev == nil || len(prev.comps) == 0 {
		return nil, fmt.Errorf("%w: it has no components", ErrNotRefreshable)
	}
	cfg := cloneConfig(prev.cfg)
	cfg.Progress = onProgress
	prog := progress{fn: onProgress, hi: 1}
	prog.report(PhasePrepare, 0)
	m, p, err := prepare(ctx, in, cfg)
	if err != nil {
		return nil, err
	}
	if err := extendsCatalog(prev.items, m.items); err != nil {
		return nil, err
	}
	timings := map[string]time.Duration{Popularity: p.took}
	users, items := m.changedSince(prev)
	m.refreshed = make([]uint64, len(users))
	for k, u := range users {
		m.refreshed[k] = m.userIDs[u]
	}
	userMap := make([]int32, len(m.userIDs)) // new row -> prev row, or -1
	for u, id := range m.userIDs {
		if pu, ok := prev.users[id]; ok {
			userMap[u] = pu
		} else {
			userMap[u] = -1
		}
	}
	prog.report(phaseOf(MF), 0.1)
	for _, t := range prev.comps {
		start := time.Now()
		var c component
		if als, ok := t.c.(*alsModel); ok {
			c = refreshALS(withCell(p.history, p.counts, cfg.Cells.ALS), als, userMap, users, items, cfg.ALS)
		} else {
			c = extendComponent(t.c, userMap, len(m.items))
		}
		m.comps = append(m.comps, trained{name: t.name, c: c, took: t.took})
		m.setComponent(c)
		timings[t.name] = time.Since(start)
	}
	prog.report(PhaseContent, 0.7)
	retrieval, err := m.complete(ctx, in, p, timings)
	if err != nil {
		return nil, err
	}
	from := prev.info.TrainedAt
	if prev.info.Refreshed != nil {
		from = prev.info.Refreshed.From
	}
	m.info = Info{
		TrainedAt: time.Unix(in.Now, 0).UTC(), Users: len(m.users), Items: len(m.items), Events: p.events,
		Models: m.componentList(), Timings: timings, Retrieval: retrieval,
		Validation: maps.Clone(prev.info.Validation), Settings: maps.Clone(prev.info.Settings),
		Blend: slices.Clone(prev.info.Blend), TuneLog: slices.Clone(prev.info.TuneLog),
		ImportedFactors: prev.info.ImportedFactors,
		Refreshed: &RefreshInfo{From: from, ChangedUsers: len(users), ChangedItems: len(items),
			NewItems: len(m.items) - len(prev.items)},
	}
	m.info.Limits = m.limits(prev.info.Validation != nil)
	m.info.Duration = time.Since(start)
	prog.report(PhaseContent, 1)
	return m, ctx.Err()
}

// RefreshedUsers returns the users a refresh solved again (see Refresh),
// in no particular order: the only users whose profile it changed. It is
// nil for a model trained in full or read back from a file.
func (m *Model) RefreshedUsers() []uint64 { return m.refreshed }

// extendsCatalog says why next is not prev's catalog with products added
// after it, nil when it is.
func extendsCatalog(prev, next []ItemInfo) error {
	if len(next) < len(prev) {
		return fmt.Errorf("%w: %d products left the catalog", ErrNotRefreshable, len(prev)-len(next))
	}
	for i := range prev {
		if prev[i].ID != next[i].ID {
			return fmt.Errorf("%w: product %d left the catalog, or one was added before it", ErrNotRefreshable, prev[i].ID)
		}
	}
	return nil
}

// changedSince returns the user rows of m whose history differs from
// their history in prev (new users included) and the items of their
// histories, both ascending. A pair with more events counts as a change,
// a pair whose level only decayed does not.
func (m *Model) changedSince(prev *Model) (users, items []int32) {
	touched := make([]bool, len(m.items))
	for u, id := range m.userIDs {
		cols := m.history.cells(u)
		pu, ok := prev.users[id]
		same := ok && slices.Equal(cols, prev.history.cells(int(pu)))
		if same && m.counts != nil && prev.counts != nil {
			same = slices.Equal(m.counts[m.history.ptr[u]:m.history.ptr[u+1]], prev.counts[prev.history.ptr[pu]:prev.history.ptr[pu+1]])
		}
		if same {
			continue
		}
		users = append(users, int32(u))
		for _, c := range cols {
			touched[c] = true
		}
	}
	for i, t := range touched {
		if t {
			items = append(items, int32(i))
		}
	}
	return users, items
}

// extendComponent returns c for a catalog of items products and the users
// of userMap (new row -> prev row or -1): what it learned of products
// stays, new products score 0, and BPR's new users start at zero factors.
func extendComponent(c component, userMap []int32, items int) component {
	switch c := c.(type) {
	case *svdModel:
		return &svdModel{v: padRows(c.v, items)}
	case *knnModel:
		return &knnModel{sim: padCSR(c.sim, items)}
	case *sparseEASE:
		return &sparseEASE{b: padCSR(c.b, items)}
	case *easeModel:
		slot := make([]int32, items)
		for i := range slot {
			slot[i] = -1
		}
		copy(slot, c.slot)
		return &easeModel{slot: slot, items: c.items, b: c.b}
	case *bprModel:
		bias := make([]float32, items)
		copy(bias, c.bias)
		return &bprModel{p: mapRows(c.p, userMap), q: padRows(c.q, items), bias: bias, cfg: c.cfg}
	}
	panic(fmt.Sprintf("model: no refresh for %T", c))
}

// padRows returns d with zero rows added up to rows (d itself when it has them).
func padRows(d dense32, rows int) dense32 {
	if d.Rows >= rows {
		return d
	}
	out := dense32{Rows: rows, Cols: d.Cols, Stride: d.Cols, Data: make([]float32, rows*d.Cols)}
	for i := range d.Rows {
		copy(rowOf32(out, i), rowOf32(d, i))
	}
	return out
}

// mapRows returns the rows of d named by rows (row -1: zeros).
func mapRows(d dense32, rows []int32) dense32 {
	out := dense32{Rows: len(rows), Cols: d.Cols, Stride: d.Cols, Data: make([]float32, len(rows)*d.Cols)}
	for k, r := range rows {
		if r >= 0 {
			copy(rowOf32(out, k), rowOf32(d, int(r)))
		}
	}
	return out
}

// padCSR returns the square item x item matrix c for n items, the new
// ones without cells.
func padCSR(c *csr32, n int) *csr32 {
	if c == nil || c.rows >= n {
		return c
	}
	ptr := slices.Grow(slices.Clone(c.ptr), n-c.rows)
	for len(ptr) < n+1 {
		ptr = append(ptr, ptr[len(ptr)-1])
	}
	return &csr32{rows: n, cols: n, ptr: ptr, idx: c.idx, val: c.val}
}

// refreshALS starts from prev's factors (rows mapped by userMap; new
// products at zero) and solves the rows of users, then of items, then of
// users again, by refreshSteps conjugate-gradient steps each, on the cell
// matrix a.
func refreshALS(a *csr, prev *alsModel, userMap, users, items []int32, cfg ALSConfig) *alsModel {
	f := prev.y.Cols
	x, y := newDense(a.rows, f), newDense(a.cols, f)
	for u, pu := range userMap {
		if pu >= 0 {
			widen(rowOf(x, u), rowOf32(prev.x, int(pu)))
		}
	}
	for i := range prev.y.Rows {
		widen(rowOf(y, i), rowOf32(prev.y, i))
	}
	cfg.CGSteps = refreshSteps
	solveRows(a, x, y, users, cfg)
	solveRows(a.transpose(), y, x, items, cfg)
	solveRows(a, x, y, users, cfg)
	return &alsModel{x: toDense32(x), y: toDense32(y)}
}

// solveRows improves the factors of the given rows of x (the factors of
// a's rows) against y, as alsHalfSweep does for every row.
func solveRows(a *csr, x, y dense, rows []int32, cfg ALSConfig) {
	if len(rows) == 0 {
		return
	}
	sub := &csr{rows: len(rows), cols: a.cols, ptr: make([]int, len(rows)+1)}
	xs := newDense(len(rows), x.Cols)
	for k, r := range rows {
		cols, vals := a.row(int(r))
		sub.idx, sub.val = append(sub.idx, cols...), append(sub.val, vals...)
		sub.ptr[k+1] = len(sub.idx)
		copy(rowOf(xs, k), rowOf(x, int(r)))
	}
	alsHalfSweep(sub, xs, y, cfg)
	for k, r := range rows {
		copy(rowOf(x, int(r)), rowOf(xs, k))
	}
}
