package api

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/julienschmidt/httprouter"

	"shelf/engine"
	"shelf/store"
)

// productInput is the body of a product create, replace or patch. Pointers
// tell a missing field from a zero one.
type productInput struct {
	ID          *uint64      `json:"id"`
	Name        *string      `json:"name"`
	Description *string      `json:"description"`
	Category    *string      `json:"category"`
	Price       *store.Price `json:"price"`
	CreatedAt   *time.Time   `json:"created_at"`
	ImageURL    *string      `json:"image_url"`
	URL         *string      `json:"url"`
	Brand       *string      `json:"brand"`
	Tags        *[]string    `json:"tags"`
	// Stock is optional twice over: absent leaves it as it is, null stops
	// tracking it.
	Stock      optional[int64]    `json:"stock"`
	Active     *bool              `json:"active"`
	Attributes *map[string]string `json:"attributes"`
	SKUs       *[]string          `json:"skus"`
}

// optional is a JSON field that tells absent (Set false) from null (Set,
// Value nil).
type optional[T any] struct {
	Set   bool
	Value *T
}

// UnmarshalJSON records that the field was given.
func (o *optional[T]) UnmarshalJSON(b []byte) error {
	o.Set = true
	return json.Unmarshal(b, &o.Value)
}

// apply copies the fields that are present onto p. With full set, name,
// category and price are required (create and replace).
func (in *productInput) apply(p *store.Product, full bool) error {
	missing := map[string]string{}
	if full {
		if in.Name == nil {
			missing["name"] = "is required"
		}
		if in.Category == nil {
			missing["category"] = "is required"
		}
		if in.Price == nil {
			missing["price"] = "is required"
		}
		if len(missing) > 0 {
			return invalid(missing)
		}
		*p = store.Product{ID: p.ID}
	}
	if in.Name != nil {
		p.Name = *in.Name
	}
	if in.Description != nil {
		p.Description = *in.Description
	}
	if in.Category != nil {
		p.Category = *in.Category
	}
	if in.Price != nil {
		p.Price = *in.Price
	}
	if in.CreatedAt != nil {
		p.CreatedAt = *in.CreatedAt
	}
	in.applyExtras(p)
	return nil
}

// applyExtras copies the optional catalog fields that are present.
func (in *productInput) applyExtras(p *store.Product) {
	for _, f := range [...]struct {
		in  *string
		out *string
	}{{in.ImageURL, &p.ImageURL}, {in.URL, &p.URL}, {in.Brand, &p.Brand}} {
		if f.in != nil {
			*f.out = *f.in
		}
	}
	if in.Tags != nil {
		p.Tags = *in.Tags
	}
	if in.Stock.Set {
		p.Stock = in.Stock.Value
	}
	if in.Active != nil {
		p.SetActive(*in.Active)
	}
	if in.Attributes != nil {
		p.Attributes = *in.Attributes
	}
	if in.SKUs != nil {
		p.SKUs = *in.SKUs
	}
}

var productSorts = map[string]store.ProductSort{
	"": store.SortNewest, "newest": store.SortNewest, "price": store.SortPrice,
	"-price": store.SortPriceDesc, "popular": store.SortPopular,
}

func (s *Server) listProducts(w http.ResponseWriter, r *http.Request, _ httprouter.Params) error {
	q := newQuery(r)
	pq := store.ProductQuery{
		Category: q.str("category", store.MaxCategoryLen*4),
		MinPrice: q.price("min_price", 0),
		MaxPrice: q.price("max_price", -1),
		Rank:     s.eng.PopularityScore,
	}
	sort, ok := productSorts[q.v.Get("sort")]
	if !ok {
		q.fail("sort", "must be one of newest, price, -price, popular")
	}
	pq.Sort = sort
	if pq.MaxPrice >= 0 && pq.MaxPrice < pq.MinPrice {
		q.fail("max_price", "must not be below min_price")
	}
	page, size := q.page(20)
	if err := q.err(); err != nil {
		return err
	}
	pq.Offset, pq.Limit = (page-1)*size, size
	products, total, err := s.st.ListProducts(pq)
	if err != nil {
		return err
	}
	return writePage(w, r, products, page, size, total)
}

func (s *Server) createProduct(w http.ResponseWriter, r *http.Request, _ httprouter.Params) error {
	var in productInput
	if err := decodeJSON(w, r, maxJSONBody, &in); err != nil {
		return err
	}
	var p store.Product
	if err := in.apply(&p, true); err != nil {
		return err
	}
	if in.ID != nil {
		if *in.ID == 0 {
			return badRequest("id", "must be a positive integer")
		}
		p.ID = *in.ID
	}
	if err := s.eng.CreateProduct(&p); err != nil {
		return err
	}
	w.Header().Set("Location", "/api/products/"+itoa(p.ID)+"/")
	writeJSON(w, http.StatusCreated, p)
	return nil
}

func (s *Server) getProduct(w http.ResponseWriter, _ *http.Request, ps httprouter.Params) error {
	id, err := pathID("id", ps.ByName("id"))
	if err != nil {
		return err
	}
	p, err := s.st.Product(id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

func (s *Server) replaceProduct(w http.ResponseWriter, r *http.Request, ps httprouter.Params) error {
	return s.updateProduct(w, r, ps, true)
}

func (s *Server) patchProduct(w http.ResponseWriter, r *http.Request, ps httprouter.Params) error {
	return s.updateProduct(w, r, ps, false)
}

func (s *Server) updateProduct(w http.ResponseWriter, r *http.Request, ps httprouter.Params, full bool) error {
	id, err := pathID("id", ps.ByName("id"))
	if err != nil {
		return err
	}
	var in productInput
	if err := decodeJSON(w, r, maxJSONBody, &in); err != nil {
		return err
	}
	if in.ID != nil && *in.ID != id {
		return badRequest("id", "does not match the id in the path (%d)", id)
	}
	p, err := s.eng.UpdateProduct(id, func(p *store.Product) error { return in.apply(p, full) })
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

func (s *Server) deleteProduct(w http.ResponseWriter, _ *http.Request, ps httprouter.Params) error {
	id, err := pathID("id", ps.ByName("id"))
	if err != nil {
		return err
	}
	if err := s.eng.DeleteProduct(id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) listCategories(w http.ResponseWriter, _ *http.Request, _ httprouter.Params) error {
	cats, err := s.st.Categories()
	if err != nil {
		return err
	}
	if cats == nil {
		cats = []store.CategoryCount{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"categories": cats, "count": len(cats)})
	return nil
}

// popularProduct is a product with its popularity.
type popularProduct struct {
	store.Product
	Position        int     `json:"position"`
	PopularityScore float64 `json:"popularity_score"`
}

func (s *Server) popular(w http.ResponseWriter, r *http.Request, _ httprouter.Params) error {
	q := newQuery(r)
	lp := listQuery(q)
	shopper, err := s.shopperParams(r, q)
	if err != nil {
		return err
	}
	if lp.placement != "" {
		return s.placementList(w, r, q, lp, "trending", engine.PlacementContext{}, shopper, "products", map[string]any{})
	}
	if err := s.excludeShown(&lp, shopper); err != nil {
		return err
	}
	recs, err := s.eng.Popular(lp.want(), lp.f)
	if err != nil {
		return err
	}
	recs = pageOf(recs, lp)
	s.recordShown(shopper, recs)
	out := make([]popularProduct, len(recs))
	for i, rec := range recs {
		out[i] = popularProduct{Product: rec.Product, Position: lp.offset() + i + 1, PopularityScore: round4(rec.Confidence)}
	}
	writeJSON(w, http.StatusOK, withPage(map[string]any{"products": out, "count": len(out),
		"recommendation_id": s.served(r, engine.ListKind{Strategy: "trending"}, shopper)}, lp))
	return nil
}
