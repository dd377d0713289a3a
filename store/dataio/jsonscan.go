package dataio

import (
	"encoding/json"
	"errors"
	"fmt"
)

// object walks the members of one flat JSON object held in a string. It
// checks JSON syntax itself rather than going through encoding/json, which
// would cost a decoder and reflection per line. An object or array value
// (a product's tags and attributes) is returned whole as kindComposite
// text, for its field to decode with encoding/json; other fields refuse it.
type object struct {
	s    string
	i    int
	done bool // the closing brace was read
}

// syntax returns a syntax error at the current byte; the caller gives up
// on the rest of the line.
func (o *object) syntax(msg string) error {
	return fmt.Errorf("invalid JSON: %s (byte %d of the line)", msg, o.i+1)
}

func (o *object) skipSpace() {
	for o.i < len(o.s) {
		switch o.s[o.i] {
		case ' ', '\t', '\r', '\n':
			o.i++
		default:
			return
		}
	}
}

// open reads the opening brace, and the closing one of an empty object.
func (o *object) open() error {
	o.skipSpace()
	if o.i >= len(o.s) || o.s[o.i] != '{' {
		return errors.New("each line must be one JSON object, {...}")
	}
	o.i++
	o.skipSpace()
	if o.i < len(o.s) && o.s[o.i] == '}' {
		o.i++
		o.done = true
	}
	return nil
}

// member reads `"key": value` and the comma or closing brace after it. Call
// it while !o.done.
func (o *object) member() (key string, v value, err error) {
	o.skipSpace()
	if o.i >= len(o.s) || o.s[o.i] != '"' {
		return "", value{}, o.syntax("expected a field name in double quotes")
	}
	if key, err = o.str(); err != nil {
		return "", value{}, err
	}
	o.skipSpace()
	if o.i >= len(o.s) || o.s[o.i] != ':' {
		return "", value{}, o.syntax("expected ':' after field name")
	}
	o.i++
	o.skipSpace()
	if v, err = o.value(); err != nil {
		return "", value{}, err
	}
	o.skipSpace()
	if o.i < len(o.s) {
		switch o.s[o.i] {
		case ',':
			o.i++
			return key, v, nil
		case '}':
			o.i++
			o.done = true
			return key, v, nil
		}
	}
	return "", value{}, o.syntax("expected ',' or '}'")
}

// close checks that nothing but white space follows the object.
func (o *object) close() error {
	o.skipSpace()
	if o.i < len(o.s) {
		return o.syntax("unexpected text after the object")
	}
	return nil
}

func (o *object) value() (value, error) {
	if o.i >= len(o.s) {
		return value{}, o.syntax("expected a value")
	}
	switch c := o.s[o.i]; {
	case c == '"':
		s, err := o.str()
		return value{kind: kindString, text: s}, err
	case c == '-' || c >= '0' && c <= '9':
		return o.number()
	case c == '{' || c == '[':
		return o.composite()
	}
	for _, lit := range [...]struct {
		text string
		kind kind
	}{{"null", kindNull}, {"true", kindBool}, {"false", kindBool}} {
		if len(o.s)-o.i >= len(lit.text) && o.s[o.i:o.i+len(lit.text)] == lit.text {
			o.i += len(lit.text)
			return value{kind: lit.kind, text: lit.text}, nil
		}
	}
	return value{}, o.syntax("expected a value")
}

// composite reads a nested object or array and returns its text; its
// syntax is checked by whoever decodes it.
func (o *object) composite() (value, error) {
	start, depth := o.i, 0
	for o.i < len(o.s) {
		switch o.s[o.i] {
		case '"':
			if _, err := o.str(); err != nil {
				return value{}, err
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
		}
		o.i++
		if depth == 0 {
			return value{kind: kindComposite, text: o.s[start:o.i]}, nil
		}
	}
	return value{}, o.syntax("object or array is not closed")
}

// str reads a string starting at its opening quote. Strings without escapes
// are substrings of the line; escapes are left to encoding/json.
func (o *object) str() (string, error) {
	start := o.i
	o.i++
	escaped := false
	for o.i < len(o.s) {
		c := o.s[o.i]
		switch {
		case c == '"':
			o.i++
			if !escaped {
				return o.s[start+1 : o.i-1], nil
			}
			var s string
			if err := json.Unmarshal([]byte(o.s[start:o.i]), &s); err != nil {
				o.i = start
				return "", o.syntax("bad escape in string")
			}
			return s, nil
		case c == '\\':
			escaped = true
			o.i += 2
		case c < 0x20:
			return "", o.syntax("control character in string: write it as an escape")
		default:
			o.i++
		}
	}
	return "", o.syntax("string is not closed")
}

// number reads a JSON number and returns its literal text.
func (o *object) number() (value, error) {
	start := o.i
	if o.s[o.i] == '-' {
		o.i++
	}
	switch {
	case o.i < len(o.s) && o.s[o.i] == '0':
		o.i++
	case o.i < len(o.s) && o.s[o.i] >= '1' && o.s[o.i] <= '9':
		o.digits()
	default:
		return value{}, o.syntax("bad number")
	}
	if o.i < len(o.s) && o.s[o.i] == '.' {
		o.i++
		if o.digits() == 0 {
			return value{}, o.syntax("bad number")
		}
	}
	if o.i < len(o.s) && (o.s[o.i] == 'e' || o.s[o.i] == 'E') {
		o.i++
		if o.i < len(o.s) && (o.s[o.i] == '+' || o.s[o.i] == '-') {
			o.i++
		}
		if o.digits() == 0 {
			return value{}, o.syntax("bad number")
		}
	}
	return value{kind: kindNumber, text: o.s[start:o.i]}, nil
}

func (o *object) digits() int {
	n := 0
	for o.i < len(o.s) && o.s[o.i] >= '0' && o.s[o.i] <= '9' {
		o.i++
		n++
	}
	return n
}
