package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// chromiumPath finds the system Chromium. Outside CI the browser tests skip
// when there is none; in CI (CI=true) its absence is a failure.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("SHELF_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p != "" {
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("no Chromium found: CI must install it (apt-get install -y chromium)")
	}
	t.Skip("browser tests skipped: no Chromium found (apt-get install -y chromium, or set SHELF_CHROMIUM)")
	return ""
}

// browser is a headless Chromium tab that records console errors and
// uncaught exceptions of the page.
type browser struct {
	ctx    context.Context
	mu     sync.Mutex
	errors []string
	// shopperHeaders maps each API path the page asked for to the
	// X-Shelf-Shopper header it sent ("" when none).
	shopperHeaders map[string]string
}

// shopperAgent is a desktop Chromium's user agent.
const shopperAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36"

func newBrowser(t *testing.T, width, height int64) *browser {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(int(width), int(height)),
		// Headless Chromium says so in its user agent, which shelf takes
		// for a bot (its lists are no impressions, its events are not
		// recorded): the tests play a shopper's desktop browser.
		chromedp.UserAgent(shopperAgent),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 5*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	b := &browser{ctx: ctx, shopperHeaders: map[string]string{}}
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	err := chromedp.Listen(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError {
				var parts []string
				for _, a := range ev.Args {
					parts = append(parts, string(a.Value)+a.Description)
				}
				b.mu.Lock()
				b.errors = append(b.errors, "console.error: "+strings.Join(parts, " "))
				b.mu.Unlock()
			}
		case *network.EventRequestWillBeSent:
			// A cross-origin call's CORS preflight carries no shopper
			// header: only the request itself counts. Header names are
			// as the page wrote them.
			if i := strings.Index(ev.Request.URL, "/api/"); i >= 0 && ev.Request.Method != "OPTIONS" {
				var v string
				for name, val := range ev.Request.Headers {
					if strings.EqualFold(name, "X-Shelf-Shopper") {
						v, _ = val.(string)
					}
				}
				b.mu.Lock()
				b.shopperHeaders[ev.Request.URL[i:]] = v
				b.mu.Unlock()
			}
		case *runtime.EventExceptionThrown:
			b.mu.Lock()
			b.errors = append(b.errors, "exception: "+(&chromedp.ExceptionError{ExceptionDetails: ev.ExceptionDetails}).Error())
			b.mu.Unlock()
		}
	})
	if err != nil {
		t.Fatalf("listen to the page: %v", err)
	}
	if width < 500 {
		// Headless Chromium keeps a window at least 500 px wide: a phone's
		// width takes an emulated viewport.
		b.run(t, "a phone's viewport", chromedp.EmulateViewport(width, height))
	}
	return b
}

// typeInto types text into the element matching css as a user would: it
// focuses the element, then sends a key event per character. chromedp's
// SendKeys does the same but reads the node's attributes before taking
// its lock (chromedp v0.23.0, query.go), a data race the race detector
// reports when the page changes that node meanwhile.
func typeInto(css, text string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(chromedp.Focus(chromedp.CSS(css), chromedp.NodeVisible), chromedp.KeyEvent(text))
}

func (b *browser) run(t *testing.T, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// testIDs returns the data-testid values that start with prefix inside the
// element matching scope, in page order.
func (b *browser) testIDs(t *testing.T, scope, prefix string) []string {
	t.Helper()
	js := fmt.Sprintf(`Array.from(document.querySelectorAll(%q)).map(e => e.getAttribute("data-testid"))`,
		scope+` [data-testid^="`+prefix+`"]`)
	ids, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](js))
	if err != nil {
		t.Fatalf("read %s: %v", prefix, err)
	}
	return ids
}

func (b *browser) noErrors(t *testing.T) {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.errors) > 0 {
		t.Errorf("the page logged errors:\n%s", strings.Join(b.errors, "\n"))
	}
}

// TestStorefrontInBrowser drives the embedded storefront in headless
// Chromium: pick a shopper, act on a recommended product and see
// the recommendation rail change; then search.
func TestStorefrontInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a browser")
	}
	chromiumPath(t)
	p := MustRunMain(t, "-demo")
	b := newBrowser(t, 1280, 900)

	b.run(t, "open the storefront",
		chromedp.Navigate(p.base+"/"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="rec-rail"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid="user-picker"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="user-option-1"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid="user-option-1"]`)),
	)
	rail := func() []string { return b.testIDs(t, `[data-testid="rec-rail"]`, "rec-card-") }
	var before []string
	waitFor(t, "user 1's recommendations in the rail", 15*time.Second, func() bool {
		before = rail()
		return len(before) >= 4
	})
	b.screenshot(t, "storefront.png")
	// The demo's products show the pictures shelf draws for them.
	waitFor(t, "the rail's pictures to load", 10*time.Second, func() bool {
		n, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`Array.from(document.querySelectorAll('[data-testid="rec-rail"] img')).filter(i => i.complete && i.naturalWidth > 0 && i.getAttribute("src").startsWith("/images/demo/")).length`))
		return err == nil && n >= 4
	})

	// Open the first recommendation (that records a view), like it and put
	// it in the cart: it must leave the rail, which refreshes by itself.
	first := before[0]
	b.run(t, "open "+first,
		chromedp.Click(chromedp.CSS(`[data-testid="rec-rail"] [data-testid="`+first+`"] a`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="like-button"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid="like-button"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="like-button"][aria-pressed="true"]`)),
	)
	// The product page's lists do not repeat each other.
	waitFor(t, "the product page's lists", 15*time.Second, func() bool {
		return len(b.testIDs(t, `[data-testid="similar-products"]`, "product-card-")) > 0 && len(rail()) > 0
	})
	seen := map[string]string{}
	for _, list := range []struct{ scope, prefix string }{
		{`[data-testid="rec-rail"]`, "rec-card-"}, {`[data-testid="similar-products"]`, "product-card-"}, {`[data-testid="bought-together"]`, "product-card-"},
	} {
		for _, id := range b.testIDs(t, list.scope, list.prefix) {
			id = id[strings.LastIndex(id, "-")+1:]
			if where, dup := seen[id]; dup {
				t.Errorf("product %s is in %s and in %s", id, where, list.scope)
			}
			seen[id] = list.scope
		}
	}
	var after []string
	waitFor(t, "the rail to drop the liked product", 15*time.Second, func() bool {
		after = rail()
		return len(after) > 0 && !slices.Contains(after, first)
	})
	if slices.Equal(before, after) {
		t.Fatalf("the rail did not change: %v", after)
	}
	// The storefront acts as a shop should: user 1's calls carry user 1's
	// shopper token, and its events a session that shelf signed.
	b.mu.Lock()
	tok, asked := b.shopperHeaders["/api/recommendations/1/?count=8"]
	b.mu.Unlock()
	if !asked || !strings.HasPrefix(tok, "v1.0.1.") {
		t.Errorf("the rail asked for user 1's list with shopper token %q (asked: %v); want one for user 1", tok, asked)
	}
	var events struct {
		Results []struct {
			SessionID string `json:"session_id"`
		} `json:"results"`
	}
	getJSON(t, p.base+"/api/users/1/interactions/?page_size=2", &events)
	if len(events.Results) == 0 || !strings.HasPrefix(events.Results[0].SessionID, "s1.") {
		t.Errorf("the storefront's newest events: %+v; want a session shelf issued (s1.…)", events.Results)
	}

	// Search: results appear as the shopper types.
	b.run(t, "search",
		chromedp.Click(chromedp.CSS(`[data-testid="search-input"]`)),
		typeInto(`[data-testid="search-input"]`, "headphones"),
	)
	waitFor(t, "search results", 10*time.Second, func() bool {
		return len(b.testIDs(t, "body", "search-result-")) > 0
	})
	b.noErrors(t)
}

// attr reads an attribute of the first element matching sel ("" if none).
func (b *browser) attr(t *testing.T, sel, name string) string {
	t.Helper()
	js := fmt.Sprintf(`(() => { const e = document.querySelector(%q); return e ? (e.getAttribute(%q) || "") : ""; })()`, sel, name)
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](js))
	if err != nil {
		t.Fatalf("read %s of %s: %v", name, sel, err)
	}
	return v
}

// screenshot writes a PNG of the page into docs/ when SHELF_SCREENSHOTS is
// set (the README's pictures are made this way).
func (b *browser) screenshot(t *testing.T, name string) {
	t.Helper()
	if os.Getenv("SHELF_SCREENSHOTS") == "" {
		return
	}
	b.run(t, "settle", chromedp.Sleep(700*time.Millisecond))
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("docs", name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestAdminInBrowser logs in to the dashboard, creates a product and finds
// it in the storefront's search, then starts a training and watches its
// progress reach done.
func TestAdminInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a browser")
	}
	chromiumPath(t)
	p := demoWithAdmin(t)
	b := newBrowser(t, 1280, 900)

	b.run(t, "log in", append(logIn(p.base+"/admin/login"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="admin-nav-catalog"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="stats-counts"]`)),
	)...)
	b.screenshot(t, "admin-overview.png")

	name := "Heliotrope Test Lantern"
	b.run(t, "create a product",
		chromedp.Click(chromedp.CSS(`[data-testid="admin-nav-catalog"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="product-new"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid="product-new"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="product-form"]`)),
		typeInto(`[data-testid="product-name"]`, name),
		typeInto(`[data-testid="product-category"]`, "Garden"),
		typeInto(`[data-testid="product-price"]`, "24.90"),
		typeInto(`[data-testid="product-description"]`, "A solar lantern for the browser test."),
		chromedp.Click(chromedp.CSS(`[data-testid="product-save"]`)),
	)
	waitFor(t, "the catalog to confirm the new product", 15*time.Second, func() bool {
		v, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.querySelector('[data-testid="catalog-notice"]')?.textContent || ""`))
		return err == nil && strings.Contains(v, name)
	})

	// The storefront finds it.
	b.run(t, "search the storefront",
		chromedp.Navigate(p.base+"/"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="search-input"]`)),
		typeInto(`[data-testid="search-input"]`, "heliotrope lantern"),
	)
	waitFor(t, "the new product in the storefront's search", 10*time.Second, func() bool {
		v, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`Array.from(document.querySelectorAll('[data-testid^="search-result-"]')).map(e => e.textContent).join("|")`))
		return strings.Contains(v, name)
	})

	// Train now, and watch the progress bar reach done.
	b.run(t, "open the model page",
		chromedp.Navigate(p.base+"/admin/model"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="train-button"]`)),
	)
	before := b.attr(t, `[data-testid="model-state"]`, "data-state")
	// The demo trains as it starts, and the button is disabled while a
	// training runs: wait for it, then compare model versions (a poll can
	// miss a short "training" state, so that state alone proves nothing).
	b.run(t, "wait for the first training", chromedp.WaitEnabled(chromedp.CSS(`[data-testid="train-button"]`)))
	version := modelVersion(t, p.base)
	b.run(t, "train", chromedp.Click(chromedp.CSS(`[data-testid="train-button"]`)))
	waitFor(t, "the training to finish", 240*time.Second, func() bool {
		return modelVersion(t, p.base) > version &&
			b.attr(t, `[data-testid="model-state"]`, "data-state") == "idle" &&
			b.attr(t, `[data-testid="train-progress"]`, "aria-valuetext") == "done"
	})
	if before == "" {
		t.Errorf("the model page showed no state before training")
	}
	b.run(t, "the NDCG chart", chromedp.WaitVisible(chromedp.CSS(`[data-testid="ndcg-chart"]`)))
	b.screenshot(t, "admin-model.png")
	b.noErrors(t)
}

// modelVersion reads the serving model's version from a -demo shelf.
func modelVersion(t *testing.T, base string) uint64 {
	t.Helper()
	status, _, body := get(t, base+"/api/model/")
	var m struct {
		Status struct {
			ModelVersion uint64 `json:"model_version"`
		} `json:"status"`
	}
	if status != http.StatusOK || json.Unmarshal([]byte(body), &m) != nil || m.Status.ModelVersion == 0 {
		t.Fatalf("GET /api/model/: no model version in %d %s", status, body)
	}
	return m.Status.ModelVersion
}

// TestPhoneWidth loads the storefront, a product page and the admin login
// at a phone's width: nothing may be wider than the screen, and the first
// Tab stop gets a visible focus ring.
func TestPhoneWidth(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a browser")
	}
	chromiumPath(t)
	p := MustRunMain(t, "-demo", "-retrain", "0")
	b := newBrowser(t, 390, 844)
	for _, page := range []struct{ path, ready string }{
		{"/", `[data-testid="rec-rail"]`},
		{"/products/1", `[data-testid="like-button"]`},
		{"/admin/login", `[data-testid="login-username"]`},
	} {
		b.run(t, "open "+page.path, chromedp.Navigate(p.base+page.path), chromedp.WaitVisible(chromedp.CSS(page.ready)))
		b.run(t, "settle", chromedp.Sleep(300*time.Millisecond))
		over, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - window.innerWidth`))
		if err != nil {
			t.Fatal(err)
		}
		if over > 0 {
			t.Errorf("%s is %d px wider than a 390 px screen", page.path, over)
		}
	}
	// Keyboard: Tab moves focus to a control that shows an outline.
	b.run(t, "tab", chromedp.Navigate(p.base+"/"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="search-input"]`)),
		chromedp.KeyEvent("\t"))
	outline, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`(() => { const e = document.activeElement; if (!e || e === document.body) return "none"; const s = getComputedStyle(e); return s.outlineStyle + " " + s.outlineWidth + " " + s.boxShadow; })()`))
	if err != nil {
		t.Fatal(err)
	}
	if outline == "none" || (strings.HasPrefix(outline, "none") && !strings.Contains(outline, "rgb")) {
		t.Errorf("the first Tab stop shows no focus ring: %q", outline)
	}
	b.noErrors(t)
}

// TestPlacementsInBrowser: the dashboard's Placements page lists a
// placement and previews it for a shopper, before and after its rules, in
// a real browser, at desktop and phone widths.
func TestPlacementsInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a browser")
	}
	chromiumPath(t)
	p := demoWithAdmin(t)
	req, _ := http.NewRequest(http.MethodPut, p.base+"/api/placements/home/", strings.NewReader(
		`{"strategy":"personal","count":6,"rules":[{"type":"pin","product_id":42,"position":1}]}`))
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 201 {
		t.Fatalf("create the placement: %v %v", resp, err)
	}
	resp.Body.Close()
	for _, width := range []int64{1280, 390} {
		b := newBrowser(t, width, 900)
		b.run(t, "log in and open the placements", append(logIn(p.base+"/admin/login?next=%2Fadmin%2Fplacements"),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid="placement-row-home"]`)),
			chromedp.Navigate(p.base+"/admin/placements/home"),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid="placement-form"]`)),
			typeInto(`[data-testid="shopper-search"]`, "a"),
		)...)
		waitFor(t, "shoppers to choose from", 10*time.Second, func() bool {
			n, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.querySelectorAll('[aria-label="Shoppers found"] button').length`))
			return err == nil && n > 0
		})
		// The list of shoppers found redraws as the search settles: click
		// whichever first button is there when the click lands.
		waitFor(t, "a click on a shopper found", 10*time.Second, func() bool {
			ok, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`(() => { const b = document.querySelector('[aria-label="Shoppers found"] button'); if (b) b.click(); return !!b; })()`))
			return err == nil && ok
		})
		waitFor(t, "the preview with the pinned product first", 15*time.Second, func() bool {
			marks := b.attr(t, `[data-testid="preview-after"] li:first-child`, "data-marks")
			return strings.Contains(marks, "pinned") && b.attr(t, `[data-testid="preview-after-42"]`, "data-marks") != ""
		})
		// Nothing wider than the screen.
		over, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
		if err != nil || over {
			t.Errorf("at %d px the page is wider than the screen (%v)", width, err)
		}
		if width == 1280 {
			b.screenshot(t, "admin-placements.png")
		}
		b.noErrors(t)
	}
}

// demoWithAdmin runs the demo shop with an admin account whose password
// logIn types.
func demoWithAdmin(t *testing.T) *testMain {
	t.Helper()
	db := filepath.Join(t.TempDir(), "admin.db")
	var out strings.Builder
	if err := run(t.Context(), []string{"admin", "create", "-db", db, "-username", "admin"}, strings.NewReader("browser test password\n"), &out, &out); err != nil {
		t.Fatalf("admin create: %v %s", err, out.String())
	}
	return MustRunMain(t, "-db", db, "-demo", "-retrain", "0")
}

// logIn signs in as demoWithAdmin's admin on the login page at url.
func logIn(url string) []chromedp.Action[chromedp.Void] {
	return []chromedp.Action[chromedp.Void]{
		chromedp.Navigate(url),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="login-username"]`)),
		typeInto(`[data-testid="login-username"]`, "admin"),
		typeInto(`[data-testid="login-password"]`, "browser test password"),
		chromedp.Click(chromedp.CSS(`[data-testid="login-submit"]`)),
	}
}
