package model

import (
	"math"
	"testing"
)

func TestSignalsWeight(t *testing.T) {
	s := DefaultSignals()
	s.HalfLifeDays = 30 // the cases below assume it
	const day = secondsPerDay
	now := int64(1000 * day)
	tests := []struct {
		name string
		e    Event
		want float64
	}{
		{"view now", Event{Type: View, Rating: -1, Time: now}, 1},
		{"purchase now", Event{Type: Purchase, Rating: -1, Time: now}, 5},
		{"like one half life ago", Event{Type: Like, Rating: -1, Time: now - 30*day}, 1},
		{"cart two half lives ago", Event{Type: Cart, Rating: -1, Time: now - 60*day}, 0.75},
		{"rating at pivot", Event{Type: View, Rating: 3, Time: now}, 1},
		{"rating 5", Event{Type: Like, Rating: 5, Time: now}, 2 * 5.0 / 3},
		{"rating 0", Event{Type: Purchase, Rating: 0, Time: now}, 0},
		{"rating above 5", Event{Type: View, Rating: 50, Time: now}, 5.0 / 3},
		{"NaN rating", Event{Type: View, Rating: float32(math.NaN()), Time: now}, 1},
		{"future event", Event{Type: View, Rating: -1, Time: now + day}, 1},
		{"invalid type 0", Event{Type: 0, Rating: -1, Time: now}, 0},
		{"invalid type 5", Event{Type: 5, Rating: -1, Time: now}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := s.Weight(tt.e, now); math.Abs(got-tt.want) > 1e-12 {
				t.Errorf("Weight = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestSignalsWeightNoDecayNoRatings(t *testing.T) {
	s := DefaultSignals()
	s.HalfLifeDays, s.RatingPivot = 0, 0
	e := Event{Type: Cart, Rating: 1, Time: 0}
	if got := s.Weight(e, 365*secondsPerDay); got != 3 {
		t.Errorf("Weight = %v, want 3", got)
	}
}
