package store

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"maps"
	"slices"
	"strconv"
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

// merge adds the problems of o.
func (e *ImportError) merge(o *ImportError) {
	for _, p := range o.Problems {
		e.add(p.Kind, p.Index, p.Field, p.Message)
	}
	e.Total += o.Total - len(o.Problems)
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
	l := s.NewEventLog()
	l.Grow(32 * len(b.Interactions))
	for i := range b.Interactions {
		l.Add(&b.Interactions[i])
	}
	bad.merge(&l.bad)
	if bad.Total > 0 {
		return res, bad
	}
	if len(b.Products) == 0 && len(b.Users) == 0 {
		return s.ImportEvents(l, opt)
	}
	return s.importAll(b, l, opt, now)
}

// ImportEvents stores the events of l, as Import stores a batch of
// interactions only: all of them or, when any is bad, none (the error is
// an *ImportError naming them by the order they were added). More than
// importChunk events are written in several transactions behind a journal
// (see importLarge).
func (s *Store) ImportEvents(l *EventLog, opt ImportOptions) (ImportResult, error) {
	if err := l.Err(); err != nil {
		return ImportResult{}, err
	}
	if l.Len() > s.chunk {
		return s.importLarge(l, opt)
	}
	return s.importAll(&ImportBatch{}, l, opt, s.now().UTC())
}

// importAll stores checked products, users and events in one transaction.
func (s *Store) importAll(b *ImportBatch, l *EventLog, opt ImportOptions, now time.Time) (ImportResult, error) {
	var res ImportResult
	bad := &ImportError{}
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
		if l.Len() > 0 {
			plan, err := checkEvents(tx, l, opt, bad)
			if err != nil {
				return err
			}
			if bad.Total > 0 {
				return bad
			}
			if err := putAll(tx, buildKeys(l, &plan)); err != nil {
				return err
			}
			res.CreatedUsers, res.CreatedProducts = len(plan.users), len(plan.products)
		}
		res.Products, res.Users, res.Interactions = len(b.Products), len(b.Users), l.Len()
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
func checkEvents(tx *bolt.Tx, l *EventLog, opt ImportOptions, bad *ImportError) (eventPlan, error) {
	var plan eventPlan
	if err := ensureRefs(tx, l, opt, bad, &plan); err != nil || bad.Total > 0 {
		return plan, err
	}
	checkClientEventIDs(tx.Bucket(bEventIDs), l, bad)
	if bad.Total > 0 {
		return plan, nil
	}
	if err := assignEventIDs(tx.Bucket(bEvents), l, bad); err != nil || bad.Total > 0 {
		return plan, err
	}
	if l.final != nil {
		// Clients' ids may come in any order; fresh ones are in order.
		plan.order = make([]int32, l.Len())
		for i := range plan.order {
			plan.order[i] = int32(i)
		}
		slices.SortFunc(plan.order, func(a, b int32) int { return cmp.Compare(l.final[a], l.final[b]) })
	}
	plan.ids = idRanges(l, &plan)
	return plan, nil
}

// ensureRefs checks that the events' users and products exist and, with
// opt.CreateMissing, creates placeholders for those that do not, which it
// records in plan.
func ensureRefs(tx *bolt.Tx, l *EventLog, opt ImportOptions, bad *ImportError, plan *eventPlan) error {
	users, products := tx.Bucket(bUsers), tx.Bucket(bProducts)
	known := map[uint64]bool{}  // users known to exist (or created)
	knownP := map[uint64]bool{} // products known to exist (or created)
	for i := range l.Len() {
		h := l.head(i)
		at := time.UnixMicro(h.micros).UTC()
		if h.user != 0 && !known[h.user] {
			if users.Get(u64(h.user)) == nil {
				if !opt.CreateMissing {
					bad.add("interaction", i, "user_id", fmt.Sprintf("user %d does not exist", h.user))
					continue
				}
				u := User{ID: h.user, Username: "user" + strconv.FormatUint(h.user, 10), JoinedAt: at}
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
			known[h.user] = true
		}
		if !knownP[h.product] {
			if products.Get(u64(h.product)) == nil {
				if !opt.CreateMissing {
					bad.add("interaction", i, "product_id", fmt.Sprintf("product %d does not exist", h.product))
					continue
				}
				p := Product{ID: h.product, Name: "Product " + strconv.FormatUint(h.product, 10), Category: "Uncategorized", CreatedAt: at}
				if _, err := nextID(products, p.ID, "product"); err != nil {
					return err
				}
				if err := putProduct(tx, &p); err != nil {
					return err
				}
				plan.products = append(plan.products, p.ID)
			}
			knownP[h.product] = true
		}
	}
	return nil
}

// checkClientEventIDs checks that the events' client event ids are
// distinct and not recorded yet: an import is not a retry.
func checkClientEventIDs(b *bolt.Bucket, l *EventLog, bad *ImportError) {
	var seen map[string]int
	for i := range l.Len() {
		eid := l.head(i).eventID
		if eid == nil {
			continue
		}
		if seen == nil {
			seen = map[string]int{}
		}
		if j, ok := seen[string(eid)]; ok {
			bad.add("interaction", i, "event_id", fmt.Sprintf("event_id %q repeats interaction %d of this import", eid, j))
			continue
		}
		seen[string(eid)] = i
		if v := b.Get(eid); len(v) == 8 {
			bad.add("interaction", i, "event_id", fmt.Sprintf("event_id %q was recorded already, as interaction %d", eid, binary.BigEndian.Uint64(v)))
		}
	}
}

// assignEventIDs checks that the ids clients gave are free and distinct,
// then gives the other events fresh ids, in order, and moves the sequence
// past them.
func assignEventIDs(evb *bolt.Bucket, l *EventLog, bad *ImportError) error {
	// Client ids must be free and distinct: sorted, repeats sit side by side.
	var given []int
	var maxGiven uint64
	for i, id := range l.ids {
		if id != 0 {
			given = append(given, i)
			maxGiven = max(maxGiven, id)
		}
	}
	slices.SortFunc(given, func(a, b int) int {
		return cmp.Or(cmp.Compare(l.ids[a], l.ids[b]), cmp.Compare(a, b))
	})
	for k, i := range given {
		id := l.ids[i]
		switch {
		case k > 0 && l.ids[given[k-1]] == id:
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
	if l.ids == nil {
		l.base = next
		next += uint64(l.Len())
	} else {
		l.final = make([]uint64, len(l.ids))
		for i, id := range l.ids {
			if id == 0 {
				next++
				id = next
			}
			l.final[i] = id
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
	order           []int32 // indices of the events by id; nil: in order
	ids             []idRange
	users, products []uint64
}

// at is the index of the k-th event by id.
func (p *eventPlan) at(k int) int {
	if p.order == nil {
		return k
	}
	return int(p.order[k])
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
