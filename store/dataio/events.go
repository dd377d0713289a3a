package dataio

import (
	"io"

	"shelf/store"
)

// DecodeEvents reads interactions from CSV (with a header naming the
// columns user_id, product_id, interaction_type and timestamp, and
// optionally id, rating, session_id, value, event_id, recommendation_id
// and refunded, in any order) or NDJSON (objects
// with the same field names). CSV column names are matched ignoring case and
// surrounding spaces; JSON field names exactly. An empty user_id marks a guest's event, which
// needs a session_id; an empty rating is no rating. Every returned event has
// passed Validate and has a timestamp. Any problem returns an *Errors and no
// events.
func DecodeEvents(r io.Reader, f Format) ([]store.Interaction, error) {
	return decode(r, f, eventSchema(), nil)
}

// eventSchema is built per call: its setters share per-call pools.
func eventSchema() *schema[store.Interaction] {
	sessions := interner{}
	ratings := &floatSlab{}
	return &schema[store.Interaction]{
		fields: []field[store.Interaction]{
			{name: "id", set: func(it *store.Interaction, v value) (err error) {
				it.ID, err = v.id()
				return err
			}},
			{name: "user_id", header: true, set: func(it *store.Interaction, v value) (err error) {
				it.UserID, err = v.id()
				return err
			}},
			{name: "product_id", header: true, set: func(it *store.Interaction, v value) (err error) {
				it.ProductID, err = v.id()
				return err
			}},
			{name: "interaction_type", header: true, set: func(it *store.Interaction, v value) (err error) {
				it.Type, err = v.interactionType()
				return err
			}},
			{name: "timestamp", header: true, set: func(it *store.Interaction, v value) (err error) {
				it.Timestamp, err = v.time()
				return err
			}},
			{name: "rating", set: func(it *store.Interaction, v value) error {
				r, ok, err := v.rating()
				if ok {
					it.Rating = ratings.ptr(r)
				}
				return err
			}},
			// Session ids are kept byte for byte, spaces included, as the
			// store keeps them: an export must import as it was.
			{name: "session_id", set: func(it *store.Interaction, v value) error {
				s, err := v.str()
				it.SessionID = sessions.intern(s)
				return err
			}},
			{name: "value", set: func(it *store.Interaction, v value) (err error) {
				it.Value, err = v.optionalPrice()
				return err
			}},
			{name: "event_id", set: func(it *store.Interaction, v value) (err error) {
				it.EventID, err = v.str()
				return err
			}},
			{name: "recommendation_id", set: func(it *store.Interaction, v value) (err error) {
				it.RecommendationID, err = v.str()
				return err
			}},
			{name: "refunded", set: func(it *store.Interaction, v value) (err error) {
				it.Refunded, err = v.flag()
				return err
			}},
		},
		validate: func(it *store.Interaction) error { return it.Validate() },
	}
}
