package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// ShopperHeader is the header that carries a shopper token.
const ShopperHeader = "X-Shelf-Shopper"

// maxResponse bounds how much of an answer the client reads: shelf's
// largest answers (a page of 100 products, a list of 100 items) are a few
// hundred kilobytes.
const maxResponse = 32 << 20

// Client calls one shelf's API. Its methods are safe for concurrent use.
type Client struct {
	base      string
	key       string
	shopper   string
	userAgent string
	http      *http.Client
}

// Option changes how New makes a Client.
type Option func(*Client)

// WithHTTPClient makes the client send its requests through hc (for its
// timeout, transport or redirect policy) instead of http.DefaultClient.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) { c.http = hc }
}

// WithUserAgent sets the User-Agent of every request. shelf leaves lists
// asked for by agents that look like bots ("bot", "crawl", ...) out of its
// impression counts.
func WithUserAgent(ua string) Option {
	return func(c *Client) { c.userAgent = ua }
}

// New returns a client of the shelf at baseURL (such as
// "http://127.0.0.1:8080") that authenticates with key; an empty key sends
// none (a -demo server needs none).
func New(baseURL, key string, opts ...Option) *Client {
	c := &Client{base: strings.TrimRight(baseURL, "/"), key: key, userAgent: "shelf-go-client", http: http.DefaultClient}
	for _, o := range opts {
		o(c)
	}
	return c
}

// ForShopper returns a copy of c that acts for the customer of token (from
// CreateShopperToken, or signed by the shop itself as shelf's README
// says), sending it in the X-Shelf-Shopper header with every request.
func (c *Client) ForShopper(token string) *Client {
	cc := *c
	cc.shopper = token
	return &cc
}

// call sends one request and decodes a 2xx answer into out, when out is
// not nil; any other answer is an *Error.
func (c *Client) call(ctx context.Context, method, path string, query url.Values, in, out any) error {
	u := c.base + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("shelf: encode %s %s: %w", method, path, err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return fmt.Errorf("shelf: %s %s: %w", method, path, err)
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if c.key != "" {
		req.Header.Set("Authorization", "Bearer "+c.key)
	}
	if c.shopper != "" {
		req.Header.Set(ShopperHeader, c.shopper)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return err // a *url.Error, which names the method and URL
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
	if err != nil {
		return fmt.Errorf("shelf: %s %s: reading the answer: %w", method, path, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return newError(resp, data)
	}
	if out == nil || resp.StatusCode == http.StatusNoContent {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("shelf: %s %s: decoding the answer: %w", method, path, err)
	}
	return nil
}

// get is call for a GET.
func (c *Client) get(ctx context.Context, path string, query url.Values, out any) error {
	return c.call(ctx, http.MethodGet, path, query, nil, out)
}

// idPath is a path with an id, such as /api/products/42.
func idPath(prefix string, id uint64, suffix string) string {
	return fmt.Sprintf("%s/%d%s", prefix, id, suffix)
}
