package engine

import (
	"hash/maphash"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// What each shopper was shown lately, so that a list asked for with
// exclude_shown leaves it out ("do not show me what you showed me").
// Memory is bounded: at most shownPerShopper products per shopper, each
// kept shownWindow, and at most shownMaxShoppers shoppers (when a shard is
// full, the least recently shown of a few it samples goes).
const (
	shownWindow      = 30 * time.Minute
	shownPerShopper  = 100
	shownMaxShoppers = 100_000
	shownShards      = 64
	// shownSample is how many entries a full shard looks at to evict one.
	shownSample = 8
)

// shownItem is one product a shopper was shown, and when (unix seconds).
type shownItem struct {
	id uint64
	at int64
}

type shownShard struct {
	mu sync.Mutex
	m  map[string][]shownItem // newest first
}

// shownMemory remembers what shoppers were shown.
type shownMemory struct {
	seed   maphash.Seed
	shards [shownShards]shownShard
	// impressions counts the products recorded as shown.
	impressions atomic.Uint64
}

func newShownMemory() *shownMemory {
	m := &shownMemory{seed: maphash.MakeSeed()}
	for i := range m.shards {
		m.shards[i].m = map[string][]shownItem{}
	}
	return m
}

func (m *shownMemory) shard(key string) *shownShard {
	return &m.shards[maphash.String(m.seed, key)%shownShards]
}

// ShopperKey names a shopper for what it was shown: a user, or a guest
// session when there is no user.
func ShopperKey(userID uint64, session string) string {
	if userID != 0 {
		return "u" + strconv.FormatUint(userID, 10)
	}
	if session != "" {
		return "s" + session
	}
	return ""
}

// RecordShown remembers that a shopper was shown the products ids, in
// that order.
func (e *Engine) RecordShown(shopper string, ids []uint64) {
	if shopper == "" || len(ids) == 0 {
		return
	}
	m := e.shown
	m.impressions.Add(uint64(len(ids)))
	ids = ids[:min(len(ids), shownPerShopper)]
	now := e.cfg.Now().Unix()
	window := int64(shownWindow / time.Second)
	sh := m.shard(shopper)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	old, known := sh.m[shopper]
	// The same list shown again within a minute (a cached page reloaded)
	// changes nothing worth a copy.
	if len(old) >= len(ids) && now-old[0].at < 60 && slices.EqualFunc(old[:len(ids)], ids, func(it shownItem, id uint64) bool { return it.id == id }) {
		return
	}
	if !known && len(sh.m) >= shownMaxShoppers/shownShards {
		sh.evictOne()
	}
	next := make([]shownItem, 0, min(len(old)+len(ids), shownPerShopper))
	for _, id := range ids {
		next = append(next, shownItem{id: id, at: now})
	}
	for _, it := range old {
		if len(next) == shownPerShopper || now-it.at >= window {
			break // newest first: the rest is older still
		}
		if !slices.ContainsFunc(next[:len(ids)], func(n shownItem) bool { return n.id == it.id }) {
			next = append(next, it)
		}
	}
	sh.m[shopper] = next
}

// evictOne drops the least recently shown of a few sampled entries (map
// iteration order is random). Call it with sh.mu held.
func (sh *shownShard) evictOne() {
	var victim string
	oldest, seen := int64(1<<62), 0
	for k, items := range sh.m {
		if items[0].at < oldest {
			victim, oldest = k, items[0].at
		}
		if seen++; seen == shownSample {
			break
		}
	}
	delete(sh.m, victim)
}

// Shown returns what a shopper was shown in the last shownWindow, at most
// max products, the most recent first.
func (e *Engine) Shown(shopper string, max int) []uint64 {
	if shopper == "" || max <= 0 {
		return nil
	}
	sh := e.shown.shard(shopper)
	cutoff := e.cfg.Now().Unix() - int64(shownWindow/time.Second)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	items := sh.m[shopper]
	out := make([]uint64, 0, min(len(items), max))
	for _, it := range items {
		if len(out) == max || it.at <= cutoff {
			break
		}
		out = append(out, it.id)
	}
	return out
}

// Impressions is how many products were recorded as shown since start.
func (e *Engine) Impressions() uint64 { return e.shown.impressions.Load() }

// ShownShoppers is how many shoppers' shown products are remembered.
func (e *Engine) ShownShoppers() int {
	n := 0
	for i := range e.shown.shards {
		sh := &e.shown.shards[i]
		sh.mu.Lock()
		n += len(sh.m)
		sh.mu.Unlock()
	}
	return n
}
