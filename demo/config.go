package demo

import (
	"fmt"
	"time"
)

// Config sizes a demo shop. The same Config always yields the same Shop.
type Config struct {
	Seed         int64     // seeds every random draw
	Products     int       // catalog size; < 1 means no products
	Users        int       // number of users; < 1 means no users
	Interactions int       // exact number of events when Products and Users are positive
	Categories   int       // clamped to 1..MaxCategories
	Days         int       // events fall in [Now-Days, Now); < 1 means 1
	Now          time.Time // end of the event window; must not be zero
}

// MaxCategories is the number of built-in categories.
const MaxCategories = len(categoryTable)

// DefaultConfig returns the standard demo: 1,000 products in 12 categories,
// 500 users and 50,000 events over the 90 days before now, seed 1.
func DefaultConfig(now time.Time) Config {
	return Config{
		Seed:         1,
		Products:     1000,
		Users:        500,
		Interactions: 50_000,
		Categories:   12,
		Days:         90,
		Now:          now,
	}
}

// normalized clamps out-of-range fields as Config documents, and drops the
// monotonic clock reading and the location of Now so that equal instants
// give byte-identical output.
func (c Config) normalized() Config {
	if c.Now.IsZero() {
		panic(fmt.Sprintf("demo: Config.Now must be set (got %v)", c.Now))
	}
	c.Now = c.Now.Round(0).UTC().Truncate(time.Millisecond)
	c.Products = max(c.Products, 0)
	c.Users = max(c.Users, 0)
	c.Interactions = max(c.Interactions, 0)
	if c.Products == 0 || c.Users == 0 {
		c.Interactions = 0
	}
	c.Categories = min(max(c.Categories, 1), MaxCategories)
	c.Days = max(c.Days, 1)
	return c
}
