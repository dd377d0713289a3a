package engine

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"

	"shelf/store"
)

// Placement is a named spot in a shop where a list appears (the home
// page, a product page, the cart, an e-mail): what kind of list it shows
// (its strategy), how long, with which filters, how varied, what to fall
// back on, and the shop's own rules (pin, boost, bury, exclude). A list
// asked for with placement=NAME is shaped by it.
type Placement struct {
	Name     string `json:"name"`
	Strategy string `json:"strategy"`
	Count    int    `json:"count,omitempty"`
	// Filters narrow the list as the request's own filters do.
	Filters *PlacementFilters `json:"filters,omitempty"`
	// Fallback is the strategy that fills the list when too few items
	// qualify (trending by default; "none" leaves the list short).
	Fallback       string    `json:"fallback,omitempty"`
	MaxPerCategory int       `json:"max_per_category,omitempty"`
	MaxPerBrand    int       `json:"max_per_brand,omitempty"`
	Rules          []Rule    `json:"rules,omitempty"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// PlacementFilters are a placement's default filters.
type PlacementFilters struct {
	Category string       `json:"category,omitempty"`
	Brand    string       `json:"brand,omitempty"`
	Tag      string       `json:"tag,omitempty"`
	MinPrice *store.Price `json:"min_price,omitempty"`
	MaxPrice *store.Price `json:"max_price,omitempty"`
}

// Rule is one of a placement's rules. Type is pin (ProductID at Position,
// counted from 1), boost or bury (multiply the score of products matching
// When by Factor), or exclude (leave out products matching When). From and
// Until limit it to a time window.
type Rule struct {
	Type      string     `json:"type"`
	ProductID uint64     `json:"product_id,omitempty"`
	Position  int        `json:"position,omitempty"`
	Factor    float64    `json:"factor,omitempty"`
	When      *Condition `json:"when,omitempty"`
	From      *time.Time `json:"from,omitempty"`
	Until     *time.Time `json:"until,omitempty"`
}

// Condition is what a boost, bury or exclude rule applies to: every field
// given must hold.
type Condition struct {
	Category      string            `json:"category,omitempty"`
	Brand         string            `json:"brand,omitempty"`
	Tag           string            `json:"tag,omitempty"`
	Attributes    map[string]string `json:"attributes,omitempty"`
	MinPrice      *store.Price      `json:"min_price,omitempty"`
	MaxPrice      *store.Price      `json:"max_price,omitempty"`
	NewerThanDays float64           `json:"newer_than_days,omitempty"`
	IDs           []uint64          `json:"ids,omitempty"`
}

// Strategies a placement may have.
var strategies = []string{"personal", "similar", "bought-together", "trending"}

// Limits on placements.
const (
	MaxPlacements    = 100
	maxRules         = 50
	maxPinPosition   = 100
	maxConditionIDs  = 500
	placementsBlob   = "engine/placements"
	defaultPlacement = 10
)

var placementName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,62}$`)

// validate checks a placement, with exists telling which products exist,
// and fills in its default count. A rule whose window is over already is
// allowed: it does nothing.
func (p *Placement) validate(exists func(uint64) bool) error {
	v := &store.ValidationError{}
	if !placementName.MatchString(p.Name) {
		v.Add("name", "must be 1 to 63 lower-case letters, digits, '-' or '_', starting with a letter or digit")
	}
	if !slices.Contains(strategies, p.Strategy) {
		v.Add("strategy", "is required: one of %s", strings.Join(strategies, ", "))
	}
	switch {
	case p.Count == 0:
		p.Count = defaultPlacement
	case p.Count < 1 || p.Count > 100:
		v.Add("count", "must be from 1 to 100")
	}
	switch p.Fallback {
	case "", "none":
	default:
		if !slices.Contains(strategies, p.Fallback) {
			v.Add("fallback", "must be none or one of %s", strings.Join(strategies, ", "))
		}
	}
	if p.MaxPerCategory < 0 || p.MaxPerCategory > 100 {
		v.Add("max_per_category", "must be from 1 to 100 (or left out)")
	}
	if p.MaxPerBrand < 0 || p.MaxPerBrand > 100 {
		v.Add("max_per_brand", "must be from 1 to 100 (or left out)")
	}
	if f := p.Filters; f != nil && f.MinPrice != nil && f.MaxPrice != nil && *f.MaxPrice < *f.MinPrice {
		v.Add("filters.max_price", "must not be below min_price")
	}
	if len(p.Rules) > maxRules {
		v.Add("rules", "at most %d rules", maxRules)
	}
	pins := map[int][]int{}
	for i := range p.Rules {
		validateRule(v, fmt.Sprintf("rules[%d]", i), p.Rules, i, exists, pins)
	}
	return v.Err()
}

func validateRule(v *store.ValidationError, at string, rules []Rule, i int, exists func(uint64) bool, pins map[int][]int) {
	r := &rules[i]
	if r.From != nil && r.Until != nil && !r.Until.After(*r.From) {
		v.Add(at+".until", "must be after from")
	}
	switch r.Type {
	case "pin":
		switch {
		case r.ProductID == 0:
			v.Add(at+".product_id", "is required for a pin")
		case !exists(r.ProductID):
			v.Add(at+".product_id", "product %d does not exist", r.ProductID)
		}
		if r.Position < 1 || r.Position > maxPinPosition {
			v.Add(at+".position", "must be from 1 to %d", maxPinPosition)
			break
		}
		for _, j := range pins[r.Position] {
			if windowsOverlap(r, &rules[j]) {
				v.Add(at+".position", "rule %d pins a product at position %d in the same time already", j, r.Position)
			}
		}
		pins[r.Position] = append(pins[r.Position], i)
	case "boost", "bury":
		if math.IsNaN(r.Factor) || r.Factor <= 0 || r.Factor > 100 {
			v.Add(at+".factor", "must be above 0 and at most 100")
		} else if (r.Type == "boost" && r.Factor < 1) || (r.Type == "bury" && r.Factor > 1) {
			v.Add(at+".factor", "a boost multiplies by 1 or more, a bury by at most 1")
		}
		validateCondition(v, at, r.When, exists)
	case "exclude":
		validateCondition(v, at, r.When, exists)
	default:
		v.Add(at+".type", "must be pin, boost, bury or exclude")
	}
}

// windowsOverlap reports whether two rules can be active at once; a
// missing from or until is open-ended.
func windowsOverlap(a, b *Rule) bool {
	return before(a.From, b.Until) && before(b.From, a.Until)
}

// before reports whether from comes before until, either open-ended.
func before(from, until *time.Time) bool {
	return from == nil || until == nil || from.Before(*until)
}

// active reports whether a rule applies at now.
func (r *Rule) active(now time.Time) bool {
	return (r.From == nil || !now.Before(*r.From)) && (r.Until == nil || now.Before(*r.Until))
}

func validateCondition(v *store.ValidationError, at string, c *Condition, exists func(uint64) bool) {
	if c == nil {
		v.Add(at+".when", "is required: which products the rule applies to")
		return
	}
	if c.MinPrice != nil && c.MaxPrice != nil && *c.MaxPrice < *c.MinPrice {
		v.Add(at+".when.max_price", "must not be below min_price")
	}
	if c.NewerThanDays < 0 || c.NewerThanDays > 3650 {
		v.Add(at+".when.newer_than_days", "must be from 0 to 3650")
	}
	if len(c.IDs) > maxConditionIDs {
		v.Add(at+".when.ids", "at most %d ids", maxConditionIDs)
	}
	for _, id := range c.IDs {
		if !exists(id) {
			v.Add(at+".when.ids", "product %d does not exist", id)
			break
		}
	}
	if c.Category == "" && c.Brand == "" && c.Tag == "" && len(c.Attributes) == 0 && c.MinPrice == nil &&
		c.MaxPrice == nil && c.NewerThanDays == 0 && len(c.IDs) == 0 {
		v.Add(at+".when", "must name at least one condition")
	}
}

// placements is the shop's placements, replaced whole on each change.
type placements map[string]Placement

func (e *Engine) loadPlacements() error {
	buf, err := e.st.Blob(placementsBlob)
	ps := placements{}
	switch {
	case errors.Is(err, store.ErrNotFound):
	case err != nil:
		return err
	default:
		if err := json.Unmarshal(buf, &ps); err != nil {
			return fmt.Errorf("stored placements: %w", err)
		}
	}
	e.placements.Store(&ps)
	return nil
}

// Placements returns every placement, by name.
func (e *Engine) Placements() []Placement {
	ps := *e.placements.Load()
	out := make([]Placement, 0, len(ps))
	for _, name := range slices.Sorted(maps.Keys(ps)) {
		out = append(out, ps[name])
	}
	return out
}

// Placement returns one placement.
func (e *Engine) Placement(name string) (Placement, error) {
	p, ok := (*e.placements.Load())[name]
	if !ok {
		return p, &store.NotFoundError{Kind: "placement", Name: name, Field: "placement"}
	}
	return p, nil
}

// PutPlacement validates and stores a placement, replacing one of the
// same name. Nothing is stored when it is invalid.
func (e *Engine) PutPlacement(p Placement) (Placement, error) {
	if err := p.validate(e.products.has); err != nil {
		return p, err
	}
	p.UpdatedAt = e.cfg.Now().UTC()
	e.placementMu.Lock()
	defer e.placementMu.Unlock()
	next := maps.Clone(*e.placements.Load())
	if _, ok := next[p.Name]; !ok && len(next) >= MaxPlacements {
		return p, &store.ConflictError{Field: "name", Message: fmt.Sprintf("a shop has at most %d placements", MaxPlacements)}
	}
	next[p.Name] = p
	if err := e.savePlacements(next); err != nil {
		return p, err
	}
	return p, nil
}

// DeletePlacement removes a placement, unless an experiment runs on it
// (a ConflictError: stop it first).
func (e *Engine) DeletePlacement(name string) error {
	e.placementMu.Lock()
	defer e.placementMu.Unlock()
	next := maps.Clone(*e.placements.Load())
	if _, ok := next[name]; !ok {
		return &store.NotFoundError{Kind: "placement", Name: name, Field: "placement"}
	}
	if err := e.checkNoLiveExperiment(name); err != nil {
		return err
	}
	delete(next, name)
	return e.savePlacements(next)
}

func (e *Engine) savePlacements(ps placements) error {
	buf, err := json.Marshal(ps)
	if err != nil {
		return err
	}
	if err := e.st.PutBlob(placementsBlob, buf); err != nil {
		return err
	}
	e.placements.Store(&ps)
	e.placementGen.Add(1)
	return nil
}
