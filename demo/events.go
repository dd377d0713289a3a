package demo

import (
	"math"
	"math/rand/v2"
	"strconv"
)

// Tunables of the event stream. With these, events come out as a real
// shop logs them: about 93% views (most of them repeats), 2% likes, 3%
// carts and 2% purchases.
const (
	moreVisitsProb = 0.6   // chance of one more product visit in a session
	maxVisits      = 30    // cap on visits per session
	repeatAlpha    = 1.6   // Pareto tail of the views per visit: 1 + floor(X) - 1, X >= 1
	maxRepeats     = 200   // cap on the views of one visit
	revisitProb    = 0.3   // chance a visit returns to a product of an earlier session
	likeProb       = 0.03  // per visit
	cartProb       = 0.06  // per visit
	buyAfterCart   = 0.5   // chance a carted product is bought
	buyDirect      = 0.004 // "buy now" without a cart event
	rateProb       = 0.35  // chance a purchase carries a rating
	strayProb      = 0.15  // chance a visit leaves the session's focus category
	candidates     = 12    // products drawn by popularity per visit
	latentWeight   = 1.5   // weight of the user-product latent dot product
	priceWeight    = 0.6   // weight of the price fit
	msPerDay       = 24 * 3600 * 1000
	msPerHour      = 3600 * 1000
)

// diurnal weighs the hours of the day (UTC) for session starts: quiet
// nights, a lunch bump and an evening peak.
var diurnal = [24]float64{1, 0.6, 0.4, 0.3, 0.3, 0.5, 1, 2, 3, 3.5, 3.5, 4, 5, 4.5, 4, 4, 4.5, 5, 6, 7, 7.5, 6.5, 4, 2}

// event is an interaction before it gets its ID, packed for sorting.
type event struct {
	ts     int64 // Unix milliseconds
	user   int32 // user index
	seq    int32 // position in the user's own stream, breaks time ties
	prod   int32 // product index
	sess   int32 // the user's session number from 0 (see appendSessionID)
	typ    EventType
	rating int8 // 0 for none, else 1..5
}

// plannedEvent is one event of a session before products are chosen.
type plannedEvent struct {
	visit  int32 // visits sharing a number share a product
	typ    EventType
	offset int64 // milliseconds after the session's start
}

// plannedSession is a range of eventGen.plan.
type plannedSession struct {
	first, end int
	dur        int64
}

// eventGen draws every user's sessions; its slices are scratch space reused
// from user to user, so memory stays proportional to the output.
type eventGen struct {
	r          *rand.Rand
	cat        *catalog
	pop        *population
	start, now int64 // the event window in Unix milliseconds
	events     []event
	plan       []plannedEvent
	sessions   []plannedSession
	visited    []int32 // products of the current session
	earlier    []int32 // products of the user's earlier sessions
	weights    []float64
	cands      []int32
}

// run draws the events of every user in ID order.
func (g *eventGen) run() {
	for u := range g.pop.budget {
		g.user(u)
	}
}

// user draws one user's sessions: first their shape (visits and funnel
// steps), then their place in time, then the products.
func (g *eventGen) user(u int) {
	budget := g.pop.budget[u]
	if budget == 0 {
		return
	}
	g.planSessions(budget)
	lo := max(g.start, g.pop.joined[u])
	slot := (g.now - lo) / int64(len(g.sessions))
	seq := int32(0)
	g.earlier, g.visited = g.earlier[:0], g.visited[:0]
	for s, ps := range g.sessions {
		g.earlier = append(g.earlier, g.visited...) // the previous session's
		a := lo + int64(s)*slot
		start, scale := g.place(a, slot-1, ps.dur)
		focus := pickWeighted(g.r, g.pop.affinity[u])
		g.visited = g.visited[:0]
		visit, prod := int32(-1), int32(0)
		for _, pe := range g.plan[ps.first:ps.end] {
			if pe.visit != visit {
				visit = pe.visit
				c := focus
				if g.r.Float64() < strayProb {
					c = pickWeighted(g.r, g.pop.affinity[u])
				}
				prod = g.choose(u, c, start)
				if len(g.earlier) > 0 && g.r.Float64() < revisitProb {
					// Back to something seen before: shoppers compare and
					// return, which is where a log's repeated views come from.
					if p := g.earlier[g.r.IntN(len(g.earlier))]; !g.seen(p) {
						prod = p
					}
				}
				g.visited = append(g.visited, prod)
			}
			e := event{
				ts:   start + int64(float64(pe.offset)*scale),
				user: int32(u), seq: seq, prod: prod,
				sess: int32(s),
				typ:  pe.typ,
			}
			if pe.typ == Purchase && g.r.Float64() < rateProb {
				e.rating = g.rating(u, prod)
			}
			g.events = append(g.events, e)
			seq++
		}
	}
}

// appendSessionID appends the name of user index u's session s,
// "s-<user ID>-<s+1>".
func appendSessionID(b []byte, u, s int32) []byte {
	b = append(b, "s-"...)
	b = strconv.AppendInt(b, int64(u)+1, 10)
	b = append(b, '-')
	return strconv.AppendInt(b, int64(s)+1, 10)
}

// planSessions fills g.plan and g.sessions with exactly budget events.
func (g *eventGen) planSessions(budget int) {
	g.plan, g.sessions = g.plan[:0], g.sessions[:0]
	r := g.r
	for len(g.plan) < budget {
		ps := plannedSession{first: len(g.plan)}
		var off int64
		emit := func(v int32, t EventType, gapMin, gapSpread int64) {
			if len(g.plan) >= budget {
				return
			}
			if len(g.plan) > ps.first {
				off += gapMin + r.Int64N(gapSpread)
			}
			g.plan = append(g.plan, plannedEvent{visit: v, typ: t, offset: off})
		}
		for v := int32(0); v == 0 || (v < maxVisits && r.Float64() < moreVisitsProb); v++ {
			emit(v, View, 20_000, 220_000)
			// A heavy-tailed number of views of the same product: most
			// visits view it once, a few dozens of times.
			for n := min(int(math.Pow(1-r.Float64(), -1/repeatAlpha)), maxRepeats); n > 1; n-- {
				emit(v, View, 5_000, 120_000)
			}
			if r.Float64() < likeProb {
				emit(v, Like, 3_000, 30_000)
			}
			carted := r.Float64() < cartProb
			if carted {
				emit(v, Cart, 5_000, 55_000)
			}
			if (carted && r.Float64() < buyAfterCart) || (!carted && r.Float64() < buyDirect) {
				emit(v, Purchase, 30_000, 150_000)
			}
		}
		ps.end, ps.dur = len(g.plan), off
		g.sessions = append(g.sessions, ps)
	}
}

// place returns a session's start inside the slot [a, a+room) and a factor
// that squeezes its offsets when the session is longer than the slot (a
// very active user in a short window). Starts favour busy hours.
func (g *eventGen) place(a, room, dur int64) (start int64, scale float64) {
	scale = 1
	if dur > room/2 {
		scale = float64(room/2) / float64(dur)
		dur = room / 2
	}
	free := room - dur
	if free <= 0 {
		return a, scale
	}
	start = a + g.r.Int64N(free)
	if free > 2*msPerDay {
		day := start - start%msPerDay
		at := day + int64(pickWeighted(g.r, diurnal[:]))*msPerHour + g.r.Int64N(msPerHour)
		if at >= a && at < a+free {
			start = at
		}
	}
	return start, scale
}

// choose picks a product of category c for user u at time t: candidates are
// drawn by popularity, then one is chosen by a softmax over latent fit and
// price fit. Drawing by popularity and reweighting the few candidates
// approximates a softmax over popularity + fit across the whole category
// without touching every product.
func (g *eventGen) choose(u, c int, t int64) int32 {
	ci := &g.cat.byCat[c]
	g.cands, g.weights = g.cands[:0], g.weights[:0]
	best := math.Inf(-1)
	for try := 0; len(g.cands) < candidates && try < 3*candidates; try++ {
		p := ci.members[ci.pop.draw(g.r)]
		if g.cat.created[p] > t || g.seen(p) {
			continue
		}
		dz := g.cat.priceZ[p] - g.pop.priceZ[u]
		s := latentWeight*g.dot(u, p) - priceWeight*dz*dz/2
		best = max(best, s)
		g.cands = append(g.cands, p)
		g.weights = append(g.weights, s)
	}
	if len(g.cands) == 0 {
		return ci.oldest // created before the window, so always on sale
	}
	for i, s := range g.weights {
		g.weights[i] = math.Exp(s - best)
	}
	return g.cands[pickWeighted(g.r, g.weights)]
}

// seen reports whether the current session already visited p.
func (g *eventGen) seen(p int32) bool {
	for _, q := range g.visited {
		if q == p {
			return true
		}
	}
	return false
}

// dot is the latent match of user u and product p; about unit variance.
func (g *eventGen) dot(u int, p int32) float64 {
	uv, pv := &g.pop.vec[u], &g.cat.vec[p]
	var s float64
	for k := range uv {
		s += uv[k] * pv[k]
	}
	return s
}

// rating is a 1-5 star score that follows the latent match, with noise.
func (g *eventGen) rating(u int, p int32) int8 {
	x := math.Round(3.6 + 0.9*g.dot(u, p) + 0.7*g.r.NormFloat64())
	return int8(min(max(x, 1), 5))
}
