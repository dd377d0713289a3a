package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Admin is an administrator account of the dashboard. Only the password's
// hash is stored; hashing is the caller's job (api/auth).
type Admin struct {
	Username     string    `json:"username"`
	PasswordHash string    `json:"password_hash"`
	CreatedAt    time.Time `json:"created_at"`
}

// Session is a logged-in admin's browser session, stored under a hash of its
// token so that a copy of the database does not hand out live sessions.
type Session struct {
	TokenHash []byte    `json:"-"`
	Username  string    `json:"username"`
	CSRFToken string    `json:"csrf_token"`
	ExpiresAt time.Time `json:"expires_at"`
}

// APIKey is a revocable key for servers (secret) or storefront scripts
// (publishable). Only a hash of the key is stored.
type APIKey struct {
	ID         uint64     `json:"id"`
	Name       string     `json:"name"`
	Kind       string     `json:"kind"`   // "secret" or "publishable"
	Prefix     string     `json:"prefix"` // the first characters, to recognise a key
	Hash       []byte     `json:"-"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
}

// storedKey keeps the hash, which APIKey hides from JSON.
type storedKey struct {
	APIKey
	Hash []byte `json:"hash"`
}

// PutAdmin creates or replaces an admin account. Replacing one ends every
// session of that admin in the same transaction: a password is reset
// because the old one may be known to someone else, whose sessions must
// not outlive it.
func (s *Store) PutAdmin(a *Admin) error {
	if a.Username == "" || a.PasswordHash == "" {
		return &ValidationError{Fields: map[string]string{"username": "username and password hash are required"}}
	}
	if a.CreatedAt.IsZero() {
		a.CreatedAt = s.now().UTC()
	}
	data, err := json.Marshal(a)
	if err != nil {
		return err
	}
	return s.update(func(tx *bolt.Tx) error {
		if err := deleteSessionsOf(tx, a.Username); err != nil {
			return err
		}
		return tx.Bucket(bAdmins).Put(usernameKey(a.Username), data)
	})
}

// deleteSessionsOf deletes every session of the admin username (compared
// as usernames are, ignoring case). Sessions are few (one per login, swept
// when they expire), so they are scanned rather than indexed.
func deleteSessionsOf(tx *bolt.Tx, username string) error {
	b := tx.Bucket(bSessions)
	name := usernameKey(username)
	var doomed [][]byte
	_ = b.ForEach(func(k, v []byte) error {
		// A session that does not decode goes too: it cannot be told
		// apart from one of this admin, and a reset is how a damaged
		// login is repaired.
		var sess Session
		if json.Unmarshal(v, &sess) != nil || bytes.Equal(usernameKey(sess.Username), name) {
			doomed = append(doomed, bytes.Clone(k))
		}
		return nil
	})
	// Collected first: deleting under a bbolt cursor skips keys.
	for _, k := range doomed {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// Admin returns an admin account by name (case-insensitive).
func (s *Store) Admin(username string) (Admin, error) {
	var a Admin
	err := s.view(func(tx *bolt.Tx) error {
		v := tx.Bucket(bAdmins).Get(usernameKey(username))
		if v == nil {
			return &NotFoundError{Kind: "admin", Field: "username"}
		}
		return json.Unmarshal(v, &a)
	})
	return a, err
}

// AdminCount returns how many admin accounts exist.
func (s *Store) AdminCount() (int, error) {
	n := 0
	err := s.view(func(tx *bolt.Tx) error {
		n = tx.Bucket(bAdmins).Stats().KeyN
		return nil
	})
	return n, err
}

// PutSession stores a session; expired sessions are swept at the same time.
func (s *Store) PutSession(sess *Session) error {
	data, err := json.Marshal(sess)
	if err != nil {
		return err
	}
	now := s.now()
	return s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bSessions)
		var expired [][]byte
		_ = b.ForEach(func(k, v []byte) error {
			var old Session
			if json.Unmarshal(v, &old) != nil || old.ExpiresAt.Before(now) {
				expired = append(expired, append([]byte(nil), k...))
			}
			return nil
		})
		for _, k := range expired {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		return b.Put(sess.TokenHash, data)
	})
}

// Session returns the live session stored under a token hash.
func (s *Store) Session(tokenHash []byte) (Session, error) {
	var sess Session
	err := s.view(func(tx *bolt.Tx) error {
		v := tx.Bucket(bSessions).Get(tokenHash)
		if v == nil {
			return &NotFoundError{Kind: "session"}
		}
		return json.Unmarshal(v, &sess)
	})
	if err == nil && sess.ExpiresAt.Before(s.now()) {
		return Session{}, &NotFoundError{Kind: "session"}
	}
	sess.TokenHash = tokenHash
	return sess, err
}

// DeleteSession ends a session.
func (s *Store) DeleteSession(tokenHash []byte) error {
	return s.update(func(tx *bolt.Tx) error { return tx.Bucket(bSessions).Delete(tokenHash) })
}

// CreateAPIKey stores a new key (its hash) and assigns its id.
func (s *Store) CreateAPIKey(k *APIKey) error {
	if k.Kind != "secret" && k.Kind != "publishable" {
		return &ValidationError{Fields: map[string]string{"kind": "must be secret or publishable"}}
	}
	if k.Name == "" || len(k.Name) > MaxNameLen {
		return &ValidationError{Fields: map[string]string{"name": fmt.Sprintf("is required, at most %d characters", MaxNameLen)}}
	}
	if k.CreatedAt.IsZero() {
		k.CreatedAt = s.now().UTC()
	}
	return s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bKeys)
		id, err := nextID(b, 0, "api key")
		if err != nil {
			return err
		}
		k.ID = id
		data, err := json.Marshal(storedKey{APIKey: *k, Hash: k.Hash})
		if err != nil {
			return err
		}
		if err := b.Put(u64(id), data); err != nil {
			return err
		}
		return tx.Bucket(bKeyHashes).Put(k.Hash, u64(id))
	})
}

func getKey(tx *bolt.Tx, id uint64) (APIKey, error) {
	v := tx.Bucket(bKeys).Get(u64(id))
	if v == nil {
		return APIKey{}, &NotFoundError{Kind: "api key", ID: id}
	}
	var sk storedKey
	if err := json.Unmarshal(v, &sk); err != nil {
		return APIKey{}, err
	}
	k := sk.APIKey
	k.Hash = sk.Hash
	return k, nil
}

// cachedKey is a live key as found under generation gen of the key cache.
type cachedKey struct {
	key APIKey
	gen uint64
}

// APIKeyByHash finds a live key by the hash of its secret. Every request
// with a key asks, so live keys are cached in memory; revoking a key
// (DeleteAPIKey) empties the cache. A cached key's LastUsedAt may be older
// than the stored one.
func (s *Store) APIKeyByHash(hash []byte) (APIKey, error) {
	// A lookup that read the file before a revocation committed stores its
	// result under the generation it started with, which the revocation
	// has ended: later lookups miss and read the file again.
	gen := s.keyGen.Load()
	if c, ok := s.keyCache.Load(string(hash)); ok && c.(cachedKey).gen == gen {
		return c.(cachedKey).key, nil
	}
	var k APIKey
	err := s.view(func(tx *bolt.Tx) error {
		v := tx.Bucket(bKeyHashes).Get(hash)
		if v == nil {
			return &NotFoundError{Kind: "api key"}
		}
		var err error
		k, err = getKey(tx, binary.BigEndian.Uint64(v))
		return err
	})
	if err == nil {
		s.keyCache.Store(string(hash), cachedKey{key: k, gen: gen})
	}
	return k, err
}

// TouchAPIKey records when a key was last used.
func (s *Store) TouchAPIKey(id uint64, at time.Time) error {
	return s.batch(func(tx *bolt.Tx) error {
		k, err := getKey(tx, id)
		if err != nil {
			return err
		}
		at := at.UTC()
		k.LastUsedAt = &at
		data, err := json.Marshal(storedKey{APIKey: k, Hash: k.Hash})
		if err != nil {
			return err
		}
		return tx.Bucket(bKeys).Put(u64(id), data)
	})
}

// APIKeys lists every key, oldest first.
func (s *Store) APIKeys() ([]APIKey, error) {
	out := []APIKey{}
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bKeys).ForEach(func(k, _ []byte) error {
			key, err := getKey(tx, binary.BigEndian.Uint64(k))
			if err == nil {
				out = append(out, key)
			}
			return err
		})
	})
	return out, err
}

// DeleteAPIKey revokes a key: it stops working at once.
func (s *Store) DeleteAPIKey(id uint64) error {
	err := s.update(func(tx *bolt.Tx) error {
		k, err := getKey(tx, id)
		if err != nil {
			return err
		}
		if err := tx.Bucket(bKeyHashes).Delete(k.Hash); err != nil {
			return err
		}
		return tx.Bucket(bKeys).Delete(u64(id))
	})
	if err == nil {
		s.keyGen.Add(1)
		s.keyCache.Clear()
	}
	return err
}

// APIKey returns a live key by id.
func (s *Store) APIKey(id uint64) (APIKey, error) {
	var k APIKey
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		k, err = getKey(tx, id)
		return err
	})
	return k, err
}
