package loadtest

import (
	"context"
	"math/rand/v2"
	"net"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"shelf/client"
)

// maxErrorSamples bounds the distinct transport errors kept for the report.
const maxErrorSamples = 5

// newClient returns the Go client for discovery and the cache counters
// (and its transport, to close); the load itself goes through one conn
// per worker, which writes its requests by hand.
func newClient(opt Options) (*client.Client, *http.Transport) {
	tr := &http.Transport{
		Proxy:               nil, // a proxy in the environment must not sit between the generator and the server
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		TLSHandshakeTimeout: 5 * time.Second,
	}
	return client.New(opt.BaseURL, opt.APIKey, client.WithHTTPClient(&http.Client{Transport: tr, Timeout: opt.Timeout})), tr
}

// tally is the shared record of a run's measured requests.
type tally struct {
	all      Histogram
	ops      [numOps]Histogram
	opCount  [numOps]atomic.Int64
	opErrors [numOps]atomic.Int64
	status   [600]atomic.Int64 // by HTTP status; index 0 holds requests without a response
	mu       sync.Mutex        // guards samples
	samples  []string
}

func (t *tally) record(op opKind, status int, d time.Duration, err error) {
	t.opCount[op].Add(1)
	if err != nil {
		t.status[0].Add(1)
		t.opErrors[op].Add(1)
		t.sample(err.Error())
		return
	}
	if status < 0 || status >= len(t.status) {
		status = 0
	}
	t.status[status].Add(1)
	t.all.Record(d)
	t.ops[op].Record(d)
	if status >= 400 {
		t.opErrors[op].Add(1)
	}
}

func (t *tally) sample(msg string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.samples) < maxErrorSamples && !containsString(t.samples, msg) {
		t.samples = append(t.samples, msg)
	}
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// Run discovers the shop at opt.BaseURL and then drives the scenario until
// Warmup plus Duration have passed, MaxRequests measured requests were sent,
// or ctx is cancelled; a cancelled run returns what it measured, with
// StoppedBy StopInterrupted. Errors are returned for bad options and for a server that
// cannot be reached or refuses discovery, before any load is sent.
func Run(ctx context.Context, opt Options) (*Report, error) {
	opt, err := opt.withDefaults()
	if err != nil {
		return nil, err
	}
	c, tr := newClient(opt)
	defer tr.CloseIdleConnections()
	sh, err := discover(ctx, c, opt)
	if err != nil {
		return nil, err
	}
	heat := slices.Clone(sh.users)
	rand.New(rand.NewPCG(uint64(opt.Seed), 0)).Shuffle(len(heat), func(i, j int) { heat[i], heat[j] = heat[j], heat[i] })
	rn := &runner{opt: opt, sh: sh, heat: heat}
	rn.stoppedBy.Store(StopDuration)
	start := time.Now()
	rn.measureAt = start.Add(opt.Warmup)
	cacheStart := make(chan *client.CacheCounts, 1)
	// The cache counters are read when measuring begins, so that the
	// warmup's misses do not count against the run: before the clients
	// start when there is no warmup, otherwise at its end (while clients
	// run, so a few requests around the boundary may fall either side).
	if opt.Warmup == 0 {
		cacheStart <- readCache(ctx, c)
		rn.measureAt = time.Now()
	}
	var wg sync.WaitGroup
	allDone := make(chan struct{})
	for i := range opt.Concurrency {
		wg.Go(func() { rn.worker(ctx, i) })
	}
	go func() { wg.Wait(); close(allDone) }()
	if opt.Warmup > 0 {
		go func() {
			select {
			case <-time.After(opt.Warmup):
				cacheStart <- readCache(ctx, c)
			case <-allDone:
				cacheStart <- nil
			}
		}()
	}

	deadline := time.NewTimer(opt.Warmup + opt.Duration)
	defer deadline.Stop()
	select {
	case <-deadline.C:
	case <-allDone:
	case <-ctx.Done():
		rn.stoppedBy.Store(StopInterrupted)
	}
	rn.stop.Store(true)
	<-allDone
	elapsed := max(time.Since(rn.measureAt), 0)
	before := <-cacheStart
	var after *client.CacheCounts
	if before != nil && ctx.Err() == nil {
		after = readCache(ctx, c)
	}
	return newReport(opt, sh, &rn.t, elapsed, rn.stoppedBy.Load().(string), before, after), nil
}

// runner is the state the clients of one run share.
type runner struct {
	opt       Options
	sh        *shop
	heat      []uint64 // users in the order of how often they are picked
	measureAt time.Time
	t         tally
	stop      atomic.Bool
	issued    atomic.Int64
	stoppedBy atomic.Value
}

// worker is one client: it sends requests until the run stops, and
// records those sent after the warmup.
func (rn *runner) worker(ctx context.Context, id int) {
	g := newGenerator(rn.opt, rn.sh, rn.heat, id)
	cn := newConn(rn.opt)
	defer cn.close()
	for !rn.stop.Load() {
		req := g.next()
		began := time.Now()
		measured := !began.Before(rn.measureAt)
		if measured && rn.opt.MaxRequests > 0 && rn.issued.Add(1) > int64(rn.opt.MaxRequests) {
			rn.stoppedBy.CompareAndSwap(StopDuration, StopMaxRequests)
			rn.stop.Store(true)
			return
		}
		status, err := cn.do(ctx, req)
		if !measured {
			continue
		}
		if err != nil && ctx.Err() != nil {
			continue // cut off by the interruption, not the server's fault
		}
		rn.t.record(req.op, status, time.Since(began), err)
	}
}
