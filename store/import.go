package store

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
	"strconv"

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
		keys := make([]string, 0, len(err.Fields))
		for k := range err.Fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			e.add(kind, index, k, err.Fields[k])
		}
	case *ConflictError:
		e.add(kind, index, err.Field, err.Message)
	default:
		e.add(kind, index, "", err.Error())
	}
}

// Import stores a batch in one transaction: all of it or, when any record
// is bad, none of it (the error is an *ImportError naming the records).
// Products and users with an id that exists replace the stored ones;
// interactions get new ids unless they carry their own, which must be free.
// One transaction holds the whole batch, so a million events cost one fsync.
func (s *Store) Import(b *ImportBatch, opt ImportOptions) (ImportResult, error) {
	var res ImportResult
	bad := &ImportError{}
	now := s.now().UTC()
	for i := range b.Products {
		p := &b.Products[i]
		if err := p.Validate(); err != nil {
			bad.addErr("product", i, err)
		}
		if p.CreatedAt.IsZero() {
			p.CreatedAt = now
		}
		p.CreatedAt = p.CreatedAt.UTC()
	}
	for i := range b.Users {
		u := &b.Users[i]
		if err := u.Validate(); err != nil {
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
	err := s.db.Update(func(tx *bolt.Tx) error {
		if err := importProducts(tx, b.Products, bad); err != nil {
			return err
		}
		if err := importUsers(tx, b.Users, bad); err != nil {
			return err
		}
		if bad.Total > 0 {
			return bad
		}
		var err error
		res, err = importInteractions(tx, b.Interactions, opt, bad)
		if err != nil {
			return err
		}
		if bad.Total > 0 {
			return bad
		}
		res.Products, res.Users = len(b.Products), len(b.Users)
		return bumpDataVersion(tx)
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

func importProducts(tx *bolt.Tx, ps []Product, bad *ImportError) error {
	seen := map[uint64]int{}
	for i := range ps {
		p := &ps[i]
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
			}
		}
		if err := reserveID(tx.Bucket(bProducts), &p.ID); err != nil {
			return err
		}
		if err := putProduct(tx, p); err != nil {
			return err
		}
	}
	return nil
}

func importUsers(tx *bolt.Tx, us []User, bad *ImportError) error {
	seen := map[uint64]int{}
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
		if err := claimUsername(tx, u.Username, u.ID); err != nil {
			bad.addErr("user", i, err)
			continue
		}
		if err := reserveID(tx.Bucket(bUsers), &u.ID); err != nil {
			return err
		}
		if err := putUser(tx, u); err != nil {
			return err
		}
	}
	return nil
}

func importInteractions(tx *bolt.Tx, events []Interaction, opt ImportOptions, bad *ImportError) (ImportResult, error) {
	var res ImportResult
	users, products, evb := tx.Bucket(bUsers), tx.Bucket(bProducts), tx.Bucket(bEvents)
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
					return res, err
				}
				if err := putUser(tx, &u); err != nil {
					return res, err
				}
				res.CreatedUsers++
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
					return res, err
				}
				if err := putProduct(tx, &p); err != nil {
					return res, err
				}
				res.CreatedProducts++
			}
			knownP[it.ProductID] = true
		}
	}
	if bad.Total > 0 {
		return res, nil
	}
	// Ids first (client ids must be free and distinct), then the records in
	// id order and each index in key order: bbolt appends sorted keys
	// cheaply and splits pages far less than with random inserts.
	seen := make(map[uint64]int)
	for i := range events {
		if id := events[i].ID; id != 0 {
			if j, dup := seen[id]; dup {
				bad.add("interaction", i, "id", fmt.Sprintf("id %d repeats interaction %d of this import", id, j))
			} else if evb.Get(u64(id)) != nil {
				bad.add("interaction", i, "id", fmt.Sprintf("interaction %d already exists", id))
			}
			seen[id] = i
			if id > evb.Sequence() {
				if err := evb.SetSequence(id); err != nil {
					return res, err
				}
			}
		}
	}
	if bad.Total > 0 {
		return res, nil
	}
	for i := range events {
		if events[i].ID == 0 {
			id, err := nextID(evb, 0, "interaction")
			if err != nil {
				return res, err
			}
			events[i].ID = id
		}
	}
	order := make([]int, len(events))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmpU64(events[a].ID, events[b].ID) })
	evb.FillPercent = 0.9
	for _, i := range order {
		if err := evb.Put(u64(events[i].ID), encodeInteraction(&events[i])); err != nil {
			return res, err
		}
	}
	userKeys := make([][]byte, 0, len(events))
	prodKeys := make([][]byte, 0, len(events))
	var sessKeys [][]byte
	for i := range events {
		it := &events[i]
		if it.UserID != 0 {
			userKeys = append(userKeys, userEventKey(it.UserID, it.Timestamp, it.ID))
		}
		prodKeys = append(prodKeys, productEventKey(it.ProductID, it.ID))
		if it.SessionID != "" {
			sessKeys = append(sessKeys, sessionEventKey(it.SessionID, it.ID))
		}
	}
	for _, idx := range []struct {
		name []byte
		keys [][]byte
	}{{bEventsUser, userKeys}, {bEventsProd, prodKeys}, {bEventsSess, sessKeys}} {
		slices.SortFunc(idx.keys, bytes.Compare)
		bk := tx.Bucket(idx.name)
		for _, k := range idx.keys {
			if err := bk.Put(k, nil); err != nil {
				return res, err
			}
		}
	}
	res.Interactions = len(events)
	return res, nil
}

func cmpU64(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
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
