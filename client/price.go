package client

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Price is an amount of money in hundredths of the shop's currency (cents):
// exact, never a float. In JSON it is a number with two decimals (19.90),
// as shelf writes prices; on input a number or a string holding one is
// accepted, as shelf accepts.
type Price int64

// maxPriceDigits bounds the whole part of a price: far above any amount
// shelf stores (100 million), far below int64's range.
const maxPriceDigits = 15

// ParsePrice parses an amount such as "19.9", "19.90", "20" or "-0.05".
// More than two decimals are accepted only when the extra ones are zeros
// ("100.000"); exponents are not.
func ParsePrice(s string) (Price, error) {
	s = strings.TrimSpace(s)
	neg := strings.HasPrefix(s, "-")
	whole, frac, hasDot := strings.Cut(strings.TrimPrefix(s, "-"), ".")
	if whole == "" || !digits(whole) || (hasDot && (frac == "" || !digits(frac))) {
		return 0, fmt.Errorf("price %q is not a decimal number such as 19.90", s)
	}
	if len(whole) > maxPriceDigits {
		return 0, fmt.Errorf("price %q is too large", s)
	}
	if len(frac) > 2 {
		if strings.Trim(frac[2:], "0") != "" {
			return 0, fmt.Errorf("price %q has more than two decimal places", s)
		}
		frac = frac[:2]
	}
	frac += "00"[len(frac):]
	w, _ := strconv.ParseInt(whole, 10, 64)
	f, _ := strconv.ParseInt(frac, 10, 64)
	p := Price(w*100 + f)
	if neg {
		p = -p
	}
	return p, nil
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// String formats the price with two decimals: "19.90", "-0.05".
func (p Price) String() string {
	sign, c := "", int64(p)
	if c < 0 {
		sign, c = "-", -c
	}
	return fmt.Sprintf("%s%d.%02d", sign, c/100, c%100)
}

// MarshalJSON writes the price as a JSON number with two decimals.
func (p Price) MarshalJSON() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalJSON reads a JSON number or a string holding one; null leaves
// the price as it is, as encoding/json does for numbers.
func (p *Price) UnmarshalJSON(b []byte) error {
	s := string(b)
	if s == "null" {
		return nil
	}
	if strings.HasPrefix(s, `"`) {
		if err := json.Unmarshal(b, &s); err != nil {
			return fmt.Errorf("price %s is not a string", b)
		}
	}
	v, err := ParsePrice(s)
	if err != nil {
		return err
	}
	*p = v
	return nil
}
