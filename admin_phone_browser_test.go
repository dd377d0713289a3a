package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// overflowJS lists the visible elements that reach past the screen's edges
// and are not inside a box that clips or scrolls them (that box is checked
// itself): on a phone nothing may be wider than the screen.
const overflowJS = `(() => {
	const W = document.documentElement.clientWidth, bad = [];
	const clipped = (e) => {
		for (let p = e.parentElement; p && p !== document.body; p = p.parentElement)
			if (getComputedStyle(p).overflowX !== "visible") return true;
		return false;
	};
	for (const e of document.body.querySelectorAll("*")) {
		const r = e.getBoundingClientRect();
		if (r.width === 0 || r.height === 0 || getComputedStyle(e).visibility === "hidden") continue;
		if ((r.left < -1 || r.right > W + 1) && !clipped(e))
			bad.push(e.tagName.toLowerCase() + (e.getAttribute("data-testid") ? "[" + e.getAttribute("data-testid") + "]" : "") +
				" " + Math.round(r.left) + ".." + Math.round(r.right));
	}
	return [document.documentElement.scrollWidth - W].concat(bad.slice(0, 5)).join(" | ");
})()`

// cardsJS checks every table of the page: each body row is shown as a
// block (a card) and each of its cells lies inside the screen; it answers
// the number of rows checked, or what failed.
const cardsJS = `(() => {
	const W = document.documentElement.clientWidth;
	let rows = 0;
	for (const tr of document.querySelectorAll("main table tbody tr")) {
		rows++;
		if (getComputedStyle(tr).display !== "block") return "a row is " + getComputedStyle(tr).display + ", not a card";
		for (const td of tr.children) {
			const r = td.getBoundingClientRect();
			if (r.left < -1 || r.right > W + 1) return "cell " + (td.getAttribute("data-label") || "actions") + " at " + Math.round(r.left) + ".." + Math.round(r.right);
		}
	}
	return String(rows);
})()`

// navJS says whether the current section's nav item is fully on screen.
const navJS = `(() => {
	const a = document.querySelector('nav[aria-label="Admin sections"] [aria-current="page"]');
	if (!a) return "no current section";
	const r = a.getBoundingClientRect();
	return r.left >= -1 && r.right <= document.documentElement.clientWidth + 1 && r.width > 0 ? a.textContent.trim() : "off screen at " + Math.round(r.left) + ".." + Math.round(r.right);
})()`

// adminPhoneFixture adds what the tables of the placements and
// experiments pages show: a placement and a draft experiment on it. It
// answers the experiment's id.
func adminPhoneFixture(t *testing.T, base string) uint64 {
	t.Helper()
	do := func(method, path, body string, want int) string {
		t.Helper()
		req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != want {
			t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, b)
		}
		return string(b)
	}
	do(http.MethodPut, "/api/placements/home/", `{"strategy":"personal","count":6,"rules":[{"type":"pin","product_id":42,"position":1}]}`, 201)
	var x struct{ ID uint64 }
	body := do(http.MethodPost, "/api/experiments/", `{"name":"blend vs trending","placement":"home","variants":[{"name":"control","share":0.5},{"name":"trending","share":0.5,"strategy":"trending"}]}`, 201)
	if err := json.Unmarshal([]byte(body), &x); err != nil || x.ID == 0 {
		t.Fatalf("the experiment: %s", body)
	}
	return x.ID
}

// phoneBrowser is a tab whose viewport is a 390×844 phone's: headless
// Chromium keeps a window at least 500 px wide, so the window size alone
// does not make one.
func phoneBrowser(t *testing.T) *browser {
	t.Helper()
	b := newBrowser(t, 390, 844)
	b.run(t, "a 390×844 viewport", chromedp.EmulateViewport(390, 844))
	b.run(t, "open a page", chromedp.Navigate("about:blank"))
	got, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`innerWidth + "x" + innerHeight`))
	if err != nil || got != "390x844" {
		t.Fatalf("the phone's viewport: %q %v", got, err)
	}
	return b
}

// signIn signs demoWithAdmin's admin in through the API from the login
// page, then opens next. These tests type nothing: chromedp's SendKeys reads
// the node's attributes without its lock, a race the detector reports when
// the page changes them meanwhile (seen in TestPlacementsInBrowser's login).
func signIn(t *testing.T, b *browser, base, next string) {
	t.Helper()
	b.run(t, "open the login page", chromedp.Navigate(base+"/admin/login"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="login-username"]`)))
	status, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`fetch("/api/auth/login", {method: "POST", headers: {"Content-Type": "application/json"},
		body: JSON.stringify({username: "admin", password: "browser test password"})}).then((r) => r.status)`, chromedp.EvalAwaitPromise))
	if err != nil || status != http.StatusOK {
		t.Fatalf("sign in: %d %v", status, err)
	}
	b.run(t, "open "+next, chromedp.Navigate(base+next))
}

// setValue types text into the input at sel as React sees typing: the
// value through the input's own setter, then an input event.
func setValue(sel, text string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => {
		const e = document.querySelector(%q);
		Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set.call(e, %q);
		e.dispatchEvent(new Event("input", {bubbles: true}));
	})()`, sel, text))
}

// TestAdminPhoneLayoutInBrowser walks every admin page at 390×844 on a
// -demo shelf: nothing is wider than the screen, the current section's
// nav item is on screen, every table shows its rows as cards with every
// field on screen (the catalog's price and its edit and delete buttons
// among them), and the demo's open-API warning shows on each page; the
// model page leads with its comparison with best-sellers and a plain
// sentence per metric.
func TestAdminPhoneLayoutInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a browser")
	}
	chromiumPath(t)
	p := demoWithAdmin(t)
	exp := adminPhoneFixture(t, p.base)
	b := phoneBrowser(t)
	eval := func(what, js string) string {
		t.Helper()
		v, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return v
	}
	signIn(t, b, p.base, "/admin")
	b.run(t, "the overview", chromedp.WaitVisible(chromedp.CSS(`[data-testid="stats-counts"]`)))
	// The operations page's keys table needs a key: make one through the form.
	b.run(t, "create a key", chromedp.Navigate(p.base+"/admin/operations"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="key-name"]`)),
		setValue(`[data-testid="key-name"]`, "phone shop"),
		chromedp.Click(chromedp.CSS(`[data-testid="key-create"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[aria-label="API keys"] tbody tr`)))

	noTable := map[string]bool{"/admin/integrate": true, "/admin/placements/home": true}
	for _, page := range []struct{ path, nav, ready string }{
		{"/admin", "Overview", `[aria-label="Top products"] tbody tr`},
		{"/admin/catalog", "Catalog", `[data-testid^="catalog-row-"]`},
		{"/admin/users", "Users", `[data-testid^="user-link-"]`},
		{"/admin/users/1", "Users", `main table tbody tr`},
		{"/admin/interactions", "Interactions", `[aria-label="Interactions"] tbody tr`},
		{"/admin/placements", "Placements", `[data-testid="placement-row-home"]`},
		{"/admin/placements/home", "Placements", `[data-testid="placement-form"]`},
		{"/admin/experiments", "Experiments", `main table tbody tr`},
		{fmt.Sprintf("/admin/experiments/%d", exp), "Experiments", `[aria-label="Variants"] tbody tr`},
		{"/admin/integrate", "Integrate", `main h1`},
		{"/admin/model", "Model", `[data-testid="metrics-ensemble"]`},
		{"/admin/operations", "Operations", `[aria-label="API keys"] tbody tr`},
	} {
		b.run(t, "open "+page.path, chromedp.Navigate(p.base+page.path), chromedp.WaitVisible(chromedp.CSS(page.ready)))
		// The names of the log's products and users arrive after the rows.
		b.run(t, "settle", chromedp.Sleep(500*time.Millisecond))
		if got := eval("overflow", overflowJS); got != "0" {
			t.Errorf("%s at 390 px: wider than the screen by (px | elements): %s", page.path, got)
		}
		if got := eval("nav", navJS); got != page.nav {
			t.Errorf("%s: the current section's nav item: %s, want %s on screen", page.path, got, page.nav)
		}
		if got := eval("cards", cardsJS); !regexp.MustCompile(`^\d+$`).MatchString(got) || (!noTable[page.path] && got == "0") {
			t.Errorf("%s: tables as cards: %s", page.path, got)
		}
		if eval("banner", `document.querySelector('[data-testid="demo-banner"]')?.textContent || ""`) == "" {
			t.Errorf("%s: no demo warning", page.path)
		}
	}

	// The placement editor's list of shoppers found opens inside the screen.
	b.run(t, "search a shopper", chromedp.Navigate(p.base+"/admin/placements/home"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="shopper-search"]`)),
		setValue(`[data-testid="shopper-search"]`, "a"))
	waitFor(t, "shoppers found", 10*time.Second, func() bool {
		return eval("shoppers", `String(document.querySelectorAll('[aria-label="Shoppers found"] button').length)`) != "0"
	})
	if got := eval("overflow", overflowJS); got != "0" {
		t.Errorf("the shoppers found at 390 px: wider than the screen by (px | elements): %s", got)
	}

	// The new experiment's form, the widest of the dashboard's forms, fits too.
	b.run(t, "open the experiment form", chromedp.Navigate(p.base+"/admin/experiments"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="experiment-new"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid="experiment-new"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="experiment-form"]`)))
	if got := eval("overflow", overflowJS); got != "0" {
		t.Errorf("the experiment form at 390 px: wider than the screen by (px | elements): %s", got)
	}

	// The model page leads with the comparison with best-sellers and says what each metric means.
	b.run(t, "open the model page", chromedp.Navigate(p.base+"/admin/model"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="model-headline"]`)))
	head := eval("the headline", `document.querySelector('[data-testid="model-headline"] p').textContent`)
	if !regexp.MustCompile(`^Recommendations find \d+(\.\d)?× more of what shoppers later chose than best-sellers$`).MatchString(head) {
		t.Errorf("the model page's headline: %q", head)
	}
	lines := eval("the metric sentences", `Array.from(document.querySelectorAll('[data-testid="metric-sentences"] li')).map((li) => li.textContent).join("\n")`)
	for _, m := range []string{"Precision ", "Recall ", "NDCG ", "Hit rate "} {
		if !regexp.MustCompile(`(?m)^` + m + `0\.\d{3}: [A-Z].*\.$`).MatchString(lines) {
			t.Errorf("no plain sentence for %s in:\n%s", m, lines)
		}
	}

	// The catalog's first card: its price and its two actions on screen, the price labelled.
	b.run(t, "open the catalog", chromedp.Navigate(p.base+"/admin/catalog"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid^="catalog-row-"]`)))
	got := eval("the first product card", `(() => {
		const tr = document.querySelector('[data-testid^="catalog-row-"]');
		const W = document.documentElement.clientWidth;
		const on = (e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.left >= 0 && r.right <= W + 1; };
		const price = tr.querySelector('td[data-label="Price"]');
		const label = getComputedStyle(price, "::before").content;
		const buttons = tr.querySelectorAll('button[aria-label^="Edit "], button[aria-label^="Delete "]');
		return [on(price), /\d/.test(price.textContent), label, buttons.length, [...buttons].every(on)].join(" ");
	})()`)
	if got != `true true "Price" 2 true` {
		t.Errorf("the catalog card (price on screen, a number, its label, two actions, on screen): %s", got)
	}
	// Its dialogs open inside the screen: the edit form's and the delete's confirmation.
	inView := `(() => {
		const d = document.querySelector('[role="dialog"], [role="alertdialog"]');
		if (!d) return "no dialog";
		const r = d.getBoundingClientRect();
		return r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight + 1 && r.right <= innerWidth + 1 ? "in view" : "at " + [r.left, r.top, r.right, r.bottom].map(Math.round).join(",");
	})()`
	for _, open := range []string{`button[aria-label^="Edit "]`, `button[aria-label^="Delete "]`} {
		b.run(t, "open "+open, chromedp.Click(chromedp.CSS(`[data-testid^="catalog-row-"] `+open)))
		waitFor(t, "the dialog of "+open, 10*time.Second, func() bool { return eval("the dialog", inView) != "no dialog" })
		if got := eval("the dialog", inView); got != "in view" {
			t.Errorf("the dialog of %s at 390×844: %s", open, got)
		}
		b.run(t, "close it", chromedp.KeyEvent(kb.Escape))
		waitFor(t, "the dialog to close", 10*time.Second, func() bool { return eval("the dialog", inView) == "no dialog" })
	}
	b.noErrors(t)
}

// TestAdminSidebarInBrowser: at 1280×800 on a long page, the sidebar's
// white box runs from under the demo warning to the page's bottom (a
// sidebar one screen high, stuck to the screen, leaves the rest of a
// full-page screenshot without its background), and its nav stays in sight
// when scrolled to the bottom.
func TestAdminSidebarInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a browser")
	}
	chromiumPath(t)
	p := demoWithAdmin(t)
	b := newBrowser(t, 1280, 800)
	b.run(t, "a 1280×800 viewport", chromedp.EmulateViewport(1280, 800))
	signIn(t, b, p.base, "/admin/catalog")
	b.run(t, "open the catalog", chromedp.WaitVisible(chromedp.CSS(`[data-testid^="catalog-row-"]`)))
	b.run(t, "scroll to the bottom", chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, document.documentElement.scrollHeight)`),
		chromedp.Sleep(200*time.Millisecond))
	got, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`(() => {
		const aside = document.querySelector("aside");
		const r = aside.getBoundingClientRect();
		const page = document.documentElement.scrollHeight;
		const banner = document.querySelector('[data-testid="demo-banner"]')?.getBoundingClientRect().height || 0;
		return [page > 2 * innerHeight, Math.round(page - banner - r.height), Math.round(page - (r.bottom + scrollY)), getComputedStyle(aside).backgroundColor,
			document.querySelector('[data-testid="admin-nav-catalog"]').getBoundingClientRect().top >= 0].join(" ");
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if got != "true 0 0 rgb(255, 255, 255) true" {
		t.Errorf("the sidebar of a long page (long, its box short of the page by, gap to the page's end, background, nav in view): %s", got)
	}
	b.noErrors(t)
}
