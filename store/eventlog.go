package store

import (
	"encoding/binary"
)

// EventLog holds the interactions of an import as they will be stored:
// each checked, then encoded in the stored form (appendInteraction), end
// to end in one buffer, with the ids that clients gave. Ten million
// events take about 300 MB this way, against 1.4 GB as Interactions, so
// a large file is decoded a part at a time into a log (shelf import) and
// never held as Interactions at all. Import builds one from its batch.
type EventLog struct {
	s       *Store
	records flatList // the records, end to end
	ids     []uint64 // the id each client gave, 0 for none; nil while none has one
	// bad lists the events that were refused, numbered in the order they
	// were added; the log holds only the others.
	bad   ImportError
	added int
	// The ids the events are stored under, set by assignEventIDs: final
	// when clients gave some, else base+1, base+2, ... in order.
	final []uint64
	base  uint64
}

// NewEventLog returns an empty log for an import into s.
func (s *Store) NewEventLog() *EventLog { return &EventLog{s: s} }

// Grow makes room for about n more bytes of records (they take a third to
// a half of a CSV file's bytes): a buffer grown as it is filled copies
// hundreds of megabytes over and over.
func (l *EventLog) Grow(n int) {
	if buf := l.records.buf; n > cap(buf)-len(buf) {
		l.records.buf = append(make([]byte, 0, len(buf)+n), buf...)
	}
}

// Add checks an event (its time is truncated to what is stored, as
// AddInteraction does) and adds it to the log. A bad event is listed in
// Err, numbered by the order of Add calls, and not added.
func (l *EventLog) Add(it *Interaction) {
	i := l.added
	l.added++
	if err := l.s.prepareInteraction(it); err != nil {
		l.bad.addErr("interaction", i, err)
		return
	}
	if l.bad.Total > 0 {
		return // the import fails: no need to keep the others
	}
	if it.ID != 0 && l.ids == nil {
		l.ids = make([]uint64, l.Len(), max(l.Len()*2, 1024))
	}
	if l.ids != nil {
		l.ids = append(l.ids, it.ID)
	}
	l.records.buf = appendInteraction(l.records.buf, it)
	l.records.ends = append(l.records.ends, len(l.records.buf))
}

// Len is the number of events in the log.
func (l *EventLog) Len() int { return len(l.records.ends) }

// Err is an *ImportError listing the events Add refused, nil when none.
func (l *EventLog) Err() error {
	if l.bad.Total == 0 {
		return nil
	}
	bad := l.bad
	return &bad
}

// record returns the stored form of event i.
func (l *EventLog) record(i int) []byte { return l.records.at(i) }

// id is the id event i is stored under, once assignEventIDs gave them.
func (l *EventLog) id(i int) uint64 {
	if l.final != nil {
		return l.final[i]
	}
	return l.base + uint64(i) + 1
}

// logHead is what an import's checks and indexes read of a record.
type logHead struct {
	user, product uint64
	micros        int64  // the time, in Unix microseconds
	session       []byte // nil for none
	sessionAt     int    // where session starts in the record
	eventID       []byte // nil for none
}

// head reads the fields of event i that the checks and indexes need. The
// records are the log's own, well formed: a short one reads as zeros.
func (l *EventLog) head(i int) logHead {
	var h logHead
	rec := l.record(i)
	b := rec
	var n int
	h.user, n = binary.Uvarint(b)
	b = b[max(n, 0):]
	h.product, n = binary.Uvarint(b)
	b = b[max(n, 0):]
	if len(b) < 2 {
		return h
	}
	flags := b[1]
	b = b[2:]
	if flags&flagRating != 0 && len(b) >= 4 {
		b = b[4:]
	}
	h.micros, n = binary.Varint(b)
	b = b[max(n, 0):]
	if flags&flagSession != 0 {
		h.session, b = stringBytes(b)
		h.sessionAt = len(rec) - len(b) - len(h.session)
	}
	if flags&flagValue != 0 {
		_, n = binary.Uvarint(b)
		b = b[max(n, 0):]
	}
	if flags&flagEventID != 0 {
		h.eventID, _ = stringBytes(b)
	}
	return h
}
