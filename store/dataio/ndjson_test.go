package dataio

import (
	"strings"
	"testing"

	"shelf/store"
)

// TestNDJSONLongLines checks lines longer than the read buffer: accepted up
// to MaxLineBytes, reported and skipped beyond it, with line numbers intact.
func TestNDJSONLongLines(t *testing.T) {
	// 5,000 escaped characters: the longest description, at 6 bytes each.
	desc := strings.Repeat(`\u00e9`, store.MaxDescriptionLen)
	ok := `{"name":"a","category":"b","price":1,"description":"` + desc + `"}`
	in := ok + "\n" +
		`{"name":"a","category":"b","price":1,"description":"` + strings.Repeat("x", 100_000) + `"}` + "\n" +
		`{"name":"a","category":"b","price":1,"description":"` + strings.Repeat("x", MaxLineBytes) + `"}` + "\n" +
		`{"name":"a","category":"b","price":"x"}` + "\n"
	_, err := DecodeProducts(strings.NewReader(in), NDJSON)
	checkErrors(t, err, []LineError{
		{Line: 2, Field: "description", Message: "at most 5000 characters"},
		{Line: 3, Message: "longer than"},
		{Line: 4, Field: "price", Message: "decimal number"},
	})
	got, err := DecodeProducts(strings.NewReader(ok), NDJSON)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Description != strings.Repeat("é", store.MaxDescriptionLen) {
		t.Errorf("long description not read back")
	}
}
