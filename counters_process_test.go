package main

import (
	"testing"
	"time"

	"shelf/engine"
)

// TestImpressionCountsSurviveSIGKILL: impressions counted more than the
// documented flush interval before a SIGKILL are all in the file after it.
func TestImpressionCountsSurviveSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := shelfBinary(t)
	db := t.TempDir() + "/counts.db"
	p := startShelf(t, bin, "-db", db, "-demo", "-retrain", "0")
	const lists = 40
	for range lists {
		listIDs(t, p.base+"/api/popular/?count=3")
	}
	// The documented bound: what was counted an interval ago is written.
	time.Sleep(2*engine.CounterFlushInterval + 500*time.Millisecond)
	if err := p.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	p.cmd.Wait() //nolint:errcheck // killed
	p = startShelf(t, bin, "-db", db, "-demo", "-retrain", "0")
	var out struct {
		Total struct {
			Impressions int `json:"impressions"`
		} `json:"total"`
	}
	getJSON(t, p.base+"/api/analytics/", &out)
	if out.Total.Impressions < lists {
		t.Fatalf("%d impressions after SIGKILL; %d were counted more than %v before it", out.Total.Impressions, lists, 2*engine.CounterFlushInterval)
	}
	p.stop(t)
}
