package store

import (
	"encoding/json"

	bolt "go.etcd.io/bbolt"
)

// PutProfile stores what the models learned about a user. The user must
// exist.
func (s *Store) PutProfile(p *Profile) error {
	data, err := json.Marshal(p)
	if err != nil {
		return err
	}
	return s.update(func(tx *bolt.Tx) error {
		if tx.Bucket(bUsers).Get(u64(p.UserID)) == nil {
			return &NotFoundError{Kind: "user", ID: p.UserID}
		}
		return tx.Bucket(bProfiles).Put(u64(p.UserID), data)
	})
}

// PutProfiles stores many profiles in one transaction, skipping users that
// no longer exist (they may have been erased while a model trained).
func (s *Store) PutProfiles(ps []Profile) error {
	return s.update(func(tx *bolt.Tx) error {
		users, b := tx.Bucket(bUsers), tx.Bucket(bProfiles)
		for i := range ps {
			if users.Get(u64(ps[i].UserID)) == nil {
				continue
			}
			data, err := json.Marshal(&ps[i])
			if err != nil {
				return err
			}
			if err := b.Put(u64(ps[i].UserID), data); err != nil {
				return err
			}
		}
		return nil
	})
}

// Profile returns a user's profile, or a NotFoundError for a user the
// models have not profiled yet.
func (s *Store) Profile(userID uint64) (Profile, error) {
	var p Profile
	err := s.view(func(tx *bolt.Tx) error {
		v := tx.Bucket(bProfiles).Get(u64(userID))
		if v == nil {
			return &NotFoundError{Kind: "profile", ID: userID}
		}
		return json.Unmarshal(v, &p)
	})
	return p, err
}
