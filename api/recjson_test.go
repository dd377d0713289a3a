package api

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"

	"shelf/engine"
	"shelf/store"
)

// encodingJSON is what encoding/json writes for v with HTML escaping off.
func encodingJSON(t *testing.T, v any) string {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return string(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}

// FuzzRecommendationJSON checks that the hand-written encoding of a
// recommendation list is byte for byte encoding/json's.
func FuzzRecommendationJSON(f *testing.F) {
	f.Add(uint64(7), "Tea \"pot\" <b>&", "Kitchen\n\t\u2028", int64(1990), 0.1234, 1e-7, 3e21, "Because you liked", uint64(3), "x\xffy\x01", uint8(2))
	f.Add(uint64(0), "", "", int64(-5), 0.0, -0.5, 1.0, "", uint64(0), "", uint8(0))
	f.Fuzz(func(t *testing.T, id uint64, name, cat string, price int64, conf, cf, mf float64, reason string, because uint64, bname string, typ uint8) {
		for _, v := range []float64{conf, cf, mf} {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return // encoding/json refuses them; ours writes 0
			}
		}
		r := recommendationOut{
			ProductID: id, Position: int(price % 1000), ProductName: name, Category: cat, Price: store.Price(price),
			ConfidenceScore: conf, CFScore: cf, MFScore: mf,
			Scores: scoreMap{"cf": 0.25, "mf": 1, "knn": 0, "popularity": 0.0001}, Reason: reason,
		}
		if because != 0 {
			r.Because = &becauseOut{ProductID: because, ProductName: bname}
			if it := store.InteractionType(typ % 6); it.Valid() {
				r.Because.InteractionType = &it
			}
		}
		r2 := r
		r2.ImageURL, r2.URL, r2.Brand = "/img/"+name, "https://x/"+cat, bname
		r2.Rules = []engine.Applied{{Rule: int(typ), Type: reason}, {Rule: 0, Type: "pin"}}
		recs := []recommendationOut{r, r2}
		if got, want := string(appendRecommendations(nil, recs)), encodingJSON(t, recs); got != want {
			t.Fatalf("hand-written JSON differs:\n got %s\nwant %s", got, want)
		}
	})
}

func TestRecommendationJSONEmpty(t *testing.T) {
	if got, want := string(appendRecommendations(nil, []recommendationOut{})), encodingJSON(t, []recommendationOut{}); got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
}
