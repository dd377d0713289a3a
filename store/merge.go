package store

import (
	"bytes"
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// MergeSession gives a guest session's events to a user: every event
// recorded under the session without a user becomes the user's, in one
// transaction. It is what a shop calls when a guest logs in. It returns
// how many events moved; events of the session that already name a user
// keep it.
func (s *Store) MergeSession(session string, userID uint64) (int, error) {
	if err := s.pendingConflict(&Interaction{UserID: userID}); err != nil {
		return 0, err
	}
	moved := 0
	err := s.update(func(tx *bolt.Tx) error {
		moved = 0
		if tx.Bucket(bUsers).Get(u64(userID)) == nil {
			return &NotFoundError{Kind: "user", ID: userID, Field: "user_id"}
		}
		events := tx.Bucket(bEvents)
		byUser := tx.Bucket(bEventsUser)
		prefix := append([]byte(session), 0)
		// The session index stays as it is: only the events and the
		// user index change.
		var ids []uint64
		c := tx.Bucket(bEventsSess).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			if len(k) == len(prefix)+8 {
				ids = append(ids, binary.BigEndian.Uint64(k[len(prefix):]))
			}
		}
		for _, id := range ids {
			var it Interaction
			if err := decodeInteraction(id, events.Get(u64(id)), &it); err != nil {
				return fmt.Errorf("interaction %d: %w", id, err)
			}
			if it.UserID != 0 {
				continue
			}
			it.UserID = userID
			if err := events.Put(u64(id), encodeInteraction(&it)); err != nil {
				return err
			}
			if err := byUser.Put(userEventKey(userID, it.Timestamp, id), nil); err != nil {
				return err
			}
			// The user's later carts and purchases are attributed to
			// the guest's clicks too.
			if isClick(&it) {
				if err := putClick(tx, &it, clickKeys(&Interaction{UserID: userID, ProductID: it.ProductID})); err != nil {
					return err
				}
			}
			moved++
		}
		if moved == 0 {
			return nil
		}
		return bumpDataVersion(tx)
	})
	return moved, err
}
