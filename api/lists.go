package api

import (
	"net/http"

	"shelf/engine"
	"shelf/store"
)

// maxRanked bounds how deep paging reaches into a ranking: page·count.
const maxRanked = 500

// listParams is what every list endpoint reads: count, page and filters.
type listParams struct {
	n, page int
	f       engine.Filter
	// excludeShown leaves out what the shopper was shown lately.
	excludeShown bool
	// placement names the placement that shapes the list, if any.
	placement string
}

// want is how many items of the ranking the page needs.
func (lp listParams) want() int { return lp.n * lp.page }

// offset is how many items of the ranking come before the page.
func (lp listParams) offset() int { return lp.n * (lp.page - 1) }

// pageOf cuts the page out of a ranking of lp.want() items: items
// (page-1)·count+1 to page·count, so that pages never repeat each other.
func pageOf[T any](items []T, lp listParams) []T {
	lo := min((lp.page-1)*lp.n, len(items))
	return items[lo:min(lo+lp.n, len(items))]
}

// listQuery reads count, page and the filters.
func listQuery(q *query) listParams {
	n, f := recFilter(q)
	page := q.int("page", 1, 1, maxRanked)
	if n*page > maxRanked {
		q.fail("page", "page times count must be at most %d", maxRanked)
		page = 1
	}
	return listParams{n: n, page: page, f: f, excludeShown: q.bool("exclude_shown"), placement: q.str("placement", 63)}
}

// recFilter reads count and the optional filters.
func recFilter(q *query) (int, engine.Filter) {
	n := q.int("count", 10, 1, maxCount)
	f := engine.Filter{
		Category: q.str("category", store.MaxCategoryLen*4),
		MinPrice: q.price("min_price", 0),
		MaxPrice: q.price("max_price", -1),
		Brand:    q.str("brand", store.MaxBrandLen*4),
		Tag:      q.str("tag", store.MaxTagLen*4),
		Exclude:  q.ids("exclude", engine.MaxExclude),
	}
	if f.MaxPrice >= 0 && f.MaxPrice < f.MinPrice {
		q.fail("max_price", "must not be below min_price")
	}
	return n, f
}

// withPage adds the page number to a list's answer after the first page.
func withPage(body map[string]any, lp listParams) map[string]any {
	if lp.page > 1 {
		body["page"] = lp.page
	}
	return body
}

// shopperParams reads who a non-personal list (popular, similar, bought
// together) is for, when exclude_shown needs to know: user_id or
// session_id, bound to the caller as the personal lists are.
func (s *Server) shopperParams(r *http.Request, q *query) (string, error) {
	user := q.id("user_id")
	session := q.str("session_id", store.MaxSessionIDLen)
	if err := q.err(); err != nil {
		return "", err
	}
	p := principal(r)
	if user != 0 {
		if err := s.auth.BindUser(p, r, user); err != nil {
			return "", err
		}
	}
	if session != "" {
		if err := s.auth.BindSession(p, session); err != nil {
			return "", err
		}
	}
	return engine.ShopperKey(user, session), nil
}

// excludeShown adds to lp's filter what shopper was shown lately, when
// the request asked for exclude_shown.
func (s *Server) excludeShown(lp *listParams, shopper string) error {
	if !lp.excludeShown {
		return nil
	}
	if shopper == "" {
		return badRequest("exclude_shown", "needs to know the shopper: give user_id or session_id")
	}
	shown := s.eng.Shown(shopper, engine.MaxExclude-len(lp.f.Exclude))
	lp.f.Exclude = append(lp.f.Exclude[:len(lp.f.Exclude):len(lp.f.Exclude)], shown...)
	return nil
}

// recordShown remembers what a shopper was shown (see exclude_shown).
func (s *Server) recordShown(shopper string, recs []engine.Recommendation) {
	if shopper == "" || len(recs) == 0 {
		return
	}
	ids := make([]uint64, len(recs))
	for i := range recs {
		ids[i] = recs[i].Product.ID
	}
	s.eng.RecordShown(shopper, ids)
}
