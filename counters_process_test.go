package main

import (
	"strconv"
	"testing"
	"time"

	"shelf/engine"
)

// TestImpressionCountsSurviveSIGKILL: impressions, clicks and attributed
// purchases counted more than the documented flush interval before a
// SIGKILL are all in the file after it.
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
	// A guest clicks the first item of a list and buys it.
	var list struct {
		ID    string `json:"recommendation_id"`
		Items []struct {
			ID uint64 `json:"id"`
		} `json:"products"`
	}
	getJSON(t, p.base+"/api/popular/?count=3&session_id=s-kill", &list)
	if len(list.Items) == 0 {
		t.Fatal("an empty list")
	}
	event := `{"session_id":"s-kill","product_id":` + strconv.FormatUint(list.Items[0].ID, 10)
	var out1 struct{ Recommendation string }
	postJSON(t, p.base+"/api/interaction/", event+`,"interaction_type":"view","recommendation_id":"`+list.ID+`"}`, &out1)
	postJSON(t, p.base+"/api/interaction/", event+`,"interaction_type":"purchase","value":10}`, &out1)
	if out1.Recommendation != "attributed" {
		t.Fatalf("the purchase was %q", out1.Recommendation)
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
			Impressions int     `json:"impressions"`
			Clicks      int     `json:"clicks"`
			Purchases   int     `json:"purchases"`
			Revenue     float64 `json:"revenue"`
		} `json:"total"`
	}
	getJSON(t, p.base+"/api/analytics/", &out)
	if got := out.Total; got.Impressions < lists+1 || got.Clicks != 1 || got.Purchases != 1 || got.Revenue != 10 {
		t.Fatalf("after SIGKILL %+v; %d impressions, a click and a purchase of 10 were counted more than %v before it", got, lists+1, 2*engine.CounterFlushInterval)
	}
	p.stop(t)
}
