package dataio_test

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"shelf/store"
	"shelf/store/dataio"
)

func ExampleDecodeEvents() {
	in := "user_id,product_id,interaction_type,timestamp,rating\n" +
		"1,10,purchase,2024-05-01T14:30:00+02:00,4.5\n" +
		"2,11,view,1714566600,\n"
	events, err := dataio.DecodeEvents(strings.NewReader(in), dataio.CSV)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, it := range events {
		fmt.Println(it.UserID, it.ProductID, it.Type, it.Timestamp, it.Rating != nil)
	}
	// Output:
	// 1 10 purchase 2024-05-01 12:30:00 +0000 UTC true
	// 2 11 view 2024-05-01 12:30:00 +0000 UTC false
}

func ExampleErrors() {
	in := `{"user_id":1,"product_id":10,"interaction_type":"view","timestamp":"2024-05-01T12:30:00Z"}
{"user_id":1,"product_id":10,"interaction_type":"buy","timestamp":"2024-05-01T12:30:00Z"}
{"user_id":1,"product_id":10,"interaction_type":"view"}
`
	_, err := dataio.DecodeEvents(strings.NewReader(in), dataio.NDJSON)
	var errs *dataio.Errors
	if errors.As(err, &errs) {
		for _, e := range errs.Errors {
			fmt.Println(e)
		}
	}
	// Output:
	// line 2: interaction_type: must be one of view, like, cart, purchase (got "buy")
	// line 3: timestamp: is required
}

func ExampleNewEventWriter() {
	w := dataio.NewEventWriter(os.Stdout, dataio.CSV)
	r := 5.0
	_ = w.Write(store.Interaction{ID: 1, UserID: 7, ProductID: 3, Type: store.Like, Rating: &r,
		Timestamp: time0()})
	_ = w.Write(store.Interaction{ID: 2, ProductID: 3, Type: store.View, SessionID: "guest-1",
		Timestamp: time0()})
	if err := w.Flush(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// id,user_id,product_id,interaction_type,timestamp,rating,session_id,value,event_id,recommendation_id,refunded
	// 1,7,3,like,2024-05-01T12:30:00Z,5,,,,,
	// 2,,3,view,2024-05-01T12:30:00Z,,guest-1,,,,
}

func time0() time.Time { return time.Date(2024, 5, 1, 12, 30, 0, 0, time.UTC) }
