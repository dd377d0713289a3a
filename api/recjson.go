package api

import (
	"math"
	"strconv"

	"shelf/store/dataio"
)

// appendRecommendations appends recs as a JSON array, byte for byte what
// encoding/json writes with HTML escaping off (FuzzRecommendationJSON
// checks): reflection was most of the cost of encoding an uncached list.
func appendRecommendations(b []byte, recs []recommendationOut) []byte {
	b = append(b, '[')
	for i := range recs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendRecommendation(b, &recs[i])
	}
	return append(b, ']')
}

func appendRecommendation(b []byte, r *recommendationOut) []byte {
	b = append(b, `{"product_id":`...)
	b = strconv.AppendUint(b, r.ProductID, 10)
	b = append(b, `,"position":`...)
	b = strconv.AppendInt(b, int64(r.Position), 10)
	b = append(b, `,"product_name":`...)
	b = dataio.AppendJSONString(b, r.ProductName)
	b = append(b, `,"category":`...)
	b = dataio.AppendJSONString(b, r.Category)
	b = append(b, `,"price":`...)
	b = r.Price.Append(b)
	for _, f := range [...]struct{ key, val string }{{`,"image_url":`, r.ImageURL}, {`,"url":`, r.URL}, {`,"brand":`, r.Brand}} {
		if f.val != "" {
			b = append(b, f.key...)
			b = dataio.AppendJSONString(b, f.val)
		}
	}
	b = append(b, `,"confidence_score":`...)
	b = appendJSONFloat(b, r.ConfidenceScore)
	b = append(b, `,"cf_score":`...)
	b = appendJSONFloat(b, r.CFScore)
	b = append(b, `,"mf_score":`...)
	b = appendJSONFloat(b, r.MFScore)
	b = append(b, `,"scores":`...)
	b = r.Scores.appendJSON(b)
	b = append(b, `,"reason":`...)
	b = dataio.AppendJSONString(b, r.Reason)
	if c := r.Because; c != nil {
		b = append(b, `,"because":{"product_id":`...)
		b = strconv.AppendUint(b, c.ProductID, 10)
		b = append(b, `,"product_name":`...)
		b = dataio.AppendJSONString(b, c.ProductName)
		if t := c.InteractionType; t != nil && t.Valid() {
			b = append(b, `,"interaction_type":"`...)
			b = append(b, t.String()...)
			b = append(b, '"')
		}
		b = append(b, '}')
	}
	if len(r.Rules) > 0 {
		b = append(b, `,"rules":[`...)
		for i, a := range r.Rules {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"rule":`...)
			b = strconv.AppendInt(b, int64(a.Rule), 10)
			b = append(b, `,"type":`...)
			b = dataio.AppendJSONString(b, a.Type)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

// appendJSONFloat writes f as encoding/json writes a float64; NaN and the
// infinities, which it refuses, become 0.
func appendJSONFloat(b []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		f = 0
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' { // e-09 -> e-9, as encoding/json does
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}
