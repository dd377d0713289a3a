package loadtest

import (
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// opKind is what one request does; the report breaks figures down by it.
type opKind uint8

const (
	opInteraction opKind = iota
	opRecommend
	opSearch
	opSimilar
	opProduct
	opListing
	numOps
)

// opNames names the operations in reports.
var opNames = [numOps]string{"interaction", "recommend", "search", "similar", "product", "listing"}

// The ingest mix is view-heavy, as a storefront's traffic is: most visits
// look, few buy.
var interactionMix = [...]struct {
	name   string
	weight int // percent
}{{"view", 70}, {"like", 12}, {"cart", 12}, {"purchase", 6}}

// The mixed scenario's blend of a storefront's calls, in percent.
var mixedBlend = [...]struct {
	op     opKind
	weight int
}{{opProduct, 30}, {opListing, 10}, {opRecommend, 25}, {opSearch, 15}, {opInteraction, 15}, {opSimilar, 5}}

// listingSorts are the product listing orders the mixed scenario asks for.
var listingSorts = [...]string{"popular", "newest", "price", "-price"}

// Zipf exponents: users' activity and products' popularity are skewed; 1.1
// makes the top 1% of 500 users about a third of the traffic, close to what
// shops see.
const (
	userSkew    = 1.1
	productSkew = 1.05
	// noCacheMaxCount is the largest count recommend-nocache asks for; with
	// varied counts and categories nearly every request is a new cache key.
	noCacheMaxCount = 50
)

// request is one request to send. body is nil for GETs.
type request struct {
	op     opKind
	method string
	path   string // with the query, as on the request line
	body   []byte
}

// generator makes one client's request sequence; it is not safe for
// concurrent use, and each client owns one.
type generator struct {
	scenario string
	base     string // the path prefix of the base URL, usually empty
	sh       *shop
	heat     []uint64 // users, hottest first, shared read-only by all clients
	hot      []uint64 // the recommend scenario's hot set
	userIDs  int      // Options.UserIDs
	rng      *rand.Rand
	users    *rand.Zipf
	products *rand.Zipf
	buf      []byte
}

// newGenerator returns client number worker's generator. heat is the
// users in the order of the Zipf draw (hottest first), the same for every
// client so that they agree on who is hot.
func newGenerator(opt Options, sh *shop, heat []uint64, worker int) *generator {
	rng := rand.New(rand.NewPCG(uint64(opt.Seed), uint64(worker)+1))
	base := ""
	if u, err := url.Parse(opt.BaseURL); err == nil {
		base = strings.TrimRight(u.Path, "/")
	}
	g := &generator{scenario: opt.Scenario, base: base, sh: sh, heat: heat, userIDs: opt.UserIDs, rng: rng, buf: make([]byte, 0, 256)}
	if n := len(heat); n > 0 {
		g.users = rand.NewZipf(rng, userSkew, 1, uint64(n-1))
	}
	if n := len(sh.products); n > 0 {
		g.products = rand.NewZipf(rng, productSkew, 1, uint64(n-1))
	}
	g.hot = sh.users[:min(opt.HotUsers, len(sh.users))]
	return g
}

// next returns the next request of the scenario.
func (g *generator) next() request {
	switch g.scenario {
	case ScenarioIngest:
		return g.interaction()
	case ScenarioRecommend:
		return g.recommend(g.hot[g.rng.IntN(len(g.hot))], 10, "")
	case ScenarioRecommendNoCache:
		cat := ""
		if len(g.sh.categories) > 0 && g.rng.IntN(2) == 0 {
			cat = g.sh.categories[g.rng.IntN(len(g.sh.categories))]
		}
		user := uint64(1 + g.rng.IntN(max(g.userIDs, 1)))
		if g.userIDs == 0 {
			user = g.sh.users[g.rng.IntN(len(g.sh.users))]
		}
		return g.recommend(user, 1+g.rng.IntN(noCacheMaxCount), cat)
	case ScenarioSearch:
		return g.search()
	case ScenarioSimilar:
		return g.similar()
	}
	return g.mixed()
}

func (g *generator) mixed() request {
	r := g.rng.IntN(100)
	op := mixedBlend[len(mixedBlend)-1].op
	for _, b := range mixedBlend {
		if r < b.weight {
			op = b.op
			break
		}
		r -= b.weight
	}
	switch op {
	case opProduct:
		return g.get(opProduct, "/api/products/", g.product(), "/")
	case opListing:
		g.start("/api/products/?sort=")
		g.buf = append(g.buf, listingSorts[g.rng.IntN(len(listingSorts))]...)
		if len(g.sh.categories) > 0 {
			g.buf = append(g.buf, "&category="...)
			g.buf = append(g.buf, url.QueryEscape(g.sh.categories[g.rng.IntN(len(g.sh.categories))])...)
		}
		g.buf = append(g.buf, "&page="...)
		g.buf = strconv.AppendInt(g.buf, int64(1+g.rng.IntN(3)), 10)
		return request{op: opListing, method: http.MethodGet, path: string(g.buf)}
	case opRecommend:
		return g.recommend(g.user(), 10, "")
	case opSearch:
		return g.search()
	case opInteraction:
		return g.interaction()
	}
	return g.similar()
}

func (g *generator) user() uint64    { return g.heat[g.users.Uint64()] }
func (g *generator) product() uint64 { return g.sh.products[g.products.Uint64()] }

// start begins a URL in the generator's buffer.
func (g *generator) start(path string) {
	g.buf = append(append(g.buf[:0], g.base...), path...)
}

// get returns GET base+prefix+id+suffix.
func (g *generator) get(op opKind, prefix string, id uint64, suffix string) request {
	g.start(prefix)
	g.buf = append(strconv.AppendUint(g.buf, id, 10), suffix...)
	return request{op: op, method: http.MethodGet, path: string(g.buf)}
}

func (g *generator) recommend(user uint64, count int, category string) request {
	g.start("/api/recommendations/")
	g.buf = strconv.AppendUint(g.buf, user, 10)
	g.buf = append(g.buf, "/?count="...)
	g.buf = strconv.AppendInt(g.buf, int64(count), 10)
	if category != "" {
		g.buf = append(g.buf, "&category="...)
		g.buf = append(g.buf, url.QueryEscape(category)...)
	}
	return request{op: opRecommend, method: http.MethodGet, path: string(g.buf)}
}

func (g *generator) similar() request {
	return g.get(opSimilar, "/api/products/", g.product(), "/similar/?count=10")
}

// interaction returns a POST of one event: a Zipf-drawn user, a
// popularity-drawn product and a view-heavy type.
func (g *generator) interaction() request {
	r := g.rng.IntN(100)
	typ := interactionMix[0].name
	for _, m := range interactionMix {
		if r < m.weight {
			typ = m.name
			break
		}
		r -= m.weight
	}
	// The body is allocated per request: the transport may still read it
	// after the response arrives, so a reused buffer would race.
	body := make([]byte, 0, 80)
	body = append(body, `{"user_id":`...)
	body = strconv.AppendUint(body, g.user(), 10)
	body = append(body, `,"product_id":`...)
	body = strconv.AppendUint(body, g.product(), 10)
	body = append(body, `,"interaction_type":"`...)
	body = append(body, typ...)
	body = append(body, `"}`...)
	g.start("/api/interaction/")
	return request{op: opInteraction, method: http.MethodPost, path: string(g.buf), body: body}
}

// search returns a query of one or two words; one in ten is a prefix (as
// typed into a search box) and one in ten carries a typo.
func (g *generator) search() request {
	words := g.sh.words
	q := words[g.rng.IntN(len(words))]
	switch r := g.rng.IntN(10); {
	case r < 3:
		q += " " + words[g.rng.IntN(len(words))]
	case r == 3:
		q = prefix(q, g.rng)
	case r == 4:
		q = typo(q, g.rng)
	}
	g.start("/api/search/?q=")
	g.buf = append(g.buf, url.QueryEscape(q)...)
	return request{op: opSearch, method: http.MethodGet, path: string(g.buf)}
}

// prefix cuts w to 3 letters or more, short of its whole length when it
// has more than 3.
func prefix(w string, rng *rand.Rand) string {
	rs := []rune(w)
	if len(rs) <= 3 {
		return w
	}
	return string(rs[:3+rng.IntN(len(rs)-3)])
}

// typo swaps two neighbouring letters or replaces one, never the first
// (people rarely mistype it, and search indexes often anchor on it).
func typo(w string, rng *rand.Rand) string {
	rs := []rune(w)
	if len(rs) < 4 {
		return w
	}
	i := 1 + rng.IntN(len(rs)-2) // 1..len-2, so i+1 is in range
	if rng.IntN(2) == 0 {
		rs[i], rs[i+1] = rs[i+1], rs[i]
	} else {
		rs[i] = 'a' + rune(rng.IntN(26))
	}
	return string(rs)
}
