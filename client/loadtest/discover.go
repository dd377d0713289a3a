package loadtest

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"unicode"

	"shelf/client"
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

// discoveryError says what to do about a failed discovery request.
func discoveryError(what string, opt Options, err error) error {
	if ce, ok := errors.AsType[*client.Error](err); ok {
		switch ce.StatusCode {
		case http.StatusUnauthorized:
			return fmt.Errorf("%s: 401 unauthorized: the server needs an API key: pass -key (a secret key, since discovery lists users)", what)
		case http.StatusForbidden:
			return fmt.Errorf("%s: 403 forbidden: this key may not do that: pass -key with a secret key (discovery lists users)", what)
		}
		return fmt.Errorf("%s: %w", what, err)
	}
	var se *json.SyntaxError
	if errors.As(err, &se) || strings.Contains(err.Error(), "decoding the answer") {
		return fmt.Errorf("%s: the answer is not shelf's JSON (is %s a shelf server?): %w", what, opt.BaseURL, err)
	}
	return fmt.Errorf("cannot reach shelf at %s (is it running?): %w", opt.BaseURL, err)
}

// pages reads up to discoverMaxPages pages of a listing through page,
// which returns one page's ids and names and whether another follows.
func pages(ctx context.Context, page func(ctx context.Context, n int) ([]uint64, []string, bool, error)) ([]uint64, []string, error) {
	var ids []uint64
	var names []string
	for n := 1; n <= discoverMaxPages; n++ {
		pi, pn, more, err := page(ctx, n)
		if err != nil {
			return nil, nil, err
		}
		ids, names = append(ids, pi...), append(names, pn...)
		if !more || len(pi) == 0 {
			break
		}
	}
	return ids, names, nil
}

// discover reads what the scenario needs of the shop through the Go
// client, failing with a message that says what to do when the shop is
// unreachable, locked or empty.
func discover(ctx context.Context, c *client.Client, opt Options) (*shop, error) {
	nd := scenarioNeeds(opt.Scenario)
	sh := &shop{}
	if nd.products {
		ids, names, err := pages(ctx, func(ctx context.Context, n int) ([]uint64, []string, bool, error) {
			p, err := c.Products(ctx, client.ProductQuery{Sort: "popular", Page: n, PageSize: discoverPageSize})
			if err != nil {
				return nil, nil, false, discoveryError("GET /api/products/", opt, err)
			}
			ids, names := make([]uint64, len(p.Results)), make([]string, len(p.Results))
			for i, r := range p.Results {
				ids[i], names[i] = r.ID, r.Name
			}
			return ids, names, p.Next != nil, nil
		})
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
		ids, _, err := pages(ctx, func(ctx context.Context, n int) ([]uint64, []string, bool, error) {
			p, err := c.Users(ctx, client.UserQuery{Page: n, PageSize: discoverPageSize})
			if err != nil {
				return nil, nil, false, discoveryError("GET /api/users/", opt, err)
			}
			ids := make([]uint64, len(p.Results))
			for i, r := range p.Results {
				ids[i] = r.ID
			}
			return ids, nil, p.Next != nil, nil
		})
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
		cats, err := c.Categories(ctx)
		if err != nil {
			return nil, discoveryError("GET /api/categories/", opt, err)
		}
		for _, cat := range cats {
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
