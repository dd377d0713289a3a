package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
)

// The model file starts with fileMagic and a format version. Then come a
// JSON block (Config and Info: small, and easy to extend) and named binary
// sections. A reader skips sections it does not know, so a later format
// may add sections without a new version; the version changes only when
// an existing section changes meaning.
const (
	fileMagic     = "SHELFMDL"
	formatVersion = 1
	// maxFactors bounds the width of a stored factor matrix.
	maxFactors = 1 << 12
)

// persistMeta is the JSON block of the model file.
type persistMeta struct {
	Config    Config  `json:"config"`
	Info      Info    `json:"info"`
	HistScale float64 `json:"hist_scale"`
}

// MarshalBinary encodes the model in a compact versioned binary format
// (weights as float32) that UnmarshalModel reads back into a model that
// serves exactly the same recommendations.
func (m *Model) MarshalBinary() ([]byte, error) { return m.AppendBinary(nil) }

// AppendBinary appends what MarshalBinary returns to b
// (encoding.BinaryAppender): a caller that stores the model behind a
// header of its own writes both into one buffer, with no copy of the
// model.
func (m *Model) AppendBinary(b []byte) ([]byte, error) {
	meta, err := json.Marshal(persistMeta{Config: m.cfg, Info: m.info, HistScale: m.histScale})
	if err != nil {
		return nil, fmt.Errorf("model: encode: %w", err)
	}
	e := &encoder{b: []byte(fileMagic)}
	e.uvarint(formatVersion)
	e.bytes(meta)
	// Each section is encoded on its own, then all are put together in a
	// buffer of their total size.
	parts := [][]byte{e.b}
	size := len(e.b)
	section := func(name string, write func(e *encoder)) {
		var s, head encoder
		write(&s)
		head.str(name)
		head.uvarint(uint64(len(s.b)))
		parts = append(parts, head.b, s.b)
		size += len(head.b) + len(s.b)
	}
	section("items", func(e *encoder) {
		e.uvarint(uint64(len(m.items)))
		for _, it := range m.items {
			e.uvarint(it.ID)
			e.str(it.Category)
			e.varint(it.Price)
			e.varint(it.Created)
		}
	})
	section("users", func(e *encoder) {
		e.uvarint(uint64(len(m.userIDs)))
		for _, id := range m.userIDs {
			e.uvarint(id)
		}
	})
	section("history", func(e *encoder) { e.csr(m.history); e.csr(m.excl) })
	if m.counts != nil {
		// A section of its own so that files from before cells still read.
		section("counts", func(e *encoder) { e.f32s(m.counts) })
	}
	if m.times != nil {
		section("times", func(e *encoder) { e.varints(m.times) })
	}
	if m.kinds != nil {
		section("kinds", func(e *encoder) { e.kinds(m.kinds) })
	}
	section("popularity", func(e *encoder) { e.f64s(m.pop) })
	if m.content != nil {
		section("content", func(e *encoder) {
			var cold []int32
			for i, c := range m.cold {
				if c {
					cold = append(cold, int32(i))
				}
			}
			e.i32s(cold)
			e.csr(m.content)
		})
	}
	if m.together != nil {
		section("together", func(e *encoder) { e.csr(m.together) })
	}
	for _, t := range m.comps {
		section("component", func(e *encoder) { writeComponent(e, t) })
	}
	if m.als != nil {
		// Fold-in's Y^T Y + reg I: 64 x 64 numbers that take a second of
		// start-up to compute from 200,000 products' factors.
		section("als-gram", func(e *encoder) { e.uvarint(uint64(m.alsGram.Rows)); e.f64s(m.alsGram.Data) })
	}
	if m.retr != nil {
		section("retrieval", m.writeRetrieval)
	}
	b = slices.Grow(b, size)
	for _, p := range parts {
		b = append(b, p...)
	}
	return b, nil
}

// writeComponent encodes one personal component's section.
func writeComponent(e *encoder, t trained) {
	e.str(t.name)
	e.varint(int64(t.took))
	switch c := t.c.(type) {
	case *svdModel:
		e.dense(c.v)
	case *alsModel:
		e.dense(c.x)
		e.dense(c.y)
	case *bprModel:
		e.dense(c.p)
		e.dense(c.q)
		e.f32s(c.bias)
	case *easeModel:
		e.i32s(c.items)
		e.dense(c.b)
	case *sparseEASE:
		// No dense items, then the sparse weights: a file from
		// before sparse EASE ends its section after the dense part.
		e.i32s(nil)
		e.dense(dense32{})
		e.csr(c.b)
	case *knnModel:
		e.csr(c.sim)
	}
}

// UnmarshalModel decodes a model written by MarshalBinary. Data of another
// format version, truncated or corrupt data give an error, never a panic.
func UnmarshalModel(data []byte) (*Model, error) {
	if !bytes.HasPrefix(data, []byte(fileMagic)) {
		return nil, fmt.Errorf("model: not a shelf model file")
	}
	d := &decoder{b: data[len(fileMagic):]}
	if v := d.uvarint(); d.err == nil && v != formatVersion {
		return nil, fmt.Errorf("model: model file format version %d is not supported (want %d); retrain", v, formatVersion)
	}
	var meta persistMeta
	if raw := d.bytes(); d.err == nil {
		if err := json.Unmarshal(raw, &meta); err != nil {
			return nil, fmt.Errorf("model: corrupt model data: %w", err)
		}
	}
	if d.err != nil {
		return nil, d.err
	}
	if err := checkModels(meta.Config.Models); err != nil {
		return nil, err
	}
	m := &Model{cfg: meta.Config, info: meta.Info, histScale: meta.HistScale, users: map[uint64]int32{}}
	seen := map[string]bool{}
	for len(d.b) > 0 && d.err == nil {
		name, body := d.str(), d.bytes()
		if d.err != nil {
			break
		}
		s := &decoder{b: body}
		if name != "component" {
			if seen[name] {
				return nil, fmt.Errorf("model: corrupt model data: section %q repeated", name)
			}
			seen[name] = true
		}
		m.readSection(name, s, seen)
		if s.err != nil {
			return nil, s.err
		}
	}
	if d.err != nil {
		return nil, d.err
	}
	for _, name := range []string{"items", "users", "history", "popularity"} {
		if !seen[name] {
			return nil, fmt.Errorf("model: corrupt model data: section %q missing", name)
		}
	}
	m.rankPopularity()
	for name, x := range m.retr { // readRetrieval checked every name
		x.prepare(m.comps[m.compIndex(name)].c.(retriever).vectors(), m.catOf, len(m.catID))
	}
	m.ready()
	return m, nil
}

// readSection decodes one named section into m; unknown names are skipped.
// Sections depend on earlier ones (the catalog and users come first).
func (m *Model) readSection(name string, d *decoder, seen map[string]bool) {
	need := func(names ...string) bool {
		for _, n := range names {
			if !seen[n] {
				d.fail("section %q before %q", name, n)
				return false
			}
		}
		return true
	}
	switch name {
	case "items":
		m.readItems(d)
	case "users":
		m.readUsers(d)
	case "history":
		if need("items", "users") {
			m.history = d.csr(len(m.userIDs), len(m.items))
			m.excl = d.csr(len(m.userIDs), len(m.items))
		}
	case "counts", "times", "kinds":
		if need("history") {
			m.readPairFacts(name, d)
		}
	case "popularity":
		if need("items") {
			m.pop = d.f64s()
			if d.err == nil && len(m.pop) != len(m.items) {
				d.fail("popularity has %d items, want %d", len(m.pop), len(m.items))
			}
		}
	case "content":
		if need("items") {
			m.cold = make([]bool, len(m.items))
			for _, i := range d.i32s() {
				if i < 0 || int(i) >= len(m.items) {
					d.fail("cold item out of range")
					return
				}
				m.cold[i] = true
			}
			m.content = d.csr(len(m.items), len(m.items))
		}
	case "together":
		if need("items") {
			m.together = d.csr(len(m.items), len(m.items))
		}
	case "component":
		if need("items", "users", "history") {
			m.readComponent(d)
		}
	case "als-gram":
		m.readGram(d)
	case "retrieval":
		if need("items") { // and the components, which readRetrieval checks
			m.readRetrieval(d)
		}
	}
}

// readItems decodes the catalog, sorted by id.
func (m *Model) readItems(d *decoder) {
	n := d.count(4)
	m.items = make([]ItemInfo, n)
	m.index = make(map[uint64]int32, n)
	for i := range m.items {
		it := ItemInfo{ID: d.uvarint(), Category: d.str(), Price: d.varint(), Created: d.varint()}
		if d.err == nil && i > 0 && it.ID <= m.items[i-1].ID {
			d.fail("catalog not sorted by id")
		}
		m.items[i] = it
		m.index[it.ID] = int32(i)
	}
}

// readUsers decodes the users' ids, a row of history each.
func (m *Model) readUsers(d *decoder) {
	n := d.count(1)
	if n > math.MaxInt32 {
		d.fail("too many users")
		return
	}
	m.userIDs = make([]uint64, n)
	for u := range m.userIDs {
		id := d.uvarint()
		if _, dup := m.users[id]; dup && d.err == nil {
			d.fail("user %d repeated", id)
		}
		m.userIDs[u], m.users[id] = id, int32(u)
	}
}

// readGram decodes fold-in's ALS gram, which must fit the ALS component
// read before it.
func (m *Model) readGram(d *decoder) {
	f, data := int(d.uvarint()), d.f64s()
	switch {
	case d.err != nil:
	case m.als == nil:
		d.fail("als-gram without the %q component", MF)
	case f != m.als.y.Cols || len(data) != f*f:
		d.fail("als-gram of %d numbers for %d factors", len(data), m.als.y.Cols)
	default:
		m.alsGram = dense{Rows: f, Cols: f, Stride: f, Data: data}
	}
}

// readPairFacts decodes a section aligned with the history's cells: the
// event counts, the first times or the strongest event types of the pairs.
func (m *Model) readPairFacts(name string, d *decoder) {
	n := 0
	switch name {
	case "counts":
		m.counts = d.f32s()
		n = len(m.counts)
	case "times":
		m.times = d.varints()
		n = len(m.times)
	default:
		m.kinds = d.kinds()
		n = len(m.kinds)
	}
	if d.err == nil && n != m.history.nnz() {
		d.fail("%s has %d cells, want %d", name, n, m.history.nnz())
	}
}

// readComponent decodes one personal component and checks its shape.
func (m *Model) readComponent(d *decoder) {
	name, took := d.str(), d.varint()
	var c component
	switch name {
	case CF:
		c = &svdModel{v: d.dense(len(m.items), maxFactors)}
	case MF:
		x := d.dense(len(m.userIDs), maxFactors)
		y := d.dense(len(m.items), maxFactors)
		if d.err == nil && x.Cols != y.Cols {
			d.fail("als factors disagree: %d and %d", x.Cols, y.Cols)
		}
		c = &alsModel{x: x, y: y}
	case EASE:
		c = m.readEASE(d)
	case KNN:
		c = &knnModel{sim: d.csr(len(m.items), len(m.items))}
	case BPR:
		p := d.dense(len(m.userIDs), maxFactors)
		q := d.dense(len(m.items), maxFactors)
		bias := d.f32s()
		if d.err == nil && (p.Cols != q.Cols || len(bias) != len(m.items)) {
			d.fail("bpr factors disagree: %d and %d columns, %d biases", p.Cols, q.Cols, len(bias))
		}
		c = &bprModel{p: p, q: q, bias: bias, cfg: m.cfg.BPR}
	default:
		d.fail("unknown component %q", name)
	}
	for _, t := range m.comps {
		if t.name == name {
			d.fail("component %q repeated", name)
		}
	}
	if d.err != nil {
		return
	}
	m.comps = append(m.comps, trained{name: name, c: c, took: timeDuration(took)})
	m.setComponent(c)
}

// readEASE decodes dense EASE, or sparse EASE (no dense items, then the
// sparse weights).
func (m *Model) readEASE(d *decoder) component {
	e := &easeModel{items: d.i32s(), slot: make([]int32, len(m.items))}
	for i := range e.slot {
		e.slot[i] = -1
	}
	for s, i := range e.items {
		if d.err == nil && (i < 0 || int(i) >= len(m.items) || (s > 0 && i <= e.items[s-1])) {
			d.fail("ease item index out of range")
			return nil
		}
		if d.err == nil {
			e.slot[i] = int32(s)
		}
	}
	e.b = d.dense(len(e.items), len(e.items))
	if d.err == nil && e.b.Cols != len(e.items) {
		d.fail("ease weights are not square")
	}
	if len(e.items) == 0 && len(d.b) > 0 {
		return &sparseEASE{b: d.csr(len(m.items), len(m.items))}
	}
	return e
}
