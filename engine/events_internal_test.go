package engine

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"shelf/store"
)

// TestTrainingReadMatchesHistory checks that the training's reader of
// events (ForEachEvent, fieldsEvent) gives the model the same events as
// the reader of whole interactions (toEvent) that the real-time path
// uses, on a real store with ratings, sessions, values and ids.
func TestTrainingReadMatchesHistory(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "s.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	r := rand.New(rand.NewPCG(5, 6))
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var b store.ImportBatch
	for i := range 2_000 {
		it := store.Interaction{UserID: uint64(r.IntN(50) + 1), ProductID: uint64(r.IntN(40) + 1), Type: store.InteractionType(r.IntN(4) + 1),
			Timestamp: start.Add(time.Duration(r.Int64N(int64(300 * 24 * time.Hour)))).Truncate(time.Microsecond)}
		if r.IntN(3) == 0 {
			v := float64(r.IntN(11)) / 2
			it.Rating = &v
		}
		if r.IntN(2) == 0 {
			it.SessionID = fmt.Sprintf("s-%d-%d", it.UserID, r.IntN(5))
		}
		if r.IntN(5) == 0 {
			it.EventID = fmt.Sprintf("e%d", i)
		}
		b.Interactions = append(b.Interactions, it)
	}
	if _, err := st.Import(&b, store.ImportOptions{CreateMissing: true}); err != nil {
		t.Fatal(err)
	}
	var want []string
	err = st.ForEachInteraction(func(it *store.Interaction) error {
		want = append(want, fmt.Sprintf("%+v", toEvent(it)))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	i, sessions, ratings := 0, 0, 0
	err = st.ForEachEvent(func(f *store.EventFields) error {
		ev := fieldsEvent(f)
		if got := fmt.Sprintf("%+v", ev); i >= len(want) || got != want[i] {
			return fmt.Errorf("event %d: %s, want %s", i, got, want[min(i, len(want)-1)])
		}
		if ev.Session != 0 {
			sessions++
		}
		if ev.Rating >= 0 {
			ratings++
		}
		i++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if i != len(b.Interactions) || sessions < 500 || ratings < 400 {
		t.Fatalf("%d events read, %d with a session, %d with a rating", i, sessions, ratings)
	}
}
