package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// CheckIndexes checks that every index agrees with the records, both
// ways, and that every interaction refers to a user (unless a guest's)
// and a product that exist. bbolt's own Check sees pages, not meaning:
// this is the check of what the store promises. The tests of package
// store_test call it through this exported name, which exists only in
// test builds.
func (s *Store) CheckIndexes() error {
	return s.db.View(func(tx *bolt.Tx) error {
		for _, check := range []func(*bolt.Tx) error{checkEventIndexes, checkProductIndexes, checkUserIndexes} {
			if err := check(tx); err != nil {
				return err
			}
		}
		return nil
	})
}

// checkEventIndexes checks the interactions against their user and
// session indexes and their references.
func checkEventIndexes(tx *bolt.Tx) error {
	events, byUser, bySess := tx.Bucket(bEvents), tx.Bucket(bEventsUser), tx.Bucket(bEventsSess)
	users, products := tx.Bucket(bUsers), tx.Bucket(bProducts)
	withUser, withSess := 0, 0
	err := events.ForEach(func(k, v []byte) error {
		var it Interaction
		if err := decodeInteraction(binary.BigEndian.Uint64(k), v, &it); err != nil {
			return fmt.Errorf("interaction %x: %w", k, err)
		}
		if products.Get(u64(it.ProductID)) == nil {
			return fmt.Errorf("interaction %d: product %d does not exist", it.ID, it.ProductID)
		}
		if it.UserID != 0 {
			withUser++
			if users.Get(u64(it.UserID)) == nil {
				return fmt.Errorf("interaction %d: user %d does not exist", it.ID, it.UserID)
			}
			if byUser.Get(userEventKey(it.UserID, it.Timestamp, it.ID)) == nil {
				return fmt.Errorf("interaction %d: not in the user index", it.ID)
			}
		}
		if it.SessionID != "" {
			withSess++
			if bySess.Get(sessionEventKey(it.SessionID, it.ID)) == nil {
				return fmt.Errorf("interaction %d: not in the session index", it.ID)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	// Every record has its keys, so equal counts mean no key without a record.
	if n := byUser.Stats().KeyN; n != withUser {
		return fmt.Errorf("user index holds %d keys for %d interactions with a user", n, withUser)
	}
	if n := bySess.Stats().KeyN; n != withSess {
		return fmt.Errorf("session index holds %d keys for %d interactions with a session", n, withSess)
	}
	return nil
}

// checkProductIndexes checks the products against the price and category
// indexes.
func checkProductIndexes(tx *bolt.Tx) error {
	byPrice, byCat := tx.Bucket(bProdPrice), tx.Bucket(bProdCat)
	n := 0
	err := tx.Bucket(bProducts).ForEach(func(k, v []byte) error {
		n++
		var p Product
		if err := json.Unmarshal(v, &p); err != nil {
			return fmt.Errorf("product %x: %w", k, err)
		}
		if p.ID != binary.BigEndian.Uint64(k) {
			return fmt.Errorf("product %x: stored with id %d", k, p.ID)
		}
		created := u64(uint64(p.CreatedAt.UnixNano()))
		if v := byPrice.Get(priceIDKey(nil, p.Price, p.ID)); !bytes.Equal(v, created) {
			return fmt.Errorf("product %d: price index holds %x, want %x", p.ID, v, created)
		}
		if v := byCat.Get(priceIDKey(catPrefix(p.Category), p.Price, p.ID)); !bytes.Equal(v, created) {
			return fmt.Errorf("product %d: category index holds %x, want %x", p.ID, v, created)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if a, b := byPrice.Stats().KeyN, byCat.Stats().KeyN; a != n || b != n {
		return fmt.Errorf("%d products, %d price keys, %d category keys", n, a, b)
	}
	return nil
}

// checkUserIndexes checks the users against the username index, and that
// every profile belongs to a user.
func checkUserIndexes(tx *bolt.Tx) error {
	names := tx.Bucket(bUserName)
	n := 0
	err := tx.Bucket(bUsers).ForEach(func(k, _ []byte) error {
		n++
		u, err := getUser(tx, binary.BigEndian.Uint64(k))
		if err != nil {
			return err
		}
		if v := names.Get(usernameKey(u.Username)); !bytes.Equal(v, k) {
			return fmt.Errorf("user %d: username %q maps to %x", u.ID, u.Username, v)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if m := names.Stats().KeyN; m != n {
		return fmt.Errorf("%d users, %d usernames", n, m)
	}
	users := tx.Bucket(bUsers)
	return tx.Bucket(bProfiles).ForEach(func(k, _ []byte) error {
		if users.Get(k) == nil {
			return fmt.Errorf("profile of user %x, who does not exist", k)
		}
		return nil
	})
}

// CheckIndexes must see each kind of disagreement, or the tests that rely
// on it prove nothing.
func TestCheckIndexesFindsDisagreements(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(tx *bolt.Tx) error
	}{
		{"user key without a record", func(tx *bolt.Tx) error {
			return tx.Bucket(bEventsUser).Put(userEventKey(1, time.Unix(0, 0), 999), nil)
		}},
		{"record without its session key", func(tx *bolt.Tx) error {
			k, _ := tx.Bucket(bEventsSess).Cursor().First()
			return tx.Bucket(bEventsSess).Delete(k)
		}},
		{"interaction with a missing product", func(tx *bolt.Tx) error {
			return forgetProduct(tx, 1)
		}},
		{"product without its price key", func(tx *bolt.Tx) error {
			k, _ := tx.Bucket(bProdPrice).Cursor().First()
			return tx.Bucket(bProdPrice).Delete(k)
		}},
		{"username of nobody", func(tx *bolt.Tx) error {
			return tx.Bucket(bUserName).Put([]byte("ghost"), u64(99))
		}},
		{"profile of nobody", func(tx *bolt.Tx) error {
			return tx.Bucket(bProfiles).Put(u64(99), []byte("{}"))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := journalShop(t, filepath.Join(t.TempDir(), "shop.db"))
			if err := s.CheckIndexes(); err != nil {
				t.Fatalf("before the change: %v", err)
			}
			if err := s.db.Update(tc.change); err != nil {
				t.Fatal(err)
			}
			if err := s.CheckIndexes(); err == nil {
				t.Fatal("CheckIndexes found nothing")
			}
		})
	}
}
