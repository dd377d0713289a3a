package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// axeScript is axe-core, vendored under testdata/axe (see its README), so
// that the accessibility checks need no npm.
var axeScript = sync.OnceValues(func() (string, error) {
	b, err := os.ReadFile(filepath.Join("testdata", "axe", "axe.min.js"))
	return string(b), err
})

// axeViolation is one rule a page breaks, as axe.run reports it.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

// axe waits for the page on screen to settle (an h1 shown, nothing
// aria-busy), runs axe-core on it and fails the test on every serious or
// critical violation, naming the page, the rule and the elements.
func (b *browser) axe(t *testing.T, page string) {
	t.Helper()
	script, err := axeScript()
	if err != nil {
		t.Fatalf("read axe-core: %v", err)
	}
	b.run(t, page+": wait for the page", chromedp.WaitVisible(chromedp.CSS("h1")))
	waitFor(t, page+" to finish loading", 15*time.Second, func() bool {
		n, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.querySelectorAll('[aria-busy="true"]').length`))
		return err == nil && n == 0
	})
	// A transition (a fading notice, a popover) is measured as it ends.
	time.Sleep(400 * time.Millisecond)
	if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](script+";true")); err != nil {
		t.Fatalf("%s: load axe-core: %v", page, err)
	}
	found, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]axeViolation](
		`axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations)`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: run axe-core: %v", page, err)
	}
	for _, v := range found {
		if v.Impact != "serious" && v.Impact != "critical" {
			continue
		}
		var where []string
		for i, n := range v.Nodes {
			if i == 4 {
				where = append(where, fmt.Sprintf("… and %d more", len(v.Nodes)-i))
				break
			}
			where = append(where, fmt.Sprintf("%v: %s", n.Target, strings.ReplaceAll(n.Summary, "\n", " ")))
		}
		t.Errorf("%s: %s violation %s (%s):\n  %s", page, v.Impact, v.ID, v.Help, strings.Join(where, "\n  "))
	}
}

// colorScheme makes the tab's pages see prefers-color-scheme as scheme.
func (b *browser) colorScheme(t *testing.T, scheme string) {
	t.Helper()
	b.run(t, "prefer the "+scheme+" colour scheme", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		})
		return err
	}))
}

// TestAccessibilityInBrowser runs axe-core on every page of both apps, in
// the light and the dark colour scheme at desktop width and in the light
// at a phone's: no page may have a serious or critical violation.
func TestAccessibilityInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a browser")
	}
	chromiumPath(t)
	p := demoWithAdmin(t)
	storefront := []string{"/", "/products/1", "/products/2", "/search?q=lamp", "/search?q=hedphones&sort=price_asc"}
	admin := []string{"/admin", "/admin/catalog", "/admin/users", "/admin/users/1", "/admin/interactions",
		"/admin/placements", "/admin/experiments", "/admin/integrate", "/admin/model", "/admin/operations"}
	for _, c := range []struct {
		name          string
		width, height int64
		scheme        string
	}{
		{"desktop light", 1280, 800, "light"},
		{"desktop dark", 1280, 800, "dark"},
		{"phone light", 390, 844, "light"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var b *browser
			if c.width < 500 {
				b = phoneBrowser(t) // a window is never narrower than 500 px
			} else {
				b = newBrowser(t, c.width, c.height)
			}
			b.colorScheme(t, c.scheme)
			for _, path := range storefront {
				b.run(t, "open "+path, chromedp.Navigate(p.base+path))
				b.axe(t, path)
			}
			b.run(t, "open the login page", chromedp.Navigate(p.base+"/admin/login"))
			b.axe(t, "/admin/login")
			b.run(t, "log in", append(logIn(p.base+"/admin/login"),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="stats-counts"]`)))...)
			for _, path := range admin {
				b.run(t, "open "+path, chromedp.Navigate(p.base+path))
				b.axe(t, path)
			}
			b.noErrors(t)
		})
	}
}
