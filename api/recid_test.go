package api

import (
	"strings"
	"testing"
	"time"

	"shelf/engine"
)

// TestRecommendationIDs: an id says its day, kind of list, placement and
// variant, verifies for the shopper it was served to only, and any change
// to its signed part breaks it.
func TestRecommendationIDs(t *testing.T) {
	now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	ids := &recIDs{key: []byte("k"), now: func() time.Time { return now }}
	kind := engine.ListKind{Strategy: "similar", Placement: "product-page", Variant: "3/1"}
	id := ids.newID(kind, "u7")
	got, ok := ids.parse(id, "u7")
	if !ok || got.ListKind != kind || got.Day != now.Unix()/86400 {
		t.Fatalf("parse(%s) = %+v, %v", id, got, ok)
	}
	if again := ids.newID(kind, "u7"); again == id || !strings.HasPrefix(again, id[:strings.LastIndex(id, ".")]) {
		t.Errorf("two lists got %s and %s", id, again)
	}
	if _, ok := ids.parse(id, "u8"); ok {
		t.Error("an id verifies for another shopper")
	}
	parts := strings.Split(id, ".")
	with := func(i int, v string) string {
		p := append([]string(nil), parts...)
		p[i] = v
		return strings.Join(p, ".")
	}
	for name, bad := range map[string]string{
		"another day":       with(1, "zz"),
		"another kind":      with(2, "p"),
		"another placement": with(3, "home"),
		"another variant":   with(4, "3/0"),
		"no variant":        with(4, "-"),
		"a bad variant":     with(4, "x"),
		"a bad serial":      with(6, "!"),
		"another key":       (&recIDs{key: []byte("x"), now: ids.now}).newID(kind, "u7"),
		"garbage":           "r1......",
		"empty":             "",
	} {
		if _, ok := ids.parse(bad, "u7"); ok {
			t.Errorf("%s verifies: %s", name, bad)
		}
	}
	if got, ok := ids.parse(ids.newID(engine.ListKind{Strategy: "trending"}, ""), ""); !ok || got.Placement != "" || got.Variant != "" || got.Strategy != "trending" {
		t.Errorf("an id without placement, variant or shopper: %+v %v", got, ok)
	}
	// An id of the first form, without a variant part, still verifies.
	head := "r1." + parts[1] + ".s.product-page"
	old := head + "." + ids.sign(head, "u7") + ".5"
	if got, ok := ids.parse(old, "u7"); !ok || got.Placement != "product-page" || got.Variant != "" {
		t.Errorf("an id without a variant part: %+v %v", got, ok)
	}
}
