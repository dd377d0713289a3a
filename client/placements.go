package client

import (
	"context"
	"net/http"
	"net/url"
	"time"
)

// Placement is a named spot of the shop where a list appears (the home
// page, a product page, the cart), with how its list is made. Only Name
// and Strategy are required.
type Placement struct {
	Name string `json:"name"`
	// Strategy is personal, similar, bought-together or trending: which
	// list it shows, and so which endpoint may ask for it.
	Strategy string `json:"strategy"`
	// Count is the list's length when a request does not say; shelf's
	// default is 10.
	Count int `json:"count,omitempty"`
	// Filters are the filters a request does not give itself.
	Filters *PlacementFilters `json:"filters,omitempty"`
	// Fallback fills the list when too few products qualify: trending
	// (the default) or none.
	Fallback       string `json:"fallback,omitempty"`
	MaxPerCategory int    `json:"max_per_category,omitempty"`
	MaxPerBrand    int    `json:"max_per_brand,omitempty"`
	Rules          []Rule `json:"rules,omitempty"`
	// UpdatedAt is when it was last saved; shelf ignores it on input.
	UpdatedAt time.Time `json:"updated_at,omitzero"`
}

// PlacementFilters are a placement's default filters.
type PlacementFilters struct {
	Category string `json:"category,omitempty"`
	Brand    string `json:"brand,omitempty"`
	Tag      string `json:"tag,omitempty"`
	MinPrice *Price `json:"min_price,omitempty"`
	MaxPrice *Price `json:"max_price,omitempty"`
}

// Rule is one of a placement's rules: pin (ProductID at Position, from 1),
// boost or bury (multiply the scores of the products matching When by
// Factor) or exclude (leave them out), optionally only from From until
// Until.
type Rule struct {
	Type      string     `json:"type"`
	ProductID uint64     `json:"product_id,omitempty"`
	Position  int        `json:"position,omitempty"`
	Factor    float64    `json:"factor,omitempty"`
	When      *Condition `json:"when,omitempty"`
	From      *time.Time `json:"from,omitempty"`
	Until     *time.Time `json:"until,omitempty"`
}

// Condition is which products a rule applies to: those matching every
// field given.
type Condition struct {
	Category      string            `json:"category,omitempty"`
	Brand         string            `json:"brand,omitempty"`
	Tag           string            `json:"tag,omitempty"`
	Attributes    map[string]string `json:"attributes,omitempty"`
	MinPrice      *Price            `json:"min_price,omitempty"`
	MaxPrice      *Price            `json:"max_price,omitempty"`
	NewerThanDays float64           `json:"newer_than_days,omitempty"`
	IDs           []uint64          `json:"ids,omitempty"`
}

// Placement returns the placement called name
// (GET /api/placements/{name}, secret key).
func (c *Client) Placement(ctx context.Context, name string) (*Placement, error) {
	var p Placement
	return result(&p, c.get(ctx, "/api/placements/"+url.PathEscape(name), nil, &p))
}

// PutPlacement creates or replaces the placement called p.Name and returns
// it as saved, with its defaults (PUT /api/placements/{name}, secret
// key).
func (c *Client) PutPlacement(ctx context.Context, p Placement) (*Placement, error) {
	var out Placement
	return result(&out, c.call(ctx, http.MethodPut, "/api/placements/"+url.PathEscape(p.Name), nil, p, &out))
}
