package loadtest

import (
	"context"

	"shelf/client"
)

// readCache returns the server's cache counters, or nil when they cannot
// be read (no secret key, an older server): they explain the figures but
// are not needed for them, so their absence is a note, not a failure.
func readCache(ctx context.Context, c *client.Client) *client.CacheCounts {
	cache, err := c.ModelCache(ctx)
	if err != nil {
		return nil
	}
	return cache
}
