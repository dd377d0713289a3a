package dataio

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"shelf/store"
)

// kind is what sort of input a value came from. CSV cells are untyped text;
// JSON values carry their JSON type, which the field checks strictly.
type kind uint8

const (
	kindText      kind = iota // a CSV cell
	kindString                // a JSON string, unescaped
	kindNumber                // a JSON number, as its literal text
	kindNull                  // JSON null
	kindBool                  // JSON true or false
	kindComposite             // a JSON object or array, as its text
)

var kindNames = [...]string{
	kindText: "text", kindString: "a string", kindNumber: "a number", kindNull: "null",
	kindBool: "a boolean", kindComposite: "an object or array",
}

// value is one cell or JSON field value on its way into a record.
type value struct {
	kind kind
	text string
}

func (v value) wrongType(want string) error {
	return fmt.Errorf("must be %s, not %s", want, kindNames[v.kind])
}

// str returns text; null and an absent field both mean "". A CSV cell
// loses the apostrophe an export put in front of a formula (see neutralise).
func (v value) str() (string, error) {
	if v.text == "" && (v.kind == kindText || v.kind == kindString) {
		// A literal "", not the empty cell: an empty substring still points
		// into its line, and a record holding it would keep the whole line
		// alive (600 MB over 10M events whose event_id is empty).
		return "", nil
	}
	switch v.kind {
	case kindText:
		return unneutralise(v.text), nil
	case kindString:
		return v.text, nil
	case kindNull:
		return "", nil
	}
	return "", v.wrongType("a string")
}

// id reads a positive whole number; "" and null mean 0 (not given).
func (v value) id() (uint64, error) {
	switch v.kind {
	case kindText:
		s := strings.TrimSpace(v.text)
		if s == "" {
			return 0, nil
		}
		return parseID(s)
	case kindNumber:
		return parseID(v.text)
	case kindNull:
		return 0, nil
	}
	return 0, v.wrongType("a whole number")
}

func parseID(s string) (uint64, error) {
	// Up to 19 digits cannot overflow: this loop is most of the cost of an
	// id, and strconv would scan the text twice.
	if len(s) > 0 && len(s) <= 19 {
		var n uint64
		i := 0
		for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			n = n*10 + uint64(s[i]-'0')
		}
		if i == len(s) {
			return n, nil
		}
	}
	if !allDigits(s) {
		return 0, fmt.Errorf("must be a positive whole number (got %q)", clip(s))
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("is too large (got %q)", clip(s))
	}
	return n, nil
}

// interactionType reads view, like, cart or purchase.
func (v value) interactionType() (store.InteractionType, error) {
	if v.kind != kindText && v.kind != kindString {
		return 0, v.wrongType("a string: one of view, like, cart, purchase")
	}
	// A switch on the string does not allocate; ParseInteractionType is the
	// authority for anything unusual.
	switch s := strings.TrimSpace(v.text); s {
	case "view":
		return store.View, nil
	case "like":
		return store.Like, nil
	case "cart":
		return store.Cart, nil
	case "purchase":
		return store.Purchase, nil
	case "":
		return 0, nil // Validate says it is required
	default:
		return store.ParseInteractionType(clip(s))
	}
}

// rating reads a number; "" and null mean no rating.
func (v value) rating() (r float64, ok bool, err error) {
	var s string
	switch v.kind {
	case kindText:
		s = strings.TrimSpace(v.text)
		if s == "" {
			return 0, false, nil
		}
		// strconv also takes hex floats, "Inf" and "NaN": a rating is a
		// plain decimal number.
		for i := 0; i < len(s); i++ {
			if c := s[i]; !(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E') {
				return 0, false, fmt.Errorf("must be a number between 0 and 5 (got %q)", clip(s))
			}
		}
	case kindNumber:
		s = v.text
	case kindNull:
		return 0, false, nil
	default:
		return 0, false, v.wrongType("a number or null")
	}
	r, err = strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, false, fmt.Errorf("must be a number between 0 and 5 (got %q)", clip(s))
	}
	return r, true, nil
}

// time reads RFC 3339 text or unix seconds; "" and null mean the zero time.
func (v value) time() (time.Time, error) {
	switch v.kind {
	case kindText, kindString:
		s := strings.TrimSpace(v.text)
		if s == "" {
			return time.Time{}, nil
		}
		return parseTime(s)
	case kindNumber:
		if !allDigits(v.text) {
			return time.Time{}, errors.New("must be whole unix seconds or an RFC 3339 string")
		}
		return parseTime(v.text)
	case kindNull:
		return time.Time{}, nil
	}
	return time.Time{}, v.wrongType("an RFC 3339 string or unix seconds")
}

// price reads a decimal with at most two places, as text or a JSON number.
func (v value) price() (store.Price, error) {
	switch v.kind {
	case kindText, kindString, kindNumber:
		return store.ParsePrice(v.text)
	}
	return 0, v.wrongType("a decimal number such as 19.90")
}

// optionalPrice reads a price; empty text and null are none.
func (v value) optionalPrice() (*store.Price, error) {
	if v.kind == kindNull || (v.kind == kindText && strings.TrimSpace(v.text) == "") {
		return nil, nil
	}
	p, err := v.price()
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// flag reads a boolean; "" and null mean false.
func (v value) flag() (bool, error) {
	if v.kind == kindNull || (v.kind == kindText && strings.TrimSpace(v.text) == "") {
		return false, nil
	}
	b, err := v.active()
	return b, err
}

// tags reads a list: a JSON array of strings, or text separated by ';'.
func (v value) tags() ([]string, error) {
	switch v.kind {
	case kindText, kindString:
		s := v.text
		if v.kind == kindText {
			s = unneutralise(s)
		}
		if strings.TrimSpace(s) == "" {
			return nil, nil
		}
		return strings.Split(s, ";"), nil
	case kindNull:
		return nil, nil
	case kindComposite:
		var out []string
		if err := json.Unmarshal([]byte(v.text), &out); err != nil {
			return nil, errors.New("must be a list of strings, or text separated by ';'")
		}
		return out, nil
	}
	return nil, v.wrongType("a list of strings")
}

// attributes reads a map: a JSON object of strings, or text "k=v;k=v".
func (v value) attributes() (map[string]string, error) {
	switch v.kind {
	case kindText, kindString:
		s := v.text
		if v.kind == kindText {
			s = unneutralise(s)
		}
		if strings.TrimSpace(s) == "" {
			return nil, nil
		}
		out := map[string]string{}
		for _, kv := range strings.Split(s, ";") {
			k, val, ok := strings.Cut(kv, "=")
			if !ok {
				return nil, fmt.Errorf("must be name=value pairs separated by ';' (got %q)", clip(kv))
			}
			if _, dup := out[k]; dup {
				return nil, fmt.Errorf("names %q twice", clip(k))
			}
			out[k] = val
		}
		return out, nil
	case kindNull:
		return nil, nil
	case kindComposite:
		var out map[string]string
		if err := json.Unmarshal([]byte(v.text), &out); err != nil {
			return nil, errors.New("must be an object of strings, or name=value pairs separated by ';'")
		}
		return out, nil
	}
	return nil, v.wrongType("an object of strings")
}

// stock reads a whole number, possibly negative; "" and null mean not
// tracked.
func (v value) stock() (*int64, error) {
	switch v.kind {
	case kindText, kindString, kindNumber:
		s := strings.TrimSpace(v.text)
		if s == "" {
			return nil, nil
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("must be a whole number (got %q)", clip(s))
		}
		return &n, nil
	case kindNull:
		return nil, nil
	}
	return nil, v.wrongType("a whole number")
}

// active reads a boolean; "" and null mean true.
func (v value) active() (bool, error) {
	switch v.kind {
	case kindBool:
		return v.text == "true", nil
	case kindText:
		switch strings.ToLower(strings.TrimSpace(v.text)) {
		case "", "true", "1", "yes":
			return true, nil
		case "false", "0", "no":
			return false, nil
		}
		return false, fmt.Errorf("must be true or false (got %q)", clip(v.text))
	case kindNull:
		return true, nil
	}
	return false, v.wrongType("true or false")
}

// clip shortens input quoted back in an error message.
func clip(s string) string {
	const max = 40
	if len(s) <= max {
		return s
	}
	for i := max; i > max-4; i-- {
		if s[i]&0xC0 != 0x80 { // do not cut a UTF-8 sequence
			return s[:i] + "…"
		}
	}
	return s[:max] + "…"
}
