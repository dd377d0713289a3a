package store

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// ImportBatch is a set of records to store in one transaction.
type ImportBatch struct {
	Products     []Product
	Users        []User
	Interactions []Interaction
}

// ImportOptions tunes Import.
type ImportOptions struct {
	// CreateMissing creates placeholder users and products for ids that
	// interactions refer to and that do not exist; otherwise such
	// interactions are errors.
	CreateMissing bool
}

// ImportResult counts what an import stored.
type ImportResult struct {
	Products        int `json:"products"`
	Users           int `json:"users"`
	Interactions    int `json:"interactions"`
	CreatedUsers    int `json:"created_users"`
	CreatedProducts int `json:"created_products"`
}

// RecordError is a problem with one record of an import batch.
type RecordError struct {
	Kind    string `json:"kind"`  // "product", "user" or "interaction"
	Index   int    `json:"index"` // position in its slice, from 0
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

// MaxListedErrors bounds the problems an ImportError lists.
const MaxListedErrors = 100

// ImportError lists the records that stopped an import (at most
// MaxListedErrors of them); Total counts them all. Nothing was stored.
type ImportError struct {
	Problems []RecordError
	Total    int
}

// Error counts the bad records and describes the first.
func (e *ImportError) Error() string {
	if len(e.Problems) == 0 {
		return "import failed"
	}
	p := e.Problems[0]
	return fmt.Sprintf("import failed: %d bad records; first: %s %d: %s %s", e.Total, p.Kind, p.Index, p.Field, p.Message)
}

func (e *ImportError) add(kind string, index int, field, msg string) {
	e.Total++
	if len(e.Problems) < MaxListedErrors {
		e.Problems = append(e.Problems, RecordError{Kind: kind, Index: index, Field: field, Message: msg})
	}
}

func (e *ImportError) addErr(kind string, index int, err error) {
	switch err := err.(type) {
	case *ValidationError:
		for _, k := range slices.Sorted(maps.Keys(err.Fields)) {
			e.add(kind, index, k, err.Fields[k])
		}
	case *ConflictError:
		e.add(kind, index, err.Field, err.Message)
	default:
		e.add(kind, index, "", err.Error())
	}
}

// Import stores a batch: all of it or, when any record is bad, none of it
// (the error is an *ImportError naming the records). Products and users
// with an id that exists replace the stored ones; interactions get new ids
// unless they carry their own, which must be free. A batch of more than
// importChunk interactions alone is written in several transactions behind
// a journal (see importLarge), still all or nothing, also across a crash;
// other batches in one transaction.
func (s *Store) Import(b *ImportBatch, opt ImportOptions) (ImportResult, error) {
	var res ImportResult
	bad := &ImportError{}
	now := s.now().UTC()
	for i := range b.Products {
		p := &b.Products[i]
		if err := p.ValidateAt(now); err != nil {
			bad.addErr("product", i, err)
		}
		// A zero CreatedAt is filled in by importProducts: a product the
		// import replaces keeps its own.
		p.CreatedAt = p.CreatedAt.UTC()
	}
	for i := range b.Users {
		u := &b.Users[i]
		if err := u.ValidateAt(now); err != nil {
			bad.addErr("user", i, err)
		}
		if u.JoinedAt.IsZero() {
			u.JoinedAt = now
		}
		u.JoinedAt = u.JoinedAt.UTC()
	}
	for i := range b.Interactions {
		if err := s.prepareInteraction(&b.Interactions[i]); err != nil {
			bad.addErr("interaction", i, err)
		}
	}
	if bad.Total > 0 {
		return res, bad
	}
	if len(b.Products) == 0 && len(b.Users) == 0 && len(b.Interactions) > s.chunk {
		return s.importLarge(b.Interactions, opt)
	}
	err := s.update(func(tx *bolt.Tx) error {
		if err := importProducts(tx, b.Products, now, bad); err != nil {
			return err
		}
		if err := importUsers(tx, b.Users, bad); err != nil {
			return err
		}
		if bad.Total > 0 {
			return bad
		}
		if len(b.Interactions) > 0 {
			plan, err := checkEvents(tx, b.Interactions, opt, bad)
			if err != nil {
				return err
			}
			if bad.Total > 0 {
				return bad
			}
			if err := putAll(tx, buildKeys(b.Interactions, plan.order)); err != nil {
				return err
			}
			res.CreatedUsers, res.CreatedProducts = len(plan.users), len(plan.products)
		}
		res.Products, res.Users, res.Interactions = len(b.Products), len(b.Users), len(b.Interactions)
		return bumpDataVersion(tx)
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

// importProducts stores products, replacing those whose ids exist (an
// upsert: a shop loads its daily catalog export again). A product without
// a creation time keeps the replaced one's, or gets now.
func importProducts(tx *bolt.Tx, ps []Product, now time.Time, bad *ImportError) error {
	seen := map[uint64]int{}
	byPrice, byCat := &sortedPuts{}, &sortedPuts{}
	for i := range ps {
		p := &ps[i]
		created := p.CreatedAt
		if created.IsZero() {
			created = now
		}
		if p.ID != 0 {
			if j, dup := seen[p.ID]; dup {
				bad.add("product", i, "id", fmt.Sprintf("id %d repeats product %d of this import", p.ID, j))
				continue
			}
			seen[p.ID] = i
			if old, err := getProduct(tx, p.ID); err == nil {
				if err := unindexProduct(tx, &old); err != nil {
					return err
				}
				if p.CreatedAt.IsZero() {
					created = old.CreatedAt
				}
			}
		}
		p.CreatedAt = created
		if err := reserveID(tx.Bucket(bProducts), &p.ID); err != nil {
			return err
		}
		if err := putProductIndexed(tx, p, byPrice.add, byCat.add); err != nil {
			return err
		}
	}
	if err := byPrice.put(tx.Bucket(bProdPrice)); err != nil {
		return err
	}
	return byCat.put(tx.Bucket(bProdCat))
}

func importUsers(tx *bolt.Tx, us []User, bad *ImportError) error {
	seen := map[uint64]int{}
	claimed := map[string]uint64{} // usernames of this import, put at the end
	names := &sortedPuts{}
	for i := range us {
		u := &us[i]
		if u.ID != 0 {
			if j, dup := seen[u.ID]; dup {
				bad.add("user", i, "id", fmt.Sprintf("id %d repeats user %d of this import", u.ID, j))
				continue
			}
			seen[u.ID] = i
			if old, err := getUser(tx, u.ID); err == nil {
				if err := tx.Bucket(bUserName).Delete(usernameKey(old.Username)); err != nil {
					return err
				}
			}
		}
		key := string(usernameKey(u.Username))
		if id, taken := claimed[key]; taken && id != u.ID {
			bad.addErr("user", i, &ConflictError{Field: "username", Message: "username " + u.Username + " is already taken"})
			continue
		}
		if err := claimUsername(tx, u.Username, u.ID); err != nil {
			bad.addErr("user", i, err)
			continue
		}
		if err := reserveID(tx.Bucket(bUsers), &u.ID); err != nil {
			return err
		}
		if err := putUserIndexed(tx, u, names.add); err != nil {
			return err
		}
		claimed[key] = u.ID
	}
	return names.put(tx.Bucket(bUserName))
}

// checkEvents checks that the events' users and products exist, creating
// placeholders with opt.CreateMissing, and that the ids clients gave are
// free and distinct; then it gives the other events fresh ids, in order.
// Problems go to bad; an error is a storage failure.
func checkEvents(tx *bolt.Tx, events []Interaction, opt ImportOptions, bad *ImportError) (eventPlan, error) {
	var plan eventPlan
	if err := ensureRefs(tx, events, opt, bad, &plan); err != nil || bad.Total > 0 {
		return plan, err
	}
	checkClientEventIDs(tx.Bucket(bEventIDs), events, bad)
	if bad.Total > 0 {
		return plan, nil
	}
	if err := assignEventIDs(tx.Bucket(bEvents), events, bad); err != nil || bad.Total > 0 {
		return plan, err
	}
	plan.order = make([]int32, len(events))
	for i := range plan.order {
		plan.order[i] = int32(i)
	}
	slices.SortFunc(plan.order, func(a, b int32) int { return cmp.Compare(events[a].ID, events[b].ID) })
	plan.ids = idRanges(events, plan.order)
	return plan, nil
}

// ensureRefs checks that the events' users and products exist and, with
// opt.CreateMissing, creates placeholders for those that do not, which it
// records in plan.
func ensureRefs(tx *bolt.Tx, events []Interaction, opt ImportOptions, bad *ImportError, plan *eventPlan) error {
	users, products := tx.Bucket(bUsers), tx.Bucket(bProducts)
	known := map[uint64]bool{}  // users known to exist (or created)
	knownP := map[uint64]bool{} // products known to exist (or created)
	for i := range events {
		it := &events[i]
		if it.UserID != 0 && !known[it.UserID] {
			if users.Get(u64(it.UserID)) == nil {
				if !opt.CreateMissing {
					bad.add("interaction", i, "user_id", fmt.Sprintf("user %d does not exist", it.UserID))
					continue
				}
				u := User{ID: it.UserID, Username: "user" + strconv.FormatUint(it.UserID, 10), JoinedAt: it.Timestamp}
				if err := claimUsername(tx, u.Username, u.ID); err != nil {
					bad.addErr("interaction", i, err)
					continue
				}
				if _, err := nextID(users, u.ID, "user"); err != nil {
					return err
				}
				if err := putUser(tx, &u); err != nil {
					return err
				}
				plan.users = append(plan.users, u.ID)
			}
			known[it.UserID] = true
		}
		if !knownP[it.ProductID] {
			if products.Get(u64(it.ProductID)) == nil {
				if !opt.CreateMissing {
					bad.add("interaction", i, "product_id", fmt.Sprintf("product %d does not exist", it.ProductID))
					continue
				}
				p := Product{ID: it.ProductID, Name: "Product " + strconv.FormatUint(it.ProductID, 10), Category: "Uncategorized", CreatedAt: it.Timestamp}
				if _, err := nextID(products, p.ID, "product"); err != nil {
					return err
				}
				if err := putProduct(tx, &p); err != nil {
					return err
				}
				plan.products = append(plan.products, p.ID)
			}
			knownP[it.ProductID] = true
		}
	}
	return nil
}

// checkClientEventIDs checks that the events' client event ids are
// distinct and not recorded yet: an import is not a retry.
func checkClientEventIDs(b *bolt.Bucket, events []Interaction, bad *ImportError) {
	var seen map[string]int
	for i := range events {
		eid := events[i].EventID
		if eid == "" {
			continue
		}
		if seen == nil {
			seen = map[string]int{}
		}
		if j, ok := seen[eid]; ok {
			bad.add("interaction", i, "event_id", fmt.Sprintf("event_id %q repeats interaction %d of this import", eid, j))
			continue
		}
		seen[eid] = i
		if v := b.Get([]byte(eid)); len(v) == 8 {
			bad.add("interaction", i, "event_id", fmt.Sprintf("event_id %q was recorded already, as interaction %d", eid, binary.BigEndian.Uint64(v)))
		}
	}
}

// assignEventIDs checks that the ids clients gave are free and distinct,
// then gives the other events fresh ids, in order, and moves the sequence
// past them.
func assignEventIDs(evb *bolt.Bucket, events []Interaction, bad *ImportError) error {
	// Client ids must be free and distinct: sorted, repeats sit side by side.
	var given []int
	var maxGiven uint64
	for i := range events {
		if events[i].ID != 0 {
			given = append(given, i)
			maxGiven = max(maxGiven, events[i].ID)
		}
	}
	slices.SortFunc(given, func(a, b int) int {
		return cmp.Or(cmp.Compare(events[a].ID, events[b].ID), cmp.Compare(a, b))
	})
	for k, i := range given {
		id := events[i].ID
		switch {
		case k > 0 && events[given[k-1]].ID == id:
			bad.add("interaction", i, "id", fmt.Sprintf("id %d repeats interaction %d of this import", id, given[k-1]))
		case evb.Get(u64(id)) != nil:
			bad.add("interaction", i, "id", fmt.Sprintf("interaction %d already exists", id))
		}
	}
	if bad.Total > 0 {
		return nil
	}
	// Fresh ids follow the sequence and every client id, so they are free:
	// every stored id is at most the sequence.
	next := max(evb.Sequence(), maxGiven)
	for i := range events {
		if events[i].ID == 0 {
			next++
			events[i].ID = next
		}
	}
	if next > evb.Sequence() {
		return evb.SetSequence(next)
	}
	return nil
}

// eventPlan is a checked interaction import: the events in id order, their
// ids as ranges, and the placeholder users and products created for them.
type eventPlan struct {
	order           []int32 // indices of the events by id
	ids             []idRange
	users, products []uint64
}

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

// buildKeys encodes the events, visited in order (by id), into the list of
// records, ready when it returns, and starts sorting the keys of the two
// indexes in the background. Keys live in a few flat buffers: millions of
// small allocations, or of slice headers, would keep the garbage collector
// busy, and sorted keys let bbolt append them (or insert them in one pass
// over each page).
func buildKeys(events []Interaction, order []int32) []*keyList {
	n := len(events)
	sessBytes := 0
	for i := range events {
		sessBytes += len(events[i].SessionID)
	}
	// The records are encoded as they are written, one transaction's worth
	// at a time: already in id order, they need no list of their own (half
	// a gigabyte for ten million events).
	// A slice handed out keeps its array when the arena grows.
	var arena []byte
	last := func(start int) []byte { return arena[start:len(arena):len(arena)] }
	records := &keyList{bucket: bEvents, fill: 0.9, ready: make(chan struct{}), n: n,
		at: func(i int) []byte {
			start := len(arena)
			arena = binary.BigEndian.AppendUint64(arena, events[order[i]].ID)
			return last(start)
		},
		value: func(i int) []byte {
			start := len(arena)
			arena = appendInteraction(arena, &events[order[i]])
			return last(start)
		},
		chunk: func() { arena = make([]byte, 0, 4<<20) }}
	close(records.ready) // ids only grow: pages fill from the left

	user := &keyList{bucket: bEventsUser, ready: make(chan struct{})}
	go func() {
		defer close(user.ready)
		type userKey struct{ user, ts, id uint64 }
		uk := make([]userKey, 0, n)
		for i := range events {
			if it := &events[i]; it.UserID != 0 {
				uk = append(uk, userKey{it.UserID, uint64(it.Timestamp.UnixMicro()), it.ID})
			}
		}
		slices.SortFunc(uk, func(a, b userKey) int {
			return cmp.Or(cmp.Compare(a.user, b.user), cmp.Compare(a.ts, b.ts), cmp.Compare(a.id, b.id))
		})
		buf := make([]byte, 0, 24*len(uk))
		for _, e := range uk {
			buf = binary.BigEndian.AppendUint64(buf, e.user)
			buf = binary.BigEndian.AppendUint64(buf, e.ts)
			buf = binary.BigEndian.AppendUint64(buf, e.id)
		}
		user.n, user.at = len(uk), fixedKeys(buf, 24)
	}()
	sess := &keyList{bucket: bEventsSess, ready: make(chan struct{})}
	go func() {
		defer close(sess.ready)
		// A session's key is its name, a zero byte and the id (names
		// hold no zero byte): order by name, then id, is byte order.
		type sessKey struct {
			sess string
			id   uint64
		}
		sk := make([]sessKey, 0, n)
		for i := range events {
			if it := &events[i]; it.SessionID != "" {
				sk = append(sk, sessKey{it.SessionID, it.ID})
			}
		}
		slices.SortFunc(sk, func(a, b sessKey) int {
			return cmp.Or(strings.Compare(a.sess, b.sess), cmp.Compare(a.id, b.id))
		})
		l := flatList{buf: make([]byte, 0, sessBytes+9*len(sk)), ends: make([]int, 0, len(sk))}
		for _, e := range sk {
			l.buf = append(l.buf, e.sess...)
			l.buf = append(l.buf, 0)
			l.buf = binary.BigEndian.AppendUint64(l.buf, e.id)
			l.ends = append(l.ends, len(l.buf))
		}
		sess.n, sess.at = len(sk), l.at
	}()
	lists := []*keyList{records, user, sess}
	if l := eventIDKeys(events); l != nil {
		lists = append(lists, l)
	}
	return lists
}

// eventIDKeys is the list of the events' client event ids, nil when none
// has one (as in most imports).
func eventIDKeys(events []Interaction) *keyList {
	var with []int
	for i := range events {
		if events[i].EventID != "" {
			with = append(with, i)
		}
	}
	if len(with) == 0 {
		return nil
	}
	slices.SortFunc(with, func(a, b int) int { return strings.Compare(events[a].EventID, events[b].EventID) })
	keys, ids := flatList{}, make([]byte, 0, 8*len(with))
	for _, i := range with {
		keys.buf = append(keys.buf, events[i].EventID...)
		keys.ends = append(keys.ends, len(keys.buf))
		ids = binary.BigEndian.AppendUint64(ids, events[i].ID)
	}
	l := &keyList{bucket: bEventIDs, ready: make(chan struct{}), n: len(with), at: keys.at, value: fixedKeys(ids, 8)}
	close(l.ready)
	return l
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

// reserveID gives a record without an id the next free one, and keeps the
// sequence above a client's id so that later assigned ids never collide.
// Unlike nextID it lets an import replace a record with the same id.
func reserveID(b *bolt.Bucket, id *uint64) error {
	if *id == 0 {
		v, err := nextID(b, 0, "")
		*id = v
		return err
	}
	if *id > b.Sequence() {
		return b.SetSequence(*id)
	}
	return nil
}
