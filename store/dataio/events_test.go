package dataio

import (
	"reflect"
	"strings"
	"testing"

	"shelf/store"
)

func TestDecodeEvents(t *testing.T) {
	at := mustTime(t, "2024-05-01T12:30:00Z")
	tests := []struct {
		name   string
		format Format
		in     string
		want   []store.Interaction
		errs   []LineError
	}{
		{
			name:   "csv eval format",
			format: CSV,
			in: "user_id,product_id,interaction_type,timestamp,rating\n" +
				"1,10,view,2024-05-01T12:30:00Z,\n" +
				"2,11,purchase,2024-05-01T14:30:00+02:00,4.5\n",
			want: []store.Interaction{
				{UserID: 1, ProductID: 10, Type: store.View, Timestamp: at},
				{UserID: 2, ProductID: 11, Type: store.Purchase, Timestamp: at, Rating: ratingOf(4.5)},
			},
		},
		{
			name:   "csv any column order, ids, guests, unix seconds, CRLF, BOM, spaces",
			format: CSV,
			in: "\xEF\xBB\xBFsession_id, Timestamp ,interaction_type,product_id,user_id,id\r\n" +
				"s-1,1714566600,cart,7,,99\r\n" +
				"\r\n" +
				", 2024-05-01T12:30:00.5Z , like , 8 , 3 ,\r\n",
			want: []store.Interaction{
				{ID: 99, SessionID: "s-1", ProductID: 7, Type: store.Cart, Timestamp: at},
				{UserID: 3, ProductID: 8, Type: store.Like, Timestamp: at.Add(500_000_000)},
			},
		},
		{
			name:   "csv header only",
			format: CSV,
			in:     "user_id,product_id,interaction_type,timestamp\n",
			want:   nil,
		},
		{
			name:   "csv empty file",
			format: CSV,
			in:     "",
			errs:   []LineError{{Line: 1, Message: "header"}},
		},
		{
			name:   "csv header problems",
			format: CSV,
			in:     "user_id,product,interaction_type,user_id\n1,2,view,1\n",
			errs: []LineError{
				{Line: 1, Field: "product", Message: "unknown column (known: id, user_id, product_id"},
				{Line: 1, Field: "user_id", Message: "twice"},
				{Line: 1, Field: "product_id", Message: "required"},
				{Line: 1, Field: "timestamp", Message: "required"},
			},
		},
		{
			name:   "csv bad lines are all listed, multi-line record reported at its start",
			format: CSV,
			in: "user_id,product_id,interaction_type,timestamp,rating,session_id\n" +
				"1,2,view,2024-05-01T12:30:00Z,,\n" +
				"x,2,buy,2024-13-01T00:00:00Z,6,\n" +
				"1,2,view\n" +
				",2,view,2024-05-01T12:30:00Z,,\n" +
				"1,0,view,,NaN,\"a\nb\"\n" +
				"1,2,view,1969-12-31T23:59:59Z,-1,\n" +
				"1,2,view,2024-05-01T12:30:00Z,,bad\"quote\n",
			errs: []LineError{
				{Line: 3, Field: "user_id", Message: "positive whole number"},
				{Line: 3, Field: "interaction_type", Message: "one of view, like"},
				{Line: 3, Field: "timestamp", Message: "RFC 3339"},
				{Line: 4, Message: "number of fields"},
				{Line: 5, Field: "user_id", Message: "session_id"},
				{Line: 6, Field: "rating", Message: "between 0 and 5"},
				{Line: 8, Field: "timestamp", Message: "between 1970"},
				{Line: 9, Message: "quote"},
			},
		},
		{
			name:   "csv validation problems in field order",
			format: CSV,
			in: "user_id,product_id,interaction_type,timestamp,rating\n" +
				"1,0,,,7\n",
			errs: []LineError{
				{Line: 2, Field: "interaction_type", Message: "required"},
				{Line: 2, Field: "product_id", Message: "required"},
				{Line: 2, Field: "rating", Message: "between 0 and 5"},
				{Line: 2, Field: "timestamp", Message: "required"},
			},
		},
		{
			name:   "csv hex float and huge id refused",
			format: CSV,
			in: "user_id,product_id,interaction_type,timestamp,rating\n" +
				"1,99999999999999999999,view,2024-05-01T12:30:00Z,0x1p1\n",
			errs: []LineError{
				{Line: 2, Field: "product_id", Message: "too large"},
				{Line: 2, Field: "rating", Message: "number between 0 and 5"},
			},
		},
		{
			name:   "ndjson",
			format: NDJSON,
			in: `{"user_id":1,"product_id":10,"interaction_type":"view","timestamp":"2024-05-01T12:30:00Z"}` + "\n" +
				"\n   \n" +
				` { "id" : 5 , "session_id":"g\u00e9st","product_id":10,"interaction_type":"like","timestamp":1714566600,"rating":null} ` + "\r\n" +
				`{"user_id":2,"product_id":11,"interaction_type":"purchase","timestamp":"2024-05-01T12:30:00Z","rating":3.25,"session_id":"x\"y"}`,
			want: []store.Interaction{
				{UserID: 1, ProductID: 10, Type: store.View, Timestamp: at},
				{ID: 5, SessionID: "gést", ProductID: 10, Type: store.Like, Timestamp: at},
				{UserID: 2, ProductID: 11, Type: store.Purchase, Timestamp: at, Rating: ratingOf(3.25), SessionID: `x"y`},
			},
		},
		{
			name:   "ndjson empty",
			format: NDJSON,
			in:     "\n\n",
			want:   nil,
		},
		{
			name:   "ndjson strict types and fields",
			format: NDJSON,
			in: `{"user_id":"1","product_id":10,"interaction_type":"view","timestamp":"2024-05-01T12:30:00Z"}` + "\n" +
				`{"user_id":1,"product_id":1.5,"interaction_type":"view","timestamp":"2024-05-01T12:30:00Z"}` + "\n" +
				`{"user_id":1,"product_id":10,"interaction_type":"view","timestamp":"2024-05-01T12:30:00Z","extra":1}` + "\n" +
				`{"user_id":1,"product_id":10,"interaction_type":"view","timestamp":"2024-05-01T12:30:00Z","rating":"4"}` + "\n" +
				`{"user_id":1,"product_id":10,"interaction_type":["view"],"timestamp":"2024-05-01T12:30:00Z"}` + "\n" +
				`{"user_id":1,"user_id":2,"product_id":10,"interaction_type":"view","timestamp":"2024-05-01T12:30:00Z"}` + "\n" +
				`{"User_ID":1,"product_id":10,"interaction_type":"view","timestamp":1714566600.5}` + "\n" +
				`{"user_id":1,"product_id":10,"interaction_type":"view","timestamp":"2024-05-01T12:30:00Z"} x` + "\n" +
				`{"user_id":1,"product_id":10,"interaction_type":"view","timestamp":"2024-05-01T12:30:00Z",}` + "\n" +
				`[1,2]` + "\n" +
				"{\"user_id\":1,\"session_id\":\"\xff\"}\n" +
				`{"user_id":1,"session_id":"a\qb"}` + "\n" +
				`{"user_id":-1,"product_id":10,"interaction_type":"view","timestamp":true}` + "\n" +
				`{"product_id":10,"interaction_type":"view"}` + "\n",
			errs: []LineError{
				{Line: 1, Field: "user_id", Message: "must be a whole number, not a string"},
				{Line: 2, Field: "product_id", Message: "positive whole number"},
				{Line: 3, Field: "extra", Message: "unknown field"},
				{Line: 4, Field: "rating", Message: "must be a number or null, not a string"},
				{Line: 5, Field: "interaction_type", Message: "not an object or array"},
				{Line: 6, Field: "user_id", Message: "twice"},
				{Line: 7, Field: "User_ID", Message: "unknown field"},
				{Line: 7, Field: "timestamp", Message: "whole unix seconds"},
				{Line: 8, Message: "after the object"},
				{Line: 9, Message: "field name"},
				{Line: 10, Message: "JSON object"},
				{Line: 11, Message: "UTF-8"},
				{Line: 12, Message: "escape"},
				{Line: 13, Field: "user_id", Message: "positive whole number"},
				{Line: 13, Field: "timestamp", Message: "not a boolean"},
				{Line: 14, Field: "timestamp", Message: "required"},
				{Line: 14, Field: "user_id", Message: "required"},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := DecodeEvents(strings.NewReader(tc.in), tc.format)
			if tc.errs != nil {
				if got != nil {
					t.Errorf("got %d events with an error, want none", len(got))
				}
				checkErrors(t, err, tc.errs)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

// TestDecodeEventsErrorCap checks that Errors keeps MaxErrors problems and
// counts them all.
func TestDecodeEventsErrorCap(t *testing.T) {
	var b strings.Builder
	b.WriteString("user_id,product_id,interaction_type,timestamp\n")
	for range 250 {
		b.WriteString("1,2,jump,2024-05-01T12:30:00Z\n")
	}
	_, err := DecodeEvents(strings.NewReader(b.String()), CSV)
	errs, ok := err.(*Errors)
	if !ok {
		t.Fatalf("error = %v, want *Errors", err)
	}
	if errs.Total != 250 || len(errs.Errors) != MaxErrors {
		t.Fatalf("total %d, kept %d; want 250, %d", errs.Total, len(errs.Errors), MaxErrors)
	}
	if last := errs.Errors[MaxErrors-1]; last.Line != MaxErrors+1 {
		t.Errorf("last kept problem on line %d, want %d", last.Line, MaxErrors+1)
	}
	if msg := errs.Error(); !strings.Contains(msg, "250 problem(s)") || !strings.Contains(msg, "247 more") {
		t.Errorf("Error() = %q", msg)
	}
}

func TestDecodeUnknownFormat(t *testing.T) {
	if _, err := DecodeEvents(strings.NewReader("{}"), Format(0)); err == nil {
		t.Fatal("no error for format 0")
	}
}
