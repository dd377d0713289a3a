package demo

import (
	"bufio"
	"container/heap"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"slices"
)

// Sizes of the streamed events.
const (
	// runEvents is how many events Stream holds before it sorts them and
	// spills them to disk: 32 MB of them.
	runEvents = 1 << 20
	// batchEvents is the most events a Sink gets in one call.
	batchEvents = 4096
	// spilledEventBytes is the size of an event in a spill file.
	spilledEventBytes = 26
)

// Sink receives a streamed shop (see Stream). A nil func discards its
// records.
type Sink struct {
	// Products receives the whole catalog, in ID order, before any user.
	Products func([]Product) error
	// Users receives every user, in ID order, before any interaction.
	Users func([]User) error
	// Interactions receives the events in ID order, up to 4,096 at a
	// time. The slice and the ratings its records point to are reused once
	// it returns: copy what must outlive the call.
	Interactions func([]Interaction) error
}

// Stream generates the shop of cfg, record for record the one Generate
// returns, and hands it to sink: the products, then the users, then the
// interactions in batches. Unlike Generate it never holds every event: it
// draws them in runs of about a million, sorts each run and spills it to a
// temporary file in dir (os.TempDir() when dir is ""), then merges the
// runs. Memory holds the catalog, the users' tastes and one run (some 32
// MB) for any number of events; the spill file (26 bytes an event) is
// removed before Stream returns. An error of the sink stops the stream
// and is returned. Stream panics if cfg.Now is zero, as Generate does.
func Stream(cfg Config, dir string, sink Sink) error {
	return stream(cfg, dir, sink, runEvents)
}

// stream is Stream with the run length as a parameter, so that tests can
// merge many runs of a small shop.
func stream(cfg Config, dir string, sink Sink, runLen int) error {
	g := newEventGen(cfg, runLen)
	if sink.Products != nil {
		if err := sink.Products(g.cat.products); err != nil {
			return err
		}
	}
	if sink.Users != nil {
		if err := sink.Users(g.pop.users); err != nil {
			return err
		}
	}
	// Drawing events needs neither list of records: let them go.
	g.cat.products, g.cat.names, g.pop.users = nil, nil, nil
	sp := &spill{dir: dir}
	defer sp.remove()
	cursors, err := g.drawRuns(sp, runLen)
	if err != nil {
		return err
	}
	b := &batcher{sink: sink.Interactions}
	if err := mergeRuns(cursors, b.add); err != nil {
		return err
	}
	return b.flush()
}

// drawRuns draws every user's events, spilling each full run sorted to
// sp, and returns a cursor on each run; the last run stays in memory.
func (g *eventGen) drawRuns(sp *spill, runLen int) ([]*cursor, error) {
	var cursors []*cursor
	for u := range g.pop.budget {
		g.user(u)
		if len(g.events) < runLen || u == len(g.pop.budget)-1 {
			continue
		}
		slices.SortFunc(g.events, compareEvents)
		c, err := sp.write(g.events)
		if err != nil {
			return nil, err
		}
		cursors = append(cursors, c)
		g.events = g.events[:0]
	}
	slices.SortFunc(g.events, compareEvents)
	return append(cursors, &cursor{mem: g.events}), nil
}

// spill is the temporary file of the sorted runs, one after another.
type spill struct {
	dir  string
	f    *os.File // nil until the first run
	size int64
}

// write appends one sorted run and returns a cursor that reads it back.
func (sp *spill) write(events []event) (*cursor, error) {
	if sp.f == nil {
		f, err := os.CreateTemp(sp.dir, "shelf-demo-events-*.tmp")
		if err != nil {
			return nil, err
		}
		sp.f = f
	}
	off := sp.size
	w := bufio.NewWriterSize(io.NewOffsetWriter(sp.f, off), 256<<10)
	var buf [spilledEventBytes]byte
	for _, e := range events {
		encodeEvent(&buf, e)
		if _, err := w.Write(buf[:]); err != nil {
			return nil, err
		}
	}
	if err := w.Flush(); err != nil {
		return nil, err
	}
	n := int64(len(events)) * spilledEventBytes
	sp.size += n
	r := bufio.NewReaderSize(io.NewSectionReader(sp.f, off, n), 64<<10)
	return &cursor{r: r, left: len(events)}, nil
}

// remove closes and deletes the spill file, if there is one.
func (sp *spill) remove() {
	if sp.f != nil {
		sp.f.Close()
		os.Remove(sp.f.Name())
	}
}

// encodeEvent writes e in the spill file's layout, little-endian.
func encodeEvent(b *[spilledEventBytes]byte, e event) {
	le := binary.LittleEndian
	le.PutUint64(b[0:], uint64(e.ts))
	le.PutUint32(b[8:], uint32(e.user))
	le.PutUint32(b[12:], uint32(e.seq))
	le.PutUint32(b[16:], uint32(e.prod))
	le.PutUint32(b[20:], uint32(e.sess))
	b[24], b[25] = byte(e.typ), byte(e.rating)
}

// decodeEvent reads what encodeEvent wrote.
func decodeEvent(b *[spilledEventBytes]byte) event {
	le := binary.LittleEndian
	return event{
		ts:     int64(le.Uint64(b[0:])),
		user:   int32(le.Uint32(b[8:])),
		seq:    int32(le.Uint32(b[12:])),
		prod:   int32(le.Uint32(b[16:])),
		sess:   int32(le.Uint32(b[20:])),
		typ:    EventType(b[24]),
		rating: int8(b[25]),
	}
}

// cursor reads one sorted run: from the spill file, or from memory when
// r is nil.
type cursor struct {
	head event // the next event, once advance has returned true
	r    *bufio.Reader
	left int // events of the file run not yet read
	mem  []event
	buf  [spilledEventBytes]byte
}

// advance moves head to the run's next event; false at the run's end.
func (c *cursor) advance() (bool, error) {
	if c.r == nil {
		if len(c.mem) == 0 {
			return false, nil
		}
		c.head, c.mem = c.mem[0], c.mem[1:]
		return true, nil
	}
	if c.left == 0 {
		return false, nil
	}
	c.left--
	if _, err := io.ReadFull(c.r, c.buf[:]); err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF // the run was written whole
		}
		return false, err
	}
	c.head = decodeEvent(&c.buf)
	return true, nil
}

// cursorHeap orders cursors by their heads (container/heap's interface).
type cursorHeap []*cursor

func (h cursorHeap) Len() int           { return len(h) }
func (h cursorHeap) Less(i, j int) bool { return compareEvents(h[i].head, h[j].head) < 0 }
func (h cursorHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *cursorHeap) Push(x any)        { *h = append(*h, x.(*cursor)) }
func (h *cursorHeap) Pop() any {
	old := *h
	c := old[len(old)-1]
	*h = old[:len(old)-1]
	return c
}

// mergeRuns hands emit every event of the sorted runs in compareEvents
// order: a k-way merge by a heap of the runs' heads.
func mergeRuns(cursors []*cursor, emit func(event) error) error {
	h := make(cursorHeap, 0, len(cursors))
	for _, c := range cursors {
		ok, err := c.advance()
		if err != nil {
			return err
		}
		if ok {
			h = append(h, c)
		}
	}
	heap.Init(&h)
	for len(h) > 0 {
		c := h[0]
		if err := emit(c.head); err != nil {
			return err
		}
		ok, err := c.advance()
		if err != nil {
			return err
		}
		if ok {
			heap.Fix(&h, 0)
		} else {
			heap.Pop(&h)
		}
	}
	return nil
}

// batcher turns merged events into records with IDs in order, and hands
// them to sink batchEvents at a time.
type batcher struct {
	sink    func([]Interaction) error
	lastID  uint64
	events  []event
	names   []byte // the session names of events, one after another
	ends    []int  // where each event's session name ends in names
	out     []Interaction
	ratings []float64
}

// add queues e, and hands on a full batch.
func (b *batcher) add(e event) error {
	b.events = append(b.events, e)
	b.names = appendSessionID(b.names, e.user, e.sess)
	b.ends = append(b.ends, len(b.names))
	if len(b.events) < batchEvents {
		return nil
	}
	return b.flush()
}

// flush hands on the queued events, if any.
func (b *batcher) flush() error {
	if len(b.events) == 0 {
		return nil
	}
	// One string for the batch's session names instead of one each.
	names := string(b.names)
	b.out, b.ratings = b.out[:0], slices.Grow(b.ratings[:0], len(b.events))
	start := 0
	for i, e := range b.events {
		b.lastID++
		it := e.interaction(b.lastID, names[start:b.ends[i]])
		start = b.ends[i]
		if e.rating > 0 {
			b.ratings = append(b.ratings, float64(e.rating))
			it.Rating = &b.ratings[len(b.ratings)-1]
		}
		b.out = append(b.out, it)
	}
	b.events, b.names, b.ends = b.events[:0], b.names[:0], b.ends[:0]
	if b.sink == nil {
		return nil
	}
	return b.sink(b.out)
}
