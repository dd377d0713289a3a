package client

import (
	"context"
	"net/http"
	"time"
)

// CreateSession returns a new signed guest session id
// (POST /api/sessions). shelf stores nothing for it: the id carries its
// signature, so one guest cannot guess another's.
func (c *Client) CreateSession(ctx context.Context) (string, error) {
	var out struct {
		SessionID string `json:"session_id"`
	}
	if err := c.call(ctx, http.MethodPost, "/api/sessions", nil, nil, &out); err != nil {
		return "", err
	}
	return out.SessionID, nil
}

// ShopperToken is a token that lets a publishable key act for one customer.
type ShopperToken struct {
	Token     string    `json:"token"`
	UserID    uint64    `json:"user_id"`
	ExpiresAt time.Time `json:"expires_at"`
	// Header is the header to send it in, X-Shelf-Shopper.
	Header string `json:"header"`
}

// CreateShopperToken asks for a shopper token for customer user, valid for
// ttl (from a minute to a day; 0 means shelf's default, an hour), to hand
// to the customer's pages (POST /api/shopper-tokens, secret key).
func (c *Client) CreateShopperToken(ctx context.Context, user uint64, ttl time.Duration) (*ShopperToken, error) {
	in := struct {
		UserID     uint64 `json:"user_id"`
		TTLSeconds int64  `json:"ttl_seconds,omitempty"`
	}{user, int64(ttl / time.Second)}
	var tok ShopperToken
	return result(&tok, c.call(ctx, http.MethodPost, "/api/shopper-tokens", nil, in, &tok))
}
