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

// Impressions are counted as shelf answers lists, per day (UTC), kind of
// list, placement and variant, in memory, and added to the file every
// CounterFlushInterval in one write: a crash loses at most that much. A
// day's counts are one blob of a few hundred bytes per placement, so they
// stay small however many lists are served.

// CounterFlushInterval is how often counted impressions are written.
const CounterFlushInterval = 2 * time.Second

// counterBlobPrefix names the blobs of days' counts: counters/<unix day>.
const counterBlobPrefix = "counters/"

// ListKind is one kind of list in one placement and variant.
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

// Counts are what is counted of one kind of list on one day.
type Counts struct {
	Impressions uint64 `json:"impressions"`
}

// counters holds the counts not written yet.
type counters struct {
	mu      sync.Mutex
	pending map[int64]map[string]uint64 // day -> kind key -> impressions
	stop    chan struct{}
	done    chan struct{}
}

// Now is the engine's clock (what its days are counted by).
func (e *Engine) Now() time.Time { return e.cfg.Now() }

// CountImpression counts one list served now.
func (e *Engine) CountImpression(kind ListKind) {
	day := e.cfg.Now().Unix() / 86400
	c := &e.counters
	c.mu.Lock()
	byKind := c.pending[day]
	if byKind == nil {
		byKind = map[string]uint64{}
		c.pending[day] = byKind
	}
	byKind[kind.key()]++
	c.mu.Unlock()
}

// startCounters starts the writer of counts; Close stops it after a last
// write.
func (e *Engine) startCounters() {
	c := &e.counters
	c.pending = map[int64]map[string]uint64{}
	c.stop, c.done = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(c.done)
		t := time.NewTicker(CounterFlushInterval)
		defer t.Stop()
		for {
			select {
			case <-c.stop:
				return
			case <-t.C:
				if err := e.FlushCounters(); err != nil {
					e.log.Error("could not write the impression counts", "err", err)
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

// FlushCounters adds the pending counts to the file now.
func (e *Engine) FlushCounters() error {
	c := &e.counters
	c.mu.Lock()
	pending := c.pending
	c.pending = map[int64]map[string]uint64{}
	c.mu.Unlock()
	for _, day := range slices.Sorted(maps.Keys(pending)) {
		stored, err := e.storedCounts(day)
		if err != nil {
			return err
		}
		for k, n := range pending[day] {
			counts := stored[k]
			counts.Impressions += n
			stored[k] = counts
		}
		buf, err := json.Marshal(stored)
		if err != nil {
			return err
		}
		if err := e.st.PutBlob(counterBlobPrefix+strconv.FormatInt(day, 10), buf); err != nil {
			// Kept for the next try rather than lost.
			c.mu.Lock()
			for k, n := range pending[day] {
				if c.pending[day] == nil {
					c.pending[day] = map[string]uint64{}
				}
				c.pending[day][k] += n
			}
			c.mu.Unlock()
			return err
		}
	}
	return nil
}

// storedCounts reads one day's written counts.
func (e *Engine) storedCounts(day int64) (map[string]Counts, error) {
	out := map[string]Counts{}
	buf, err := e.st.Blob(counterBlobPrefix + strconv.FormatInt(day, 10))
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

// CountsBetween returns the counts of the days from and to (unix days,
// both included), written and pending, by day and kind.
func (e *Engine) CountsBetween(from, to int64) ([]DayCounts, error) {
	var out []DayCounts
	e.counters.mu.Lock()
	pending := map[int64]map[string]uint64{}
	for day, byKind := range e.counters.pending {
		pending[day] = maps.Clone(byKind)
	}
	e.counters.mu.Unlock()
	for day := from; day <= to; day++ {
		stored, err := e.storedCounts(day)
		if err != nil {
			return nil, err
		}
		for k, n := range pending[day] {
			counts := stored[k]
			counts.Impressions += n
			stored[k] = counts
		}
		for _, k := range slices.Sorted(maps.Keys(stored)) {
			out = append(out, DayCounts{Day: day, ListKind: kindOf(k), Counts: stored[k]})
		}
	}
	return out, nil
}
