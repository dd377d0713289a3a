package client

import (
	"context"
	"net/url"
	"strconv"
	"time"
)

// User is a shopper of the shop.
type User struct {
	ID       uint64    `json:"id"`
	Username string    `json:"username"`
	Email    string    `json:"email"`
	JoinedAt time.Time `json:"date_joined"`
}

// UserQuery selects a page of users. The zero value is the first 20.
type UserQuery struct {
	// Prefix keeps the users whose username starts with it.
	Prefix string
	// Page counts from 1; 0 means 1. PageSize is at most 100; 0 means 20.
	Page     int
	PageSize int
}

// UserPage is one page of users.
type UserPage struct {
	Results []User  `json:"results"`
	Count   int     `json:"count"`
	Next    *string `json:"next"`
}

// Users returns a page of the shop's users (GET /api/users/, secret key).
func (c *Client) Users(ctx context.Context, q UserQuery) (*UserPage, error) {
	v := url.Values{}
	if q.Prefix != "" {
		v.Set("q", q.Prefix)
	}
	for k, n := range map[string]int{"page": q.Page, "page_size": q.PageSize} {
		if n != 0 {
			v.Set(k, strconv.Itoa(n))
		}
	}
	var page UserPage
	return result(&page, c.get(ctx, "/api/users", v, &page))
}

// Category is one category of the catalog and how many products it has.
type Category struct {
	Name         string `json:"name"`
	ProductCount int    `json:"product_count"`
}

// Categories returns the catalog's categories (GET /api/categories/).
func (c *Client) Categories(ctx context.Context) ([]Category, error) {
	var out struct {
		Categories []Category `json:"categories"`
	}
	if err := c.get(ctx, "/api/categories", nil, &out); err != nil {
		return nil, err
	}
	return out.Categories, nil
}

// CacheCounts are the recommendation cache's hits and misses since start.
type CacheCounts struct {
	Hits   uint64 `json:"hits"`
	Misses uint64 `json:"misses"`
}

// ModelCache returns the recommendation cache's counters from GET
// /api/model/ (secret key); nil when the answer has none.
func (c *Client) ModelCache(ctx context.Context) (*CacheCounts, error) {
	var out struct {
		Cache *CacheCounts `json:"cache"`
	}
	if err := c.get(ctx, "/api/model", nil, &out); err != nil {
		return nil, err
	}
	return out.Cache, nil
}
