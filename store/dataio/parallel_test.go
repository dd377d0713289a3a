package dataio

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"shelf/store"
)

// serialAndParallel decodes data both ways, with parts cut however small
// the input is.
func serialAndParallel(t *testing.T, data []byte, f Format) (want []store.Interaction, wantErr error, got []store.Interaction, gotErr error) {
	t.Helper()
	old := parallelMin
	parallelMin = 0
	defer func() { parallelMin = old }()
	want, wantErr = DecodeEvents(bytes.NewReader(data), f)
	got, gotErr = DecodeEventsBytes(data, f)
	sameInParts(t, data, f, got, gotErr)
	return
}

// sameInParts fails unless DecodeEventsParts, with parts of a few hundred
// bytes (many more than processors, so each processor's part is reused),
// hands over the events DecodeEventsBytes gave and fails the same way,
// handing over no part from the first bad one on.
func sameInParts(t *testing.T, data []byte, f Format, want []store.Interaction, wantErr error) {
	t.Helper()
	old := partBytes
	partBytes = 300
	defer func() { partBytes = old }()
	var got []store.Interaction
	err := DecodeEventsParts(data, f, func(part []store.Interaction) { got = append(got, part...) })
	if wantErr != nil {
		if err == nil || err.Error() != wantErr.Error() {
			t.Fatalf("in parts: err %v, want %v", err, wantErr)
		}
		if len(got) > 0 && len(got) >= bytes.Count(data, []byte{'\n'}) {
			t.Fatalf("in parts: %d events handed over from a bad file", len(got))
		}
		return
	}
	if err != nil || len(got) != len(want) || (len(want) > 0 && !reflect.DeepEqual(got, want)) {
		t.Fatalf("in parts: %d events, %v; want %d", len(got), err, len(want))
	}
}

// sameDecoding fails unless the parallel decoding of data gives what the
// serial one does: the same events, or an error with the same first
// problem (and, when compareAll, the same list of problems).
func sameDecoding(t *testing.T, data []byte, f Format, compareAll bool) {
	t.Helper()
	want, wantErr, got, gotErr := serialAndParallel(t, data, f)
	if (wantErr == nil) != (gotErr == nil) {
		t.Fatalf("serial err %v, parallel err %v", wantErr, gotErr)
	}
	if wantErr == nil {
		if !reflect.DeepEqual(want, got) {
			t.Fatalf("parallel decoding differs: %d events against %d", len(got), len(want))
		}
		return
	}
	var we, ge *Errors
	if !errors.As(wantErr, &we) || !errors.As(gotErr, &ge) {
		if wantErr.Error() != gotErr.Error() {
			t.Fatalf("serial err %v, parallel err %v", wantErr, gotErr)
		}
		return
	}
	if compareAll && !reflect.DeepEqual(we, ge) {
		t.Fatalf("problems differ:\nserial   %v\nparallel %v", we, ge)
	}
	if len(we.Errors) > 0 && we.Errors[0] != ge.Errors[0] {
		t.Fatalf("first problem differs: serial %v, parallel %v", we.Errors[0], ge.Errors[0])
	}
}

func TestParallelDecodingMatchesSerial(t *testing.T) {
	t0 := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	var events []store.Interaction
	for i := range 3000 {
		it := store.Interaction{ID: uint64(i + 1), UserID: uint64(i%50 + 1), ProductID: uint64(i%70 + 1), Type: store.InteractionType(i%4 + 1), Timestamp: t0.Add(time.Duration(i) * time.Minute)}
		switch i % 7 {
		case 0:
			it.SessionID = fmt.Sprintf("with \"quotes\", %d", i) // quoted in CSV
		case 1:
			r := 4.5
			it.Rating = &r
		case 2:
			it.UserID, it.SessionID = 0, fmt.Sprintf("guest,%d", i)
		}
		events = append(events, it)
	}
	for _, f := range []Format{CSV, NDJSON} {
		data := encodeEvents(t, events, f)
		want, err := DecodeEvents(bytes.NewReader(data), f)
		if err != nil || len(want) != len(events) {
			t.Fatalf("%v: serial decoding: %d events, %v", f, len(want), err)
		}
		sameDecoding(t, data, f, true)
		// Windows line ends, and problems on both sides of every cut.
		sameDecoding(t, bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n")), f, true)
		lines := strings.SplitAfter(string(data), "\n")
		for _, at := range []int{5, len(lines) / 2, len(lines)/2 + 1, len(lines) - 3} {
			bad := slices(lines)
			bad[at] = "2,x,3\n"
			sameDecoding(t, []byte(strings.Join(bad, "")), f, true)
		}
	}
	// More problems than an *Errors lists: the first MaxErrors in order.
	var b strings.Builder
	b.WriteString("user_id,product_id,interaction_type,timestamp\n")
	for i := range 1000 {
		fmt.Fprintf(&b, "%d,1,shout,2026-01-01T00:00:00Z\n", i+1)
	}
	sameDecoding(t, []byte(b.String()), CSV, true)
	// A bad header is reported once, the usual way.
	sameDecoding(t, []byte("user,product\n1,2\n3,4\n5,6\n"), CSV, true)
}

func slices(s []string) []string { return append([]string(nil), s...) }

func FuzzDecodeEventsParallel(f *testing.F) {
	addSeeds(f, []string{
		"user_id,product_id,interaction_type,timestamp\n1,2,view,2024-05-01T12:30:00Z\n3,4,like,2024-05-01T12:31:00Z\n",
		"session_id,product_id,interaction_type,timestamp\n\"a\nb\",2,cart,1714566600\n\"c\"\"d\",2,cart,1714566600\n",
		"user_id,product_id,interaction_type,timestamp\n1,2,view,x\n1,\"2,view,2024-05-01T12:30:00Z\n3,4,like,2024-05-01T12:31:00Z\n",
	}, []string{
		`{"user_id":1,"product_id":2,"interaction_type":"like","timestamp":1}` + "\n" + `{"user_id":1,"product_id":3,"interaction_type":"like","timestamp":2}`,
		"\xEF\xBB\xBF{}\n\xEF\xBB\xBF{}\n",
	})
	f.Fuzz(func(t *testing.T, data []byte, ndjson bool) {
		format := CSV
		if ndjson {
			format = NDJSON
		}
		sameDecoding(t, data, format, false)
	})
}

func TestRecordEnd(t *testing.T) {
	csv := []byte("h1,h2\n1,\"a\nb\"\"\nc\"\n2,x\n")
	for _, c := range []struct {
		from int
		f    Format
		want int
	}{
		{0, CSV, 6},     // after the header
		{6, CSV, 18},    // the quoted field spans three lines
		{9, CSV, 18},    // from inside it
		{18, CSV, 22},   // the last record
		{22, CSV, -1},   // nothing after
		{6, NDJSON, 11}, // NDJSON knows no quotes
		{0, NDJSON, 6},
	} {
		if got := recordEnd(csv, c.from, c.f); got != c.want {
			t.Errorf("recordEnd(%d, %v) = %d, want %d", c.from, c.f, got, c.want)
		}
	}
	bom := []byte("{}\n\xEF\xBB\xBF{}\n{}\n")
	if got := recordEnd(bom, 0, NDJSON); got != 9 {
		t.Errorf("NDJSON cut before a byte order mark: %d, want 9", got)
	}
}
