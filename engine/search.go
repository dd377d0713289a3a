package engine

import (
	"cmp"
	"math"
	"slices"

	"shelf/store"
	"shelf/store/search"
)

// SearchResult is one product found by a search.
type SearchResult struct {
	Product store.Product
	// Relevance is the text score.
	Relevance float64
	// Personalization is in [0, 1]: how well the product's category matches
	// the user's recent interests (0 without a user).
	Personalization float64
}

// SearchSort orders search results.
type SearchSort string

// The search orders. Ties of price or date keep the relevance order.
const (
	SortRelevance SearchSort = "relevance"
	SortPriceAsc  SearchSort = "price_asc"
	SortPriceDesc SearchSort = "price_desc"
	SortNewest    SearchSort = "newest"
)

// SearchSorts lists the orders a search accepts.
var SearchSorts = []SearchSort{SortRelevance, SortPriceAsc, SortPriceDesc, SortNewest}

// SearchQuery is one search: the text, who asks, the filters and the page.
type SearchQuery struct {
	Text string
	// UserID, when not 0, reorders the best matches by the user's taste.
	UserID uint64
	// Category, when not "", keeps the products of that category only.
	Category string
	// MinPrice and MaxPrice bound the price, inclusive; MaxPrice < 0 means
	// no upper bound.
	MinPrice, MaxPrice store.Price
	// Sort is the order; "" is SortRelevance.
	Sort          SearchSort
	Offset, Limit int
	// All finds unavailable products too (for the shop's own staff).
	All bool
}

// SearchPage is one page of search results and how the query was read.
type SearchPage struct {
	Results []SearchResult
	// Total counts the matching products that pass the filters.
	Total int
	// Terms are the query's words and the indexed words each matched.
	Terms []search.Term
	// Corrected is the query with its typo-only words replaced, or "".
	Corrected string
}

// searchRerankWindow is how many of the best text matches a user's
// interests may reorder.
const searchRerankWindow = 100

// Search finds products by text, filtered before they are counted and
// paged. In relevance order with a user, the best matches are reordered by
// the user's interest in their categories, and each result says how much
// that counted. Unavailable products are found only with q.All.
func (e *Engine) Search(q SearchQuery) (SearchPage, error) {
	<-e.indexReady
	var affinity map[string]float64
	if q.UserID != 0 {
		var err error
		if affinity, err = e.categoryAffinity(q.UserID); err != nil {
			return SearchPage{}, err
		}
	}
	window := q.Offset + q.Limit
	if affinity != nil && window < searchRerankWindow {
		window = searchRerankWindow
	}
	if q.Sort != "" && q.Sort != SortRelevance {
		window = math.MaxInt // every match, to be sorted by price or date
	}
	hits, total := e.index.SearchSkipping(q.Text, 0, window, e.searchSkip(&q))
	ids := make([]uint64, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	byID := e.products.get(ids)
	results := make([]SearchResult, 0, len(hits))
	for _, h := range hits {
		p, ok := byID[h.ID]
		if !ok {
			continue
		}
		results = append(results, SearchResult{Product: p, Relevance: h.Score, Personalization: affinity[p.Category]})
	}
	if affinity != nil {
		// A user's interest can lift a match by at most half its text score:
		// relevance stays first, taste breaks near-ties.
		lifted := func(r SearchResult) float64 { return r.Relevance * (1 + 0.5*r.Personalization) }
		slices.SortStableFunc(results, func(a, b SearchResult) int { return cmp.Compare(lifted(b), lifted(a)) })
	}
	sortResults(results, q.Sort)
	lo, hi := min(q.Offset, len(results)), min(q.Offset+q.Limit, len(results))
	terms, corrected := e.index.Terms(q.Text)
	return SearchPage{Results: results[lo:hi], Total: total, Terms: terms, Corrected: corrected}, nil
}

// searchSkip is what a search leaves out: unavailable products (unless
// q.All) and those outside q's category and price bounds; nil for nothing.
func (e *Engine) searchSkip(q *SearchQuery) func(uint64) bool {
	unavailable := *e.unavailable.Load()
	if q.All {
		unavailable = nil
	}
	filtered := q.Category != "" || q.MinPrice > 0 || q.MaxPrice >= 0
	if len(unavailable) == 0 && !filtered {
		return nil
	}
	return func(id uint64) bool {
		if _, ok := unavailable[id]; ok {
			return true
		}
		return filtered && !e.products.matches(id, func(p *store.Product) bool {
			return (q.Category == "" || p.Category == q.Category) &&
				p.Price >= q.MinPrice && (q.MaxPrice < 0 || p.Price <= q.MaxPrice)
		})
	}
}

// sortResults orders results by price or date; ties, and SortRelevance,
// keep their relevance order.
func sortResults(results []SearchResult, by SearchSort) {
	var order func(a, b *store.Product) int
	switch by {
	case SortPriceAsc:
		order = func(a, b *store.Product) int { return cmp.Compare(a.Price, b.Price) }
	case SortPriceDesc:
		order = func(a, b *store.Product) int { return cmp.Compare(b.Price, a.Price) }
	case SortNewest:
		order = func(a, b *store.Product) int { return b.CreatedAt.Compare(a.CreatedAt) }
	default:
		return
	}
	slices.SortStableFunc(results, func(a, b SearchResult) int { return order(&a.Product, &b.Product) })
}

// buildIndex puts the catalog into the search index, in batches under
// indexMu, and closes indexReady. Writes to the index during the build
// take indexMu too, and change the catalog before the index: a batch
// reads each product either before a write changed it (and the write's
// own put follows) or after (and the write puts the same), so the index
// ends as current as the catalog. At 200,000 products the build takes
// 1.4 s of CPU that start-up no longer waits for.
func (e *Engine) buildIndex() {
	defer close(e.indexReady)
	ids := e.products.ids()
	const batch = 1000
	docs := make([]search.Doc, 0, batch)
	for lo := 0; lo < len(ids); lo += batch {
		e.indexMu.Lock()
		// Copied out first: the index is not written under the
		// catalog's lock, which searches take under the index's.
		docs = docs[:0]
		e.products.each(ids[lo:min(lo+batch, len(ids))], func(_ int, p store.Product) { docs = append(docs, searchDoc(&p)) })
		for _, d := range docs {
			e.index.Put(d)
		}
		e.indexMu.Unlock()
	}
}

// indexPut puts products into the search index, in order with its build.
func (e *Engine) indexPut(ps ...store.Product) {
	e.indexMu.Lock()
	defer e.indexMu.Unlock()
	for i := range ps {
		e.index.Put(searchDoc(&ps[i]))
	}
}

// indexDelete takes a product out of the search index, in order with its
// build.
func (e *Engine) indexDelete(id uint64) {
	e.indexMu.Lock()
	defer e.indexMu.Unlock()
	e.index.Delete(id)
}
