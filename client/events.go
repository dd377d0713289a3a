package client

import (
	"context"
	"net/http"
	"time"
)

// InteractionType is what a shopper did with a product.
type InteractionType string

// The interaction types, in funnel order.
const (
	View     InteractionType = "view"
	Like     InteractionType = "like"
	Cart     InteractionType = "cart"
	Purchase InteractionType = "purchase"
)

// Interaction is one event to record. It names a customer (UserID) or a
// guest (SessionID only), and a product.
type Interaction struct {
	UserID    uint64          `json:"user_id,omitempty"`
	SessionID string          `json:"session_id,omitempty"`
	ProductID uint64          `json:"product_id"`
	Type      InteractionType `json:"interaction_type"`
	// Rating is an optional 0 to 5 rating.
	Rating *float64 `json:"rating,omitempty"`
	// Timestamp is when it happened; zero means now.
	Timestamp time.Time `json:"timestamp,omitzero"`
	// RecommendationID is the id of the list the shopper clicked the
	// product in, sent with the view of a click.
	RecommendationID string `json:"recommendation_id,omitempty"`
	// Value is the amount of a cart or purchase line; nil means the
	// product's price now.
	Value *Price `json:"value,omitempty"`
	// EventID is the client's own id of the event (at most 100 bytes of
	// printable ASCII): a retry with the same id is recorded once.
	EventID string `json:"event_id,omitempty"`
}

// Recorded is shelf's answer to a recorded interaction.
type Recorded struct {
	Message string `json:"message"`
	// ID is the interaction's id (the first one's, for a duplicate).
	ID uint64 `json:"id"`
	// Recommendation is what shelf made of a RecommendationID: "click",
	// "attributed" or "expired"; empty when there was nothing to credit.
	Recommendation string `json:"recommendation,omitempty"`
	// Duplicate is true when EventID was recorded before; nothing new was.
	Duplicate bool `json:"duplicate,omitempty"`
}

// RecordInteraction records one event (POST /api/interaction/). A
// publishable key needs the customer's shopper token for a UserID
// (ForShopper) and a session id shelf issued for a SessionID.
func (c *Client) RecordInteraction(ctx context.Context, it Interaction) (*Recorded, error) {
	var out Recorded
	return result(&out, c.call(ctx, http.MethodPost, "/api/interaction", nil, it, &out))
}

// RefundRequest names the purchase to mark refunded or cancelled: by its
// interaction id or by the EventID it was recorded with.
type RefundRequest struct {
	InteractionID uint64 `json:"interaction_id,omitempty"`
	EventID       string `json:"event_id,omitempty"`
}

// Refunded is shelf's answer to a refund.
type Refunded struct {
	ID       uint64 `json:"id"`
	Refunded bool   `json:"refunded"`
	// Value is the amount refunded.
	Value Price `json:"value"`
}

// Refund marks a purchase refunded or cancelled (POST /api/refunds,
// secret key): shelf answers 409 when it was refunded already or is not a
// purchase, 404 when there is no such event.
func (c *Client) Refund(ctx context.Context, r RefundRequest) (*Refunded, error) {
	var out Refunded
	return result(&out, c.call(ctx, http.MethodPost, "/api/refunds", nil, r, &out))
}
