package api

import (
	"net/http"
	"slices"
	"strings"

	"github.com/julienschmidt/httprouter"

	"shelf/api/auth"
	"shelf/engine"
	"shelf/store"
)

// searchProduct is one search result.
type searchProduct struct {
	ID                   uint64      `json:"id"`
	Name                 string      `json:"name"`
	Category             string      `json:"category"`
	Price                store.Price `json:"price"`
	Description          string      `json:"description"`
	ImageURL             string      `json:"image_url,omitempty"`
	URL                  string      `json:"url,omitempty"`
	Brand                string      `json:"brand,omitempty"`
	Tags                 []string    `json:"tags,omitempty"`
	RelevanceScore       float64     `json:"relevance_score"`
	PersonalizationScore float64     `json:"personalization_score"`
}

// searchTerm is one query word and the indexed words it matched, so that a
// results page can highlight stems, prefixes and corrected typos.
type searchTerm struct {
	Word    string   `json:"word"`
	Matches []string `json:"matches"`
	// Correction is the word that stands for Word when Word matched by
	// typo only.
	Correction string `json:"correction,omitempty"`
}

// searchOut is the body of GET /api/search.
type searchOut struct {
	Products []searchProduct `json:"products"`
	Count    int             `json:"count"`
	Next     *string         `json:"next"`
	Previous *string         `json:"previous"`
	Terms    []searchTerm    `json:"terms"`
	// Corrected is the query with its typo-corrected words replaced,
	// present only when a word matched by typo alone.
	Corrected string `json:"corrected,omitempty"`
}

// searchQuery reads the search's parameters; its error names every bad one.
func searchQuery(r *http.Request) (sq engine.SearchQuery, page, size int, err error) {
	q := newQuery(r)
	sq = engine.SearchQuery{
		Text:     q.str("q", maxQueryLen),
		UserID:   q.id("user_id"),
		Category: q.str("category", store.MaxCategoryLen*4),
		MinPrice: q.price("min_price", 0),
		MaxPrice: q.price("max_price", -1),
		Sort:     engine.SearchSort(q.v.Get("sort")),
	}
	if sq.Sort != "" && !slices.Contains(engine.SearchSorts, sq.Sort) {
		names := make([]string, len(engine.SearchSorts))
		for i, s := range engine.SearchSorts {
			names[i] = string(s)
		}
		q.fail("sort", "must be one of %s", strings.Join(names, ", "))
	}
	if sq.MaxPrice >= 0 && sq.MaxPrice < sq.MinPrice {
		q.fail("max_price", "must not be below min_price")
	}
	page, size = q.page(20)
	sq.Offset, sq.Limit = (page-1)*size, size
	return sq, page, size, q.err()
}

func (s *Server) search(w http.ResponseWriter, r *http.Request, _ httprouter.Params) error {
	sq, page, size, err := searchQuery(r)
	if err != nil {
		return err
	}
	if sq.UserID != 0 {
		if err := s.auth.BindUser(principal(r), r, sq.UserID); err != nil {
			return err
		}
		if _, err := s.st.User(sq.UserID); err != nil {
			return err
		}
	}
	// The shop's staff find products shoppers may not see (out of stock,
	// inactive); shoppers do not.
	sq.All = principal(r).Kind >= auth.Secret
	res, err := s.eng.Search(sq)
	if err != nil {
		return err
	}
	out := searchOut{Products: make([]searchProduct, len(res.Results)), Count: res.Total,
		Terms: make([]searchTerm, len(res.Terms)), Corrected: res.Corrected}
	for i, r := range res.Results {
		p := r.Product
		out.Products[i] = searchProduct{ID: p.ID, Name: p.Name, Category: p.Category, Price: p.Price, Description: p.Description,
			ImageURL: p.ImageURL, URL: p.URL, Brand: p.Brand, Tags: p.Tags,
			RelevanceScore: round4(r.Relevance), PersonalizationScore: round4(r.Personalization)}
	}
	for i, t := range res.Terms {
		out.Terms[i] = searchTerm{Word: t.Word, Matches: t.Matches, Correction: t.Correction}
	}
	out.Next, out.Previous = pageLinks(r, page, size, res.Total)
	writeJSON(w, http.StatusOK, out)
	return nil
}
