package platform

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	"shelf/store"
)

// HTMLText turns an HTML fragment, such as a product description from a
// shop's editor, into plain text: tags go, entities are decoded (by the
// standard library's html.UnescapeString, which knows every named
// entity), white space is collapsed as a browser collapses it, the
// contents of script, style, template and title elements are dropped,
// <br> is a line break and block elements (p, div, li, h1...) start a new
// line, paragraphs and headings a new paragraph (an empty line between).
// The result has no control characters besides '\n', no space at the ends
// of lines and is valid UTF-8.
//
// It is a small tokenizer rather than golang.org/x/net/html: a
// description needs only where tags start and end, and this reads them as
// HTML5 does (quoted attribute values may hold '>', comments end at
// "-->", a '<' that starts no tag is text); nested structure does not
// matter to the text. Pre-formatted text is collapsed too.
func HTMLText(s string) string {
	var t textBuilder
	for i := 0; i < len(s); {
		if s[i] != '<' {
			j := strings.IndexByte(s[i:], '<')
			if j < 0 {
				j = len(s) - i
			}
			t.text(html.UnescapeString(s[i : i+j]))
			i += j
			continue
		}
		i = t.markup(s, i)
	}
	return t.String()
}

// rawTextElements are those whose content is not text to keep.
var rawTextElements = map[string]bool{"script": true, "style": true, "template": true, "title": true}

// paragraphElements separate their content by an empty line; lineElements
// by a line break; cellElements by a space.
var (
	paragraphElements = map[string]bool{"p": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
		"blockquote": true, "pre": true, "ul": true, "ol": true, "dl": true, "table": true, "figure": true, "hr": true}
	lineElements = map[string]bool{"div": true, "li": true, "tr": true, "dt": true, "dd": true, "section": true, "article": true,
		"header": true, "footer": true, "aside": true, "nav": true, "main": true, "figcaption": true, "address": true,
		"details": true, "summary": true, "caption": true, "form": true, "fieldset": true, "tbody": true, "thead": true}
	cellElements = map[string]bool{"td": true, "th": true}
)

// markup reads the markup at s[i] == '<' and returns where the text after
// it starts.
func (t *textBuilder) markup(s string, i int) int {
	rest := s[i+1:]
	switch {
	case strings.HasPrefix(rest, "!--"):
		// "<!-->" and "<!--->" are empty comments, as HTML5 reads them.
		for _, empty := range []string{"!-->", "!--->"} {
			if strings.HasPrefix(rest, empty) {
				return i + 1 + len(empty)
			}
		}
		if end := strings.Index(s[i+4:], "-->"); end >= 0 {
			return i + 4 + end + 3
		}
		return len(s)
	case strings.HasPrefix(rest, "!") || strings.HasPrefix(rest, "?"):
		// A doctype, CDATA or processing instruction: to the next '>'.
		if end := strings.IndexByte(rest, '>'); end >= 0 {
			return i + 1 + end + 1
		}
		return len(s)
	case len(rest) > 1 && rest[0] == '/' && isASCIILetter(rest[1]):
		name, end := tagName(s, i+2)
		t.element(name, true)
		return tagEnd(s, end)
	case len(rest) > 0 && isASCIILetter(rest[0]):
		name, end := tagName(s, i+1)
		end = tagEnd(s, end)
		t.element(name, false)
		if rawTextElements[name] {
			return skipRawText(s, end, name)
		}
		return end
	}
	t.text("<") // a '<' that starts no tag is text
	return i + 1
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// tagName reads a tag's name from s[i:], in lower case, and returns it
// with the index after it.
func tagName(s string, i int) (string, int) {
	j := i
	for j < len(s) && !isTagSpace(s[j]) && s[j] != '/' && s[j] != '>' {
		j++
	}
	return strings.ToLower(s[i:j]), j
}

func isTagSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

// tagEnd returns the index after the '>' that ends the tag whose
// attributes start at s[i:]; a quoted attribute value may hold '>'. A tag
// the input leaves open runs to its end.
func tagEnd(s string, i int) int {
	for i < len(s) {
		switch s[i] {
		case '>':
			return i + 1
		case '=':
			i++
			for i < len(s) && isTagSpace(s[i]) {
				i++
			}
			if i < len(s) && (s[i] == '"' || s[i] == '\'') {
				end := strings.IndexByte(s[i+1:], s[i])
				if end < 0 {
					return len(s)
				}
				i += 1 + end + 1
			}
		default:
			i++
		}
	}
	return len(s)
}

// skipRawText returns the index after the end tag of the raw text element
// name whose content starts at s[i:], or the end of s.
func skipRawText(s string, i int, name string) int {
	for i < len(s) {
		j := strings.Index(s[i:], "</")
		if j < 0 {
			return len(s)
		}
		k := i + j + 2
		if len(s)-k >= len(name) && strings.EqualFold(s[k:k+len(name)], name) &&
			(k+len(name) == len(s) || isTagSpace(s[k+len(name)]) || s[k+len(name)] == '>' || s[k+len(name)] == '/') {
			return tagEnd(s, k+len(name))
		}
		i = k
	}
	return len(s)
}

// element notes the break an element's start or end tag makes.
func (t *textBuilder) element(name string, end bool) {
	switch {
	case name == "br" && !end:
		t.lineBreak()
	case paragraphElements[name]:
		t.breakAtLeast(2)
	case lineElements[name]:
		t.breakAtLeast(1)
	case cellElements[name]:
		t.space = true
	}
}

// textBuilder writes collapsed text with the breaks between blocks.
type textBuilder struct {
	b strings.Builder
	// brk is how many line breaks come before the next text (at most 2);
	// space, whether a space does.
	brk   int
	space bool
}

func (t *textBuilder) breakAtLeast(n int) { t.brk = max(t.brk, n) }

func (t *textBuilder) lineBreak() { t.brk = min(t.brk+1, 2) }

// text adds decoded text: white space (no-break spaces included) collapses
// to one space, and control characters are dropped.
func (t *textBuilder) text(s string) {
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			t.space = true
			continue
		case unicode.IsControl(r):
			continue
		}
		if t.b.Len() > 0 {
			if t.brk > 0 {
				t.b.WriteString("\n\n"[:t.brk])
			} else if t.space {
				t.b.WriteByte(' ')
			}
		}
		t.brk, t.space = 0, false
		t.b.WriteRune(r)
	}
}

func (t *textBuilder) String() string { return t.b.String() }

// Description is the plain text of an HTML description, cut to shelf's
// limit (store.MaxDescriptionLen characters) at a word boundary with an
// ellipsis: a description serves search and content similarity, and its
// end matters least.
func Description(htmlText string) string {
	return cut(HTMLText(htmlText), store.MaxDescriptionLen)
}

// cut shortens s to at most limit characters, at the last space or line
// break before the limit when there is one in its last fifth, ending with
// "…".
func cut(s string, limit int) string {
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	end, n := 0, 0
	for i := range s {
		if n == limit-1 {
			end = i
			break
		}
		n++
	}
	head := s[:end]
	if k := strings.LastIndexAny(head, " \n"); k >= len(head)*4/5 {
		head = head[:k]
	}
	return strings.TrimRight(head, " \n") + "…"
}
