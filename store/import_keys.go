package store

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// keyList is one sorted list of keys (with values for the records) that
// an import writes into one bucket. The lists of the indexes are sorted in
// the background: ready is closed when the list is complete.
type keyList struct {
	bucket []byte
	fill   float64 // the bucket's FillPercent for this write, 0 for bbolt's
	ready  chan struct{}
	n      int                // keys in the list, once ready
	at     func(i int) []byte // the i-th key
	value  func(i int) []byte // its value; nil for index keys
	done   int                // keys written so far
	// chunk, when set, is called before each transaction's keys: a list
	// that encodes its keys as they are written starts a new buffer there
	// (bbolt keeps the slices it is given until the commit).
	chunk func()
	// then, when set, is called in the transaction that wrote keys from
	// to to (exclusive), after them.
	then func(tx *bolt.Tx, from, to int) error
}

func (l *keyList) isReady() bool {
	select {
	case <-l.ready:
		return true
	default:
		return false
	}
}

// put writes the list's next keys, at most max of them.
func (l *keyList) put(tx *bolt.Tx, max int) error {
	b := tx.Bucket(l.bucket)
	if l.fill > 0 {
		b.FillPercent = l.fill
	}
	if l.chunk != nil {
		l.chunk()
	}
	end := min(l.n, l.done+max)
	for i := l.done; i < end; i++ {
		var v []byte
		if l.value != nil {
			v = l.value(i)
		}
		if err := b.Put(l.at(i), v); err != nil {
			return err
		}
	}
	if l.then != nil {
		return l.then(tx, l.done, end)
	}
	return nil
}

// flatList is a list of byte strings stored end to end.
type flatList struct {
	buf  []byte
	ends []int
}

func (l *flatList) at(i int) []byte {
	start := 0
	if i > 0 {
		start = l.ends[i-1]
	}
	return l.buf[start:l.ends[i]:l.ends[i]]
}

// fixedKeys views a buffer of keys of size bytes each as a list.
func fixedKeys(buf []byte, size int) func(i int) []byte {
	return func(i int) []byte { return buf[size*i : size*(i+1) : size*(i+1)] }
}

// arena hands out the keys of one transaction, appended end to end to a
// buffer started afresh for each (bbolt keeps the slices it is given until
// the commit). A slice handed out keeps its array when the arena grows.
type arena struct{ buf []byte }

func (a *arena) reset() { a.buf = make([]byte, 0, 4<<20) }

// last returns what was appended since start.
func (a *arena) last(start int) []byte { return a.buf[start:len(a.buf):len(a.buf)] }

// buildKeys lists the log's records, in id order, ready when it returns,
// and starts sorting the keys of the two indexes in the background. The
// records are the log's bytes; keys are encoded as they are written, one
// transaction's worth at a time, from lists of fixed-size entries: millions
// of small allocations, or of encoded keys held at once, would keep the
// garbage collector busy and the heap large (a quarter of a gigabyte a
// list for ten million events), and sorted keys let bbolt append them (or
// insert them in one pass over each page).
func buildKeys(l *EventLog, plan *eventPlan) []*keyList {
	n := l.Len()
	var ids arena
	records := &keyList{bucket: bEvents, fill: 0.9, ready: make(chan struct{}), n: n,
		at: func(k int) []byte {
			start := len(ids.buf)
			ids.buf = binary.BigEndian.AppendUint64(ids.buf, l.id(plan.at(k)))
			return ids.last(start)
		},
		value: func(k int) []byte { return l.record(plan.at(k)) },
		chunk: ids.reset,
		// The records' transaction counts them and widens their days'
		// ranges: an undo removes them with removeInteraction.
		then: func(tx *bolt.Tx, from, to int) error {
			r := dayRanges{}
			var f EventFields
			for k := from; k < to; k++ {
				if _, _, err := parseFields(l.record(plan.at(k)), &f); err != nil {
					return err
				}
				r.add(f.Micros, l.id(plan.at(k)))
			}
			if err := r.widen(tx); err != nil {
				return err
			}
			return addEventCount(tx, to-from)
		}}
	close(records.ready) // ids only grow: pages fill from the left
	lists := []*keyList{records, userKeys(l), sessionKeys(l)}
	if el := eventIDKeys(l); el != nil {
		lists = append(lists, el)
	}
	return lists
}

// userKeys lists the keys of the user index, user, time and id, sorted in
// the background.
func userKeys(l *EventLog) *keyList {
	list := &keyList{bucket: bEventsUser, ready: make(chan struct{})}
	go func() {
		defer close(list.ready)
		type userKey struct{ user, ts, id uint64 }
		uk := make([]userKey, 0, l.Len())
		for i := range l.Len() {
			if h := l.head(i); h.user != 0 {
				uk = append(uk, userKey{h.user, uint64(h.micros), l.id(i)})
			}
		}
		slices.SortFunc(uk, func(a, b userKey) int {
			return cmp.Or(cmp.Compare(a.user, b.user), cmp.Compare(a.ts, b.ts), cmp.Compare(a.id, b.id))
		})
		var keys arena
		list.n, list.chunk = len(uk), keys.reset
		list.at = func(k int) []byte {
			start := len(keys.buf)
			keys.buf = binary.BigEndian.AppendUint64(keys.buf, uk[k].user)
			keys.buf = binary.BigEndian.AppendUint64(keys.buf, uk[k].ts)
			keys.buf = binary.BigEndian.AppendUint64(keys.buf, uk[k].id)
			return keys.last(start)
		}
	}()
	return list
}

// sessionKeys lists the keys of the session index, sorted in the
// background. A session's key is its name, a zero byte and the id (names
// hold no zero byte): order by name, then id, is byte order.
func sessionKeys(l *EventLog) *keyList {
	list := &keyList{bucket: bEventsSess, ready: make(chan struct{})}
	go func() {
		defer close(list.ready)
		// The name is where it sits in its record (session ids are short),
		// and its first 8 bytes beside it: most comparisons end there,
		// without a read of two records far apart in memory (that read was
		// a third of a 10M import's CPU).
		type sessKey struct {
			prefix  uint64
			event   int32
			at, len uint16
			id      uint64
		}
		var sk []sessKey
		for i := range l.Len() {
			if h := l.head(i); h.session != nil {
				sk = append(sk, sessKey{namePrefix(h.session), int32(i), uint16(h.sessionAt), uint16(len(h.session)), l.id(i)})
			}
		}
		name := func(k sessKey) []byte { return l.record(int(k.event))[k.at : k.at+k.len] }
		slices.SortFunc(sk, func(a, b sessKey) int {
			if c := cmp.Compare(a.prefix, b.prefix); c != 0 {
				return c
			}
			// Equal prefixes of names no longer than 8 bytes are equal
			// names: a name holds no zero byte, the prefix's padding.
			if a.len > 8 || b.len > 8 {
				if c := bytes.Compare(name(a)[min(a.len, 8):], name(b)[min(b.len, 8):]); c != 0 {
					return c
				}
			}
			return cmp.Compare(a.id, b.id)
		})
		var keys arena
		list.n, list.chunk = len(sk), keys.reset
		list.at = func(k int) []byte {
			start := len(keys.buf)
			keys.buf = append(keys.buf, name(sk[k])...)
			keys.buf = append(keys.buf, 0)
			keys.buf = binary.BigEndian.AppendUint64(keys.buf, sk[k].id)
			return keys.last(start)
		}
	}()
	return list
}

// namePrefix is the first 8 bytes of name as a big-endian number, padded
// with zeros: its order is the names' byte order, up to ties.
func namePrefix(name []byte) uint64 {
	var b [8]byte
	copy(b[:], name)
	return binary.BigEndian.Uint64(b[:])
}

// eventIDKeys is the list of the events' client event ids, nil when none
// has one (as in most imports).
func eventIDKeys(l *EventLog) *keyList {
	type withID struct {
		eid   []byte
		event int
	}
	var with []withID
	for i := range l.Len() {
		if eid := l.head(i).eventID; eid != nil {
			with = append(with, withID{eid, i})
		}
	}
	if len(with) == 0 {
		return nil
	}
	slices.SortFunc(with, func(a, b withID) int { return bytes.Compare(a.eid, b.eid) })
	keys, ids := flatList{}, make([]byte, 0, 8*len(with))
	for _, w := range with {
		keys.buf = append(keys.buf, w.eid...)
		keys.ends = append(keys.ends, len(keys.buf))
		ids = binary.BigEndian.AppendUint64(ids, l.id(w.event))
	}
	el := &keyList{bucket: bEventIDs, ready: make(chan struct{}), n: len(with), at: keys.at, value: fixedKeys(ids, 8)}
	close(el.ready)
	return el
}

// putAll writes every list in tx.
func putAll(tx *bolt.Tx, lists []*keyList) error {
	for _, l := range lists {
		<-l.ready
		if err := l.put(tx, l.n); err != nil {
			return err
		}
		l.done = l.n
	}
	return nil
}
