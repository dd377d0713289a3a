package engine

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"shelf/store"
)

// What recommendations do is counted as it happens, per day (in the
// shop's time zone), kind of list, placement and variant: impressions
// (lists served), clicks (views that carry a list's recommendation id),
// and the carts, purchases and revenue attributed to a click. The counts
// live in memory and are added to the file every CounterFlushInterval in
// one write: a crash loses at most that much. A day's counts are one blob
// of a few hundred bytes per placement and variant, so they stay small
// however many lists are served. The kind with no strategy counts every
// purchase, attributed or not, for the share of revenue.

// CounterFlushInterval is how often counted impressions are written.
const CounterFlushInterval = 2 * time.Second

// counterBlobPrefix names the records of days' counts: counters/<day>
// (in the store's state, apart from the models' blobs).
const counterBlobPrefix = "counters/"

// ListKind is one kind of list in one placement and variant. The kind with
// no strategy stands for all purchases.
type ListKind struct {
	Strategy  string `json:"strategy"`
	Placement string `json:"placement,omitempty"`
	Variant   string `json:"variant,omitempty"`
}

func (k ListKind) key() string { return k.Strategy + "|" + k.Placement + "|" + k.Variant }

func kindOf(key string) ListKind {
	parts := strings.SplitN(key, "|", 3)
	for len(parts) < 3 {
		parts = append(parts, "")
	}
	return ListKind{Strategy: parts[0], Placement: parts[1], Variant: parts[2]}
}

// allPurchases is the kind that counts every purchase.
var allPurchases = ListKind{}

// Counts are what is counted of one kind of list on one day. Revenue is
// in cents; a refund takes its purchase back out.
type Counts struct {
	Impressions int64 `json:"impressions"`
	Clicks      int64 `json:"clicks,omitempty"`
	// ClickedLists counts the lists clicked at least once: click-through
	// is ClickedLists per impression, a proportion (a list may get
	// several clicks).
	ClickedLists int64 `json:"clicked_lists,omitempty"`
	Carts        int64 `json:"carts,omitempty"`
	Purchases    int64 `json:"purchases,omitempty"`
	Revenue      int64 `json:"revenue,omitempty"`
}

func (c *Counts) add(d Counts) {
	c.Impressions += d.Impressions
	c.Clicks += d.Clicks
	c.ClickedLists += d.ClickedLists
	c.Carts += d.Carts
	c.Purchases += d.Purchases
	c.Revenue += d.Revenue
}

// counters holds the counts not written yet.
type counters struct {
	mu      sync.Mutex
	pending map[int64]map[string]Counts // day -> kind key -> counts
	// flushing is held by a flush from taking the pending counts until
	// they are written (or put back), and shared by readers: the counts
	// in flight are neither pending nor written, and a reader between
	// the two saw them vanish.
	flushing sync.RWMutex
	stop     chan struct{}
	done     chan struct{}
}

// Now is the engine's clock (what its days are counted by).
func (e *Engine) Now() time.Time { return e.cfg.Now() }

// count adds d to kind's counts of day.
func (e *Engine) count(day int64, kind ListKind, d Counts) {
	c := &e.counters
	c.mu.Lock()
	byKind := c.pending[day]
	if byKind == nil {
		byKind = map[string]Counts{}
		c.pending[day] = byKind
	}
	cur := byKind[kind.key()]
	cur.add(d)
	byKind[kind.key()] = cur
	c.mu.Unlock()
}

// CountImpression counts one list of kind served now to shopper (the
// shopper key, "" for nobody in particular).
func (e *Engine) CountImpression(kind ListKind, shopper string) {
	e.count(e.Today(), kind, Counts{Impressions: 1})
	if kind.Variant != "" && shopper != "" {
		e.expose(kind.Variant, shopper)
	}
}

// startCounters starts the writer of counts; Close stops it after a last
// write.
func (e *Engine) startCounters() {
	c := &e.counters
	c.pending = map[int64]map[string]Counts{}
	c.stop, c.done = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(c.done)
		t := time.NewTicker(CounterFlushInterval)
		defer t.Stop()
		// Clicks older than the attribution window are forgotten once
		// an hour, and once at start.
		e.pruneClicks()
		lastPrune := time.Now()
		for {
			select {
			case <-c.stop:
				return
			case <-t.C:
				if err := e.FlushCounters(); err != nil {
					e.log.Error("could not write the impression counts", "err", err)
				}
				if time.Since(lastPrune) > time.Hour {
					e.pruneClicks()
					lastPrune = time.Now()
				}
			}
		}
	}()
}

func (e *Engine) stopCounters() {
	c := &e.counters
	if c.stop == nil {
		return
	}
	close(c.stop)
	<-c.done
	c.stop = nil
	if err := e.FlushCounters(); err != nil {
		e.log.Error("could not write the impression counts", "err", err)
	}
}

// FlushCounters adds the pending counts to the file now, in one write.
func (e *Engine) FlushCounters() error {
	c := &e.counters
	c.flushing.Lock()
	defer c.flushing.Unlock()
	c.mu.Lock()
	pending := c.pending
	c.pending = map[int64]map[string]Counts{}
	c.mu.Unlock()
	records := make(map[string][]byte, len(pending))
	err := func() error {
		for _, day := range slices.Sorted(maps.Keys(pending)) {
			stored, err := e.storedCounts(day)
			if err != nil {
				return err
			}
			for k, d := range pending[day] {
				counts := stored[k]
				counts.add(d)
				stored[k] = counts
			}
			buf, err := json.Marshal(stored)
			if err != nil {
				return err
			}
			records[counterBlobPrefix+strconv.FormatInt(day, 10)] = buf
		}
		if len(records) == 0 {
			return nil
		}
		return e.st.PutState(records)
	}()
	if err != nil {
		// Kept for the next try rather than lost.
		for day, byKind := range pending {
			for k, d := range byKind {
				e.count(day, kindOf(k), d)
			}
		}
		return err
	}
	return e.flushExperiments()
}

// storedCounts reads one day's written counts.
func (e *Engine) storedCounts(day int64) (map[string]Counts, error) {
	out := map[string]Counts{}
	buf, err := e.st.State(counterBlobPrefix + strconv.FormatInt(day, 10))
	if errors.Is(err, store.ErrNotFound) {
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(buf, &out); err != nil {
		return nil, fmt.Errorf("the counts of day %d: %w", day, err)
	}
	return out, nil
}

// DayCounts is one day's counts of one kind of list.
type DayCounts struct {
	Day int64 // unix day
	ListKind
	Counts
}

// CountsBetween returns the counts of the days from and to (days as Day
// numbers them, both included), written and pending, by day and kind.
func (e *Engine) CountsBetween(from, to int64) ([]DayCounts, error) {
	var out []DayCounts
	e.counters.flushing.RLock()
	defer e.counters.flushing.RUnlock()
	e.counters.mu.Lock()
	pending := map[int64]map[string]Counts{}
	for day, byKind := range e.counters.pending {
		if day >= from && day <= to {
			pending[day] = maps.Clone(byKind)
		}
	}
	e.counters.mu.Unlock()
	for day := from; day <= to; day++ {
		stored, err := e.storedCounts(day)
		if err != nil {
			return nil, err
		}
		for k, d := range pending[day] {
			counts := stored[k]
			counts.add(d)
			stored[k] = counts
		}
		for _, k := range slices.Sorted(maps.Keys(stored)) {
			out = append(out, DayCounts{Day: day, ListKind: kindOf(k), Counts: stored[k]})
		}
	}
	return out, nil
}
