package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"shelf/client"
	"shelf/demo"
)

// shelf simulate plays synthetic guests with hidden tastes against a
// running shelf, over its public API only (through package client), so
// that what the shop's lists lead to (clicks, carts, purchases, and an
// experiment's variants) can be watched without real shoppers. Each
// shopper has a taste drawn as the demo generator draws its users'
// (demo.DrawTaste): a category affinity concentrated on a few categories
// and latent factors. A visit views a product of its own choosing, asks
// for the placement's list, clicks items with a chance that follows its
// taste, and sometimes carts and buys what it clicked.

// Bounds and tunables of a simulation.
const (
	simMaxShoppers    = 100_000
	simMaxRounds      = 1000
	simMaxConcurrency = 256
	simMaxDuration    = time.Hour
	simMaxBrowse      = 10
	// simMaxCatalogPages bounds the catalog read: 500 pages of 100.
	simMaxCatalogPages = 500
	// simMaxClicks is how many items of one list a shopper clicks at most.
	simMaxClicks = 3
	// simClickScale is the chance of a click on the first item of the
	// shopper's favourite category at an average latent match; items of
	// categories it does not care for get a few percent of that.
	simClickScale = 0.3
	// simLatentWeight weighs the latent match: exp(w·dot), normalised to
	// a mean of 1 over products.
	simLatentWeight = 0.5
	// simPositionDecay lowers the chance of a click down the list.
	simPositionDecay = 0.1
	// simMaxConsecutiveErrors stops a run whose requests keep failing.
	simMaxConsecutiveErrors = 20
	// simFirstErrors is how many errors the summary quotes.
	simFirstErrors = 5
)

// simOptions are shelf simulate's flags.
type simOptions struct {
	URL         string
	Key         string
	Shoppers    int
	Rounds      int
	Duration    time.Duration
	Placement   string
	Seed        uint64
	Buy         float64
	Browse      int
	Concurrency int
	Timeout     time.Duration
	AllowRemote bool
}

// runSimulate is shelf simulate.
func runSimulate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("simulate", stderr)
	var o simOptions
	fs.StringVar(&o.URL, "url", "http://127.0.0.1:8080", "the shelf to play against (loopback only unless -allow-remote)")
	fs.StringVar(&o.Key, "key", "", "an API key; a publishable one is enough (a -demo server needs none)")
	fs.IntVar(&o.Shoppers, "shoppers", 100, "simulated guests")
	fs.IntVar(&o.Rounds, "rounds", 5, "visits of each shopper; each asks for one list")
	fs.DurationVar(&o.Duration, "d", 60*time.Second, "stop after this long at the latest (at most 1h)")
	fs.StringVar(&o.Placement, "placement", "home", `the placement whose list the shoppers get ("" for the plain session list)`)
	fs.Uint64Var(&o.Seed, "seed", 1, "seed of the shoppers' tastes and choices")
	fs.Float64Var(&o.Buy, "buy", 0.15, "chance that a click ends in a cart and then a purchase")
	fs.IntVar(&o.Browse, "browse", 1, "products a visit views by itself before it asks for the list (0: none)")
	fs.IntVar(&o.Concurrency, "concurrency", 8, "shoppers playing at once")
	fs.DurationVar(&o.Timeout, "timeout", 10*time.Second, "per-request timeout")
	fs.BoolVar(&o.AllowRemote, "allow-remote", false, "allow a non-loopback -url: it writes synthetic events into that shop")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	rep, err := simulate(ctx, o)
	if rep != nil {
		rep.write(stdout)
	}
	return err
}

// check returns o with a normalised URL, or an error naming the first
// flag out of bounds.
func (o simOptions) check() (simOptions, error) {
	switch {
	case o.Shoppers < 1 || o.Shoppers > simMaxShoppers:
		return o, fmt.Errorf("-shoppers must be from 1 to %d (got %d)", simMaxShoppers, o.Shoppers)
	case o.Rounds < 1 || o.Rounds > simMaxRounds:
		return o, fmt.Errorf("-rounds must be from 1 to %d (got %d)", simMaxRounds, o.Rounds)
	case o.Duration <= 0 || o.Duration > simMaxDuration:
		return o, fmt.Errorf("-d must be positive and at most %s (got %s)", simMaxDuration, o.Duration)
	case o.Concurrency < 1 || o.Concurrency > simMaxConcurrency:
		return o, fmt.Errorf("-concurrency must be from 1 to %d (got %d)", simMaxConcurrency, o.Concurrency)
	case !(o.Buy >= 0 && o.Buy <= 1):
		return o, fmt.Errorf("-buy must be from 0 to 1 (got %v)", o.Buy)
	case o.Browse < 0 || o.Browse > simMaxBrowse:
		return o, fmt.Errorf("-browse must be from 0 to %d (got %d)", simMaxBrowse, o.Browse)
	case o.Timeout <= 0:
		return o, fmt.Errorf("-timeout must be positive (got %s)", o.Timeout)
	}
	u, err := url.Parse(o.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return o, fmt.Errorf("-url %q is not a base URL such as http://127.0.0.1:8080", o.URL)
	}
	if ip := net.ParseIP(u.Hostname()); !o.AllowRemote && !strings.EqualFold(u.Hostname(), "localhost") && (ip == nil || !ip.IsLoopback()) {
		return o, fmt.Errorf("refusing to simulate against %s: it is not a loopback address, and the simulation writes synthetic events into the shop (-allow-remote for a shop of your own)", u.Host)
	}
	o.URL = strings.TrimRight(u.String(), "/")
	return o, nil
}

// simCatalog is what the shoppers know of the shop: its categories and
// which products are on sale in each.
type simCatalog struct {
	names   []string
	index   map[string]int // category name → index
	of      map[uint64]int // product id → category index
	onSale  [][]uint64     // per category, the products shoppers can see
	prior   []float64      // per category, how many are on sale
	latents map[uint64][]float64
}

// readCatalog pages through GET /api/products.
func readCatalog(ctx context.Context, c *client.Client, seed uint64) (*simCatalog, error) {
	cat := &simCatalog{index: map[string]int{}, of: map[uint64]int{}, latents: map[uint64][]float64{}}
	for page := 1; page <= simMaxCatalogPages; page++ {
		p, err := c.Products(ctx, client.ProductQuery{Page: page, PageSize: 100})
		if err != nil {
			return nil, fmt.Errorf("reading the catalog: %w", err)
		}
		for _, pr := range p.Results {
			ci, ok := cat.index[pr.Category]
			if !ok {
				ci = len(cat.names)
				cat.index[pr.Category] = ci
				cat.names = append(cat.names, pr.Category)
				cat.onSale, cat.prior = append(cat.onSale, nil), append(cat.prior, 0)
			}
			cat.of[pr.ID] = ci
			cat.latents[pr.ID] = demo.ProductLatent(seed, pr.ID)
			if (pr.Active == nil || *pr.Active) && (pr.Stock == nil || *pr.Stock > 0) {
				cat.onSale[ci] = append(cat.onSale[ci], pr.ID)
				cat.prior[ci]++
			}
		}
		if p.Next == nil {
			break
		}
	}
	if len(cat.of) == 0 {
		return nil, errors.New("the shop has no products to simulate shoppers with")
	}
	return cat, nil
}

// simShopper is one simulated guest: a hidden taste, its own random
// stream, and the session shelf gave it.
type simShopper struct {
	taste   demo.Taste
	top     float64 // the affinity of its favourite category
	r       *rand.Rand
	session string
}

// newShopper draws shopper i of a run seeded by seed.
func newShopper(seed uint64, i int, cat *simCatalog) *simShopper {
	r := rand.New(rand.NewPCG(seed, uint64(i)))
	sh := &simShopper{taste: demo.DrawTaste(r.Uint64(), cat.prior), r: r}
	for _, a := range sh.taste.Affinity {
		sh.top = max(sh.top, a)
	}
	return sh
}

// match is the shopper's latent liking of a product, exp(w·dot) over its
// mean, so 1 on average; 1 for a product it knows nothing of.
func (sh *simShopper) match(cat *simCatalog, product uint64) float64 {
	v, ok := cat.latents[product]
	if !ok {
		return 1
	}
	var dot float64
	for k, x := range v {
		dot += x * sh.taste.Latent[k]
	}
	return math.Exp(simLatentWeight*dot - simLatentWeight*simLatentWeight/2)
}

// clickChance is the chance that the shopper clicks an item of a list:
// its affinity for the item's category over its favourite's (1 for a
// category it loves, a few percent for one it does not care for), times
// its latent match with the product, lower down the list.
func (sh *simShopper) clickChance(cat *simCatalog, item client.Recommendation) float64 {
	ci, ok := cat.of[item.ProductID]
	if !ok {
		if ci, ok = cat.index[item.Category]; !ok {
			return 0 // a category it has never heard of
		}
	}
	if sh.top == 0 {
		return 0
	}
	like := sh.taste.Affinity[ci] / sh.top
	pos := 1 / (1 + simPositionDecay*float64(max(item.Position, 1)-1))
	return min(0.95, simClickScale*like*sh.match(cat, item.ProductID)*pos)
}

// pickBrowse picks the product a shopper views by itself: a category by
// its affinity, then the best latent match of a few of its products on
// sale, chosen by a softmax as the demo generator's visits are.
func (sh *simShopper) pickBrowse(cat *simCatalog) (uint64, bool) {
	ci := pickByWeight(sh.r, sh.taste.Affinity)
	if ci < 0 || len(cat.onSale[ci]) == 0 {
		return 0, false
	}
	members := cat.onSale[ci]
	const candidates = 8
	ids := make([]uint64, candidates)
	weights := make([]float64, candidates)
	for k := range ids {
		ids[k] = members[sh.r.IntN(len(members))]
		weights[k] = sh.match(cat, ids[k])
	}
	return ids[max(pickByWeight(sh.r, weights), 0)], true
}

// pickByWeight draws index i with probability w[i]/sum(w); -1 when the
// weights sum to zero.
func pickByWeight(r *rand.Rand, w []float64) int {
	var sum float64
	for _, x := range w {
		sum += x
	}
	if sum <= 0 {
		return -1
	}
	u := r.Float64() * sum
	for i, x := range w {
		if u -= x; u < 0 {
			return i
		}
	}
	return len(w) - 1
}

// simRun is one simulation under way. Its counters are shared by the
// workers.
type simRun struct {
	o     simOptions
	c     *client.Client
	cat   *simCatalog
	runID string
	// stop ends the run early; fatal says why.
	stop context.CancelFunc

	// requests counts what countingTransport sent; the others what came
	// of it.
	requests                                              atomic.Int64
	lists, shown, clicks, carts, purchases, browsed, errs atomic.Int64

	// consecutive counts the requests that failed since the last success.
	consecutive atomic.Int64
	events      atomic.Uint64

	mu          sync.Mutex
	variants    map[string]*simVariant
	order       []string
	firstErrors []string
	fatal       error
}

// simVariant counts the lists and clicks of one variant of an experiment.
type simVariant struct {
	experiment   uint64
	name         string
	lists, click int64
}

// countingTransport counts the requests it sends.
type countingTransport struct {
	n  *atomic.Int64
	rt http.RoundTripper
}

// RoundTrip counts r and sends it.
func (t countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	t.n.Add(1)
	return t.rt.RoundTrip(r)
}

// simulate runs a simulation; the report is returned also when the run
// stopped with an error after it began.
func simulate(ctx context.Context, o simOptions) (*simReport, error) {
	o, err := o.check()
	if err != nil {
		return nil, err
	}
	start := time.Now()
	ctx, cancel := context.WithTimeout(ctx, o.Duration)
	defer cancel()
	run := &simRun{o: o, stop: cancel, variants: map[string]*simVariant{},
		runID: strconv.FormatInt(start.UnixNano(), 36)}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = o.Concurrency
	hc := &http.Client{
		Timeout:   o.Timeout,
		Transport: countingTransport{&run.requests, tr},
		// A redirect is an answer, not followed: every request goes to
		// the -url given.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	run.c = client.New(o.URL, o.Key, client.WithHTTPClient(hc), client.WithUserAgent("shelf-simulate/"+buildVersion()))
	if run.cat, err = readCatalog(ctx, run.c, o.Seed); err != nil {
		return nil, err
	}
	var wg sync.WaitGroup
	for w := range o.Concurrency {
		wg.Go(func() { run.worker(ctx, w) })
	}
	wg.Wait()
	tr.CloseIdleConnections()
	return run.report(time.Since(start), ctx.Err()), run.fatal
}

// worker plays the shoppers whose index is w modulo the concurrency, all
// of them a round at a time, until their rounds are done or the run ends.
func (run *simRun) worker(ctx context.Context, w int) {
	var mine []*simShopper
	for i := w; i < run.o.Shoppers; i += run.o.Concurrency {
		mine = append(mine, newShopper(run.o.Seed, i, run.cat))
	}
	for range run.o.Rounds {
		for _, sh := range mine {
			if ctx.Err() != nil {
				return
			}
			run.visit(ctx, sh)
		}
	}
}

// visit is one round of a shopper: a session if it has none yet, a
// product or so it finds by itself, the placement's list, its clicks, and
// a cart and purchase after some of them.
func (run *simRun) visit(ctx context.Context, sh *simShopper) {
	if sh.session == "" {
		s, err := run.c.CreateSession(ctx)
		if run.failed(ctx, "POST /api/sessions", err, true) {
			return
		}
		sh.session = s
	}
	for range run.o.Browse {
		if id, ok := sh.pickBrowse(run.cat); ok && run.record(ctx, sh, id, client.View, "") {
			run.browsed.Add(1)
		}
	}
	list, err := run.c.SessionRecommendations(ctx, sh.session, &client.ListOptions{Placement: run.o.Placement})
	if ce, ok := errors.AsType[*client.Error](err); ok && ce.StatusCode == http.StatusNotFound && ce.Details["placement"] != "" {
		err = fmt.Errorf("%w (create it with PUT /api/placements/%s, or run with -placement \"\")", err, run.o.Placement)
	}
	if run.failed(ctx, "GET /api/recommendations/session/{session}/?placement="+run.o.Placement, err, true) {
		return
	}
	run.lists.Add(1)
	run.shown.Add(int64(len(list.Items)))
	v := run.variant(list)
	clicks := 0
	for _, item := range list.Items {
		if clicks == simMaxClicks || sh.r.Float64() >= sh.clickChance(run.cat, item) {
			continue
		}
		clicks++
		if !run.record(ctx, sh, item.ProductID, client.View, list.RecommendationID) {
			return
		}
		run.clicks.Add(1)
		if v != nil {
			run.mu.Lock()
			v.click++
			run.mu.Unlock()
		}
		if sh.r.Float64() >= run.o.Buy {
			continue
		}
		if !run.record(ctx, sh, item.ProductID, client.Cart, "") {
			return
		}
		run.carts.Add(1)
		if !run.record(ctx, sh, item.ProductID, client.Purchase, "") {
			return
		}
		run.purchases.Add(1)
	}
}

// variant counts a list under its experiment's variant, when it has one.
func (run *simRun) variant(l *client.List) *simVariant {
	if l.Variant == "" {
		return nil
	}
	key := strconv.FormatUint(l.Experiment, 10) + ":" + l.Variant
	run.mu.Lock()
	defer run.mu.Unlock()
	v := run.variants[key]
	if v == nil {
		v = &simVariant{experiment: l.Experiment, name: l.Variant}
		run.variants[key] = v
		run.order = append(run.order, key)
	}
	v.lists++
	return v
}

// record sends one event of the shopper's session, with a fresh event id
// (and the list's id for a click), and reports whether it was recorded.
func (run *simRun) record(ctx context.Context, sh *simShopper, product uint64, typ client.InteractionType, recommendation string) bool {
	it := client.Interaction{SessionID: sh.session, ProductID: product, Type: typ, RecommendationID: recommendation,
		EventID: "sim-" + run.runID + "-" + strconv.FormatUint(run.events.Add(1), 36)}
	_, err := run.c.RecordInteraction(ctx, it)
	return !run.failed(ctx, "POST /api/interaction ("+string(typ)+")", err, false)
}

// failed counts err, when there is one, and reports whether the request
// failed. A failure pauses the worker (20 ms, doubling with the failures
// in a row up to half a second, or the Retry-After shelf asks for, at
// most 5 s), and the run ends when failures keep coming, or at once when
// every shopper would get the same answer: a 4xx to the session or list
// request, which are the same for everyone.
func (run *simRun) failed(ctx context.Context, what string, err error, sameForAll bool) bool {
	if err == nil {
		run.consecutive.Store(0)
		return false
	}
	if ctx.Err() != nil {
		return true // the run is over; the request did not fail on its own
	}
	run.errs.Add(1)
	n := run.consecutive.Add(1)
	run.mu.Lock()
	if len(run.firstErrors) < simFirstErrors {
		run.firstErrors = append(run.firstErrors, what+": "+err.Error())
	}
	run.mu.Unlock()
	ce, ok := errors.AsType[*client.Error](err)
	isClientError := ok && ce.StatusCode/100 == 4 && ce.StatusCode != http.StatusTooManyRequests && ce.StatusCode != http.StatusRequestTimeout
	switch {
	case sameForAll && isClientError:
		run.abort(fmt.Errorf("%s failed, and would for every shopper: %w", what, err))
	case n >= simMaxConsecutiveErrors:
		run.abort(fmt.Errorf("stopped after %d failed requests in a row; the last: %s: %w", n, what, err))
	}
	pause := min(500*time.Millisecond, 10*time.Millisecond<<min(n, 6))
	if ok && ce.RetryAfter > 0 {
		pause = min(ce.RetryAfter, 5*time.Second)
	}
	t := time.NewTimer(pause)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
	return true
}

// abort ends the run with err, unless it ended already.
func (run *simRun) abort(err error) {
	run.mu.Lock()
	if run.fatal == nil {
		run.fatal = err
	}
	run.mu.Unlock()
	run.stop()
}

// simReport is what a simulation did.
type simReport struct {
	URL, Placement   string
	Shoppers, Rounds int
	Seed             uint64
	Elapsed          time.Duration

	Requests, Errors, Lists, Shown, Clicks, Carts, Purchases, Views int64

	Variants    []simVariant
	FirstErrors []string
	// Stopped says why the run ended before every round was played, if it
	// did.
	Stopped string
}

// report collects the counters once the workers are done; ended is the
// run's context's error, if it ended before the rounds were played.
func (run *simRun) report(elapsed time.Duration, ended error) *simReport {
	rep := &simReport{URL: run.o.URL, Placement: run.o.Placement, Shoppers: run.o.Shoppers, Rounds: run.o.Rounds, Seed: run.o.Seed,
		Elapsed: elapsed, Requests: run.requests.Load(), Errors: run.errs.Load(), Lists: run.lists.Load(), Shown: run.shown.Load(),
		Clicks: run.clicks.Load(), Carts: run.carts.Load(), Purchases: run.purchases.Load(), Views: run.browsed.Load(),
		FirstErrors: run.firstErrors}
	for _, k := range run.order {
		rep.Variants = append(rep.Variants, *run.variants[k])
	}
	switch {
	case run.fatal != nil:
		rep.Stopped = run.fatal.Error()
	case errors.Is(ended, context.DeadlineExceeded):
		rep.Stopped = "-d " + run.o.Duration.String() + " ran out"
	case ended != nil:
		rep.Stopped = "interrupted"
	}
	return rep
}

// ctr is clicks per list, as shelf's analytics count it.
func ctr(clicks, lists int64) float64 {
	if lists == 0 {
		return 0
	}
	return float64(clicks) / float64(lists)
}

// write prints the summary.
func (rep *simReport) write(w io.Writer) {
	placement := "placement " + strconv.Quote(rep.Placement)
	if rep.Placement == "" {
		placement = "no placement"
	}
	fmt.Fprintf(w, "simulated %d shoppers x %d visits against %s (%s, seed %d) in %s\n",
		rep.Shoppers, rep.Rounds, rep.URL, placement, rep.Seed, rep.Elapsed.Round(time.Millisecond))
	fmt.Fprintf(w, "requests   %d\nerrors     %d\nlists      %d (%d items shown)\n", rep.Requests, rep.Errors, rep.Lists, rep.Shown)
	fmt.Fprintf(w, "clicks     %d\nCTR        %.3f clicks per list\ncarts      %d\npurchases  %d\n",
		rep.Clicks, ctr(rep.Clicks, rep.Lists), rep.Carts, rep.Purchases)
	fmt.Fprintf(w, "views      %d of products the shoppers found by themselves\n", rep.Views)
	for _, v := range rep.Variants {
		fmt.Fprintf(w, "variant %q of experiment %d: %d lists, %d clicks, CTR %.3f\n", v.name, v.experiment, v.lists, v.click, ctr(v.click, v.lists))
	}
	if len(rep.FirstErrors) > 0 {
		fmt.Fprintf(w, "first errors:\n")
		for _, e := range rep.FirstErrors {
			fmt.Fprintf(w, "  %s\n", e)
		}
	}
	if rep.Stopped != "" {
		fmt.Fprintf(w, "stopped early: %s\n", rep.Stopped)
	}
}
