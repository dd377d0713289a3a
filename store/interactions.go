package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Interactions are the bulk of a shop's data (a million is normal), so they
// are stored in a compact binary form of about 20 bytes:
//
//	uvarint user, uvarint product, byte type, byte flags,
//	[float32 rating if flags&1], varint unix microseconds,
//	[uvarint length + session id if flags&2],
//	[uvarint value in cents if flags&4],
//	[uvarint length + event id if flags&8],
//	[uvarint length + recommendation id if flags&16];
//	flags&32 marks a refunded purchase.
//
// Records written before the value, event id and recommendation id
// existed have none of their flags, and read as before.
const (
	flagRating   = 1
	flagSession  = 2
	flagValue    = 4
	flagEventID  = 8
	flagRecID    = 16
	flagRefunded = 32
	knownFlags   = flagRating | flagSession | flagValue | flagEventID | flagRecID | flagRefunded
)

func encodeInteraction(it *Interaction) []byte {
	return appendInteraction(make([]byte, 0, 32+len(it.SessionID)+len(it.EventID)+len(it.RecommendationID)), it)
}

// appendInteraction appends the stored form of it to b.
func appendInteraction(b []byte, it *Interaction) []byte {
	b = binary.AppendUvarint(b, it.UserID)
	b = binary.AppendUvarint(b, it.ProductID)
	var flags byte
	if it.Rating != nil {
		flags |= flagRating
	}
	if it.SessionID != "" {
		flags |= flagSession
	}
	if it.Value != nil {
		flags |= flagValue
	}
	if it.EventID != "" {
		flags |= flagEventID
	}
	if it.RecommendationID != "" {
		flags |= flagRecID
	}
	if it.Refunded {
		flags |= flagRefunded
	}
	b = append(b, byte(it.Type), flags)
	if it.Rating != nil {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(float32(*it.Rating)))
	}
	b = binary.AppendVarint(b, it.Timestamp.UnixMicro())
	if it.SessionID != "" {
		b = appendString(b, it.SessionID)
	}
	if it.Value != nil {
		b = binary.AppendUvarint(b, uint64(*it.Value))
	}
	if it.EventID != "" {
		b = appendString(b, it.EventID)
	}
	if it.RecommendationID != "" {
		b = appendString(b, it.RecommendationID)
	}
	return b
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// readString reads what appendString wrote.
func readString(b []byte) (string, []byte, error) {
	s, rest := stringBytes(b)
	if s == nil {
		return "", nil, errCorruptInteraction
	}
	return string(s), rest, nil
}

// stringBytes reads what appendString wrote, without a copy; s is nil
// when b does not start with a whole string.
func stringBytes(b []byte) (s, rest []byte) {
	n, k := binary.Uvarint(b)
	if k <= 0 || uint64(len(b)-k) < n {
		return nil, nil
	}
	return b[k : k+int(n) : k+int(n)], b[k+int(n):]
}

var errCorruptInteraction = errors.New("corrupt interaction record")

// interactionRefs reads only the user and product ids of a stored
// interaction.
func interactionRefs(b []byte) (user, product uint64, err error) {
	user, n := binary.Uvarint(b)
	if n <= 0 {
		return 0, 0, errCorruptInteraction
	}
	product, m := binary.Uvarint(b[n:])
	if m <= 0 {
		return 0, 0, errCorruptInteraction
	}
	return user, product, nil
}

// decodeInteraction decodes the stored interaction id; a record it cannot
// decode is a CorruptError.
func decodeInteraction(id uint64, b []byte, it *Interaction) error {
	if err := decodeEvent(b, it); err != nil {
		return corrupt(bEvents, u64(id), err)
	}
	it.ID = id
	return nil
}

// EventFields is what a model reads of an interaction: no id, value, event
// or recommendation id, and the session as the bytes of the stored record.
type EventFields struct {
	UserID, ProductID uint64
	Type              InteractionType
	HasRating         bool
	Rating            float64 // when HasRating
	Micros            int64   // the time, in Unix microseconds
	Session           []byte  // nil for none
}

// parseFields reads the fields of the stored interaction b up to its
// session, without a copy; rest is the record after them.
func parseFields(b []byte, f *EventFields) (flags byte, rest []byte, err error) {
	*f = EventFields{}
	var n int
	if f.UserID, n = binary.Uvarint(b); n <= 0 {
		return 0, nil, errCorruptInteraction
	}
	b = b[n:]
	if f.ProductID, n = binary.Uvarint(b); n <= 0 {
		return 0, nil, errCorruptInteraction
	}
	b = b[n:]
	if len(b) < 2 {
		return 0, nil, errCorruptInteraction
	}
	f.Type, flags, b = InteractionType(b[0]), b[1], b[2:]
	if flags&^knownFlags != 0 {
		return 0, nil, errCorruptInteraction
	}
	if flags&flagRating != 0 {
		if len(b) < 4 {
			return 0, nil, errCorruptInteraction
		}
		r := float64(math.Float32frombits(binary.LittleEndian.Uint32(b)))
		// float32 keeps ratings such as 4.5 exact; round away float32 noise
		// of values such as 3.7 so that they read back as written.
		f.HasRating, f.Rating, b = true, math.Round(r*1e6)/1e6, b[4:]
	}
	if f.Micros, n = binary.Varint(b); n <= 0 {
		return 0, nil, errCorruptInteraction
	}
	b = b[n:]
	if flags&flagSession != 0 {
		if f.Session, b = stringBytes(b); f.Session == nil {
			return 0, nil, errCorruptInteraction
		}
	}
	return flags, b, nil
}

// decodeEvent decodes the stored form of an interaction, except its id.
func decodeEvent(b []byte, it *Interaction) error {
	*it = Interaction{}
	var f EventFields
	flags, b, err := parseFields(b, &f)
	if err != nil {
		return err
	}
	it.UserID, it.ProductID, it.Type = f.UserID, f.ProductID, f.Type
	if f.HasRating {
		r := f.Rating
		it.Rating = &r
	}
	it.Timestamp, it.SessionID = time.UnixMicro(f.Micros).UTC(), string(f.Session)
	if flags&flagValue != 0 {
		v, n := binary.Uvarint(b)
		if n <= 0 || v > MaxPriceCents {
			return errCorruptInteraction
		}
		p := Price(v)
		it.Value, b = &p, b[n:]
	}
	if flags&flagEventID != 0 {
		if it.EventID, b, err = readString(b); err != nil {
			return err
		}
	}
	if flags&flagRecID != 0 {
		if it.RecommendationID, _, err = readString(b); err != nil {
			return err
		}
	}
	it.Refunded = flags&flagRefunded != 0
	return nil
}

// Index keys. A user's events are keyed by time so that "newest first" is a
// reverse cursor walk over one prefix.
func userEventKey(user uint64, ts time.Time, id uint64) []byte {
	k := make([]byte, 24)
	binary.BigEndian.PutUint64(k, user)
	binary.BigEndian.PutUint64(k[8:], uint64(ts.UnixMicro()))
	binary.BigEndian.PutUint64(k[16:], id)
	return k
}

func sessionEventKey(session string, id uint64) []byte {
	k := make([]byte, 0, len(session)+9)
	k = append(k, session...)
	k = append(k, 0)
	return binary.BigEndian.AppendUint64(k, id)
}

// prepareInteraction fills defaults and validates, before any transaction.
func (s *Store) prepareInteraction(it *Interaction) error {
	if it.Timestamp.IsZero() {
		it.Timestamp = s.now()
	}
	// Stored with microsecond precision: truncate now so that what the
	// caller sees is what a later read returns.
	it.Timestamp = it.Timestamp.UTC().Truncate(time.Microsecond)
	return it.ValidateAt(s.now())
}

// checkRefs checks that the user (unless it is a guest event) and the
// product of an interaction exist.
func checkRefs(tx *bolt.Tx, it *Interaction) error {
	if it.UserID != 0 && tx.Bucket(bUsers).Get(u64(it.UserID)) == nil {
		return &NotFoundError{Kind: "user", ID: it.UserID, Field: "user_id"}
	}
	if tx.Bucket(bProducts).Get(u64(it.ProductID)) == nil {
		return &NotFoundError{Kind: "product", ID: it.ProductID, Field: "product_id"}
	}
	return nil
}

// putInteraction stores it under the events' next id, with its index keys.
func putInteraction(tx *bolt.Tx, it *Interaction) error {
	if err := checkRefs(tx, it); err != nil {
		return err
	}
	events := tx.Bucket(bEvents)
	id, err := nextID(events, 0, "interaction")
	if err != nil {
		return err
	}
	it.ID = id
	if err := events.Put(u64(id), encodeInteraction(it)); err != nil {
		return err
	}
	if err := indexEventDay(tx, it.Timestamp.UnixMicro(), id); err != nil {
		return err
	}
	if err := indexInteraction(tx, it); err != nil {
		return err
	}
	return indexAttribution(tx, it)
}

func indexInteraction(tx *bolt.Tx, it *Interaction) error {
	if it.UserID != 0 {
		if err := tx.Bucket(bEventsUser).Put(userEventKey(it.UserID, it.Timestamp, it.ID), nil); err != nil {
			return err
		}
	}
	if it.SessionID != "" {
		return tx.Bucket(bEventsSess).Put(sessionEventKey(it.SessionID, it.ID), nil)
	}
	return nil
}

func deleteInteraction(tx *bolt.Tx, id uint64) error {
	v := tx.Bucket(bEvents).Get(u64(id))
	if v == nil {
		return nil
	}
	var it Interaction
	if err := decodeInteraction(id, v, &it); err != nil {
		return err
	}
	return removeInteraction(tx, &it)
}

// removeInteraction deletes the stored interaction it, as read, and its
// index keys.
func removeInteraction(tx *bolt.Tx, it *Interaction) error {
	if err := tx.Bucket(bEvents).Delete(u64(it.ID)); err != nil {
		return err
	}
	// The day index's range stays as it is (see eventdays.go).
	if err := addEventCount(tx, -1); err != nil {
		return err
	}
	if err := unindexAttribution(tx, it); err != nil {
		return err
	}
	if it.UserID != 0 {
		if err := tx.Bucket(bEventsUser).Delete(userEventKey(it.UserID, it.Timestamp, it.ID)); err != nil {
			return err
		}
	}
	if it.SessionID != "" {
		return tx.Bucket(bEventsSess).Delete(sessionEventKey(it.SessionID, it.ID))
	}
	return nil
}

// AddInteraction validates and durably stores one interaction. Concurrent
// callers share one commit (bbolt's Batch), so many requests cost one fsync;
// when it returns nil the interaction is on disk. A zero Timestamp becomes
// now. The user (unless it is a guest event) and the product must exist.
func (s *Store) AddInteraction(it *Interaction) error {
	if err := s.prepareInteraction(it); err != nil {
		return err
	}
	// The references are checked in a read transaction first, outside the
	// batch: a function that fails inside Batch rolls back the commit it
	// shares, and bbolt runs every other function of the batch again (and
	// the failed one alone), so each 404 would cost the other writers a
	// second pass.
	if err := s.pendingConflict(it); err != nil {
		return err
	}
	if err := s.view(func(tx *bolt.Tx) error {
		if err := duplicateEvent(tx, it); err != nil {
			return err
		}
		return checkRefs(tx, it)
	}); err != nil {
		return err
	}
	if s.refsChecked != nil {
		s.refsChecked()
	}
	return s.batch(func(tx *bolt.Tx) error {
		if s.batchRun != nil {
			s.batchRun()
		}
		// Batch may run this function again after another one in the
		// batch failed: start from a clean id each time.
		it.ID = 0
		// An import may have made the user or product a placeholder since.
		if err := s.pendingConflict(it); err != nil {
			return err
		}
		// putInteraction checks the references again: the user or the
		// product may have been deleted since the read above, and their
		// deletion has already swept their interactions, so storing this
		// one would leave it pointing at nothing. It fails as it would
		// have a moment later, with a NotFoundError; that race is rare, and
		// costs the batch one re-run. So does a retry of the same event id
		// racing its first try.
		if err := duplicateEvent(tx, it); err != nil {
			return err
		}
		if err := putInteraction(tx, it); err != nil {
			return err
		}
		return bumpDataVersion(tx)
	})
}

// Interaction returns one interaction by id.
func (s *Store) Interaction(id uint64) (Interaction, error) {
	var it Interaction
	err := s.view(func(tx *bolt.Tx) error {
		v := tx.Bucket(bEvents).Get(u64(id))
		if v == nil {
			return &NotFoundError{Kind: "interaction", ID: id}
		}
		return decodeInteraction(id, v, &it)
	})
	return it, err
}

// UserInteractions returns one page of a user's interactions, newest first,
// and the user's total. It walks the user's part of the time index only.
func (s *Store) UserInteractions(userID uint64, offset, limit int) ([]Interaction, int, error) {
	var page []Interaction
	var total int
	err := s.view(func(tx *bolt.Tx) error {
		if tx.Bucket(bUsers).Get(u64(userID)) == nil {
			return &NotFoundError{Kind: "user", ID: userID}
		}
		events := tx.Bucket(bEvents)
		prefix := u64(userID)
		c := tx.Bucket(bEventsUser).Cursor()
		k, _ := c.Seek(u64(userID + 1))
		if k == nil {
			k, _ = c.Last()
		} else {
			k, _ = c.Prev()
		}
		for ; k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Prev() {
			if total >= offset && (limit < 0 || len(page) < limit) {
				id := binary.BigEndian.Uint64(k[16:])
				var it Interaction
				if err := decodeInteraction(id, events.Get(u64(id)), &it); err != nil {
					return fmt.Errorf("interaction %d: %w", id, err)
				}
				page = append(page, it)
			}
			total++
		}
		return nil
	})
	return page, total, err
}

// SessionInteractions returns the interactions recorded under a session id,
// oldest first, at most limit of the newest.
func (s *Store) SessionInteractions(session string, limit int) ([]Interaction, error) {
	var out []Interaction
	err := s.view(func(tx *bolt.Tx) error {
		events := tx.Bucket(bEvents)
		prefix := append([]byte(session), 0)
		c := tx.Bucket(bEventsSess).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			if len(k) != len(prefix)+8 {
				continue
			}
			id := binary.BigEndian.Uint64(k[len(prefix):])
			var it Interaction
			if err := decodeInteraction(id, events.Get(u64(id)), &it); err != nil {
				return fmt.Errorf("interaction %d: %w", id, err)
			}
			out = append(out, it)
		}
		return nil
	})
	if limit >= 0 && len(out) > limit {
		out = out[len(out)-limit:]
	}
	return out, err
}

// ForEachInteraction calls fn for every interaction in id order inside one
// read transaction: it sees one consistent snapshot. fn must not keep it
// past the call (it is reused) and must not call the store.
//
// Writers go on meanwhile, but the transaction pins every page they
// replace: in process (BenchmarkIngestDuringExport) 64 writers kept 89% to
// 101% of their idle rate, yet over HTTP on the 1M shop ingest fell to 21%
// while a slow export held one transaction, so exports walk with
// WalkInteractions instead. Training reads with this one: it is fast and
// needs one snapshot.
func (s *Store) ForEachInteraction(fn func(it *Interaction) error) error {
	return s.view(func(tx *bolt.Tx) error {
		var it Interaction
		return tx.Bucket(bEvents).ForEach(func(k, v []byte) error {
			if err := decodeInteraction(binary.BigEndian.Uint64(k), v, &it); err != nil {
				return fmt.Errorf("interaction %d: %w", binary.BigEndian.Uint64(k), err)
			}
			return fn(&it)
		})
	})
}

// ForEachEvent is ForEachInteraction for a model's reader: it gives the
// fields a model reads and allocates nothing per event. f and its session
// are valid only during the call. A training reads ten million events
// with it: the strings and ratings decodeInteraction allocates for each
// made the collector run every second or so, and the shop's writes
// waited for a processor while it did.
func (s *Store) ForEachEvent(fn func(f *EventFields) error) error {
	return s.view(func(tx *bolt.Tx) error {
		var f EventFields
		return tx.Bucket(bEvents).ForEach(func(k, v []byte) error {
			if _, _, err := parseFields(v, &f); err != nil {
				return corrupt(bEvents, k, err)
			}
			return fn(&f)
		})
	})
}

// walkChunk is how many interactions WalkInteractions reads in one read
// transaction.
const walkChunk = 10_000

// WalkInteractions calls fn for every interaction in id order, like
// ForEachInteraction, but reads them in read transactions of walkChunk
// records, copied out, and calls fn outside any transaction. A slow
// consumer (an export streamed to a slow client) then never holds a
// transaction open: a long one pins every page the writers replace, and on
// the 1M shop ingest fell to 21% of its idle rate while a 4 MB/s export
// streamed in one transaction (27% with the previous release). The price:
// it is not one snapshot. An interaction written or deleted during the
// walk may or may not be in it; every record it gives was stored at some
// moment of the walk. Use Backup for a snapshot.
func (s *Store) WalkInteractions(fn func(it *Interaction) error) error {
	buf := make([]Interaction, 0, walkChunk)
	var next uint64 // the smallest id not yet walked
	for {
		buf = buf[:0]
		err := s.view(func(tx *bolt.Tx) error {
			c := tx.Bucket(bEvents).Cursor()
			for k, v := c.Seek(u64(next)); k != nil && len(buf) < walkChunk; k, v = c.Next() {
				var it Interaction
				if err := decodeInteraction(binary.BigEndian.Uint64(k), v, &it); err != nil {
					return err
				}
				buf = append(buf, it)
			}
			return nil
		})
		if err != nil || len(buf) == 0 {
			return err
		}
		for i := range buf {
			if err := fn(&buf[i]); err != nil {
				return err
			}
		}
		next = buf[len(buf)-1].ID + 1
	}
}
