package api

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"shelf/engine"
)

// Every list shelf answers carries a recommendation id, which a click on
// one of its items sends back (the attribution issue ties carts and
// purchases to it). The id says, in clear, the day it was served, the kind
// of list and its placement, and is signed together with the shopper it
// was served to, so that nobody can credit a list to a placement, a day or
// a shopper it was not shown to:
//
//	r1.<day>.<strategy>.<placement>.<signature>.<serial>
//
// day is the unix day in base 36; strategy is p (personal), s (similar),
// b (bought together) or t (trending); placement is "-" for none; the
// signature is 16 characters of base64url HMAC-SHA256 over the rest and
// the shopper; serial, in base 36, tells apart the lists served under one
// signature (it is not signed: it only names an impression). The signed
// part is the same for a shopper's lists of one kind and day, so a cached
// list reuses it and adds only the serial.

// strategyCodes are the one-letter codes of the kinds of list.
var strategyCodes = map[string]string{"personal": "p", "similar": "s", "bought-together": "b", "trending": "t"}

// recIDs signs recommendation ids.
type recIDs struct {
	key    []byte
	serial atomic.Uint64
	now    func() time.Time
}

// prefix is the signed part of the ids of one kind of list for a shopper
// (the shopper key, "" for nobody in particular) on day.
func (ids *recIDs) prefix(day int64, strategy, placement, shopper string) string {
	if placement == "" {
		placement = "-"
	}
	head := "r1." + strconv.FormatInt(day, 36) + "." + strategyCodes[strategy] + "." + placement
	mac := hmac.New(sha256.New, ids.key)
	mac.Write([]byte(head))
	mac.Write([]byte{0})
	mac.Write([]byte(shopper))
	return head + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil)[:12])
}

// today is the unix day now.
func (ids *recIDs) today() int64 { return ids.now().Unix() / 86400 }

// next returns a new id under a signed prefix.
func (ids *recIDs) next(prefix string) string {
	return prefix + "." + strconv.FormatUint(ids.serial.Add(1), 36)
}

// newID returns a new id for a list.
func (ids *recIDs) newID(strategy, placement, shopper string) string {
	return ids.next(ids.prefix(ids.today(), strategy, placement, shopper))
}

// RecommendationID is what a recommendation id says.
type RecommendationID struct {
	Day       int64
	Strategy  string
	Placement string
}

// parse checks an id's signature for shopper and returns what it says.
func (ids *recIDs) parse(id, shopper string) (RecommendationID, bool) {
	parts := strings.Split(id, ".")
	if len(id) > 200 || len(parts) != 6 || parts[0] != "r1" {
		return RecommendationID{}, false
	}
	day, err := strconv.ParseInt(parts[1], 36, 64)
	if err != nil || day < 0 {
		return RecommendationID{}, false
	}
	if _, err := strconv.ParseUint(parts[5], 36, 64); err != nil {
		return RecommendationID{}, false
	}
	var strategy string
	for s, code := range strategyCodes {
		if code == parts[2] {
			strategy = s
		}
	}
	placement := parts[3]
	if strategy == "" || placement == "" {
		return RecommendationID{}, false
	}
	if placement == "-" {
		placement = ""
	}
	want := ids.prefix(day, strategy, placement, shopper)
	if !hmac.Equal([]byte(want), []byte(strings.Join(parts[:5], "."))) {
		return RecommendationID{}, false
	}
	return RecommendationID{Day: day, Strategy: strategy, Placement: placement}, true
}

// botAgents are words of the user agents of crawlers and link previews,
// whose lists are not impressions.
var botAgents = []string{"bot", "crawl", "spider", "slurp", "facebookexternalhit", "preview", "headless"}

// isBot reports whether a request comes from a known bot, by its user agent.
func isBot(r *http.Request) bool {
	ua := strings.ToLower(r.UserAgent())
	for _, w := range botAgents {
		if strings.Contains(ua, w) {
			return true
		}
	}
	return false
}

// served returns the id of a list served now for r, and counts the
// impression (unless a bot asked).
func (s *Server) served(r *http.Request, strategy, placement, shopper string) string {
	s.countImpression(r, strategy, placement)
	return s.ids.newID(strategy, placement, shopper)
}

// countImpression counts a list served for r, unless a bot asked.
func (s *Server) countImpression(r *http.Request, strategy, placement string) {
	if !isBot(r) {
		s.eng.CountImpression(engine.ListKind{Strategy: strategy, Placement: placement})
	}
}
