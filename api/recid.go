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
// one of its items sends back: the engine counts the click, and the carts
// and purchases it leads to, for the list's kind, placement and variant
// (see engine.ParseRecommendationID for the format). The id is signed
// together with the shopper it was served to, so that nobody can credit a
// list to a placement, a day, a variant or a shopper it was not shown to.
// The signature is 16 characters of base64url HMAC-SHA256 over the id's
// head and the shopper; the serial after it, in base 36, tells apart the
// lists served under one signature (it is not signed: it only names an
// impression). The signed part is the same for a shopper's lists of one
// kind and day, so a cached list reuses it and adds only the serial.

// recIDs signs recommendation ids.
type recIDs struct {
	key    []byte
	serial atomic.Uint64
	now    func() time.Time
}

// sign is the signature of an id's head for shopper.
func (ids *recIDs) sign(head, shopper string) string {
	mac := hmac.New(sha256.New, ids.key)
	mac.Write([]byte(head))
	mac.Write([]byte{0})
	mac.Write([]byte(shopper))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil)[:12])
}

// prefix is the signed part of the ids of one kind of list for a shopper
// (the shopper key, "" for nobody in particular) on day.
func (ids *recIDs) prefix(day int64, kind engine.ListKind, shopper string) string {
	head := engine.RecommendationIDHead(day, kind)
	return head + "." + ids.sign(head, shopper)
}

// today is the unix day now.
func (ids *recIDs) today() int64 { return ids.now().Unix() / 86400 }

// next returns a new id under a signed prefix.
func (ids *recIDs) next(prefix string) string {
	return prefix + "." + strconv.FormatUint(ids.serial.Add(1), 36)
}

// newID returns a new id for a list.
func (ids *recIDs) newID(kind engine.ListKind, shopper string) string {
	return ids.next(ids.prefix(ids.today(), kind, shopper))
}

// parse checks an id's signature for shopper and returns what it says.
func (ids *recIDs) parse(id, shopper string) (engine.RecommendationID, bool) {
	r, ok := engine.ParseRecommendationID(id)
	if !ok || !hmac.Equal([]byte(ids.sign(r.Signed, shopper)), []byte(r.Signature)) {
		return engine.RecommendationID{}, false
	}
	return r, true
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
func (s *Server) served(r *http.Request, kind engine.ListKind, shopper string) string {
	s.countImpression(r, kind, shopper)
	return s.ids.newID(kind, shopper)
}

// countImpression counts a list served for r, unless a bot asked.
func (s *Server) countImpression(r *http.Request, kind engine.ListKind, shopper string) {
	if !isBot(r) {
		s.eng.CountImpression(kind, shopper)
	}
}
