package client

import (
	"context"
	"net/url"
	"strconv"
	"time"
)

// Product is one product of the shop's catalog. Every field after
// CreatedAt is optional.
type Product struct {
	ID          uint64    `json:"id"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	Category    string    `json:"category"`
	Price       Price     `json:"price"`
	CreatedAt   time.Time `json:"created_at"`
	ImageURL    string    `json:"image_url,omitempty"`
	URL         string    `json:"url,omitempty"`
	Brand       string    `json:"brand,omitempty"`
	Tags        []string  `json:"tags,omitempty"`
	// Stock is how many are in stock; nil when the shop does not track it.
	Stock *int64 `json:"stock,omitempty"`
	// Active is false for a product hidden from shoppers; nil means true.
	Active     *bool             `json:"active,omitempty"`
	Attributes map[string]string `json:"attributes,omitempty"`
}

// ProductQuery selects and orders a page of the catalog. The zero value is
// the first 20 products, newest first.
type ProductQuery struct {
	Category string
	// MinPrice and MaxPrice bound the price; nil means no bound.
	MinPrice *Price
	MaxPrice *Price
	// Sort is "newest" (the default), "price", "-price" or "popular".
	Sort string
	// Page counts from 1; 0 means 1. PageSize is at most 100; 0 means 20.
	Page     int
	PageSize int
}

// ProductPage is one page of the catalog.
type ProductPage struct {
	Results []Product `json:"results"`
	// Count is the number of products of the whole listing.
	Count int `json:"count"`
	// Next and Previous are the paths of the pages around this one, nil
	// at either end.
	Next     *string `json:"next"`
	Previous *string `json:"previous"`
}

// Products returns a page of the catalog (GET /api/products/).
func (c *Client) Products(ctx context.Context, q ProductQuery) (*ProductPage, error) {
	v := url.Values{}
	for k, s := range map[string]string{"category": q.Category, "sort": q.Sort} {
		if s != "" {
			v.Set(k, s)
		}
	}
	for k, p := range map[string]*Price{"min_price": q.MinPrice, "max_price": q.MaxPrice} {
		if p != nil {
			v.Set(k, p.String())
		}
	}
	for k, n := range map[string]int{"page": q.Page, "page_size": q.PageSize} {
		if n != 0 {
			v.Set(k, strconv.Itoa(n))
		}
	}
	var page ProductPage
	return result(&page, c.get(ctx, "/api/products", v, &page))
}
