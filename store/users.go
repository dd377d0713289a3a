package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// storedUser is a user as written to disk: unlike User, it keeps the hash.
type storedUser struct {
	User
	PasswordHash string `json:"password_hash,omitempty"`
}

func putUser(tx *bolt.Tx, u *User) error { return putUserIndexed(tx, u, tx.Bucket(bUserName).Put) }

// putUserIndexed stores u, handing its username entry to byName (the
// bucket's Put, or an import's sortedPuts).
func putUserIndexed(tx *bolt.Tx, u *User, byName func(k, v []byte) error) error {
	data, err := json.Marshal(storedUser{User: *u, PasswordHash: u.PasswordHash})
	if err != nil {
		return err
	}
	if err := tx.Bucket(bUsers).Put(u64(u.ID), data); err != nil {
		return err
	}
	return byName(usernameKey(u.Username), u64(u.ID))
}

func getUser(tx *bolt.Tx, id uint64) (User, error) {
	v := tx.Bucket(bUsers).Get(u64(id))
	if v == nil {
		return User{}, &NotFoundError{Kind: "user", ID: id}
	}
	var su storedUser
	if err := json.Unmarshal(v, &su); err != nil {
		return User{}, corrupt(bUsers, u64(id), err)
	}
	u := su.User
	u.PasswordHash = su.PasswordHash
	return u, nil
}

// usernameKey folds case so that "Ana" and "ana" are the same account.
func usernameKey(name string) []byte { return []byte(strings.ToLower(name)) }

func claimUsername(tx *bolt.Tx, name string, id uint64) error {
	v := tx.Bucket(bUserName).Get(usernameKey(name))
	if v != nil && binary.BigEndian.Uint64(v) != id {
		return &ConflictError{Field: "username", Message: "username " + name + " is already taken"}
	}
	return nil
}

// CreateUser validates u and stores it. A zero u.ID gets the next free id; a
// given id must be free; the username must be free (case-insensitively). A
// zero JoinedAt becomes now.
func (s *Store) CreateUser(u *User) error {
	if err := u.ValidateAt(s.now()); err != nil {
		return err
	}
	if u.JoinedAt.IsZero() {
		u.JoinedAt = s.now()
	}
	u.JoinedAt = u.JoinedAt.UTC()
	return s.update(func(tx *bolt.Tx) error {
		if err := claimUsername(tx, u.Username, 0); err != nil {
			return err
		}
		id, err := nextID(tx.Bucket(bUsers), u.ID, "user")
		if err != nil {
			return err
		}
		u.ID = id
		if err := putUser(tx, u); err != nil {
			return err
		}
		return bumpDataVersion(tx)
	})
}

// User returns the user with the given id.
func (s *Store) User(id uint64) (User, error) {
	var u User
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		u, err = getUser(tx, id)
		return err
	})
	return u, err
}

// HasUser reports whether a user with the given id exists, without reading
// the record.
func (s *Store) HasUser(id uint64) (bool, error) {
	var ok bool
	err := s.view(func(tx *bolt.Tx) error {
		ok = tx.Bucket(bUsers).Get(u64(id)) != nil
		return nil
	})
	return ok, err
}

// UserByUsername finds a user by name, ignoring case.
func (s *Store) UserByUsername(name string) (User, error) {
	var u User
	err := s.view(func(tx *bolt.Tx) error {
		v := tx.Bucket(bUserName).Get(usernameKey(name))
		if v == nil {
			return &NotFoundError{Kind: "user", Field: "username"}
		}
		var err error
		u, err = getUser(tx, binary.BigEndian.Uint64(v))
		return err
	})
	return u, err
}

// UpdateUser applies change to the stored user and stores the result after
// validating it. The id cannot change; a new username must be free.
func (s *Store) UpdateUser(id uint64, change func(u *User) error) (User, error) {
	var out User
	err := s.update(func(tx *bolt.Tx) error {
		old, err := getUser(tx, id)
		if err != nil {
			return err
		}
		u := old
		if err := change(&u); err != nil {
			return err
		}
		u.ID = id
		if err := u.ValidateAt(s.now()); err != nil {
			return err
		}
		if u.JoinedAt.IsZero() {
			u.JoinedAt = old.JoinedAt
		}
		u.JoinedAt = u.JoinedAt.UTC()
		if err := claimUsername(tx, u.Username, id); err != nil {
			return err
		}
		if err := tx.Bucket(bUserName).Delete(usernameKey(old.Username)); err != nil {
			return err
		}
		if err := putUser(tx, &u); err != nil {
			return err
		}
		out = u
		return bumpDataVersion(tx)
	})
	return out, err
}

// DeleteUser erases a user with their interactions and profile.
//
// Their bytes stay in the file's freed pages until the next compaction:
// the same transaction marks an erasure pending (see ErasurePending), and
// Options.AfterErasure runs once it commits.
func (s *Store) DeleteUser(id uint64) error {
	err := s.update(func(tx *bolt.Tx) error {
		if err := deleteUser(tx, id); err != nil {
			return err
		}
		if err := markErasure(tx, s.now()); err != nil {
			return err
		}
		return bumpDataVersion(tx)
	})
	if err == nil && s.opt.AfterErasure != nil {
		s.opt.AfterErasure()
	}
	return err
}

func deleteUser(tx *bolt.Tx, id uint64) error {
	if err := forgetUser(tx, id); err != nil {
		return err
	}
	var eventIDs []uint64
	prefix := u64(id)
	c := tx.Bucket(bEventsUser).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		eventIDs = append(eventIDs, binary.BigEndian.Uint64(k[16:]))
	}
	for _, eid := range eventIDs {
		if err := deleteInteraction(tx, eid); err != nil {
			return err
		}
	}
	return nil
}

// forgetUser deletes a user's record, username and profile, but not their
// interactions.
func forgetUser(tx *bolt.Tx, id uint64) error {
	u, err := getUser(tx, id)
	if err != nil {
		return err
	}
	if err := tx.Bucket(bUserName).Delete(usernameKey(u.Username)); err != nil {
		return err
	}
	if err := tx.Bucket(bUsers).Delete(u64(id)); err != nil {
		return err
	}
	return tx.Bucket(bProfiles).Delete(u64(id))
}

// UserQuery selects users: all of them in id order, or those whose username
// starts with Prefix (case-insensitive) in username order.
type UserQuery struct {
	Prefix string
	Offset int
	Limit  int
}

// ListUsers returns one page of users and how many match in all.
func (s *Store) ListUsers(q UserQuery) ([]User, int, error) {
	var page []User
	var total int
	err := s.view(func(tx *bolt.Tx) error {
		var ids []uint64
		if q.Prefix == "" {
			b := tx.Bucket(bUsers)
			total = b.Stats().KeyN
			lo, hi := pageBounds(total, q.Offset, q.Limit)
			c := b.Cursor()
			i := 0
			for k, _ := c.First(); k != nil && i < hi; k, _ = c.Next() {
				if i >= lo {
					ids = append(ids, binary.BigEndian.Uint64(k))
				}
				i++
			}
		} else {
			prefix := usernameKey(q.Prefix)
			c := tx.Bucket(bUserName).Cursor()
			var all []uint64
			for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
				all = append(all, binary.BigEndian.Uint64(v))
			}
			total = len(all)
			lo, hi := pageBounds(total, q.Offset, q.Limit)
			ids = all[lo:hi]
		}
		page = make([]User, 0, len(ids))
		for _, id := range ids {
			u, err := getUser(tx, id)
			if err != nil {
				return err
			}
			page = append(page, u)
		}
		return nil
	})
	return page, total, err
}

// ForEachUser calls fn for every user in id order inside one read
// transaction; fn must not call the store.
func (s *Store) ForEachUser(fn func(u User) error) error {
	return s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bUsers).ForEach(func(k, _ []byte) error {
			u, err := getUser(tx, binary.BigEndian.Uint64(k))
			if err != nil {
				return err
			}
			return fn(u)
		})
	})
}
