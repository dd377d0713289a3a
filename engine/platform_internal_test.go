package engine

import (
	"errors"
	"testing"

	"shelf/store"
	"shelf/store/dataio"
)

// TestLineErrors: the store's problems with a batch's records become
// problems of their lines, in line order after those found before, and
// the total counts those the store did not list.
func TestLineErrors(t *testing.T) {
	ie := &store.ImportError{Total: 150, Problems: []store.RecordError{
		{Kind: "interaction", Index: 1, Field: "event_id", Message: "repeats"},
		{Kind: "interaction", Index: 0, Field: "user_id", Message: "gone"},
	}}
	err := lineErrors(ie, []int{7, 3}, []dataio.LineError{{Line: 5, Field: "sku", Message: "no match"}})
	var de *dataio.Errors
	if !errors.As(err, &de) || de.Total != 151 || len(de.Errors) != 3 ||
		de.Errors[0].Line != 3 || de.Errors[1].Line != 5 || de.Errors[0].Field != "event_id" || de.Errors[2] != (dataio.LineError{Line: 7, Field: "user_id", Message: "gone"}) {
		t.Fatalf("%+v", err)
	}
	if err := lineErrors(nil, nil, nil); err != nil {
		t.Errorf("no problems: %v", err)
	}
	disk := errors.New("disk")
	if err := lineErrors(disk, nil, nil); err != disk {
		t.Errorf("another error: %v", err)
	}
}
