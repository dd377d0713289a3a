package demo

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"hash/fnv"
	"math"
	"unicode/utf8"
)

// maxImageBrand is the most runes of a brand drawn on a picture; a longer
// one is cut with an ellipsis so that it stays inside the frame.
const maxImageBrand = 28

// ProductImage returns a picture of p as a self-contained SVG document
// (400 by 400, about 1 KB): a background gradient whose colours come from a
// hash of the name, a motif of the product's category (a parcel for a
// category the demo does not know) and the brand. The same product gives
// the same bytes. The document has no scripts and no external references,
// and its text is escaped, so it is safe to serve as image/svg+xml.
func ProductImage(p Product) []byte {
	h := fnv.New64a()
	h.Write([]byte(p.Name))
	sum := h.Sum64()
	hue := float64(sum % 360)
	hue2 := math.Mod(hue+25+float64(sum>>9%70), 360)
	sat := 0.45 + float64(sum>>17%20)/100
	light := 0.58 + float64(sum>>25%12)/100
	from, to := hslHex(hue, sat, light), hslHex(hue2, sat, light-0.14)
	accent := hslHex(hue, sat+0.1, 0.3)
	// The gradient's direction and a faint disc move with the hash too.
	x2, y2 := sum>>33%2, 1-sum>>33%2*(sum>>34%2)
	cx, cy, r := 60+sum>>36%280, 60+sum>>45%120, 90+sum>>54%80

	var b bytes.Buffer
	b.Grow(2048)
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="400" height="400" role="img" color="%s">`, accent)
	b.WriteString("<title>")
	xml.EscapeText(&b, []byte(p.Name))
	b.WriteString("</title>")
	fmt.Fprintf(&b, `<defs><linearGradient id="bg" x1="0" y1="0" x2="%d" y2="%d"><stop offset="0" stop-color="%s"/><stop offset="1" stop-color="%s"/></linearGradient></defs>`, x2, y2, from, to)
	b.WriteString(`<rect width="400" height="400" fill="url(#bg)"/>`)
	fmt.Fprintf(&b, `<circle cx="%d" cy="%d" r="%d" fill="#fff" opacity=".12"/>`, cx, cy, r)
	b.WriteString(`<ellipse cx="200" cy="322" rx="112" ry="13" fill="#000" opacity=".12"/>`)
	motif, ok := categoryMotifs[p.Category]
	if !ok {
		motif = parcelMotif
	}
	b.WriteString(motif)
	if p.Brand != "" {
		brand := p.Brand
		if utf8.RuneCountInString(brand) > maxImageBrand {
			brand = string([]rune(brand)[:maxImageBrand-1]) + "…"
		}
		b.WriteString(`<text x="200" y="368" text-anchor="middle" font-family="sans-serif" font-size="22" font-weight="600" letter-spacing="1" fill="#fff" opacity=".92">`)
		xml.EscapeText(&b, []byte(brand))
		b.WriteString("</text>")
	}
	b.WriteString("</svg>")
	return b.Bytes()
}

// hslHex converts a colour from HSL (hue in degrees, saturation and
// lightness in [0, 1]) to "#rrggbb".
func hslHex(h, s, l float64) string {
	c := (1 - math.Abs(2*l-1)) * s
	x := c * (1 - math.Abs(math.Mod(h/60, 2)-1))
	m := l - c/2
	var r, g, b float64
	switch {
	case h < 60:
		r, g = c, x
	case h < 120:
		r, g = x, c
	case h < 180:
		g, b = c, x
	case h < 240:
		g, b = x, c
	case h < 300:
		r, b = x, c
	default:
		r, b = c, x
	}
	to8 := func(v float64) int { return int(math.Round((v + m) * 255)) }
	return fmt.Sprintf("#%02x%02x%02x", to8(r), to8(g), to8(b))
}

// parcelMotif is the picture of a product of a category without a motif.
const parcelMotif = `<path d="M200 90l110 50v120l-110 50-110-50V140z" fill="#fff"/>` +
	`<path d="M90 140l110 50 110-50M200 190v120" fill="none" stroke="currentColor" stroke-width="6" opacity=".4"/>` +
	`<path d="M145 115l110 50v40" fill="none" stroke="currentColor" stroke-width="14" opacity=".6"/>`

// categoryMotifs are the pictures of the built-in categories, drawn in
// white with details in the accent colour (currentColor), centred on the
// 400 by 400 canvas above the brand.
var categoryMotifs = map[string]string{
	"Electronics": `<path d="M110 225v-35a90 90 0 0 1 180 0v35" fill="none" stroke="#fff" stroke-width="18" stroke-linecap="round"/>` +
		`<rect x="88" y="200" width="52" height="95" rx="22" fill="#fff"/><rect x="260" y="200" width="52" height="95" rx="22" fill="#fff"/>` +
		`<rect x="106" y="222" width="16" height="50" rx="8" fill="currentColor"/><rect x="278" y="222" width="16" height="50" rx="8" fill="currentColor"/>`,
	"Books": `<rect x="120" y="85" width="170" height="225" rx="10" fill="#fff"/><rect x="120" y="85" width="30" height="225" rx="8" fill="currentColor"/>` +
		`<rect x="172" y="130" width="94" height="12" rx="6" fill="currentColor" opacity=".6"/><rect x="172" y="158" width="68" height="12" rx="6" fill="currentColor" opacity=".4"/>`,
	"Home & Kitchen": `<path d="M120 140h130v110a40 40 0 0 1-40 40h-50a40 40 0 0 1-40-40z" fill="#fff"/>` +
		`<path d="M250 165h20a32 32 0 0 1 0 64h-20" fill="none" stroke="#fff" stroke-width="16"/>` +
		`<path d="M160 85c-10 15 10 20 0 35M205 85c-10 15 10 20 0 35" fill="none" stroke="#fff" stroke-width="8" stroke-linecap="round" opacity=".7"/>` +
		`<rect x="120" y="140" width="130" height="18" fill="currentColor" opacity=".35"/>`,
	"Sports & Outdoors": `<path d="M60 305 170 120l60 95 30-45 80 135z" fill="#fff"/>` +
		`<path d="M170 120l-28 46 18-8 12 14 14-18 14 12z" fill="currentColor" opacity=".5"/><circle cx="300" cy="105" r="26" fill="#fff" opacity=".8"/>`,
	"Toys & Games": `<rect x="110" y="110" width="180" height="180" rx="30" fill="#fff"/><g fill="currentColor">` +
		`<circle cx="152" cy="152" r="16"/><circle cx="248" cy="152" r="16"/><circle cx="200" cy="200" r="16"/><circle cx="152" cy="248" r="16"/><circle cx="248" cy="248" r="16"/></g>`,
	"Beauty": `<rect x="185" y="58" width="30" height="26" rx="4" fill="currentColor" opacity=".7"/><rect x="165" y="80" width="70" height="50" rx="8" fill="currentColor"/>` +
		`<rect x="135" y="125" width="130" height="185" rx="36" fill="#fff"/><rect x="160" y="190" width="80" height="60" rx="10" fill="currentColor" opacity=".3"/>`,
	"Clothing": `<path d="M150 90 100 115 70 175l45 22 15-30v143h140V167l15 30 45-22-30-60-50-25c-5 22-25 35-50 35s-45-13-50-35z" fill="#fff"/>` +
		`<path d="M150 90c5 22 25 35 50 35s45-13 50-35" fill="none" stroke="currentColor" stroke-width="6" opacity=".4"/>`,
	"Garden": `<path d="M200 220v-80" stroke="#fff" stroke-width="10"/>` +
		`<path d="M200 175c-50 0-70-30-70-60 40 0 70 20 70 60zM200 155c0-45 25-70 65-70 0 40-25 70-65 70z" fill="#fff" opacity=".9"/>` +
		`<rect x="130" y="218" width="140" height="22" rx="6" fill="#fff"/><path d="M142 240h116l-16 70h-84z" fill="#fff"/>` +
		`<rect x="150" y="255" width="100" height="10" fill="currentColor" opacity=".35"/>`,
	"Grocery": `<path d="M200 140c-30-25-95-20-95 55 0 60 45 115 95 95 50 20 95-35 95-95 0-75-65-80-95-55z" fill="#fff"/>` +
		`<path d="M200 140c0-25 8-45 25-55" fill="none" stroke="currentColor" stroke-width="9" stroke-linecap="round"/>` +
		`<path d="M212 110c15-25 45-28 60-20-12 22-40 30-60 20z" fill="currentColor" opacity=".7"/>`,
	"Pet Supplies": `<g fill="#fff"><ellipse cx="200" cy="250" rx="64" ry="54"/><ellipse cx="126" cy="182" rx="24" ry="31"/>` +
		`<ellipse cx="172" cy="135" rx="24" ry="32"/><ellipse cx="228" cy="135" rx="24" ry="32"/><ellipse cx="274" cy="182" rx="24" ry="31"/></g>`,
	"Office": `<g transform="rotate(-45 200 200)"><rect x="80" y="170" width="200" height="60" fill="#fff"/>` +
		`<rect x="80" y="170" width="32" height="60" fill="currentColor" opacity=".6"/><path d="M280 170l52 30-52 30z" fill="#fff" opacity=".85"/>` +
		`<path d="M316 191l16 9-16 9z" fill="currentColor"/></g>`,
	"Music": `<path d="M170 285V110l120-30v160" fill="none" stroke="#fff" stroke-width="14" stroke-linejoin="round"/>` +
		`<path d="M170 110l120-30v26l-120 30z" fill="#fff"/><ellipse cx="142" cy="285" rx="36" ry="27" fill="#fff"/><ellipse cx="262" cy="242" rx="36" ry="27" fill="#fff"/>`,
	"Baby": `<circle cx="200" cy="155" r="70" fill="#fff"/><circle cx="200" cy="155" r="28" fill="currentColor" opacity=".35"/>` +
		`<rect x="188" y="222" width="24" height="80" rx="10" fill="#fff"/><circle cx="200" cy="305" r="22" fill="#fff"/>`,
	"Automotive": `<path d="M70 255v-38l35-10 40-57h110l45 57 30 10v38z" fill="#fff"/>` +
		`<path d="M160 165h40v40h-70zM215 165h35l30 40h-65z" fill="currentColor" opacity=".35"/>` +
		`<circle cx="130" cy="258" r="30" fill="currentColor"/><circle cx="270" cy="258" r="30" fill="currentColor"/>` +
		`<circle cx="130" cy="258" r="12" fill="#fff"/><circle cx="270" cy="258" r="12" fill="#fff"/>`,
}
