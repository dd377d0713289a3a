package dataio

import (
	"fmt"
	"io"
	"strconv"

	"shelf/store"
)

// eventHeader is the CSV header EventWriter writes.
const eventHeader = "id,user_id,product_id,interaction_type,timestamp,rating,session_id,value,event_id,recommendation_id,refunded\n"

// EventWriter streams interactions as CSV or NDJSON, one line per event,
// in the layout DecodeEvents reads. It buffers; call Flush at the end.
type EventWriter struct {
	w recordWriter[store.Interaction]
}

// NewEventWriter returns a writer of events in format f to w.
func NewEventWriter(w io.Writer, f Format) *EventWriter {
	return &EventWriter{w: recordWriter[store.Interaction]{
		bw: bufferedWriter(w), format: f, header: eventHeader,
		csvRow: eventCSV, jsonRow: eventJSON,
	}}
}

// Write writes one event. An event that cannot be written (an invalid type
// or rating) returns an error and leaves the output as it was; an error of
// the underlying writer is returned by every later call.
func (ew *EventWriter) Write(it store.Interaction) error { return ew.w.write(it) }

// Flush writes buffered data, and the CSV header if no event was written.
func (ew *EventWriter) Flush() error { return ew.w.flush() }

func eventCSV(b []byte, it store.Interaction) ([]byte, error) {
	if !it.Type.Valid() {
		return b, fmt.Errorf("dataio: event %d has invalid type %d", it.ID, it.Type)
	}
	b = strconv.AppendUint(b, it.ID, 10)
	b = append(b, ',')
	if it.UserID != 0 {
		b = strconv.AppendUint(b, it.UserID, 10)
	}
	b = append(b, ',')
	b = strconv.AppendUint(b, it.ProductID, 10)
	b = append(b, ',')
	b = append(b, it.Type.String()...)
	b = append(b, ',')
	b = appendTime(b, it.Timestamp)
	b = append(b, ',')
	if it.Rating != nil {
		var err error
		if b, err = appendRating(b, *it.Rating); err != nil {
			return b, err
		}
	}
	b = append(b, ',')
	b = appendCSV(b, it.SessionID)
	b = append(b, ',')
	if it.Value != nil {
		b = it.Value.Append(b)
	}
	b = append(b, ',')
	b = appendCSV(b, it.EventID)
	b = append(b, ',')
	b = appendCSV(b, it.RecommendationID)
	b = append(b, ',')
	if it.Refunded {
		b = append(b, "true"...)
	}
	return b, nil
}

func eventJSON(b []byte, it store.Interaction) ([]byte, error) {
	if !it.Type.Valid() {
		return b, fmt.Errorf("dataio: event %d has invalid type %d", it.ID, it.Type)
	}
	b = append(b, '{')
	b = appendKey(b, "id")
	b = strconv.AppendUint(b, it.ID, 10)
	if it.UserID != 0 {
		b = appendKey(b, "user_id")
		b = strconv.AppendUint(b, it.UserID, 10)
	}
	b = appendKey(b, "product_id")
	b = strconv.AppendUint(b, it.ProductID, 10)
	b = appendKey(b, "interaction_type")
	b = append(b, '"')
	b = append(b, it.Type.String()...)
	b = append(b, '"')
	b = appendKey(b, "timestamp")
	if it.Timestamp.IsZero() {
		b = append(b, "null"...)
	} else {
		b = append(b, '"')
		b = appendTime(b, it.Timestamp)
		b = append(b, '"')
	}
	if it.Rating != nil {
		b = appendKey(b, "rating")
		var err error
		if b, err = appendRating(b, *it.Rating); err != nil {
			return b, err
		}
	}
	if it.SessionID != "" {
		b = appendKey(b, "session_id")
		b = AppendJSONString(b, it.SessionID)
	}
	if it.Value != nil {
		b = appendKey(b, "value")
		b = it.Value.Append(b)
	}
	for _, f := range [...]struct{ key, val string }{{"event_id", it.EventID}, {"recommendation_id", it.RecommendationID}} {
		if f.val != "" {
			b = appendKey(b, f.key)
			b = AppendJSONString(b, f.val)
		}
	}
	if it.Refunded {
		b = appendKey(b, "refunded")
		b = append(b, "true"...)
	}
	return append(b, '}'), nil
}
