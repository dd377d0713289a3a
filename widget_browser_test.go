package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"shelf/api/auth"
)

// widgetShop is a plain shop on its own origin: pages that load shelf's
// widget with a script tag, and product pages for its links to land on.
type widgetShop struct {
	*httptest.Server
	mu    sync.Mutex
	pages map[string]string
}

func newWidgetShop(t *testing.T) *widgetShop {
	t.Helper()
	s := &widgetShop{pages: map[string]string{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		page, ok := s.pages[r.URL.Path]
		s.mu.Unlock()
		if !ok && strings.HasPrefix(r.URL.Path, "/products/") {
			page, ok = shopPage("A product", `<p id="product-page">The shop's own product page.</p>`, ""), true
		}
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, page) //nolint:errcheck // the browser went away
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *widgetShop) put(path, page string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pages[path] = page
}

// shopPage is a page of the plain shop: a header, the body, and the script.
func shopPage(title, body, script string) string {
	return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>` + html.EscapeString(title) + `</title>
<style>
  body { margin: 0; font-family: Georgia, serif; color: #222; background: #fff; }
  header { padding: 16px 24px; border-bottom: 1px solid #ddd; }
  header b { font-size: 1.4rem; }
  main { max-width: 1080px; margin: 0 auto; padding: 24px; }
  shelf-recommendations { margin-top: 32px; --shelf-accent: #9a3412; --shelf-font: system-ui, sans-serif; }
</style>
</head>
<body>
<header><b>Plain Shop</b> · a page on its own origin</header>
<main>
<h1>` + html.EscapeString(title) + `</h1>
` + body + `
</main>
` + script + `
</body>
</html>`
}

// TestWidgetServed: the embedded widget is within its budget, and shelf
// serves it as a shop's script tag needs: JavaScript, cached for minutes and
// revalidated, never forever.
func TestWidgetServed(t *testing.T) {
	js, err := fs.ReadFile(uiFS(), "widget.js")
	if err != nil {
		t.Fatalf("the built UI has no widget.js (cd ui && npm run build): %v", err)
	}
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	zw.Write(js) //nolint:errcheck // a bytes.Buffer
	zw.Close()
	if gz.Len() > 15<<10 {
		t.Errorf("widget.js is %d bytes gzipped; the budget is 15 KB", gz.Len())
	}
	t.Logf("widget.js: %d bytes, %d gzipped", len(js), gz.Len())

	p := MustRunMain(t, "-retrain", "0")
	resp, err := http.Get(p.base + "/widget.js")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.Equal(body, js) {
		t.Fatalf("GET /widget.js: %d, %d bytes (want the embedded %d)", resp.StatusCode, len(body), len(js))
	}
	if ct, cc := resp.Header.Get("Content-Type"), resp.Header.Get("Cache-Control"); ct != "text/javascript; charset=utf-8" || cc != "public, max-age=300" {
		t.Errorf("GET /widget.js: Content-Type %q, Cache-Control %q", ct, cc)
	}
	req, _ := http.NewRequest("GET", p.base+"/widget.js", nil)
	req.Header.Set("If-None-Match", resp.Header.Get("ETag"))
	again, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	again.Body.Close()
	if again.StatusCode != http.StatusNotModified {
		t.Errorf("GET /widget.js with its ETag: %d, want 304", again.StatusCode)
	}
}

// TestWidgetInBrowser: a plain shop on another origin loads the widget with
// one script tag and a publishable key. In Chromium, its personal rail and
// its similar list draw their products (pictures, names, prices, links into
// the shop) in their shadow roots, with only the lists' requests (shelf
// counts the impressions as it serves them); a click records a view with
// the list's recommendation id, which shelf counts as the list's click, and
// the link goes on to the shop's product page. A page with a wrong key
// draws nothing and says in the console what to do. A logged-in customer's
// list is asked for with the shopper token the page was given, and their
// click is in their history. At a phone's width
// nothing is wider than the screen, and the rail scrolls sideways.
func TestWidgetInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a browser")
	}
	chromiumPath(t)
	shop := newWidgetShop(t)
	p := MustRunMain(t, "-demo", "-retrain", "0", "-cors-origins", shop.URL)
	send := func(method, path, body string, want int) {
		t.Helper()
		req, _ := http.NewRequest(method, p.base+path, strings.NewReader(body))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != want {
			b, _ := io.ReadAll(resp.Body)
			t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, b)
		}
	}
	send("PUT", "/api/shop/", `{"currency":"EUR"}`, 200)
	send("PUT", "/api/placements/home/", `{"strategy":"personal","count":8}`, 201)
	au, err := auth.New(p.Store, auth.Config{})
	if err != nil {
		t.Fatal(err)
	}
	key, _, err := au.CreateKey("plain shop", "publishable")
	if err != nil {
		t.Fatal(err)
	}
	script := func(key string) string {
		return `<script src="` + p.base + `/widget.js" data-key="` + key + `"></script>`
	}
	const lists = `<p>Welcome to a shop whose pages shelf knows nothing of.</p>
<shelf-recommendations id="rail" placement="home" count="4" heading="Picked for you"></shelf-recommendations>
<shelf-recommendations id="similar" similar-to="12" count="4"></shelf-recommendations>`
	shop.put("/", shopPage("Plain Shop", lists, script(key)))
	shop.put("/bad", shopPage("Plain Shop", lists, script("shelf_pk_thisIsNotAKeyOfThisShop0000000")))

	b := newBrowser(t, 1280, 900)
	b.run(t, "open the shop's page", chromedp.Navigate(shop.URL+"/"))
	state := func(id string) string {
		s, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.getElementById(`+fmt.Sprintf("%q", id)+`).getAttribute("data-shelf-state") || ""`))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	waitFor(t, "both lists drawn", 20*time.Second, func() bool { return state("rail") == "ready" && state("similar") == "ready" })

	type card struct {
		Product string `json:"product"`
		Name    string `json:"name"`
		Href    string `json:"href"`
		Price   string `json:"price"`
		Src     string `json:"src"`
		Alt     string `json:"alt"`
		Width   string `json:"width"`
		Height  string `json:"height"`
		Loaded  bool   `json:"loaded"`
	}
	type drawn struct {
		Heading string `json:"heading"`
		Cards   []card `json:"cards"`
	}
	read := func(id string) drawn {
		js := `(() => { const r = document.getElementById(` + fmt.Sprintf("%q", id) + `).shadowRoot;
			return { heading: r.querySelector("section > h2")?.textContent || "",
				cards: [...r.querySelectorAll("section > ul > li")].map(li => { const a = li.querySelector("a"), img = li.querySelector("img");
					return { product: li.dataset.productId || "", name: a?.textContent || "", href: a?.href || "", price: li.querySelector(".price")?.textContent || "",
						src: img?.src || "", alt: img?.alt || "", width: img?.getAttribute("width") || "", height: img?.getAttribute("height") || "",
						loaded: !!img && img.complete && img.naturalWidth > 0 }; }) }; })()`
		d, err := chromedp.Run(b.ctx, chromedp.Evaluate[drawn](js))
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	waitFor(t, "the rail's pictures to load", 10*time.Second, func() bool {
		d := read("rail")
		return len(d.Cards) == 4 && !slices.ContainsFunc(d.Cards, func(c card) bool { return !c.Loaded })
	})
	b.screenshot(t, "widget.png")
	rail, similar := read("rail"), read("similar")
	if rail.Heading != "Picked for you" || similar.Heading != "Similar products" {
		t.Errorf("headings %q and %q", rail.Heading, similar.Heading)
	}
	if len(similar.Cards) == 0 || len(similar.Cards) > 4 {
		t.Errorf("the similar list has %d cards, want 1 to 4", len(similar.Cards))
	}
	for _, c := range append(rail.Cards, similar.Cards...) {
		if c.Name == "" || c.Alt != c.Name || c.Href != shop.URL+"/products/"+c.Product ||
			!strings.HasPrefix(c.Price, "€") || c.Src != p.base+"/images/demo/"+c.Product+".svg" || c.Width == "" || c.Height == "" {
			t.Errorf("a card as drawn: %+v; want a name, the picture from shelf with the name as its alt text and a size, a euro price, and a link to the shop's own product page", c)
		}
	}
	// The page asked shelf for the lists and the shop's currency, under a
	// guest session: nothing else (no beacon: serving a list counts it).
	b.mu.Lock()
	var asked []string
	for path := range b.shopperHeaders {
		asked = append(asked, path)
	}
	b.mu.Unlock()
	for _, path := range asked {
		if !strings.HasPrefix(path, "/api/sessions") && path != "/api/shop" &&
			!strings.HasPrefix(path, "/api/recommendations/session/s1.") && !strings.HasPrefix(path, "/api/products/12/similar/") {
			t.Errorf("the page asked shelf for %s", path)
		}
	}
	var a struct {
		Total struct {
			Impressions int `json:"impressions"`
			Clicks      int `json:"clicks"`
		} `json:"total"`
		Lists []struct {
			Strategy  string `json:"strategy"`
			Placement string `json:"placement"`
			Clicks    int    `json:"clicks"`
		} `json:"lists"`
	}
	getJSON(t, p.base+"/api/analytics/", &a)
	if a.Total.Impressions != 2 || a.Total.Clicks != 0 {
		t.Errorf("before a click shelf counted %+v; want the 2 lists' impressions and no click", a.Total)
	}

	// Keyboard: the first Tab stop is the rail's first product, with a ring.
	b.run(t, "tab", chromedp.KeyEvent("\t"))
	ring, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`(() => { const a = document.activeElement?.shadowRoot?.activeElement;
		if (!a || a.tagName !== "A") return "focus on " + (a || document.activeElement)?.tagName; const s = getComputedStyle(a, "::after"); return s.outlineStyle + " " + s.outlineWidth; })()`))
	if err != nil || ring != "solid 3px" {
		t.Errorf("the first Tab stop's focus ring: %q %v; want a solid 3px outline", ring, err)
	}
	b.noErrors(t)

	first := rail.Cards[0]
	b.run(t, "click "+first.Name,
		chromedp.Click(chromedp.JSPath(`document.getElementById("rail").shadowRoot.querySelector("li a")`)),
		chromedp.WaitVisible(chromedp.CSS(`#product-page`)),
	)
	url, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`location.href`))
	if err != nil || url != first.Href {
		t.Errorf("after the click the page is %q (%v), want the shop's product page %q", url, err, first.Href)
	}
	waitFor(t, "shelf to count the rail's click", 10*time.Second, func() bool {
		getJSON(t, p.base+"/api/analytics/", &a)
		return a.Total.Clicks == 1
	})
	for _, l := range a.Lists {
		if l.Clicks > 0 && (l.Strategy != "personal" || l.Placement != "home") {
			t.Errorf("the click counted for %s/%s, want personal/home", l.Strategy, l.Placement)
		}
	}
	var views struct {
		Results []struct {
			ProductID        uint64 `json:"product_id"`
			SessionID        string `json:"session_id"`
			RecommendationID string `json:"recommendation_id"`
		} `json:"results"`
	}
	getJSON(t, p.base+"/api/interactions/?type=view&product_id="+first.Product+"&page_size=1", &views)
	if len(views.Results) != 1 || !strings.HasPrefix(views.Results[0].RecommendationID, "r1.") || !strings.HasPrefix(views.Results[0].SessionID, "s1.") {
		t.Errorf("the click's view: %+v; want one carrying the list's recommendation id, under the guest's session", views.Results)
	}
	b.noErrors(t)

	// A wrong key: nothing drawn, and one clear line in the console.
	b.run(t, "open the page with a wrong key", chromedp.Navigate(shop.URL+"/bad"))
	waitFor(t, "both lists to give up", 20*time.Second, func() bool { return state("rail") == "error" && state("similar") == "error" })
	for _, id := range []string{"rail", "similar"} {
		if n, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`(() => { const e = document.getElementById(`+fmt.Sprintf("%q", id)+`);
			return e.shadowRoot.querySelectorAll("section, h2, li, img").length + e.getBoundingClientRect().height; })()`)); err != nil || n != 0 {
			t.Errorf("%s with a wrong key: %d drawn elements plus pixels of height (%v), want none", id, n, err)
		}
	}
	b.mu.Lock()
	logged := slices.Clone(b.errors)
	b.errors = nil
	b.mu.Unlock()
	refused := 0
	for _, e := range logged {
		if strings.Contains(e, "shelf: the key was refused (401: unknown or revoked API key): check that data-key is a publishable key of this shop") {
			refused++
		} else {
			t.Errorf("the page also logged %s", e)
		}
	}
	if refused != 1 {
		t.Errorf("the console said the key was refused %d times, want once: %q", refused, logged)
	}

	// A logged-in customer: the shop's server hands the page a shopper token;
	// the widget asks for that customer's list with it, and a click is theirs.
	var tok struct {
		Token string `json:"token"`
	}
	resp, err := http.Post(p.base+"/api/shopper-tokens", "application/json", strings.NewReader(`{"user_id":1}`))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || resp.StatusCode != 201 {
		t.Fatalf("POST /api/shopper-tokens: %d %v", resp.StatusCode, err)
	}
	resp.Body.Close()
	shop.put("/account", shopPage("Your account", `<shelf-recommendations id="rail" shopper-token="`+tok.Token+`" count="4"></shelf-recommendations>`, script(key)))
	b.run(t, "open the customer's page", chromedp.Navigate(shop.URL+"/account"))
	waitFor(t, "the customer's list", 20*time.Second, func() bool { return state("rail") == "ready" })
	b.mu.Lock()
	sent := b.shopperHeaders["/api/recommendations/1/?count=4"]
	b.mu.Unlock()
	// With a publishable key, shelf serves user 1's list only to user 1's
	// token, so the list being ready proves the token went with it; the
	// header as Chromium reports it must then be that token (under load a
	// cross-origin request's event may come without its headers).
	if sent != "" && sent != tok.Token {
		t.Errorf("the customer's list was asked for with X-Shelf-Shopper %q, want the page's token", sent)
	}
	mine := read("rail").Cards[0]
	b.run(t, "click the customer's "+mine.Name,
		chromedp.Click(chromedp.JSPath(`document.getElementById("rail").shadowRoot.querySelector("li a")`)),
		chromedp.WaitVisible(chromedp.CSS(`#product-page`)),
	)
	var history struct {
		Results []struct {
			ProductID        uint64 `json:"product_id"`
			RecommendationID string `json:"recommendation_id"`
		} `json:"results"`
	}
	waitFor(t, "the customer's click in their history", 10*time.Second, func() bool {
		getJSON(t, p.base+"/api/users/1/interactions/?page_size=1", &history)
		return len(history.Results) == 1 && strconv.FormatUint(history.Results[0].ProductID, 10) == mine.Product &&
			strings.HasPrefix(history.Results[0].RecommendationID, "r1.")
	})
	b.noErrors(t)

	// A phone: nothing wider than the screen; the rail is a row that scrolls and snaps.
	phone := newBrowser(t, 390, 844)
	phone.run(t, "open the shop's page on a phone", chromedp.Navigate(shop.URL+"/"))
	waitFor(t, "the lists on a phone", 20*time.Second, func() bool {
		s, err := chromedp.Run(phone.ctx, chromedp.Evaluate[string](`document.getElementById("rail").getAttribute("data-shelf-state") + document.getElementById("similar").getAttribute("data-shelf-state")`))
		return err == nil && s == "readyready"
	})
	layout, err := chromedp.Run(phone.ctx, chromedp.Evaluate[string](`(() => { const ul = document.getElementById("rail").shadowRoot.querySelector("ul"), s = getComputedStyle(ul);
		return [document.documentElement.scrollWidth - window.innerWidth, ul.scrollWidth > ul.clientWidth, s.overflowX, s.scrollSnapType].join(" "); })()`))
	if err != nil || layout != "0 true auto x mandatory" {
		t.Errorf("at 390 px: %q (%v); want nothing wider than the screen (0) and a rail that scrolls sideways and snaps (true auto x mandatory)", layout, err)
	}
	phone.noErrors(t)
}

// TestWidgetIntegratePageInBrowser: on the dashboard's Integrate page the
// live preview runs the real widget on the dashboard's own session, and its
// clicks record nothing; a publishable key made there is shown once, and the
// snippet the page shows, pasted as it is into a shop of another origin,
// draws the list there. At a phone's width the page fits the screen.
func TestWidgetIntegratePageInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a browser")
	}
	chromiumPath(t)
	shop := newWidgetShop(t)
	db := filepath.Join(t.TempDir(), "admin.db")
	var out strings.Builder
	if err := run(t.Context(), []string{"admin", "create", "-db", db, "-username", "admin"}, strings.NewReader("browser test password\n"), &out, &out); err != nil {
		t.Fatalf("admin create: %v %s", err, out.String())
	}
	p := MustRunMain(t, "-db", db, "-demo", "-retrain", "0", "-cors-origins", shop.URL)
	req, _ := http.NewRequest(http.MethodPut, p.base+"/api/placements/home/", strings.NewReader(`{"strategy":"personal","count":8}`))
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 201 {
		t.Fatalf("create the placement: %v %v", resp, err)
	}
	resp.Body.Close()

	preview := `document.querySelector('[data-testid="integrate-preview-box"] shelf-recommendations')`
	for _, width := range []int64{1280, 390} {
		b := newBrowser(t, width, 900)
		b.run(t, "log in and open Integrate", append(logIn(p.base+"/admin/login?next=%2Fadmin%2Fintegrate"),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid="integrate-snippet"]`)),
		)...)
		waitFor(t, "the preview's list", 20*time.Second, func() bool {
			n, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`(() => { const e = `+preview+`;
				return e && e.getAttribute("data-shelf-state") === "ready" ? e.shadowRoot.querySelectorAll("li").length : 0; })()`))
			return err == nil && n == 8
		})
		over, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - window.innerWidth`))
		if err != nil || over > 0 {
			t.Errorf("at %d px the Integrate page is %d px wider than the screen (%v)", width, over, err)
		}
		if width != 1280 {
			b.noErrors(t)
			continue
		}
		// A click in the preview goes nowhere and records nothing. The
		// page draws the preview again when its settings change as they
		// load, so a click can find its link just replaced: it is tried
		// again on the list drawn since.
		click := chromedp.Click(chromedp.JSPath(preview + `.shadowRoot.querySelector("li a")`))
		err = chromedp.Do(b.ctx, click)
		for try := 0; err != nil && strings.Contains(err.Error(), "Could not find node") && try < 3; try++ {
			time.Sleep(500 * time.Millisecond)
			err = chromedp.Do(b.ctx, click)
		}
		if err != nil {
			t.Fatalf("click in the preview: %v", err)
		}
		var a struct {
			Total struct {
				Clicks int `json:"clicks"`
			} `json:"total"`
		}
		getJSON(t, p.base+"/api/analytics/", &a)
		if url, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`location.pathname`)); err != nil || url != "/admin/integrate" || a.Total.Clicks != 0 {
			t.Errorf("after a click in the preview: at %q (%v), %d clicks counted; want still on the page, none", url, err, a.Total.Clicks)
		}

		b.run(t, "make a key", chromedp.Click(chromedp.CSS(`[data-testid="integrate-key-create"]`)),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid="integrate-new-key-value"]`)))
		var key, code string
		waitFor(t, "the key in the snippet", 5*time.Second, func() bool {
			key, _ = chromedp.Run(b.ctx, chromedp.TextContent(chromedp.CSS(`[data-testid="integrate-new-key-value"]`)))
			code, _ = chromedp.Run(b.ctx, chromedp.TextContent(chromedp.CSS(`[data-testid="integrate-snippet"]`)))
			return strings.HasPrefix(key, "shelf_pk_") && strings.Contains(code, `data-key="`+key+`"`)
		})
		want := `<shelf-recommendations placement="home" count="8"></shelf-recommendations>` + "\n" +
			`<script src="` + p.base + `/widget.js" data-key="` + key + `"></script>`
		if code != want {
			t.Errorf("the snippet:\n%s\nwant\n%s", code, want)
		}
		b.noErrors(t)

		shop.put("/pasted", shopPage("Pasted from the dashboard", code, ""))
		b.run(t, "open the shop's page with the snippet", chromedp.Navigate(shop.URL+"/pasted"))
		waitFor(t, "the pasted snippet's list", 20*time.Second, func() bool {
			n, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`(() => { const e = document.querySelector("shelf-recommendations");
				return e && e.getAttribute("data-shelf-state") === "ready" ? e.shadowRoot.querySelectorAll("li").length : 0; })()`))
			return err == nil && n == 8
		})
		b.noErrors(t)
	}
}
