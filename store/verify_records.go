package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"slices"
	"time"
)

// The checks of Verify, one kind of record at a time. Each index is
// checked both ways: every record has its keys (looked up from the
// record), and every key names a record that agrees with it (looked up
// from the key), so that a stray key is reported by its own name. A record
// that does not decode is reported once, by the walk of its own bucket;
// the walks of the indexes skip it.

// product decodes the stored product k, or reports why it cannot.
func (v *verifier) product(k, val []byte) (Product, bool) {
	p, err := decodeProduct(val)
	if err != nil {
		v.add(bProducts, k, "cannot decode: %v", err)
		return p, false
	}
	return p, true
}

// products checks every product and that it has its index keys.
func (v *verifier) products() {
	byPrice, byCat := v.tx.Bucket(bProdPrice), v.tx.Bucket(bProdCat)
	_ = v.tx.Bucket(bProducts).ForEach(func(k, val []byte) error {
		v.r.Counts.Products++
		id, ok := v.id(bProducts, k)
		if !ok {
			return nil
		}
		p, ok := v.product(k, val)
		if !ok {
			return nil
		}
		if p.ID != id {
			v.add(bProducts, k, "the record says id %d", p.ID)
		}
		created := u64(uint64(p.CreatedAt.UnixNano()))
		if got := byPrice.Get(priceIDKey(nil, p.Price, id)); !bytes.Equal(got, created) {
			v.add(bProducts, k, "the price index holds %x for price %s, want %x", got, p.Price, created)
		}
		if got := byCat.Get(priceIDKey(catPrefix(p.Category), p.Price, id)); !bytes.Equal(got, created) {
			v.add(bProducts, k, "the category index holds %x for %q at %s, want %x", got, p.Category, p.Price, created)
		}
		return nil
	})
}

// productIndexes checks that every price and category key names a product
// of that price (and category).
func (v *verifier) productIndexes() {
	products := v.tx.Bucket(bProducts)
	check := func(b []byte, k []byte, category []byte, price Price, id uint64) {
		val := products.Get(u64(id))
		if val == nil {
			v.add(b, k, "product %d does not exist", id)
			return
		}
		if p, err := decodeProduct(val); err == nil && (p.Price != price || (category != nil && p.Category != string(category))) {
			v.add(b, k, "product %d is in %q at %s", id, p.Category, p.Price)
		}
	}
	be := binary.BigEndian
	_ = v.tx.Bucket(bProdPrice).ForEach(func(k, _ []byte) error {
		if len(k) != 16 {
			v.add(bProdPrice, k, "malformed key")
			return nil
		}
		check(bProdPrice, k, nil, Price(be.Uint64(k)), be.Uint64(k[8:]))
		return nil
	})
	_ = v.tx.Bucket(bProdCat).ForEach(func(k, _ []byte) error {
		n := len(k)
		if n < 17 || k[n-17] != 0 {
			v.add(bProdCat, k, "malformed key")
			return nil
		}
		check(bProdCat, k, k[:n-17], Price(be.Uint64(k[n-16:])), be.Uint64(k[n-8:]))
		return nil
	})
}

// user decodes the stored user k, or reports why it cannot.
func (v *verifier) user(k, val []byte) (storedUser, bool) {
	var su storedUser
	if err := json.Unmarshal(val, &su); err != nil {
		v.add(bUsers, k, "cannot decode: %v", err)
		return su, false
	}
	return su, true
}

// users checks every user and that the username index names them.
func (v *verifier) users() {
	names := v.tx.Bucket(bUserName)
	_ = v.tx.Bucket(bUsers).ForEach(func(k, val []byte) error {
		v.r.Counts.Users++
		id, ok := v.id(bUsers, k)
		if !ok {
			return nil
		}
		u, ok := v.user(k, val)
		if !ok {
			return nil
		}
		if u.ID != id {
			v.add(bUsers, k, "the record says id %d", u.ID)
		}
		if got := names.Get(usernameKey(u.Username)); !bytes.Equal(got, k) {
			v.add(bUsers, k, "username %q maps to %s", u.Username, keyString(bUsers, got))
		}
		return nil
	})
}

// usernames checks that every username names a user of that name.
func (v *verifier) usernames() {
	users := v.tx.Bucket(bUsers)
	_ = v.tx.Bucket(bUserName).ForEach(func(k, val []byte) error {
		if len(val) != 8 {
			v.add(bUserName, k, "the value is %d bytes, not a user id", len(val))
			return nil
		}
		rec := users.Get(val)
		if rec == nil {
			v.add(bUserName, k, "user %d does not exist", binary.BigEndian.Uint64(val))
			return nil
		}
		var u storedUser
		if json.Unmarshal(rec, &u) == nil && !bytes.Equal(usernameKey(u.Username), k) {
			v.add(bUserName, k, "user %d is named %q", u.ID, u.Username)
		}
		return nil
	})
}

// interactions checks every interaction, what it refers to and its index
// keys.
func (v *verifier) interactions() {
	byUser, bySess := v.tx.Bucket(bEventsUser), v.tx.Bucket(bEventsSess)
	_ = v.tx.Bucket(bEvents).ForEach(func(k, val []byte) error {
		v.r.Counts.Interactions++
		id, ok := v.id(bEvents, k)
		if !ok {
			return nil
		}
		var it Interaction
		if err := decodeEvent(val, &it); err != nil {
			v.add(bEvents, k, "cannot decode: %v", err)
			return nil
		}
		if !it.Type.Valid() {
			v.add(bEvents, k, "interaction type %d is not one of the four", it.Type)
		}
		v.ref(bEvents, k, "product", it.ProductID, bProducts)
		if it.UserID != 0 {
			v.ref(bEvents, k, "user", it.UserID, bUsers)
			if byUser.Get(userEventKey(it.UserID, it.Timestamp, id)) == nil {
				v.add(bEvents, k, "not in the user index")
			}
		}
		if it.SessionID != "" && bySess.Get(sessionEventKey(it.SessionID, id)) == nil {
			v.add(bEvents, k, "not in the session index")
		}
		if b := v.tx.Bucket(bEventIDs); b != nil && it.EventID != "" {
			if got := b.Get([]byte(it.EventID)); len(got) != 8 || binary.BigEndian.Uint64(got) != id {
				v.add(bEvents, k, "event_id %q is not indexed as this interaction", it.EventID)
			}
		}
		v.eventDay(k, id, it.Timestamp.UnixMicro())
		return nil
	})
	v.eventCount()
}

// eventDay checks that the day index's range of the interaction's day
// holds its id (see eventdays.go); a file without the index (of a version
// before 5) has nothing to check.
func (v *verifier) eventDay(k []byte, id uint64, micros int64) {
	b := v.tx.Bucket(bEventDays)
	if b == nil {
		return
	}
	day := dayOf(micros)
	r := b.Get(dayKey(day))
	switch {
	case r == nil:
		v.add(bEvents, k, "its day (%s) is not in the day index", time.UnixMicro(micros).UTC().Format(time.DateOnly))
	case len(r) != 16:
		v.add(bEventDays, dayKey(day), "%d bytes, want 16", len(r))
	case id < binary.BigEndian.Uint64(r) || id > binary.BigEndian.Uint64(r[8:]):
		v.add(bEvents, k, "outside its day's range in the day index (%d to %d)", binary.BigEndian.Uint64(r), binary.BigEndian.Uint64(r[8:]))
	}
}

// eventCount checks the stored count of interactions against those read.
func (v *verifier) eventCount() {
	if v.tx.Bucket(bEventDays) == nil {
		return
	}
	got := v.tx.Bucket(bMeta).Get(keyEventCount)
	switch {
	case len(got) != 8:
		v.add(bMeta, keyEventCount, "%d bytes, want 8", len(got))
	case binary.BigEndian.Uint64(got) != uint64(v.r.Counts.Interactions):
		v.add(bMeta, keyEventCount, "counts %d interactions, the file holds %d", binary.BigEndian.Uint64(got), v.r.Counts.Interactions)
	}
}

// interactionIndexes checks that every user and session key names an
// interaction of that user (at that time) or session.
func (v *verifier) interactionIndexes() {
	events := v.tx.Bucket(bEvents)
	event := func(b, k []byte, id uint64) (Interaction, bool) {
		var it Interaction
		val := events.Get(u64(id))
		if val == nil {
			v.add(b, k, "interaction %d does not exist", id)
			return it, false
		}
		// A record that does not decode is reported with the records.
		return it, decodeEvent(val, &it) == nil
	}
	be := binary.BigEndian
	_ = v.tx.Bucket(bEventsUser).ForEach(func(k, _ []byte) error {
		if len(k) != 24 {
			v.add(bEventsUser, k, "malformed key")
			return nil
		}
		it, ok := event(bEventsUser, k, be.Uint64(k[16:]))
		if ok && !bytes.Equal(userEventKey(it.UserID, it.Timestamp, be.Uint64(k[16:])), k) {
			v.add(bEventsUser, k, "the interaction is of user %d at %s", it.UserID, it.Timestamp.Format("2006-01-02T15:04:05.999999Z07:00"))
		}
		return nil
	})
	_ = v.tx.Bucket(bEventsSess).ForEach(func(k, _ []byte) error {
		n := len(k)
		if n < 9 || k[n-9] != 0 {
			v.add(bEventsSess, k, "malformed key")
			return nil
		}
		it, ok := event(bEventsSess, k, be.Uint64(k[n-8:]))
		if ok && it.SessionID != string(k[:n-9]) {
			v.add(bEventsSess, k, "the interaction is of session %q", it.SessionID)
		}
		return nil
	})
}

// profiles checks that every profile decodes and belongs to a user.
func (v *verifier) profiles() {
	_ = v.tx.Bucket(bProfiles).ForEach(func(k, val []byte) error {
		v.r.Counts.Profiles++
		id, ok := v.id(bProfiles, k)
		if !ok {
			return nil
		}
		var p Profile
		if err := decodeProfile(val, &p); err != nil {
			v.add(bProfiles, k, "cannot decode: %v", err)
		} else if p.UserID != id {
			v.add(bProfiles, k, "the record says user %d", p.UserID)
		}
		v.ref(bProfiles, k, "user", id, bUsers)
		return nil
	})
}

// admins checks that every admin decodes, is stored under its name and
// has a password hash.
func (v *verifier) admins() {
	_ = v.tx.Bucket(bAdmins).ForEach(func(k, val []byte) error {
		v.r.Counts.Admins++
		var a Admin
		switch err := json.Unmarshal(val, &a); {
		case err != nil:
			v.add(bAdmins, k, "cannot decode: %v", err)
		case !bytes.Equal(usernameKey(a.Username), k):
			v.add(bAdmins, k, "the record says username %q", a.Username)
		case a.PasswordHash == "":
			v.add(bAdmins, k, "no password hash")
		}
		return nil
	})
}

// sessions checks that every session decodes and belongs to an admin.
func (v *verifier) sessions() {
	admins := v.tx.Bucket(bAdmins)
	_ = v.tx.Bucket(bSessions).ForEach(func(k, val []byte) error {
		v.r.Counts.Sessions++
		var sess Session
		switch err := json.Unmarshal(val, &sess); {
		case err != nil:
			v.add(bSessions, k, "cannot decode: %v", err)
		case admins.Get(usernameKey(sess.Username)) == nil:
			v.add(bSessions, k, "admin %q does not exist", sess.Username)
		}
		return nil
	})
}

// apiKeys checks the keys against the index of their hashes, both ways.
func (v *verifier) apiKeys() {
	keys, hashes := v.tx.Bucket(bKeys), v.tx.Bucket(bKeyHashes)
	_ = keys.ForEach(func(k, val []byte) error {
		v.r.Counts.APIKeys++
		id, ok := v.id(bKeys, k)
		if !ok {
			return nil
		}
		var sk storedKey
		switch err := json.Unmarshal(val, &sk); {
		case err != nil:
			v.add(bKeys, k, "cannot decode: %v", err)
		case sk.ID != id:
			v.add(bKeys, k, "the record says id %d", sk.ID)
		case sk.Kind != "secret" && sk.Kind != "publishable":
			v.add(bKeys, k, "kind %q is neither secret nor publishable", sk.Kind)
		case !bytes.Equal(hashes.Get(sk.Hash), k):
			v.add(bKeys, k, "the hash index does not name this key")
		}
		return nil
	})
	_ = hashes.ForEach(func(k, val []byte) error {
		rec := keys.Get(val)
		if rec == nil {
			v.add(bKeyHashes, k, "api key %s does not exist", keyString(bKeys, val))
			return nil
		}
		var sk storedKey
		if json.Unmarshal(rec, &sk) == nil && !bytes.Equal(sk.Hash, k) {
			v.add(bKeyHashes, k, "api key %d has another hash", sk.ID)
		}
		return nil
	})
}

// attributionIndexes checks that every event id names the interaction
// recorded under it, and every click entry a recommendation click of that
// shopper on that product.
func (v *verifier) attributionIndexes() {
	events := v.tx.Bucket(bEvents)
	read := func(b, k []byte, id uint64) (Interaction, bool) {
		var it Interaction
		val := events.Get(u64(id))
		if val == nil {
			v.add(b, k, "interaction %d does not exist", id)
			return it, false
		}
		return it, decodeEvent(val, &it) == nil
	}
	if b := v.tx.Bucket(bEventIDs); b != nil {
		_ = b.ForEach(func(k, val []byte) error {
			if len(val) != 8 {
				v.add(bEventIDs, k, "malformed value")
				return nil
			}
			if it, ok := read(bEventIDs, k, binary.BigEndian.Uint64(val)); ok && it.EventID != string(k) {
				v.add(bEventIDs, k, "interaction %d has event_id %q", binary.BigEndian.Uint64(val), it.EventID)
			}
			return nil
		})
	}
	if b := v.tx.Bucket(bRecClicks); b != nil {
		_ = b.ForEach(func(k, val []byte) error {
			if len(val) != 16 {
				v.add(bRecClicks, k, "malformed value")
				return nil
			}
			id := binary.BigEndian.Uint64(val[8:])
			it, ok := read(bRecClicks, k, id)
			if !ok {
				return nil
			}
			it.ID = id
			if !isClick(&it) || !slices.ContainsFunc(clickKeys(&it), func(c []byte) bool { return bytes.Equal(c, k) }) {
				v.add(bRecClicks, k, "interaction %d is not a recommendation click of this shopper on this product", id)
			}
			return nil
		})
	}
}
