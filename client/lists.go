package client

import (
	"context"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
)

// ListOptions are the parameters every list endpoint takes. The zero value
// asks for shelf's defaults (10 items, page 1, no filters, no placement).
type ListOptions struct {
	// Count is how many items, 1 to 100; 0 means the default (10, or the
	// placement's).
	Count int
	// Page is page N of Count items of one ranking, from 1; 0 means 1.
	Page int
	// Placement names the placement that shapes the list.
	Placement string
	// Filters keep only the products that match.
	Filters Filters
	// Exclude leaves these products out (at most 500): what the page
	// already shows.
	Exclude []uint64
	// ExcludeShown leaves out what the shopper was shown in the last 30
	// minutes.
	ExcludeShown bool
	// UserID and SessionID say who a popular, similar or bought-together
	// list is for (for ExcludeShown, and for the experiment of the
	// placement); the personal lists name their shopper in the path and
	// ignore them.
	UserID    uint64
	SessionID string
}

// Filters narrow a list to the products that match every field given.
type Filters struct {
	Category string
	Brand    string
	Tag      string
	// MinPrice and MaxPrice bound the price; nil means no bound.
	MinPrice *Price
	MaxPrice *Price
}

// values encodes the options as query parameters; personal lists leave
// out who the list is for.
func (o *ListOptions) values(personal bool) url.Values {
	v := url.Values{}
	if o == nil {
		return v
	}
	setInt := func(k string, n int) {
		if n != 0 {
			v.Set(k, strconv.Itoa(n))
		}
	}
	setStr := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	setInt("count", o.Count)
	setInt("page", o.Page)
	setStr("placement", o.Placement)
	setStr("category", o.Filters.Category)
	setStr("brand", o.Filters.Brand)
	setStr("tag", o.Filters.Tag)
	if o.Filters.MinPrice != nil {
		v.Set("min_price", o.Filters.MinPrice.String())
	}
	if o.Filters.MaxPrice != nil {
		v.Set("max_price", o.Filters.MaxPrice.String())
	}
	if len(o.Exclude) > 0 {
		ids := make([]string, len(o.Exclude))
		for i, id := range o.Exclude {
			ids[i] = strconv.FormatUint(id, 10)
		}
		v.Set("exclude", strings.Join(ids, ","))
	}
	if o.ExcludeShown {
		v.Set("exclude_shown", "true")
	}
	if !personal {
		if o.UserID != 0 {
			v.Set("user_id", strconv.FormatUint(o.UserID, 10))
		}
		setStr("session_id", o.SessionID)
	}
	return v
}

// List is one list shelf served: a user's or a guest's recommendations,
// the products similar to or bought with one, or the popular ones.
type List struct {
	// RecommendationID names this list; send it back with a click on one
	// of its items (Interaction.RecommendationID).
	RecommendationID string
	// Placement is the placement that shaped the list, if any.
	Placement string
	// Experiment and Variant say which experiment of the placement the
	// shopper is in and which variant they got (0 and "" outside one).
	Experiment uint64
	Variant    string
	// Page is the page number, from 1.
	Page int
	// UserID, SessionID or ProductID is what the list is for.
	UserID    uint64
	SessionID string
	ProductID uint64
	// Items are the list's products in order.
	Items []Recommendation
}

// listBody is a list answer: its items come under "recommendations",
// "similar" or "products" depending on the endpoint.
type listBody struct {
	RecommendationID string           `json:"recommendation_id"`
	Placement        string           `json:"placement"`
	Experiment       uint64           `json:"experiment"`
	Variant          string           `json:"variant"`
	Page             int              `json:"page"`
	UserID           uint64           `json:"user_id"`
	SessionID        string           `json:"session_id"`
	ProductID        uint64           `json:"product_id"`
	Recommendations  []Recommendation `json:"recommendations"`
	Similar          []Recommendation `json:"similar"`
	Products         []Recommendation `json:"products"`
}

// UnmarshalJSON reads any of shelf's list answers.
func (l *List) UnmarshalJSON(b []byte) error {
	var body listBody
	if err := json.Unmarshal(b, &body); err != nil {
		return err
	}
	*l = List{RecommendationID: body.RecommendationID, Placement: body.Placement, Experiment: body.Experiment,
		Variant: body.Variant, Page: max(body.Page, 1), UserID: body.UserID, SessionID: body.SessionID, ProductID: body.ProductID}
	switch {
	case body.Recommendations != nil:
		l.Items = body.Recommendations
	case body.Similar != nil:
		l.Items = body.Similar
	default:
		l.Items = body.Products
	}
	return nil
}

// Recommendation is one item of a list.
type Recommendation struct {
	ProductID uint64 `json:"product_id"`
	// Position is the item's place in the ranking, from 1, counted across
	// pages.
	Position    int    `json:"position"`
	ProductName string `json:"product_name"`
	Category    string `json:"category"`
	Price       Price  `json:"price"`
	ImageURL    string `json:"image_url,omitempty"`
	URL         string `json:"url,omitempty"`
	Brand       string `json:"brand,omitempty"`
	// ConfidenceScore is the blended score, 0 to 1; CFScore and MFScore
	// two of the models' scores, and Scores every model's.
	ConfidenceScore float64            `json:"confidence_score"`
	CFScore         float64            `json:"cf_score"`
	MFScore         float64            `json:"mf_score"`
	Scores          map[string]float64 `json:"scores,omitempty"`
	// Reason says in words why the item is there.
	Reason string `json:"reason,omitempty"`
	// Because names the shopper's own interaction the reason refers to.
	Because *Because `json:"because,omitempty"`
	// Rules names the placement's rules that moved the item.
	Rules []AppliedRule `json:"rules,omitempty"`
	// PopularityScore is the item's popularity, in lists of popular
	// products not shaped by a placement.
	PopularityScore float64 `json:"popularity_score,omitempty"`
}

// UnmarshalJSON reads an item in the recommendation shape, or in the
// product shape ({"id", "name", ...}) that a popular list without a
// placement has, so that every list has the same items.
func (r *Recommendation) UnmarshalJSON(b []byte) error {
	type plain Recommendation // without this method
	var item struct {
		plain
		ID   uint64 `json:"id"`
		Name string `json:"name"`
	}
	if err := json.Unmarshal(b, &item); err != nil {
		return err
	}
	*r = Recommendation(item.plain)
	if r.ProductID == 0 {
		r.ProductID, r.ProductName = item.ID, item.Name
	}
	return nil
}

// Because is the shopper's interaction that a reason refers to.
type Because struct {
	ProductID   uint64 `json:"product_id"`
	ProductName string `json:"product_name"`
	// InteractionType is what the shopper did, when shelf says.
	InteractionType InteractionType `json:"interaction_type,omitempty"`
}

// AppliedRule is a placement's rule that moved an item: its index among the
// placement's rules and its type.
type AppliedRule struct {
	Rule int    `json:"rule"`
	Type string `json:"type"`
}

// Recommendations returns user's personalised recommendations
// (GET /api/recommendations/{user_id}/). A publishable key needs the
// user's shopper token (ForShopper).
func (c *Client) Recommendations(ctx context.Context, user uint64, opts *ListOptions) (*List, error) {
	var l List
	err := c.get(ctx, idPath("/api/recommendations", user, ""), opts.values(true), &l)
	return result(&l, err)
}

// SessionRecommendations returns a guest's recommendations, from the events
// recorded under session (GET /api/recommendations/session/{session_id}/);
// a session with no events gets popular products.
func (c *Client) SessionRecommendations(ctx context.Context, session string, opts *ListOptions) (*List, error) {
	var l List
	err := c.get(ctx, "/api/recommendations/session/"+url.PathEscape(session), opts.values(true), &l)
	return result(&l, err)
}

// Similar returns the products like product
// (GET /api/products/{id}/similar/).
func (c *Client) Similar(ctx context.Context, product uint64, opts *ListOptions) (*List, error) {
	var l List
	err := c.get(ctx, idPath("/api/products", product, "/similar"), opts.values(false), &l)
	return result(&l, err)
}

// BoughtTogether returns the products often carted or bought with product
// (GET /api/products/{id}/bought-together/).
func (c *Client) BoughtTogether(ctx context.Context, product uint64, opts *ListOptions) (*List, error) {
	var l List
	err := c.get(ctx, idPath("/api/products", product, "/bought-together"), opts.values(false), &l)
	return result(&l, err)
}

// Popular returns the trending products (GET /api/popular/).
func (c *Client) Popular(ctx context.Context, opts *ListOptions) (*List, error) {
	var l List
	err := c.get(ctx, "/api/popular", opts.values(false), &l)
	return result(&l, err)
}

// result is v, or nil when err is not.
func result[T any](v *T, err error) (*T, error) {
	if err != nil {
		return nil, err
	}
	return v, nil
}
