package store

import (
	"bytes"
	"encoding/binary"

	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Two small indexes serve attribution, both kept in the transaction that
// writes the event, so that they are never behind it:
//
//   - interactions_event_id maps a client's event id to the interaction
//     recorded under it: a retry finds it and records nothing.
//   - rec_clicks maps a shopper (u<user id> or s<session id>) and a
//     product to the newest recommendation click of that shopper on that
//     product: 8 bytes of unix microseconds and 8 of the click's
//     interaction id. A later cart or purchase looks it up to be
//     attributed. Only one entry per pair is kept, so the index grows with
//     the pairs clicked, and PruneClicks drops entries older than the
//     attribution window.

// DuplicateEventError is an event whose event id was recorded before, as
// interaction ID.
type DuplicateEventError struct {
	EventID string
	ID      uint64
}

// Error names the event id and the interaction it was recorded as.
func (e *DuplicateEventError) Error() string {
	return "event_id " + strconv.Quote(e.EventID) + " was recorded already, as interaction " + strconv.FormatUint(e.ID, 10)
}

// clickKeys are the rec_clicks keys of an event's shopper and product: one
// for its user, one for its session.
func clickKeys(it *Interaction) [][]byte {
	var keys [][]byte
	if it.UserID != 0 {
		keys = append(keys, clickKey("u"+strconv.FormatUint(it.UserID, 10), it.ProductID))
	}
	if it.SessionID != "" {
		keys = append(keys, clickKey("s"+it.SessionID, it.ProductID))
	}
	return keys
}

func clickKey(shopper string, product uint64) []byte {
	k := make([]byte, 0, len(shopper)+9)
	k = append(k, shopper...)
	k = append(k, 0)
	return binary.BigEndian.AppendUint64(k, product)
}

// isClick reports whether it is a recommendation click.
func isClick(it *Interaction) bool { return it.Type == View && it.RecommendationID != "" }

// duplicateEvent returns the error for an event whose id is recorded
// already, or nil.
func duplicateEvent(tx *bolt.Tx, it *Interaction) error {
	if it.EventID == "" {
		return nil
	}
	if v := tx.Bucket(bEventIDs).Get([]byte(it.EventID)); len(v) == 8 {
		return &DuplicateEventError{EventID: it.EventID, ID: binary.BigEndian.Uint64(v)}
	}
	return nil
}

// indexAttribution adds it, just stored, to the event id and click
// indexes.
func indexAttribution(tx *bolt.Tx, it *Interaction) error {
	if it.EventID != "" {
		if err := tx.Bucket(bEventIDs).Put([]byte(it.EventID), u64(it.ID)); err != nil {
			return err
		}
	}
	if isClick(it) {
		return putClick(tx, it, clickKeys(it))
	}
	return nil
}

// putClick records it as the newest click under keys unless a newer one
// is there.
func putClick(tx *bolt.Tx, it *Interaction, keys [][]byte) error {
	b := tx.Bucket(bRecClicks)
	ts := it.Timestamp.UnixMicro()
	for _, k := range keys {
		if v := b.Get(k); len(v) == 16 && int64(binary.BigEndian.Uint64(v)) > ts {
			continue
		}
		v := make([]byte, 16)
		binary.BigEndian.PutUint64(v, uint64(ts))
		binary.BigEndian.PutUint64(v[8:], it.ID)
		if err := b.Put(k, v); err != nil {
			return err
		}
	}
	return nil
}

// unindexAttribution removes the index entries that point at it, about to
// be deleted.
func unindexAttribution(tx *bolt.Tx, it *Interaction) error {
	if it.EventID != "" {
		b := tx.Bucket(bEventIDs)
		if v := b.Get([]byte(it.EventID)); len(v) == 8 && binary.BigEndian.Uint64(v) == it.ID {
			if err := b.Delete([]byte(it.EventID)); err != nil {
				return err
			}
		}
	}
	if !isClick(it) {
		return nil
	}
	b := tx.Bucket(bRecClicks)
	for _, k := range clickKeys(it) {
		if v := b.Get(k); len(v) == 16 && binary.BigEndian.Uint64(v[8:]) == it.ID {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
	}
	return nil
}

// LastClick returns the newest recommendation click on product by the
// user or the session of it (a cart or purchase about to be stored) at or
// before its time; false when there is none.
func (s *Store) LastClick(it *Interaction) (Interaction, bool, error) {
	var click Interaction
	found := false
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bRecClicks)
		var best uint64
		bestTS := int64(-1 << 63)
		for _, k := range clickKeys(it) {
			v := b.Get(k)
			if len(v) != 16 {
				continue
			}
			ts := int64(binary.BigEndian.Uint64(v))
			if ts <= it.Timestamp.UnixMicro() && ts > bestTS {
				best, bestTS = binary.BigEndian.Uint64(v[8:]), ts
			}
		}
		if best == 0 {
			return nil
		}
		raw := tx.Bucket(bEvents).Get(u64(best))
		if raw == nil {
			return nil
		}
		found = true
		return decodeInteraction(best, raw, &click)
	})
	return click, found, err
}

// PruneClicks forgets the clicks older than before: no cart or purchase
// can be attributed to them any more. It returns how many it dropped.
func (s *Store) PruneClicks(before time.Time) (int, error) {
	n := 0
	err := s.update(func(tx *bolt.Tx) error {
		n = 0
		c := tx.Bucket(bRecClicks).Cursor()
		limit := before.UnixMicro()
		for k, v := c.First(); k != nil; {
			if len(v) == 16 && int64(binary.BigEndian.Uint64(v)) >= limit {
				k, v = c.Next()
				continue
			}
			if err := c.Delete(); err != nil {
				return err
			}
			n++
			// After a delete the cursor's position is unspecified: seek
			// past the deleted key.
			k, v = c.Seek(append(bytes.Clone(k), 0))
		}
		return nil
	})
	return n, err
}

// InteractionByEventID returns the interaction recorded under a client's
// event id.
func (s *Store) InteractionByEventID(eventID string) (Interaction, error) {
	var it Interaction
	err := s.view(func(tx *bolt.Tx) error {
		v := tx.Bucket(bEventIDs).Get([]byte(eventID))
		if len(v) != 8 {
			return &NotFoundError{Kind: "interaction with event_id " + strconv.Quote(eventID), Field: "event_id"}
		}
		id := binary.BigEndian.Uint64(v)
		return decodeInteraction(id, tx.Bucket(bEvents).Get(v), &it)
	})
	return it, err
}

// Refund marks the purchase id refunded (or cancelled) and returns it as
// it was before. A purchase refunded already, or another type of event,
// is a ConflictError.
func (s *Store) Refund(id uint64) (Interaction, error) {
	var it Interaction
	err := s.update(func(tx *bolt.Tx) error {
		events := tx.Bucket(bEvents)
		raw := events.Get(u64(id))
		if raw == nil {
			return &NotFoundError{Kind: "interaction", ID: id, Field: "interaction_id"}
		}
		if err := decodeInteraction(id, raw, &it); err != nil {
			return err
		}
		switch {
		case it.Type != Purchase:
			return &ConflictError{Field: "interaction_id", Message: "interaction " + strconv.FormatUint(id, 10) + " is a " + it.Type.String() + ", not a purchase"}
		case it.Refunded:
			return &ConflictError{Field: "interaction_id", Message: "purchase " + strconv.FormatUint(id, 10) + " was refunded already"}
		}
		done := it
		done.Refunded = true
		// The data version stays: what the models learn from is the same.
		return events.Put(u64(id), encodeInteraction(&done))
	})
	return it, err
}
