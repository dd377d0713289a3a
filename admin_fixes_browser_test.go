package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestAdminFixesInBrowser: on a phone-wide screen, a catalog product's edit
// opens in a dialog inside the viewport that holds focus, and Escape gives
// focus back to the row's edit button; the import's template downloads as
// a CSV naming name, category and price; the interaction log names its
// products and users, a product's name narrows it, and its CSV export
// answers to the admin's session.
func TestAdminFixesInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a browser")
	}
	chromiumPath(t)
	p := demoWithAdmin(t)
	b := newBrowser(t, 390, 844)
	downloads := t.TempDir()
	eval := func(what, js string) string {
		t.Helper()
		v, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return v
	}

	b.run(t, "open the catalog", append(logIn(p.base+"/admin/login?next=%2Fadmin%2Fcatalog"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid^="catalog-edit-"]`)),
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.CallBrowser(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
				Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads,
			})
			return err
		}),
	)...)
	edits := b.testIDs(t, `[aria-label="Products"]`, "catalog-edit-")
	if len(edits) == 0 {
		t.Fatal("no edit buttons in the catalog")
	}
	// The last row's: far down the page, where the old inline form opened off-screen.
	edit := edits[len(edits)-1]
	b.run(t, "edit a product", chromedp.Click(chromedp.CSS(`[data-testid="`+edit+`"]`)))
	waitFor(t, "the edit dialog", 10*time.Second, func() bool {
		return eval("the dialog", `document.querySelector('[role="dialog"]') ? "yes" : ""`) == "yes"
	})
	got := eval("the dialog's place and focus", `(() => {
		const d = document.querySelector('[role="dialog"]');
		const r = d.getBoundingClientRect();
		const inView = r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight + 1 && r.right <= innerWidth + 1;
		const title = document.getElementById(d.getAttribute("aria-labelledby"))?.textContent || "";
		const focus = document.activeElement;
		return [inView, d.getAttribute("aria-modal"), title.startsWith("Edit "), d.contains(focus) && focus !== d, focus?.getAttribute("data-testid")].join(" ");
	})()`)
	if got != "true true true true product-name" {
		t.Fatalf("the dialog (in view, aria-modal, labelled, holds focus, focused field): %s", got)
	}
	b.run(t, "press Escape", chromedp.KeyEvent(kb.Escape))
	waitFor(t, "the dialog to close and focus to return", 5*time.Second, func() bool {
		return eval("focus", `document.querySelector('[role="dialog"]') ? "" : (document.activeElement?.getAttribute("data-testid") || "")`) == edit
	})

	b.run(t, "download the products template", chromedp.Click(chromedp.CSS(`[data-testid="import-template"]`)))
	var header string
	waitFor(t, "the template download", 10*time.Second, func() bool {
		data, err := os.ReadFile(filepath.Join(downloads, "products-template.csv"))
		if err != nil || !strings.Contains(string(data), "\n") {
			return false
		}
		header = strings.SplitN(string(data), "\n", 2)[0]
		return true
	})
	if !strings.HasPrefix(header, "name,category,price,") {
		t.Fatalf("the template's header: %q", header)
	}

	b.run(t, "open the interaction log", chromedp.Navigate(p.base+"/admin/interactions"),
		chromedp.WaitVisible(chromedp.CSS(`[aria-label="Interactions"] tbody tr`)))
	bareID := `Array.from(document.querySelectorAll('[aria-label="Interactions"] tbody a')).filter((a) => /^#\d+$/.test(a.textContent.trim())).length`
	waitFor(t, "names in the log", 15*time.Second, func() bool {
		return eval("bare ids", `String(`+bareID+`)`) == "0"
	})
	count := func() int {
		t.Helper()
		s := eval("the count", `document.querySelector("h1").nextElementSibling?.textContent || ""`)
		m := regexp.MustCompile(`^([\d,]+) matching`).FindStringSubmatch(s)
		if m == nil {
			return -1
		}
		n, _ := strconv.Atoi(strings.ReplaceAll(m[1], ",", ""))
		return n
	}
	all := count()
	// The product of the log's first line, by the name its cell shows.
	name := eval("a product's name", `document.querySelector('[aria-label="Interactions"] tbody tr td:nth-child(4) a').textContent`)
	if all <= 0 || name == "" {
		t.Fatalf("the log: %d interactions, first product %q", all, name)
	}
	b.run(t, "search the log by product name",
		typeInto(`[data-testid="interactions-product"]`, name),
		chromedp.Click(chromedp.CSS(`[data-testid="interactions-apply"]`)),
	)
	waitFor(t, "the log of "+name, 15*time.Second, func() bool {
		n := count()
		return n > 0 && n < all
	})
	waitFor(t, "only "+name+" in the log", 15*time.Second, func() bool {
		return eval("the products shown", `[...new Set(Array.from(document.querySelectorAll('[aria-label="Interactions"] tbody tr td:nth-child(4) a')).map((a) => a.textContent))].join("|")`) == name
	})

	// The export is a plain link: what it answers through the session is what the browser saves.
	eval("fetch the export", `(fetch(document.querySelector('[data-testid="interactions-export"]').href).then((r) => { window.__export = r.status + " " + r.headers.get("content-type"); }), "")`)
	waitFor(t, "the export's answer", 15*time.Second, func() bool {
		return eval("the export", `window.__export || ""`) != ""
	})
	if got := eval("the export", `window.__export`); !strings.HasPrefix(got, "200 text/csv") {
		t.Fatalf("GET the export with the session: %s", got)
	}
	b.noErrors(t)
}
