package loadtest

import (
	"context"
	"net/http"
)

// cacheStats is the recommendation cache's counters in GET /api/model/.
type cacheStats struct {
	Hits   uint64 `json:"hits"`
	Misses uint64 `json:"misses"`
}

// readCache returns the server's cache counters, or nil when they cannot
// be read (no secret key, an older server): they explain the figures but
// are not needed for them, so their absence is a note, not a failure.
func readCache(ctx context.Context, c *http.Client, opt Options) *cacheStats {
	var body struct {
		Cache *cacheStats `json:"cache"`
	}
	if err := getJSON(ctx, c, opt, "/api/model/", &body); err != nil {
		return nil
	}
	return body.Cache
}
