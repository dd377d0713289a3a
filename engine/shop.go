package engine

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"time"

	"shelf/store"
)

// Shop holds what analytics and attribution need to know about the shop:
// the time zone its days are counted in, the currency its prices are in,
// and how long after a recommendation click a cart or purchase is
// attributed to it.
type Shop struct {
	TimeZone string `json:"time_zone"`
	Currency string `json:"currency"`
	// AttributionWindowDays is how many days after a recommendation click
	// a cart or purchase of the product counts as the recommendation's.
	AttributionWindowDays float64 `json:"attribution_window_days"`
}

// DefaultShop is a new shop's settings.
func DefaultShop() Shop { return Shop{TimeZone: "UTC", Currency: "USD", AttributionWindowDays: 7} }

const blobShop = "shop"

var currencyCode = regexp.MustCompile(`^[A-Z]{3}$`)

// shopState is the settings with the time zone loaded.
type shopState struct {
	Shop
	loc *time.Location
}

// validate checks s, fills what it leaves empty from cur and loads its
// time zone.
func (s *Shop) validate(cur Shop) (*time.Location, error) {
	v := &store.ValidationError{}
	if s.TimeZone == "" {
		s.TimeZone = cur.TimeZone
	}
	if s.Currency == "" {
		s.Currency = cur.Currency
	}
	if s.AttributionWindowDays == 0 {
		s.AttributionWindowDays = cur.AttributionWindowDays
	}
	loc, err := time.LoadLocation(s.TimeZone)
	if err != nil || s.TimeZone == "Local" {
		v.Add("time_zone", "must be an IANA time zone such as Europe/Berlin or America/New_York (or UTC)")
	}
	if !currencyCode.MatchString(s.Currency) {
		v.Add("currency", "must be an ISO 4217 code of three capital letters, such as EUR or USD")
	}
	if d := s.AttributionWindowDays; math.IsNaN(d) || d < 1.0/24 || d > 90 {
		v.Add("attribution_window_days", "must be between 0.042 (an hour) and 90")
	}
	return loc, v.Err()
}

func (e *Engine) loadShop() error {
	def := DefaultShop()
	e.shop.Store(&shopState{Shop: def, loc: time.UTC})
	buf, err := e.st.State(blobShop)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	var s Shop
	if err := json.Unmarshal(buf, &s); err != nil {
		return fmt.Errorf("stored shop settings: %w", err)
	}
	loc, err := s.validate(def)
	if err != nil {
		e.log.Warn("stored shop settings ignored", "err", err)
		return nil
	}
	e.shop.Store(&shopState{Shop: s, loc: loc})
	return nil
}

// Shop returns the shop's settings.
func (e *Engine) Shop() Shop { return e.shop.Load().Shop }

// SetShop validates, stores and applies new shop settings; fields left
// empty keep their value. A new time zone applies to what is counted from
// then on: days counted before keep the boundaries they had.
func (e *Engine) SetShop(s Shop) (Shop, error) {
	e.settingsMu.Lock()
	defer e.settingsMu.Unlock()
	loc, err := s.validate(e.Shop())
	if err != nil {
		return Shop{}, err
	}
	buf, err := json.Marshal(s)
	if err != nil {
		return Shop{}, err
	}
	if err := e.st.PutState(map[string][]byte{blobShop: buf}); err != nil {
		return Shop{}, err
	}
	e.shop.Store(&shopState{Shop: s, loc: loc})
	return s, nil
}

// attributionWindow is how long after a click a cart or purchase is the
// click's.
func (e *Engine) attributionWindow() time.Duration {
	return time.Duration(e.Shop().AttributionWindowDays * float64(24*time.Hour))
}

// Day numbers the shop's days: the date of t in the shop's time zone, as
// days since 1970-01-01.
func (e *Engine) Day(t time.Time) int64 {
	y, m, d := t.In(e.shop.Load().loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// Today is the shop's date now, as Day numbers it.
func (e *Engine) Today() int64 { return e.Day(e.cfg.Now()) }
