package dataio

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func ratingOf(r float64) *float64 { return &r }

func mustTime(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatal(err)
	}
	return v.UTC()
}

// checkErrors asserts that err is an *Errors holding exactly the wanted
// problems: same lines and fields, and messages containing the wanted text.
func checkErrors(t *testing.T, err error, want []LineError) {
	t.Helper()
	var errs *Errors
	if !errors.As(err, &errs) {
		t.Fatalf("error = %v (%T), want *Errors", err, err)
	}
	if errs.Total != len(want) || len(errs.Errors) != len(want) {
		t.Fatalf("got %d problems (%d kept): %v\nwant %d: %v", errs.Total, len(errs.Errors), errs.Errors, len(want), want)
	}
	for i, w := range want {
		g := errs.Errors[i]
		if g.Line != w.Line || g.Field != w.Field || !strings.Contains(g.Message, w.Message) {
			t.Errorf("problem %d = %+v, want line %d field %q message containing %q", i, g, w.Line, w.Field, w.Message)
		}
	}
}
