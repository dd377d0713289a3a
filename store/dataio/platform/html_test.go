package platform

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"shelf/store"
)

func TestHTMLText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"plain  text\n with   spaces ", "plain text with spaces"},
		{"<p>One</p><p>Two</p>", "One\n\nTwo"},
		{"<p>One<br>two<br/>three<br><br>four</p>", "One\ntwo\nthree\n\nfour"},
		{"<ul>\n<li>a</li>\n<li>b</li>\n</ul>after", "a\nb\n\nafter"},
		{"<div>a</div><div>b</div>", "a\nb"},
		{"<h2>Title</h2>Text", "Title\n\nText"},
		{"<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\nc"},
		{"Fish &amp; chips &ndash; &quot;good&quot; &#39;n&#x27; 2&nbsp;kg &euro;5 &bogus; &notit;", "Fish & chips – \"good\" 'n' 2 kg €5 &bogus; ¬it;"}, // as browsers read &not
		{"a<!-- a comment with <p> inside -->b", "ab"},
		{"a<!-->b<!--->c", "abc"},
		{"a<!-- never closed", "a"},
		{"<!DOCTYPE html><?xml version=\"1.0\"?>text", "text"},
		{"<script>alert('<p>x</p>')</script>after<style>p{}</style>", "after"},
		{"<SCRIPT type=x>bad()</script >ok", "ok"},
		{"<script>never closed", ""},
		{`<a href="/x" title="a > b">link</a> rest`, "link rest"},
		{`<img alt='it''s' src=x.png>pic`, "pic"},
		{"1 < 2 and 3 <= 4, <3", "1 < 2 and 3 <= 4, <3"},
		{"a </ b", "a </ b"},
		{"<p>unterminated <b", "unterminated"},
		{"<p>  lead and trail  </p>", "lead and trail"},
		{"bell\x07 and &#1; NUL", "bell and NUL"},
		{"tab\tnewline\r\nend", "tab newline end"},
		{"<strong>bold</strong><em>em</em>", "boldem"},
		{"\xff<p>x", "\ufffd\n\nx"},
		{"<pre>  keep\n  this</pre>", "keep this"},
	} {
		if got := HTMLText(tc.in); got != tc.want {
			t.Errorf("HTMLText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestDescriptionIsCutAtShelfsLimit(t *testing.T) {
	long := "<p>" + strings.Repeat("word ", store.MaxDescriptionLen) + "</p>"
	got := Description(long)
	if n := utf8.RuneCountInString(got); n > store.MaxDescriptionLen || n < store.MaxDescriptionLen-10 {
		t.Errorf("%d characters", n)
	}
	if !strings.HasSuffix(got, "word…") {
		t.Errorf("ends %q", got[len(got)-20:])
	}
	p := store.Product{Name: "x", Category: "c", Description: got}
	if err := p.Validate(); err != nil {
		t.Error(err)
	}
	if short := Description("<b>short</b>"); short != "short" {
		t.Errorf("short: %q", short)
	}
	// Without a space near the limit the cut falls at the limit.
	solid := Description(strings.Repeat("é", store.MaxDescriptionLen+5))
	if n := utf8.RuneCountInString(solid); n != store.MaxDescriptionLen || !strings.HasSuffix(solid, "é…") {
		t.Errorf("solid: %d characters, ends %q", n, solid[len(solid)-8:])
	}
}

// FuzzHTMLText: whatever the input, the text is valid UTF-8, has no
// control character but '\n', no space at the ends of a line nor more
// than one empty line in a row; and without entities in the input, no
// markup survives: the text holds no more '<' than the input's that
// start no tag, comment or declaration.
func FuzzHTMLText(f *testing.F) {
	for _, s := range []string{"<p>a</p>", "a<!-- b -->c", "<script>x</script>", `<a title="x>y">t</a>`, "1 < 2", "&amp;&lt;p&gt;",
		"<br><br><br>", "<li>a<li>b", "\xff\xfe", "<!-->", "</ x>", "<p\n>t</p\n>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := HTMLText(in)
		if !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8: %q", out)
		}
		for _, r := range out {
			if r != '\n' && unicode.IsControl(r) {
				t.Fatalf("control character %U in %q", r, out)
			}
		}
		if strings.Contains(out, "\n\n\n") || strings.Contains(out, " \n") || strings.Contains(out, "\n ") ||
			strings.TrimSpace(out) != out {
			t.Fatalf("stray white space in %q", out)
		}
		if !strings.Contains(in, "&") && strings.Count(out, "<") > literalLTs(in) {
			t.Fatalf("%q has more '<' than the text of %q", out, in)
		}
		p := store.Product{Name: "x", Category: "c", Description: Description(in)}
		if err := p.Validate(); err != nil {
			t.Fatalf("the description does not validate: %v", err)
		}
	})
}

// literalLTs counts the '<' of s that start no markup: the most that the
// text of s may hold when s has no entities.
func literalLTs(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] != '<' {
			continue
		}
		rest := s[i+1:]
		if rest == "" || !(isASCIILetter(rest[0]) || rest[0] == '!' || rest[0] == '?' || len(rest) > 1 && rest[0] == '/' && isASCIILetter(rest[1])) {
			n++
		}
	}
	return n
}
