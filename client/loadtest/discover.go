package loadtest

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"unicode"
)

// Discovery reads at most this many pages of 100 users and products: enough
// for realistic draws, and bounded so that a huge shop does not turn the
// start of a benchmark into a crawl.
const (
	discoverPageSize = 100
	discoverMaxPages = 20
	maxWords         = 2000
)

// shop is what a run knows of the shop under test.
type shop struct {
	users      []uint64 // in id order
	products   []uint64 // most popular first
	categories []string
	words      []string // lowercase words of product names, at least 3 letters
}

// needs says which parts of the shop a scenario draws from.
type needs struct{ users, products, categories, words bool }

func scenarioNeeds(s string) needs {
	switch s {
	case ScenarioIngest:
		return needs{users: true, products: true}
	case ScenarioRecommend:
		return needs{users: true}
	case ScenarioRecommendNoCache:
		return needs{users: true, categories: true}
	case ScenarioSearch:
		return needs{products: true, words: true}
	case ScenarioSimilar:
		return needs{products: true}
	default:
		return needs{users: true, products: true, categories: true, words: true}
	}
}

// apiError is a non-2xx answer during discovery or a status probe.
type apiError struct {
	path   string
	status int
	body   string
}

func (e *apiError) Error() string {
	switch e.status {
	case http.StatusUnauthorized:
		return fmt.Sprintf("GET %s: 401 unauthorized: the server needs an API key: pass -key (a secret key, since discovery lists users)", e.path)
	case http.StatusForbidden:
		return fmt.Sprintf("GET %s: 403 forbidden: this key may not do that: pass -key with a secret key (discovery lists users)", e.path)
	}
	return fmt.Sprintf("GET %s: status %d: %s", e.path, e.status, e.body)
}

// getJSON fetches base+path into dst.
func getJSON(ctx context.Context, c *http.Client, opt Options, path string, dst any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, opt.BaseURL+path, nil)
	if err != nil {
		return err
	}
	setHeaders(req, opt.APIKey)
	resp, err := c.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("cannot reach shelf at %s (is it running?): %w", opt.BaseURL, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return &apiError{path: path, status: resp.StatusCode, body: strings.TrimSpace(string(body))}
	}
	if err := json.NewDecoder(resp.Body).Decode(dst); err != nil {
		return fmt.Errorf("GET %s: the answer is not shelf's JSON (is %s a shelf server?): %w", path, opt.BaseURL, err)
	}
	return nil
}

func setHeaders(req *http.Request, key string) {
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	if req.Body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
}

// idPage is the part of a listing page discovery reads.
type idPage struct {
	Results []struct {
		ID   uint64 `json:"id"`
		Name string `json:"name"`
	} `json:"results"`
	Next *string `json:"next"`
}

// listIDs pages through a listing, returning ids and names in its order.
func listIDs(ctx context.Context, c *http.Client, opt Options, path string) ([]uint64, []string, error) {
	var ids []uint64
	var names []string
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	for page := 1; page <= discoverMaxPages; page++ {
		var p idPage
		if err := getJSON(ctx, c, opt, fmt.Sprintf("%s%spage_size=%d&page=%d", path, sep, discoverPageSize, page), &p); err != nil {
			return nil, nil, err
		}
		for _, r := range p.Results {
			ids = append(ids, r.ID)
			names = append(names, r.Name)
		}
		if p.Next == nil || len(p.Results) == 0 {
			break
		}
	}
	return ids, names, nil
}

// discover reads what the scenario needs of the shop, failing with a
// message that says what to do when the shop is unreachable, locked or
// empty.
func discover(ctx context.Context, c *http.Client, opt Options) (*shop, error) {
	nd := scenarioNeeds(opt.Scenario)
	sh := &shop{}
	if nd.products {
		ids, names, err := listIDs(ctx, c, opt, "/api/products/?sort=popular")
		if err != nil {
			return nil, err
		}
		if len(ids) == 0 {
			return nil, errors.New("the shop has no products: import a catalog, or start shelf with -demo")
		}
		sh.products = ids
		if nd.words {
			sh.words = wordsOf(names)
			if len(sh.words) == 0 {
				return nil, errors.New("no product name has a word of 3 letters or more to search for")
			}
		}
	}
	if nd.users {
		ids, _, err := listIDs(ctx, c, opt, "/api/users/")
		if err != nil {
			return nil, err
		}
		if len(ids) == 0 {
			return nil, errors.New("the shop has no users: import some, or start shelf with -demo")
		}
		slices.Sort(ids)
		sh.users = ids
	}
	if nd.categories {
		var cats struct {
			Categories []struct {
				Name string `json:"name"`
			} `json:"categories"`
		}
		if err := getJSON(ctx, c, opt, "/api/categories/", &cats); err != nil {
			return nil, err
		}
		for _, cat := range cats.Categories {
			sh.categories = append(sh.categories, cat.Name)
		}
	}
	return sh, nil
}

// wordsOf returns the distinct lowercase words of at least three letters in
// names, most frequent first (ties alphabetical, so the list is stable),
// at most maxWords of them.
func wordsOf(names []string) []string {
	freq := map[string]int{}
	for _, n := range names {
		for _, w := range strings.FieldsFunc(strings.ToLower(n), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			if len([]rune(w)) >= 3 {
				freq[w]++
			}
		}
	}
	words := make([]string, 0, len(freq))
	for w := range freq {
		words = append(words, w)
	}
	slices.SortFunc(words, func(a, b string) int {
		if c := cmp.Compare(freq[b], freq[a]); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	return words[:min(len(words), maxWords)]
}
