package eval

import (
	"strings"
	"testing"
)

// FuzzLoadEvents checks that no input makes the CSV loader panic, and that
// whatever it accepts has valid types and ratings.
func FuzzLoadEvents(f *testing.F) {
	f.Add("user_id,product_id,interaction_type,timestamp\n1,2,view,2024-01-02T03:04:05Z\n")
	f.Add("user_id,product_id,interaction_type,timestamp,rating\n1,2,like,2024-01-02T03:04:05+02:00,4.5\n3,4,cart,2024-01-02T03:04:05Z,\n")
	f.Add("user_id,product_id\n\"1\n")
	f.Fuzz(func(t *testing.T, in string) {
		events, err := loadEvents(strings.NewReader(in))
		if err != nil {
			return
		}
		for _, e := range events {
			if !e.typ.Valid() || !(e.rating <= 5) || (e.rating < 0 && e.rating != -1) {
				t.Fatalf("accepted invalid event %+v", e)
			}
		}
	})
}

// FuzzLoadMovieLens checks that no input makes the u.data loader panic.
func FuzzLoadMovieLens(f *testing.F) {
	f.Add("1\t2\t5\t100\n")
	f.Add("1 2 x 3\n")
	f.Fuzz(func(t *testing.T, in string) {
		events, err := loadMovieLens(strings.NewReader(in), 4)
		if err != nil {
			return
		}
		for _, e := range events {
			if !(e.rating >= 4) {
				t.Fatalf("kept rating %v below the minimum", e.rating)
			}
		}
	})
}
