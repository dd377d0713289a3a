// Package store holds shelf's domain types and keeps them in one bbolt file.
//
// Callers see products, users, interactions and profiles; buckets, keys and
// byte slices never leave this package, and values are copied out of bbolt
// before a method returns. Most methods are one short transaction. The
// exceptions: AddInteraction checks what it refers to in a read
// transaction before it joins a shared write; an import of more than
// 50,000 interactions commits in chunks behind an undo journal, and
// undoing one (after a failure, or in Open) takes several transactions
// too; the ForEach methods, Stats, Counts, ListInteractions without a user
// filter and Backup hold one read transaction while they read every record
// of a kind (or the whole file); DeleteProduct reads every interaction in
// its write transaction; Check, and Verify on a store opened read-write,
// hold the write lock while they run. Open and Verify read the file's meta
// pages before bbolt maps it, so that an empty or truncated file is an
// error rather than a new shop or a SIGBUS.
// Interaction writes from concurrent callers share one fsync through
// bbolt's Batch, and every acknowledged write is on disk.
package store

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Product is one item of the shop's catalog. Every field after CreatedAt
// is optional (see product_fields.go).
type Product struct {
	ID          uint64    `json:"id"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	Category    string    `json:"category"`
	Price       Price     `json:"price"`
	CreatedAt   time.Time `json:"created_at"`
	// ImageURL and URL are the product's picture and its page in the shop:
	// an http(s) URL or a path on shelf's own host.
	ImageURL string   `json:"image_url,omitempty"`
	URL      string   `json:"url,omitempty"`
	Brand    string   `json:"brand,omitempty"`
	Tags     []string `json:"tags,omitempty"`
	// Stock is how many are in stock; nil means the shop does not track it.
	Stock *int64 `json:"stock,omitempty"`
	// Active false hides a product from shoppers; nil means true, and is
	// what Validate makes of true (see SetActive).
	Active *bool `json:"active,omitempty"`
	// Attributes are small facts such as colour or size.
	Attributes map[string]string `json:"attributes,omitempty"`
	// SKUs are the shop's stock-keeping units of the product, one per
	// variant: how orders from a shop platform name what was bought.
	SKUs []string `json:"skus,omitempty"`
}

// User is a shopper. The password hash is never serialised.
type User struct {
	ID           uint64    `json:"id"`
	Username     string    `json:"username"`
	Email        string    `json:"email"`
	PasswordHash string    `json:"-"`
	JoinedAt     time.Time `json:"date_joined"`
}

// Interaction is one event of a user (or a guest session) with a product.
// A guest's event has UserID 0 and a SessionID.
type Interaction struct {
	ID        uint64          `json:"id"`
	UserID    uint64          `json:"user_id,omitempty"`
	ProductID uint64          `json:"product_id"`
	Type      InteractionType `json:"interaction_type"`
	// Rating is nil when the event carries no rating; otherwise 0 to 5.
	Rating    *float64  `json:"rating,omitempty"`
	Timestamp time.Time `json:"timestamp"`
	SessionID string    `json:"session_id,omitempty"`
	// RecommendationID is, on a view, the list the shopper clicked it
	// from (a recommendation click); on a cart or purchase, the list it
	// is attributed to. Empty for neither.
	RecommendationID string `json:"recommendation_id,omitempty"`
	// Value is the amount of a cart or purchase line, kept with the event
	// since prices change; nil when the event has none.
	Value *Price `json:"value,omitempty"`
	// EventID is the client's id of the event: a retry with the same id
	// is recorded once.
	EventID string `json:"event_id,omitempty"`
	// Refunded marks a purchase that was cancelled or refunded.
	Refunded bool `json:"refunded,omitempty"`
}

// Profile is what the models learned about a user.
type Profile struct {
	UserID        uint64             `json:"user_id"`
	Preferences   map[string]float64 `json:"preferences"`
	TopCategories []string           `json:"top_categories"`
	Embedding     []float32          `json:"embedding"`
	UpdatedAt     time.Time          `json:"updated_at"`
}

// Limits on field sizes, checked by Validate.
const (
	MaxNameLen        = 200
	MaxDescriptionLen = 5000
	MaxCategoryLen    = 100
	MaxUsernameLen    = 150
	MaxEmailLen       = 254
	MaxSessionIDLen   = 100
	MaxEventIDLen     = 100
	MaxRecIDLen       = 200
	MaxURLLen         = 2048
	MaxBrandLen       = 100
	MaxTags           = 20
	MaxTagLen         = 50
	MaxAttributes     = 20
	MaxAttrKeyLen     = 50
	MaxAttrValueLen   = 200
	MaxSKUs           = 100
	MaxSKULen         = 100
	MaxStock          = 1_000_000_000_000
	MaxPriceCents     = 100_000_000_00 // 100 million in the shop's currency
)

// InteractionType is what a user did with a product.
type InteractionType uint8

// The interaction types, in funnel order. The zero value is invalid.
const (
	View InteractionType = iota + 1
	Like
	Cart
	Purchase
)

// InteractionTypes lists every valid type in funnel order.
var InteractionTypes = []InteractionType{View, Like, Cart, Purchase}

var typeNames = [...]string{View: "view", Like: "like", Cart: "cart", Purchase: "purchase"}

// String returns the API name of the type ("view", "like", "cart", "purchase").
func (t InteractionType) String() string {
	if t >= View && t <= Purchase {
		return typeNames[t]
	}
	return "invalid(" + strconv.Itoa(int(t)) + ")"
}

// Valid reports whether t is one of the four types.
func (t InteractionType) Valid() bool { return t >= View && t <= Purchase }

// ParseInteractionType parses the API name of a type.
func ParseInteractionType(s string) (InteractionType, error) {
	for _, t := range InteractionTypes {
		if typeNames[t] == s {
			return t, nil
		}
	}
	return 0, fmt.Errorf("must be one of view, like, cart, purchase (got %q)", s)
}

// MarshalJSON writes the type's name.
func (t InteractionType) MarshalJSON() ([]byte, error) {
	if !t.Valid() {
		return nil, fmt.Errorf("invalid interaction type %d", t)
	}
	return []byte(`"` + t.String() + `"`), nil
}

// UnmarshalJSON reads the type's name.
func (t *InteractionType) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("must be a string: one of view, like, cart, purchase")
	}
	v, err := ParseInteractionType(s)
	if err != nil {
		return err
	}
	*t = v
	return nil
}

// Price is an exact amount in hundredths of the shop's currency: prices are
// never floats. In JSON it is a number with two decimals (19.90); on input a
// number or a string with at most two decimals is accepted.
type Price int64

// ParsePrice parses "19.9", "19.90", "20" or "0.05". Negative values, more than
// two decimals, exponents and values above MaxPriceCents are errors.
func ParsePrice(s string) (Price, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, fmt.Errorf("must be a decimal number such as 19.90")
	}
	if s[0] == '-' {
		return 0, fmt.Errorf("must not be negative")
	}
	whole, frac, hasDot := strings.Cut(s, ".")
	if whole == "" || !allDigits(whole) || (hasDot && (frac == "" || !allDigits(frac))) {
		return 0, fmt.Errorf("must be a decimal number such as 19.90 (got %q)", s)
	}
	if len(frac) > 2 {
		return 0, fmt.Errorf("must have at most two decimal places (got %q)", s)
	}
	if len(whole) > 12 {
		return 0, fmt.Errorf("is too large (at most %s)", Price(MaxPriceCents))
	}
	w, _ := strconv.ParseInt(whole, 10, 64)
	for len(frac) < 2 {
		frac += "0"
	}
	f, _ := strconv.ParseInt(frac, 10, 64)
	p := Price(w*100 + f)
	if p > MaxPriceCents {
		return 0, fmt.Errorf("is too large (at most %s)", Price(MaxPriceCents))
	}
	return p, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// String formats the price with two decimals.
func (p Price) String() string { return string(p.Append(make([]byte, 0, 16))) }

// Append appends the price with two decimals to b: the one price formatter,
// for text, JSON and exports (without fmt: exports write millions).
func (p Price) Append(b []byte) []byte {
	if p < 0 {
		b = append(b, '-')
		p = -p
	}
	b = strconv.AppendInt(b, int64(p)/100, 10)
	c := int64(p) % 100
	return append(b, '.', byte('0'+c/10), byte('0'+c%10))
}

// Float returns the price as a float, for display and model features only.
func (p Price) Float() float64 { return float64(p) / 100 }

// MarshalJSON writes the price as a JSON number with two decimals.
func (p Price) MarshalJSON() ([]byte, error) { return p.Append(make([]byte, 0, 16)), nil }

// UnmarshalJSON accepts a JSON number or a string holding one.
func (p *Price) UnmarshalJSON(b []byte) error {
	s := string(b)
	if len(s) > 0 && s[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return fmt.Errorf("must be a decimal number such as 19.90")
		}
	} else if s == "null" || s == "true" || s == "false" || (len(s) > 0 && (s[0] == '{' || s[0] == '[')) {
		return fmt.Errorf("must be a decimal number such as 19.90")
	}
	v, err := ParsePrice(s)
	if err != nil {
		return err
	}
	*p = v
	return nil
}
