package demo

import (
	"strconv"
	"time"
)

// Product is one generated catalog item. It mirrors the store's product
// field for field, so that a loader converts it without decisions.
type Product struct {
	ID          uint64
	Name        string
	Description string
	Category    string
	Price       int64 // in cents: .99, .49 or .00 endings
	CreatedAt   time.Time
	// ImageURL is ImagePath(ID): shelf serves ProductImage there.
	ImageURL string
	// URL is the product's page in the embedded storefront, ProductPath(ID).
	URL   string
	Brand string
	// Tags are 2 to 5 distinct lower-case tags, such as "headphones",
	// "audio", "new" or "sale".
	Tags []string
	// Stock is the number in stock, 0 to 60; nil when the shop does not
	// track it.
	Stock *int64
	// Active is false for the few products the shop has withdrawn. Unlike
	// the store's Active, the zero value is inactive.
	Active bool
	// Attributes are at most three small facts: "colour" (or the
	// category's own word for a variant, such as "format"), "size" and
	// "material". Nil when there are none.
	Attributes map[string]string
}

// User is one generated shopper. Demo users have no password, so they
// cannot log in.
type User struct {
	ID       uint64
	Username string
	Email    string
	JoinedAt time.Time
}

// Interaction is one generated event of a user with a product. Every demo
// event has a user; none is a guest's.
type Interaction struct {
	ID        uint64
	UserID    uint64
	ProductID uint64
	Type      EventType
	// Rating is nil when the event carries no rating; otherwise 1 to 5,
	// and only on purchases.
	Rating    *float64
	Timestamp time.Time
	SessionID string
}

// EventType is what a user did with a product. Its numbering is the one
// store.InteractionType and model.EventType use (View 1, Like 2, Cart 3,
// Purchase 4), so that callers convert with a plain type conversion; this
// package imports neither so that model tests can use it without the
// store.
type EventType uint8

// The event types, in funnel order. The zero value is invalid.
const (
	View EventType = iota + 1
	Like
	Cart
	Purchase
)

var eventTypeNames = [...]string{View: "view", Like: "like", Cart: "cart", Purchase: "purchase"}

// String returns the type's API name ("view", "like", "cart", "purchase"),
// as the events CSV format spells it.
func (t EventType) String() string {
	if t >= View && t <= Purchase {
		return eventTypeNames[t]
	}
	return "invalid(" + strconv.Itoa(int(t)) + ")"
}
