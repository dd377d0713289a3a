package api

import (
	"strings"
	"testing"
	"time"
)

// TestRecommendationIDs: an id says its day, kind of list and placement,
// verifies for the shopper it was served to only, and any change to its
// signed part breaks it.
func TestRecommendationIDs(t *testing.T) {
	now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	ids := &recIDs{key: []byte("k"), now: func() time.Time { return now }}
	id := ids.newID("similar", "product-page", "u7")
	got, ok := ids.parse(id, "u7")
	if !ok || got.Strategy != "similar" || got.Placement != "product-page" || got.Day != now.Unix()/86400 {
		t.Fatalf("parse(%s) = %+v, %v", id, got, ok)
	}
	if again := ids.newID("similar", "product-page", "u7"); again == id || !strings.HasPrefix(again, id[:strings.LastIndex(id, ".")]) {
		t.Errorf("two lists got %s and %s", id, again)
	}
	if _, ok := ids.parse(id, "u8"); ok {
		t.Error("an id verifies for another shopper")
	}
	parts := strings.Split(id, ".")
	for name, bad := range map[string]string{
		"another day":       strings.Join([]string{parts[0], "zz", parts[2], parts[3], parts[4], parts[5]}, "."),
		"another kind":      strings.Join([]string{parts[0], parts[1], "p", parts[3], parts[4], parts[5]}, "."),
		"another placement": strings.Join([]string{parts[0], parts[1], parts[2], "home", parts[4], parts[5]}, "."),
		"a bad serial":      strings.Join([]string{parts[0], parts[1], parts[2], parts[3], parts[4], "!"}, "."),
		"another key":       (&recIDs{key: []byte("x"), now: ids.now}).newID("similar", "product-page", "u7"),
		"garbage":           "r1.....",
		"empty":             "",
	} {
		if _, ok := ids.parse(bad, "u7"); ok {
			t.Errorf("%s verifies: %s", name, bad)
		}
	}
	if got, ok := ids.parse(ids.newID("trending", "", ""), ""); !ok || got.Placement != "" || got.Strategy != "trending" {
		t.Errorf("an id without placement or shopper: %+v %v", got, ok)
	}
}
