package store

import (
	"encoding/binary"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// The interactions' day index (schema version 5) lets the admin overview
// and the log's time filters read only the interactions of their period,
// and count all of them without a walk of the log: on the 10M shop the
// overview read all 10,000,000 records each time it was opened.
//
// For each UTC day an interaction has been stamped with, bEventDays holds
// the lowest and the highest id of the interactions stamped with that
// day, as written. A range only widens: a deletion leaves it as it is, so
// it may hold ids that are gone or stamped with another day, never miss
// one of the day's. Every reader checks the time of what it reads in the
// range. Live events get ids in time order, so a day's range holds little
// else; a history imported after later events widens the ranges of its
// days, which costs those readers time, not correctness.
//
// keyEventCount in the meta bucket is the number of stored interactions,
// kept in the transaction that adds or removes one.
var (
	bEventDays    = []byte("interactions_days") // day (UTC, biased) -> lowest id, highest id (version 5)
	keyEventCount = []byte("interaction_count")
)

// dayMicros is a day in microseconds, the unit of a stored time.
const dayMicros = int64(24 * time.Hour / time.Microsecond)

// dayOf is the UTC day of a time in Unix microseconds, counted from
// 1970-01-01 (negative before).
func dayOf(micros int64) int64 {
	d := micros / dayMicros
	if micros%dayMicros < 0 {
		d--
	}
	return d
}

// dayKey is the key of a day: biased so that bytes sort as days do.
func dayKey(day int64) []byte { return u64(uint64(day) ^ 1<<63) }

// dayRanges collects the id range of each day of a set of interactions
// before they are added to the index at once.
type dayRanges map[int64][2]uint64

func (r dayRanges) add(micros int64, id uint64) {
	d := dayOf(micros)
	old, ok := r[d]
	if !ok {
		r[d] = [2]uint64{id, id}
		return
	}
	r[d] = [2]uint64{min(old[0], id), max(old[1], id)}
}

// widen makes the index's ranges cover r.
func (r dayRanges) widen(tx *bolt.Tx) error {
	b := tx.Bucket(bEventDays)
	for d, want := range r {
		k := dayKey(d)
		lo, hi := want[0], want[1]
		if v := b.Get(k); len(v) == 16 {
			oldLo, oldHi := binary.BigEndian.Uint64(v), binary.BigEndian.Uint64(v[8:])
			if oldLo <= lo && oldHi >= hi {
				continue
			}
			lo, hi = min(lo, oldLo), max(hi, oldHi)
		}
		v := make([]byte, 16)
		binary.BigEndian.PutUint64(v, lo)
		binary.BigEndian.PutUint64(v[8:], hi)
		if err := b.Put(k, v); err != nil {
			return err
		}
	}
	return nil
}

// indexEventDay adds one stored interaction to the day index and the count.
func indexEventDay(tx *bolt.Tx, micros int64, id uint64) error {
	if err := (dayRanges{dayOf(micros): {id, id}}).widen(tx); err != nil {
		return err
	}
	return addEventCount(tx, 1)
}

// addEventCount adds delta to the count of stored interactions.
func addEventCount(tx *bolt.Tx, delta int) error {
	n, err := eventCount(tx)
	if err != nil {
		return err
	}
	return tx.Bucket(bMeta).Put(keyEventCount, u64(uint64(n+delta)))
}

// eventCount is the number of stored interactions. A file of a version
// before 5 opened read-only has no count: its interactions are counted.
func eventCount(tx *bolt.Tx) (int, error) {
	v := tx.Bucket(bMeta).Get(keyEventCount)
	switch {
	case v == nil && tx.Bucket(bEventDays) == nil:
		return tx.Bucket(bEvents).Stats().KeyN, nil
	case len(v) != 8:
		return 0, corrupt(bMeta, keyEventCount, fmt.Errorf("%d bytes, want 8", len(v)))
	}
	return int(binary.BigEndian.Uint64(v)), nil
}

// dayBounds is the lowest and highest id of the ranges of days from to to
// (inclusive): every interaction stamped with one of them has an id
// between. ok is false when no interaction was stamped with any. Without
// the index (a file of a version before 5 opened read-only), the bounds
// are those of every interaction.
func dayBounds(tx *bolt.Tx, from, to int64) (lo, hi uint64, ok bool) {
	b := tx.Bucket(bEventDays)
	if b == nil {
		c := tx.Bucket(bEvents).Cursor()
		first, _ := c.First()
		last, _ := c.Last()
		if first == nil {
			return 0, 0, false
		}
		return binary.BigEndian.Uint64(first), binary.BigEndian.Uint64(last), true
	}
	end := dayKey(to)
	c := b.Cursor()
	for k, v := c.Seek(dayKey(from)); k != nil && string(k) <= string(end); k, v = c.Next() {
		if len(v) != 16 {
			continue // the verifier names it
		}
		l, h := binary.BigEndian.Uint64(v), binary.BigEndian.Uint64(v[8:])
		if !ok {
			lo, hi, ok = l, h, true
		}
		lo, hi = min(lo, l), max(hi, h)
	}
	return lo, hi, ok
}

// buildEventDays writes the day index and the count of a file of a
// version before 5 from its interactions, in tx.
func buildEventDays(tx *bolt.Tx) error {
	r := dayRanges{}
	n := 0
	var f EventFields
	err := tx.Bucket(bEvents).ForEach(func(k, v []byte) error {
		if len(k) != 8 {
			return corrupt(bEvents, k, fmt.Errorf("a key of %d bytes, want 8", len(k)))
		}
		if _, _, err := parseFields(v, &f); err != nil {
			return corrupt(bEvents, k, err)
		}
		r.add(f.Micros, binary.BigEndian.Uint64(k))
		n++
		return nil
	})
	if err != nil {
		return err
	}
	if err := tx.Bucket(bMeta).Put(keyEventCount, u64(uint64(n))); err != nil {
		return err
	}
	return r.widen(tx)
}
