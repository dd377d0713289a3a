package demo

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// checkSVG parses img as XML and fails unless it is one well-formed svg
// element of the 400 by 400 canvas, without scripts or references to
// anything outside it. It returns the text of its title and its text
// elements.
func checkSVG(t testing.TB, img []byte) (title, text string) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(img))
	var stack []string
	roots := 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, img)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if len(stack) == 0 {
				roots++
				if tok.Name.Local != "svg" || tok.Name.Space != "http://www.w3.org/2000/svg" || attr(tok, "viewBox") != "0 0 400 400" {
					t.Fatalf("root %v, viewBox %q", tok.Name, attr(tok, "viewBox"))
				}
			}
			switch tok.Name.Local {
			case "script", "image", "use", "foreignObject", "a", "style", "iframe":
				t.Fatalf("element %s in %s", tok.Name.Local, img)
			}
			for _, a := range tok.Attr {
				v := strings.ToLower(a.Value)
				if strings.Contains(a.Name.Local, "href") || strings.HasPrefix(a.Name.Local, "on") ||
					(strings.Contains(v, "url(") && v != "url(#bg)") || (strings.Contains(v, ":") && a.Name.Local != "xmlns") {
					t.Fatalf("attribute %s=%q in %s", a.Name.Local, a.Value, img)
				}
			}
			stack = append(stack, tok.Name.Local)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			switch {
			case len(stack) > 0 && stack[len(stack)-1] == "title":
				title += string(tok)
			case len(stack) > 0 && stack[len(stack)-1] == "text":
				text += string(tok)
			}
		case xml.ProcInst, xml.Directive:
			t.Fatalf("unexpected %T in %s", tok, img)
		}
	}
	if roots != 1 {
		t.Fatalf("%d root elements", roots)
	}
	return title, text
}

func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func TestProductImage(t *testing.T) {
	shop, _ := defaultShop(t)
	again := Generate(DefaultConfig(testNow()))
	distinct := map[string]bool{}
	smallest, largest := 1<<30, 0
	for i, p := range shop.Products {
		img := ProductImage(p)
		if !bytes.Equal(img, ProductImage(again.Products[i])) {
			t.Fatalf("product %d: two pictures of the same product differ", p.ID)
		}
		title, text := checkSVG(t, img)
		if title != p.Name || text != p.Brand {
			t.Fatalf("product %d: title %q, text %q", p.ID, title, text)
		}
		smallest, largest = min(smallest, len(img)), max(largest, len(img))
		distinct[string(img)] = true
	}
	t.Logf("%d products, %d distinct pictures, %d to %d bytes", len(shop.Products), len(distinct), smallest, largest)
	if largest > 3000 {
		t.Errorf("largest picture %d bytes, want at most 3000", largest)
	}
	if len(distinct) != len(shop.Products) {
		t.Errorf("%d distinct pictures of %d products", len(distinct), len(shop.Products))
	}
}

// TestProductImageMotifs checks that each category has a motif of its own
// and that a category the demo does not know gets the parcel.
func TestProductImageMotifs(t *testing.T) {
	seen := map[string]string{parcelMotif: "(parcel)"}
	for _, spec := range categoryTable {
		m := categoryMotifs[spec.name]
		if other, dup := seen[m]; dup {
			t.Errorf("%s has the motif of %s", spec.name, other)
		}
		seen[m] = spec.name
		if img := ProductImage(Product{Name: "x", Category: spec.name}); !bytes.Contains(img, []byte(m)) {
			t.Errorf("%s's picture lacks its motif", spec.name)
		}
	}
	if img := ProductImage(Product{Name: "x", Category: "Antiques"}); !bytes.Contains(img, []byte(parcelMotif)) {
		t.Errorf("an unknown category's picture is not the parcel: %s", img)
	}
}

// TestProductImageEscapes feeds markup, invalid UTF-8 and a long brand,
// as a product of another catalog could carry.
func TestProductImageEscapes(t *testing.T) {
	tests := []struct {
		name, brand, category string
		wantTitle, wantText   string
	}{
		{`<script>alert("x")</script> & "co" 'n'`, `A&B <i>`, "Books", `<script>alert("x")</script> & "co" 'n'`, `A&B <i>`},
		{"bad \xff utf-8 \x01", "", "Electronics", "bad \uFFFD utf-8 \uFFFD", ""},
		{"long brand", strings.Repeat("Ü", 40), "Nowhere", "long brand", strings.Repeat("Ü", maxImageBrand-1) + "…"},
		{"", "]]><!--", "", "", "]]><!--"},
	}
	for _, tt := range tests {
		img := ProductImage(Product{Name: tt.name, Brand: tt.brand, Category: tt.category})
		if bytes.Contains(img, []byte("<script")) || bytes.Contains(img, []byte("<i>")) {
			t.Errorf("%q: markup not escaped: %s", tt.name, img)
		}
		title, text := checkSVG(t, img)
		if title != tt.wantTitle || text != tt.wantText {
			t.Errorf("%q: title %q, text %q; want %q, %q", tt.name, title, text, tt.wantTitle, tt.wantText)
		}
	}
}

// TestHSLHex compares with the CSS definitions of named colours.
func TestHSLHex(t *testing.T) {
	for _, tt := range []struct {
		h, s, l float64
		want    string
	}{
		{0, 1, 0.5, "#ff0000"},     // red
		{120, 1, 0.25, "#008000"},  // green
		{240, 1, 0.5, "#0000ff"},   // blue
		{60, 1, 0.5, "#ffff00"},    // yellow
		{180, 1, 0.5, "#00ffff"},   // cyan
		{300, 1, 0.25, "#800080"},  // purple
		{0, 0, 1, "#ffffff"},       // white
		{0, 0, 0, "#000000"},       // black
		{39, 1, 0.5, "#ffa600"},    // orange, hsl(39 100% 50%)
		{210, 0.5, 0.6, "#6699cc"}, // hsl(210 50% 60%)
	} {
		if got := hslHex(tt.h, tt.s, tt.l); got != tt.want {
			t.Errorf("hslHex(%v, %v, %v) = %s, want %s", tt.h, tt.s, tt.l, got, tt.want)
		}
	}
}

// FuzzProductImage checks that any name, brand and category give a
// well-formed, self-contained picture with the name and brand as text.
func FuzzProductImage(f *testing.F) {
	f.Add("Wireless Sonara Headphones", "Sonara", "Electronics")
	f.Add(`<svg onload="x">`, "&amp;", "Books")
	f.Add("\x00\xff", strings.Repeat("b", 100), "")
	f.Fuzz(func(t *testing.T, name, brand, category string) {
		img := ProductImage(Product{Name: name, Brand: brand, Category: category})
		title, text := checkSVG(t, img)
		// Names with control characters never reach a picture (the store
		// refuses them), and XML may rewrite line ends: compare the rest.
		if utf8.ValidString(name) && !strings.ContainsFunc(name, isNotXMLChar) && !strings.ContainsFunc(name, unicode.IsControl) && title != name {
			t.Errorf("title %q, want %q", title, name)
		}
		if brand == "" && text != "" {
			t.Errorf("text %q without a brand", text)
		}
	})
}

// isNotXMLChar reports whether r may not appear in an XML document.
func isNotXMLChar(r rune) bool {
	return !(r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF)
}
