package engine

import (
	"strconv"
	"strings"
)

// Recommendation ids name the list a click came from. The api package
// signs them (with the shopper they were served to) and checks the
// signature when a click brings one back; the engine reads, from an id it
// stored with a click, which kind of list it was, to count the click and
// what it leads to:
//
//	r1.<day>.<strategy>.<placement>.<variant>.<signature>.<serial>
//
// day is the unix day (UTC) in base 36; strategy a one-letter code; a
// placement or variant of "-" means none; the variant is
// <experiment id>/<variant index>. Ids served before experiments existed
// have no variant part.

// StrategyCodes are the one-letter codes of the kinds of list in
// recommendation ids.
var StrategyCodes = map[string]string{"personal": "p", "similar": "s", "bought-together": "b", "trending": "t"}

// RecommendationID is what a recommendation id says, in clear.
type RecommendationID struct {
	Day int64 // unix day (UTC) it was served
	ListKind
	// Signed is the part of the id its signature covers, and Signature the
	// signature.
	Signed, Signature string
}

// ParseRecommendationID reads an id's fields without checking its
// signature; false when it is not shaped as one.
func ParseRecommendationID(id string) (RecommendationID, bool) {
	parts := strings.Split(id, ".")
	if len(id) > 200 || (len(parts) != 6 && len(parts) != 7) || parts[0] != "r1" {
		return RecommendationID{}, false
	}
	day, err := strconv.ParseInt(parts[1], 36, 64)
	if err != nil || day < 0 {
		return RecommendationID{}, false
	}
	if _, err := strconv.ParseUint(parts[len(parts)-1], 36, 64); err != nil {
		return RecommendationID{}, false
	}
	var r RecommendationID
	for s, code := range StrategyCodes {
		if code == parts[2] {
			r.Strategy = s
		}
	}
	r.Placement = parts[3]
	if r.Strategy == "" || r.Placement == "" {
		return RecommendationID{}, false
	}
	if r.Placement == "-" {
		r.Placement = ""
	}
	if len(parts) == 7 {
		if r.Variant = parts[4]; r.Variant == "-" {
			r.Variant = ""
		} else if _, _, ok := parseVariant(r.Variant); !ok {
			return RecommendationID{}, false
		}
	}
	r.Day = day
	r.Signed = strings.Join(parts[:len(parts)-2], ".")
	r.Signature = parts[len(parts)-2]
	return r, true
}

// RecommendationIDHead is the part of an id that names the list: what the
// signature covers, with the shopper.
func RecommendationIDHead(day int64, k ListKind) string {
	placement, variant := k.Placement, k.Variant
	if placement == "" {
		placement = "-"
	}
	if variant == "" {
		variant = "-"
	}
	return "r1." + strconv.FormatInt(day, 36) + "." + StrategyCodes[k.Strategy] + "." + placement + "." + variant
}

// variantKey names variant i of experiment id in list kinds and ids.
func variantKey(id uint64, i int) string {
	return strconv.FormatUint(id, 10) + "/" + strconv.Itoa(i)
}

// parseVariant reads a variantKey.
func parseVariant(s string) (id uint64, i int, ok bool) {
	a, b, found := strings.Cut(s, "/")
	if !found {
		return 0, 0, false
	}
	id, err := strconv.ParseUint(a, 10, 64)
	if err != nil || id == 0 {
		return 0, 0, false
	}
	i, err = strconv.Atoi(b)
	if err != nil || i < 0 || i > 99 {
		return 0, 0, false
	}
	return id, i, true
}
