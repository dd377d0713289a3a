package store

import bolt "go.etcd.io/bbolt"

// PutProfile stores what the models learned about a user. The user must
// exist.
func (s *Store) PutProfile(p *Profile) error {
	data := encodeProfile(p)
	return s.update(func(tx *bolt.Tx) error {
		if tx.Bucket(bUsers).Get(u64(p.UserID)) == nil {
			return &NotFoundError{Kind: "user", ID: p.UserID}
		}
		return tx.Bucket(bProfiles).Put(u64(p.UserID), data)
	})
}

// profileBatch is how many profiles PutProfiles writes per transaction.
const profileBatch = 2000

// PutProfiles stores many profiles, skipping users that no longer exist
// (they may have been erased while a model trained). It encodes them
// first and writes them profileBatch at a time, each batch in a
// transaction of its own, so that the shop's events go in between: after
// a training a million shoppers' profiles do not hold bbolt's single
// writer for seconds. Each profile is whole; a crash may leave some
// profiles of the new model beside others of the old, as between two
// trainings.
func (s *Store) PutProfiles(ps []Profile) error {
	for lo := 0; lo < len(ps); lo += profileBatch {
		part := ps[lo:min(lo+profileBatch, len(ps))]
		data := make([][]byte, len(part))
		for i := range part {
			data[i] = encodeProfile(&part[i])
		}
		err := s.bulkUpdate(func(tx *bolt.Tx) error {
			users, b := tx.Bucket(bUsers), tx.Bucket(bProfiles)
			for i := range part {
				if users.Get(u64(part[i].UserID)) == nil {
					continue
				}
				if err := b.Put(u64(part[i].UserID), data[i]); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
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
		if err := decodeProfile(v, &p); err != nil {
			return corrupt(bProfiles, u64(userID), err)
		}
		return nil
	})
	return p, err
}
