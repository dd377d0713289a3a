package api

import (
	"net/http"
	"time"

	"github.com/julienschmidt/httprouter"

	"shelf/engine"
)

// placementInput is the body of PUT /api/placements/{name}.
type placementInput struct {
	Name           *string                  `json:"name"`
	Strategy       *string                  `json:"strategy"`
	Count          *int                     `json:"count"`
	Filters        *engine.PlacementFilters `json:"filters"`
	Fallback       *string                  `json:"fallback"`
	MaxPerCategory *int                     `json:"max_per_category"`
	MaxPerBrand    *int                     `json:"max_per_brand"`
	Rules          []engine.Rule            `json:"rules"`
	// UpdatedAt is what GET answers; it is accepted and ignored, so that a
	// placement read can be written back.
	UpdatedAt *time.Time `json:"updated_at"`
}

func (s *Server) listPlacements(w http.ResponseWriter, _ *http.Request, _ httprouter.Params) error {
	ps := s.eng.Placements()
	writeJSON(w, http.StatusOK, map[string]any{"placements": ps, "count": len(ps)})
	return nil
}

func (s *Server) getPlacement(w http.ResponseWriter, _ *http.Request, ps httprouter.Params) error {
	p, err := s.eng.Placement(ps.ByName("name"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

func (s *Server) putPlacement(w http.ResponseWriter, r *http.Request, ps httprouter.Params) error {
	name := ps.ByName("name")
	var in placementInput
	if err := decodeJSON(w, r, 256<<10, &in); err != nil {
		return err
	}
	if in.Name != nil && *in.Name != name {
		return badRequest("name", "does not match the name in the path (%q)", name)
	}
	p := engine.Placement{Name: name, Filters: in.Filters, Rules: in.Rules}
	for _, f := range [...]struct {
		in  *string
		out *string
	}{{in.Strategy, &p.Strategy}, {in.Fallback, &p.Fallback}} {
		if f.in != nil {
			*f.out = *f.in
		}
	}
	for _, f := range [...]struct {
		in  *int
		out *int
	}{{in.Count, &p.Count}, {in.MaxPerCategory, &p.MaxPerCategory}, {in.MaxPerBrand, &p.MaxPerBrand}} {
		if f.in != nil {
			*f.out = *f.in
		}
	}
	_, existed := s.eng.Placement(name)
	saved, err := s.eng.PutPlacement(p)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if existed != nil {
		status = http.StatusCreated
	}
	writeJSON(w, status, saved)
	return nil
}

func (s *Server) deletePlacement(w http.ResponseWriter, _ *http.Request, ps httprouter.Params) error {
	if err := s.eng.DeletePlacement(ps.ByName("name")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// placementList answers a list request that names a placement: the
// placement's count, filters (the request's own win), rules, diversity
// limits and fallback shape the list of the endpoint's strategy. body is
// the answer's other fields (the user, session or product).
func (s *Server) placementList(w http.ResponseWriter, r *http.Request, q *query, lp listParams, strategy string, ctx engine.PlacementContext, shopper, key string, body map[string]any) error {
	pl, err := s.eng.Placement(lp.placement)
	if err != nil {
		return err
	}
	if pl.Strategy != strategy {
		return badRequest("placement", "placement %q shows %s lists, not %s ones: ask for it where that list is (see the README's placements)", pl.Name, pl.Strategy, strategy)
	}
	if !q.v.Has("count") {
		lp.n = pl.Count
		if lp.n*lp.page > maxRanked {
			return badRequest("page", "page times count must be at most %d", maxRanked)
		}
	}
	kind := engine.ListKind{Strategy: strategy, Placement: pl.Name}
	// A live experiment on the placement serves the shopper's variant.
	if x, i, ok := s.eng.Assign(pl.Name, shopper); ok {
		pl, ctx.Weights = x.Apply(pl, i), x.Weights(i)
		kind.Strategy, kind.Variant = pl.Strategy, engine.VariantKey(x.ID, i)
		body["experiment"], body["variant"] = x.ID, x.Variants[i].Name
	}
	if err := s.excludeShown(&lp, shopper); err != nil {
		return err
	}
	recs, err := s.eng.PlacementList(pl, ctx, lp.want(), placementFilter(pl.Filters, lp.f, q))
	if err != nil {
		return err
	}
	recs = pageOf(recs, lp)
	s.recordShown(shopper, recs)
	body[key] = recommendationsOut(recs, lp.offset())
	body["count"] = len(recs)
	body["placement"] = pl.Name
	body["recommendation_id"] = s.served(r, kind, shopper)
	writeJSON(w, http.StatusOK, withPage(body, lp))
	return nil
}

// placementFilter is a placement's filters with the request's own over
// them, field by field.
func placementFilter(pf *engine.PlacementFilters, f engine.Filter, q *query) engine.Filter {
	if pf == nil {
		return f
	}
	if !q.v.Has("category") {
		f.Category = pf.Category
	}
	if !q.v.Has("brand") {
		f.Brand = pf.Brand
	}
	if !q.v.Has("tag") {
		f.Tag = pf.Tag
	}
	if !q.v.Has("min_price") && pf.MinPrice != nil {
		f.MinPrice = *pf.MinPrice
	}
	if !q.v.Has("max_price") && pf.MaxPrice != nil {
		f.MaxPrice = *pf.MaxPrice
	}
	return f
}
