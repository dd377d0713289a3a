package store

import (
	"math"
	"net/mail"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// MaxID is the largest id of any record, 2^53 - 1: the largest integer a
// JavaScript number (the dashboard's, a shop's storefront's) holds exactly,
// so that no client can mistake one record for another.
const MaxID = 1<<53 - 1

// MaxFuture is how far past now a time may lie (clocks disagree).
const MaxFuture = 24 * time.Hour

// minTime is the earliest time of any record: the Unix epoch, so that every
// time exports as a non-negative unix second and imports back.
var minTime = time.Unix(0, 0)

// checkID refuses an id beyond MaxID; 0 means "not given" and is left to
// the caller.
func checkID(v *ValidationError, field string, id uint64) {
	if id > MaxID {
		v.Add(field, "must be at most %d (2^53-1)", uint64(MaxID))
	}
}

// checkTime refuses a time before 1970 or more than MaxFuture after now;
// the zero time means "now" and passes.
func checkTime(v *ValidationError, field string, t, now time.Time) {
	switch {
	case t.IsZero():
	case t.Before(minTime):
		v.Add(field, "must not be before 1970-01-01T00:00:00Z")
	case t.After(now.Add(MaxFuture)):
		v.Add(field, "must not be more than a day in the future")
	}
}

// Validate checks a product against the wall clock (see ValidateAt).
func (p *Product) Validate() error { return p.ValidateAt(time.Now()) }

// ValidateAt checks a product before it is stored, with now as the present.
// Names and categories are trimmed of surrounding white space first.
func (p *Product) ValidateAt(now time.Time) error {
	var v ValidationError
	checkID(&v, "id", p.ID)
	checkTime(&v, "created_at", p.CreatedAt, now)
	p.Name = strings.TrimSpace(p.Name)
	p.Category = strings.TrimSpace(p.Category)
	checkText(&v, "name", p.Name, MaxNameLen, true)
	checkText(&v, "description", p.Description, MaxDescriptionLen, false)
	checkText(&v, "category", p.Category, MaxCategoryLen, true)
	if hasControl(p.Name) {
		v.Add("name", "must not contain control characters")
	}
	if hasControl(p.Category) {
		v.Add("category", "must not contain control characters")
	}
	if hasControlExceptSpace(p.Description) {
		v.Add("description", "must not contain control characters other than tabs and line breaks")
	}
	if p.Price < 0 {
		v.Add("price", "must not be negative")
	} else if p.Price > MaxPriceCents {
		v.Add("price", "is too large (at most %s)", Price(MaxPriceCents))
	}
	p.validateExtras(&v)
	return v.Err()
}

// Validate checks a user against the wall clock (see ValidateAt).
func (u *User) Validate() error { return u.ValidateAt(time.Now()) }

// ValidateAt checks a user before it is stored, with now as the present.
func (u *User) ValidateAt(now time.Time) error {
	var v ValidationError
	checkID(&v, "id", u.ID)
	checkTime(&v, "date_joined", u.JoinedAt, now)
	u.Username = strings.TrimSpace(u.Username)
	u.Email = strings.TrimSpace(u.Email)
	checkText(&v, "username", u.Username, MaxUsernameLen, true)
	if u.Username != "" && strings.ContainsAny(u.Username, " \t\r\n/") {
		v.Add("username", "must not contain spaces or slashes")
	} else if hasControl(u.Username) {
		v.Add("username", "must not contain control characters")
	}
	if u.Email != "" {
		checkText(&v, "email", u.Email, MaxEmailLen, false)
		if a, err := mail.ParseAddress(u.Email); err != nil || a.Address != u.Email {
			v.Add("email", "must be a valid e-mail address such as ana@example.com")
		}
	}
	return v.Err()
}

// Validate checks an interaction against the wall clock (see ValidateAt).
func (it *Interaction) Validate() error { return it.ValidateAt(time.Now()) }

// ValidateAt checks an interaction before it is stored, with now as the
// present. A guest's event has no user (UserID 0) and must carry a session
// id. It does not check that the user and product exist: the store does
// that when it writes.
func (it *Interaction) ValidateAt(now time.Time) error {
	var v ValidationError
	checkID(&v, "id", it.ID)
	checkID(&v, "user_id", it.UserID)
	checkID(&v, "product_id", it.ProductID)
	if it.UserID == 0 && it.SessionID == "" {
		v.Add("user_id", "is required (a positive integer) unless session_id names a guest session")
	}
	if it.ProductID == 0 {
		v.Add("product_id", "is required and must be a positive integer")
	}
	if !it.Type.Valid() {
		v.Add("interaction_type", "is required: one of view, like, cart, purchase")
	}
	if it.Rating != nil {
		r := *it.Rating
		if math.IsNaN(r) || r < 0 || r > 5 {
			v.Add("rating", "must be between 0 and 5")
		}
	}
	if len(it.SessionID) > MaxSessionIDLen {
		v.Add("session_id", "must be at most %d characters", MaxSessionIDLen)
	} else if !utf8.ValidString(it.SessionID) || hasControl(it.SessionID) {
		v.Add("session_id", "must be valid UTF-8 without control characters")
	}
	if it.Timestamp.IsZero() {
		v.Add("timestamp", "is required")
	}
	checkTime(&v, "timestamp", it.Timestamp, now)
	checkToken(&v, "event_id", it.EventID, MaxEventIDLen)
	checkToken(&v, "recommendation_id", it.RecommendationID, MaxRecIDLen)
	if it.Value != nil && (*it.Value < 0 || *it.Value > MaxPriceCents) {
		v.Add("value", "must be between 0 and %s", Price(MaxPriceCents))
	}
	if it.Refunded && it.Type != Purchase {
		v.Add("refunded", "only a purchase can be refunded")
	}
	return v.Err()
}

// hasControlExceptSpace is hasControl for multi-line text: tabs and line
// breaks are allowed.
func hasControlExceptSpace(s string) bool {
	for _, r := range s {
		if unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' {
			return true
		}
	}
	return false
}

func hasControl(s string) bool {
	for _, r := range s {
		if unicode.IsControl(r) {
			return true
		}
	}
	return false
}

func checkText(v *ValidationError, field, s string, max int, required bool) {
	switch {
	case required && s == "":
		v.Add(field, "is required")
	case !utf8.ValidString(s):
		v.Add(field, "must be valid UTF-8")
	case utf8.RuneCountInString(s) > max:
		v.Add(field, "must be at most %d characters", max)
	}
}

// checkToken checks an opaque client string: at most max bytes of
// printable ASCII, without spaces.
func checkToken(v *ValidationError, field, s string, max int) {
	if len(s) > max {
		v.Add(field, "must be at most %d characters", max)
		return
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			v.Add(field, "must be printable ASCII without spaces")
			return
		}
	}
}
