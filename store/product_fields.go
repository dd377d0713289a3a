package store

import (
	"net/url"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Available reports whether shoppers may be shown the product: it is
// active, and its stock is not tracked or above zero.
func (p *Product) Available() bool {
	return p.IsActive() && (p.Stock == nil || *p.Stock > 0)
}

// HasTag reports whether the product carries a tag, ignoring case.
func (p *Product) HasTag(tag string) bool {
	for _, t := range p.Tags {
		if strings.EqualFold(t, tag) {
			return true
		}
	}
	return false
}

// IsActive reports whether the product is active: Active nil or true.
func (p *Product) IsActive() bool { return p.Active == nil || *p.Active }

// SetActive sets Active in its canonical form: nil for active, so that
// "active" is in a product's JSON only when it is false.
func (p *Product) SetActive(active bool) {
	p.Active = nil
	if !active {
		p.Active = &active
	}
}

// normalise puts Active in its canonical form.
func (p *Product) normalise() { p.SetActive(p.IsActive()) }

// validateExtras checks and tidies the optional fields: URLs are http(s)
// or a path on shelf's host (never javascript: or data:), tags and
// attributes are short, without control characters or the separators the
// CSV format uses, tags are trimmed and given once, and SKUs are trimmed
// and must be distinct.
func (p *Product) validateExtras(v *ValidationError) {
	p.normalise()
	p.ImageURL, p.URL, p.Brand = strings.TrimSpace(p.ImageURL), strings.TrimSpace(p.URL), strings.TrimSpace(p.Brand)
	checkURL(v, "image_url", p.ImageURL)
	checkURL(v, "url", p.URL)
	checkText(v, "brand", p.Brand, MaxBrandLen, false)
	if hasControl(p.Brand) {
		v.Add("brand", "must not contain control characters")
	}
	p.Tags = tidyTags(v, p.Tags)
	p.SKUs = tidySKUs(v, p.SKUs)
	if p.Stock != nil && (*p.Stock < -MaxStock || *p.Stock > MaxStock) {
		v.Add("stock", "must be from -%d to %d", int64(MaxStock), int64(MaxStock))
	}
	checkAttributes(v, p.Attributes)
	if len(p.Attributes) == 0 {
		p.Attributes = nil
	}
}

func checkURL(v *ValidationError, field, s string) {
	if s == "" {
		return
	}
	if len(s) > MaxURLLen {
		v.Add(field, "must be at most %d characters", MaxURLLen)
		return
	}
	u, err := url.Parse(s)
	switch {
	case err != nil || hasControl(s) || !utf8.ValidString(s):
		v.Add(field, "must be a valid URL")
	case u.Scheme == "" && u.Host == "" && strings.HasPrefix(s, "/") && !strings.HasPrefix(s, "//"):
		// A path on shelf's own host, such as the demo's pictures.
	case (u.Scheme == "http" || u.Scheme == "https") && u.Host != "":
	default:
		v.Add(field, "must be an http or https URL, or a path starting with /")
	}
}

func tidyTags(v *ValidationError, tags []string) []string {
	out := tags[:0:0]
	for _, t := range tags {
		t = strings.TrimSpace(t)
		switch {
		case t == "":
			continue
		case utf8.RuneCountInString(t) > MaxTagLen || !utf8.ValidString(t):
			v.Add("tags", "each tag must be valid UTF-8 of at most %d characters", MaxTagLen)
			return nil
		case hasControl(t) || strings.ContainsRune(t, ';'):
			v.Add("tags", "a tag must not contain control characters or ';' (the CSV separator)")
			return nil
		}
		if !slices.ContainsFunc(out, func(o string) bool { return strings.EqualFold(o, t) }) {
			out = append(out, t)
		}
	}
	if len(out) > MaxTags {
		v.Add("tags", "at most %d tags", MaxTags)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// tidySKUs trims the SKUs and drops empty ones; each must then be printable
// text of at most MaxSKULen characters without ';' (the CSV separator),
// given once: two variants of one product with one SKU are a mistake of
// the shop's, which an order could not tell apart.
func tidySKUs(v *ValidationError, skus []string) []string {
	out := skus[:0:0]
	for _, s := range skus {
		s = strings.TrimSpace(s)
		switch {
		case s == "":
			continue
		case !utf8.ValidString(s) || utf8.RuneCountInString(s) > MaxSKULen:
			v.Add("skus", "each SKU must be valid UTF-8 of at most %d characters", MaxSKULen)
			return nil
		case strings.ContainsRune(s, ';') || strings.IndexFunc(s, func(r rune) bool { return !unicode.IsPrint(r) }) >= 0:
			v.Add("skus", "a SKU must be printable text without ';' (the CSV separator)")
			return nil
		case slices.Contains(out, s):
			v.Add("skus", "SKU %q is given twice", s)
			return nil
		}
		out = append(out, s)
	}
	if len(out) > MaxSKUs {
		v.Add("skus", "at most %d SKUs", MaxSKUs)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func checkAttributes(v *ValidationError, attrs map[string]string) {
	if len(attrs) > MaxAttributes {
		v.Add("attributes", "at most %d attributes", MaxAttributes)
		return
	}
	for k, val := range attrs {
		switch {
		case k == "" || utf8.RuneCountInString(k) > MaxAttrKeyLen || !utf8.ValidString(k):
			v.Add("attributes", "each name must be 1 to %d characters", MaxAttrKeyLen)
		case utf8.RuneCountInString(val) > MaxAttrValueLen || !utf8.ValidString(val):
			v.Add("attributes", "each value must be at most %d characters", MaxAttrValueLen)
		case hasControl(k+val) || strings.ContainsAny(k, "=;") || strings.ContainsRune(val, ';'):
			v.Add("attributes", "names and values must not contain control characters, ';', or '=' in a name")
		case strings.TrimSpace(k) != k:
			v.Add("attributes", "names must not start or end with spaces")
		default:
			continue
		}
		return
	}
}
