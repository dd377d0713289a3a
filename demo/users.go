package demo

import (
	"math"
	"math/rand/v2"
	"slices"
	"time"
)

// Tunables of the users.
const (
	latentDim       = 8
	activitySigma   = 1.3  // log-normal spread of activity: a heavy tail
	activityMaxZ    = 2.5  // caps the busiest users at hundreds of events, not a bot's thousands
	exploreShare    = 0.08 // affinity mass spread over all categories
	lateJoinerShare = 0.2  // users who joined inside the event window
	memberAge       = 730 * 24 * time.Hour
	priceTasteSigma = 0.8  // spread of preferred price level, in category sigmas
	bounceShare     = 0.5  // users who come once or twice and leave
	bounceWeight    = 0.01 // their activity relative to the others'
)

// population is the generated users plus their hidden tastes. Slices are
// indexed by user index, the user ID minus one.
type population struct {
	users    []User
	joined   []int64     // JoinedAt in Unix milliseconds
	budget   []int       // number of events the user will produce
	affinity [][]float64 // per user, per category; sums to 1
	priceZ   []float64   // preferred price level, as catalog.priceZ
	vec      [][latentDim]float64
}

// protoUser is a user before users are sorted by join time.
type protoUser struct {
	u        User
	weight   float64
	affinity []float64
	priceZ   float64
	vec      [latentDim]float64
}

// newPopulation draws cfg.Users users with tastes over the categories that
// have products, and splits cfg.Interactions among them.
func newPopulation(cfg Config, cat *catalog, r *rand.Rand) *population {
	nc := cfg.Categories
	windowStart := cfg.Now.Add(-time.Duration(cfg.Days) * 24 * time.Hour)
	prior := make([]float64, nc)
	var priorSum float64
	for k := range prior {
		if len(cat.byCat[k].members) > 0 {
			prior[k] = categoryTable[k].share
			priorSum += prior[k]
		}
	}
	window := float64(cfg.Now.Sub(windowStart) - time.Hour) // late joiners get an hour at least
	seen := make(map[string]struct{}, cfg.Users)
	protos := make([]protoUser, cfg.Users)
	for i := range protos {
		pu := &protos[i]
		name := uniqueName(seen, username(r), "-")
		pu.u = User{
			Username: name,
			Email:    name + "@" + emailDomains[r.IntN(len(emailDomains))],
		}
		if r.Float64() < lateJoinerShare {
			pu.u.JoinedAt = windowStart.Add(time.Duration(r.Float64() * window))
		} else {
			pu.u.JoinedAt = windowStart.Add(-time.Duration(r.Float64() * float64(memberAge)))
		}
		pu.u.JoinedAt = pu.u.JoinedAt.Truncate(time.Millisecond)
		// Late joiners had less time to be active.
		present := float64(cfg.Now.Sub(maxTime(pu.u.JoinedAt, windowStart))) / float64(cfg.Now.Sub(windowStart))
		pu.weight = math.Exp(activitySigma*min(r.NormFloat64(), activityMaxZ)) * present
		if r.Float64() < bounceShare {
			pu.weight *= bounceWeight
		}
		pu.affinity = drawAffinity(r, prior, priorSum)
		pu.priceZ = priceTasteSigma * r.NormFloat64()
		for k := range pu.vec {
			pu.vec[k] = r.NormFloat64() / math.Sqrt(latentDim)
		}
	}
	slices.SortStableFunc(protos, func(a, b protoUser) int { return a.u.JoinedAt.Compare(b.u.JoinedAt) })
	p := &population{
		users:    make([]User, len(protos)),
		joined:   make([]int64, len(protos)),
		affinity: make([][]float64, len(protos)),
		priceZ:   make([]float64, len(protos)),
		vec:      make([][latentDim]float64, len(protos)),
	}
	weights := make([]float64, len(protos))
	for i := range protos {
		pu := &protos[i]
		pu.u.ID = uint64(i + 1)
		p.users[i] = pu.u
		p.joined[i] = pu.u.JoinedAt.UnixMilli()
		p.affinity[i] = pu.affinity
		p.priceZ[i] = pu.priceZ
		p.vec[i] = pu.vec
		weights[i] = pu.weight
	}
	p.budget = splitBudget(r, weights, cfg.Interactions)
	return p
}

// drawAffinity concentrates a user's taste on one to three categories drawn
// by catalog share (a Dirichlet(1) over the chosen few), and spreads a
// little mass over all categories so that anyone may stray.
func drawAffinity(r *rand.Rand, prior []float64, priorSum float64) []float64 {
	aff := make([]float64, len(prior))
	if priorSum == 0 {
		return aff
	}
	k := 1 + pickWeighted(r, []float64{0.35, 0.45, 0.2})
	avail := slices.Clone(prior)
	chosen := make([]float64, len(prior))
	var sum float64
	for range k {
		c := pickWeighted(r, avail)
		if avail[c] == 0 {
			break // fewer non-empty categories than k
		}
		avail[c] = 0
		chosen[c] = r.ExpFloat64()
		sum += chosen[c]
	}
	for c := range aff {
		aff[c] = (1-exploreShare)*chosen[c]/sum + exploreShare*prior[c]/priorSum
	}
	return aff
}

// splitBudget splits total events among users in proportion to weights by
// systematic sampling: the counts sum to total exactly and each is within
// one of its expectation.
func splitBudget(r *rand.Rand, weights []float64, total int) []int {
	out := make([]int, len(weights))
	var sum float64
	for _, w := range weights {
		sum += w
	}
	if total == 0 || sum == 0 {
		return out
	}
	offset := r.Float64() // in [0, 1), so the running count starts at 0
	var cum float64
	prev := 0
	for i, w := range weights {
		cum += w
		next := min(total, max(prev, int(math.Floor(float64(total)*cum/sum+offset))))
		if i == len(weights)-1 {
			next = total // so float rounding cannot drift the total
		}
		out[i] = next - prev
		prev = next
	}
	return out
}

// maxTime returns the later of a and b.
func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
