package store

import (
	"math"
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Validate checks a product before it is stored. Names and categories are
// trimmed of surrounding white space first.
func (p *Product) Validate() error {
	var v ValidationError
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
	if p.Price < 0 {
		v.Add("price", "must not be negative")
	} else if p.Price > MaxPriceCents {
		v.Add("price", "is too large (at most %s)", Price(MaxPriceCents))
	}
	return v.Err()
}

// Validate checks a user before it is stored.
func (u *User) Validate() error {
	var v ValidationError
	u.Username = strings.TrimSpace(u.Username)
	u.Email = strings.TrimSpace(u.Email)
	checkText(&v, "username", u.Username, MaxUsernameLen, true)
	if u.Username != "" && strings.ContainsAny(u.Username, " \t\r\n/") {
		v.Add("username", "must not contain spaces or slashes")
	}
	if u.Email != "" {
		checkText(&v, "email", u.Email, MaxEmailLen, false)
		if a, err := mail.ParseAddress(u.Email); err != nil || a.Address != u.Email {
			v.Add("email", "must be a valid e-mail address such as ana@example.com")
		}
	}
	return v.Err()
}

// Validate checks an interaction before it is stored. A guest's event has no
// user (UserID 0) and must carry a session id. Validate does not check that
// the user and product exist: the store does that when it writes.
func (it *Interaction) Validate() error {
	var v ValidationError
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
	return v.Err()
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
