package model

import (
	"context"
	"strings"
	"testing"
)

func TestInfoSaysWhatWasLimited(t *testing.T) {
	in := synthInput(2)
	for _, c := range []struct {
		name string
		set  func(*Config)
		want []string
	}{
		{"nothing limited", func(*Config) {}, nil},
		{"dense ease over part of the catalog", func(c *Config) { c.EASE.MaxItems, c.EASE.Neighbours = 30, 0 },
			[]string{"ease modelled the 30 products with the most interactions of the 100 that have any"}},
		{"sparse ease", func(c *Config) { c.EASE.MaxItems, c.EASE.Neighbours = 30, 8 },
			[]string{"ease learned 8 neighbours per product over 100 products", "hold at most 30 products"}},
		{"validation on a sample", func(c *Config) { c.Validate, c.ValidationUsers = true, 50 },
			[]string{"a sample of 50 of the 200 shoppers"}},
	} {
		cfg := DefaultConfig()
		cfg.Models, cfg.Validate, cfg.Tune = []string{EASE}, false, false
		c.set(&cfg)
		m, err := Train(context.Background(), in, cfg)
		if err != nil {
			t.Fatal(err)
		}
		got := strings.Join(m.Info().Limits, " | ")
		if len(c.want) == 0 && got != "" {
			t.Errorf("%s: limits %q, want none", c.name, got)
		}
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: limits %q, want %q", c.name, got, w)
			}
		}
	}
}
