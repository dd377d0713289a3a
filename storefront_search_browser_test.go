package main

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// searchAnswer is what the browser tests read of GET /api/search.
type searchAnswer struct {
	Count    int `json:"count"`
	Products []struct {
		ID uint64 `json:"id"`
	} `json:"products"`
	Terms []struct {
		Matches []string `json:"matches"`
	} `json:"terms"`
	Corrected string `json:"corrected"`
}

// demoQueries picks, from the demo's own catalog, a word that finds more
// than a page of products and a misspelling of a name's word that shelf
// corrects.
func demoQueries(t *testing.T, base string) (many, typo string, corrected searchAnswer) {
	t.Helper()
	var cats struct {
		Categories []struct {
			Name  string `json:"name"`
			Count int    `json:"product_count"`
		} `json:"categories"`
	}
	getJSON(t, base+"/api/categories/", &cats)
	for _, c := range cats.Categories {
		w := strings.ToLower(strings.Fields(c.Name)[0])
		var a searchAnswer
		getJSON(t, base+"/api/search/?q="+url.QueryEscape(w+" ")+"&page_size=1", &a)
		if a.Count > 24 {
			many = w
			break
		}
	}
	var products struct {
		Results []struct {
			Name string `json:"name"`
		} `json:"results"`
	}
	getJSON(t, base+"/api/products/?page_size=50", &products)
	for _, p := range products.Results {
		for _, w := range strings.Fields(strings.ToLower(p.Name)) {
			if len(w) < 6 || strings.ContainsAny(w, "0123456789'-.,&") {
				continue
			}
			cand := w[:2] + w[3:] // one letter dropped: a typo, not a prefix
			var a searchAnswer
			getJSON(t, base+"/api/search/?q="+url.QueryEscape(cand+" ")+"&page_size=24", &a)
			if a.Corrected != "" && a.Count > 0 {
				return many, cand, a
			}
		}
	}
	if many == "" || typo == "" {
		t.Fatalf("the demo catalog gave no query of more than a page (%q) or no corrected typo", many)
	}
	return many, typo, corrected
}

// setViewport makes the page's viewport exactly w×h CSS pixels: a headless
// window of that size keeps some of its height for itself.
func setViewport(t *testing.T, b *browser, w, h int64) {
	t.Helper()
	b.run(t, fmt.Sprintf("a %dx%d viewport", w, h), chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: w, Height: h, DeviceScaleFactor: 1, Mobile: w < 640,
		})
		return err
	}))
}

// TestStorefrontSearchInBrowser drives the search results page of the
// real binary with -demo: Enter in the box opens /search?q=, page 2 and a
// price filter go into the URL and agree with the API's count, and a
// misspelt query says what it shows results for and marks the matched
// words.
func TestStorefrontSearchInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a browser")
	}
	chromiumPath(t)
	p := MustRunMain(t, "-demo")
	b := newBrowser(t, 1280, 800)
	setViewport(t, b, 1280, 800)
	many, typo, corrected := demoQueries(t, p.base)

	b.run(t, "type "+many+" and press Enter",
		chromedp.Navigate(p.base+"/"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="search-input"]`)),
		typeInto(`[data-testid="search-input"]`, many),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="search-see-all"]`)),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="search-results"]`)),
	)
	if loc := pageEval[string](t, b, `location.pathname + location.search`); loc != "/search?q="+url.QueryEscape(many) {
		t.Errorf("Enter went to %s", loc)
	}
	var all searchAnswer
	getJSON(t, p.base+"/api/search/?q="+url.QueryEscape(many)+"&page_size=24", &all)
	summary := func() string {
		return pageEval[string](t, b, `document.querySelector('[data-testid="search-summary"]').textContent`)
	}
	if want := fmt.Sprintf("%d products found", all.Count); !strings.Contains(summary(), want) {
		t.Errorf("the summary says %q; want %q", summary(), want)
	}
	page1 := b.testIDs(t, `[data-testid="search-results"]`, "search-card-")
	if len(page1) != 24 {
		t.Fatalf("page 1 shows %d results of %d", len(page1), all.Count)
	}

	b.run(t, "page 2", chromedp.Click(chromedp.CSS(`[data-testid="pagination"] button[aria-label="Page 2"]`)))
	waitFor(t, "page 2 in the URL and on screen", 10*time.Second, func() bool {
		ids := b.testIDs(t, `[data-testid="search-results"]`, "search-card-")
		return strings.Contains(pageEval[string](t, b, `location.search`), "page=2") && len(ids) > 0 && !slices.Contains(page1, ids[0])
	})

	// A price filter lands in the URL, restarts at page 1 and counts as the API does.
	b.run(t, "max price 20", typeInto(`[data-testid="max-price"]`, "20"))
	var cheap searchAnswer
	getJSON(t, p.base+"/api/search/?q="+url.QueryEscape(many)+"&max_price=20&page_size=24", &cheap)
	want := fmt.Sprintf("%d products found", cheap.Count)
	if cheap.Count == 1 {
		want = "1 product found"
	}
	waitFor(t, "the filtered results", 10*time.Second, func() bool {
		s := pageEval[string](t, b, `location.search`)
		return strings.Contains(s, "max_price=20") && !strings.Contains(s, "page=") && strings.Contains(summary(), want)
	})
	if cheap.Count >= all.Count {
		t.Errorf("max_price=20 kept %d of %d products", cheap.Count, all.Count)
	}

	// A typo: the note names the corrected query, and the matched words are marked.
	b.run(t, "search "+typo,
		chromedp.Navigate(p.base+"/search?q="+url.QueryEscape(typo)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="search-corrected"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="search-results"] mark`)),
	)
	note := pageEval[string](t, b, `document.querySelector('[data-testid="search-corrected"]').textContent`)
	if note != "Showing results for "+corrected.Corrected {
		t.Errorf("the note says %q; want results for %q", note, corrected.Corrected)
	}
	b.screenshot(t, "storefront-search.png")
	marks := pageEval[[]string](t, b, `Array.from(document.querySelectorAll('[data-testid="search-results"] mark')).map(m => m.textContent.toLowerCase())`)
	for _, m := range marks {
		if !slices.Contains(corrected.Terms[0].Matches, m) {
			t.Errorf("%q is marked, but %q matched only %v", m, typo, corrected.Terms[0].Matches)
		}
	}
	// At a phone's width the results page fits the screen, and the box
	// holds the query shown.
	setViewport(t, b, 390, 844)
	b.run(t, "search "+many+" on a phone",
		chromedp.Navigate(p.base+"/search?q="+url.QueryEscape(many)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="search-results"]`)),
	)
	if over := pageEval[int](t, b, `document.documentElement.scrollWidth - innerWidth`); over > 0 {
		t.Errorf("the results page is %d px wider than a 390 px screen", over)
	}
	if box := pageEval[string](t, b, `document.querySelector('[data-testid="search-input"]').value`); box != many {
		t.Errorf("the search box holds %q on the results of %q", box, many)
	}
	b.noErrors(t)
}

// TestMoreLikeThisInBrowser opens a product page as shopper 1 of the demo
// at a desktop's and a phone's size: the "More like this" strip's products
// start above the fold, the strip answers a like, and the like is still
// shown after a reload (read from the shopper's own history). At the
// phone's width the shopper picker's panel stays on the screen.
func TestMoreLikeThisInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a browser")
	}
	chromiumPath(t)
	p := MustRunMain(t, "-demo")
	var liked struct {
		Results []struct {
			ProductID uint64 `json:"product_id"`
		} `json:"results"`
	}
	getJSON(t, p.base+"/api/interactions/?user_id=1&type=like&page_size=100", &liked)
	// A product of shopper 1's taste (their recommendations) not liked yet:
	// its strip holds products both similar to it and picked for them.
	var recs struct {
		Recommendations []struct {
			ProductID uint64 `json:"product_id"`
		} `json:"recommendations"`
	}
	getJSON(t, p.base+"/api/recommendations/1/?count=20", &recs)
	var product uint64
	for _, r := range recs.Recommendations {
		if !slices.ContainsFunc(liked.Results, func(l struct {
			ProductID uint64 `json:"product_id"`
		}) bool {
			return l.ProductID == r.ProductID
		}) {
			product = r.ProductID
			break
		}
	}
	if product == 0 {
		t.Fatalf("shopper 1 liked every product recommended to them: %+v", recs)
	}
	path := fmt.Sprintf("/products/%d", product)
	strip := `[data-testid="more-like-this"]`
	firstItem := strip + ` li[data-testid^="strip-item-"]`

	for _, size := range []struct{ w, h int64 }{{390, 844}, {1280, 800}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			b := newBrowser(t, size.w, size.h)
			setViewport(t, b, size.w, size.h)
			b.run(t, "open the shopper picker",
				chromedp.Navigate(p.base+"/"),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="rec-rail"]`)),
				chromedp.Click(chromedp.CSS(`[data-testid="user-picker"]`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="user-option-1"]`)),
			)
			panel := pageEval[[]float64](t, b, `(() => { const r = document.querySelector('[data-testid="user-picker-panel"]').getBoundingClientRect(); return [r.left, r.right, innerWidth]; })()`)
			if panel[0] < 0 || panel[1] > panel[2] {
				t.Errorf("the picker's panel spans %.0f..%.0f of a %.0f px screen", panel[0], panel[1], panel[2])
			}
			if hint := pageEval[string](t, b, `document.querySelector('[data-testid="user-picker-panel"]').textContent`); !strings.Contains(hint, "Pick a shopper to see personal picks") {
				t.Errorf("the picker does not explain itself: %q", hint)
			}
			cart := pageEval[string](t, b, `(() => { const c = document.querySelector('[data-testid="cart-toggle"]'); return (c.getAttribute("aria-label") || "") + "|" + c.textContent; })()`)
			if !strings.HasPrefix(cart, "|Cart 0") {
				t.Errorf("the cart button's name and text: %q; want no aria-label and text starting Cart 0", cart)
			}
			b.run(t, "pick shopper 1 and open "+path,
				chromedp.Click(chromedp.CSS(`[data-testid="user-option-1"]`)),
				chromedp.Navigate(p.base+path),
				chromedp.WaitVisible(chromedp.CSS(firstItem)),
			)
			top := pageEval[[]float64](t, b, `[document.querySelector('`+firstItem+`').getBoundingClientRect().top, innerHeight]`)
			t.Logf("the strip's first product starts at y %.0f of a %.0f px high viewport", top[0], top[1])
			if top[0] >= top[1] {
				t.Errorf("the strip's first product starts at y %.0f, below the fold at %.0f", top[0], top[1])
			}
			if over := pageEval[int](t, b, `document.documentElement.scrollWidth - innerWidth`); over > 0 {
				t.Errorf("the product page is %d px wider than the screen", over)
			}
			reasons := pageEval[[]string](t, b, `Array.from(document.querySelectorAll('`+strip+` li a')).map(a => a.title)`)
			if !slices.Contains(reasons, "Like this, and picked for you") {
				t.Errorf("no product of the strip is both similar and picked for shopper 1: %v", reasons)
			}
			b.noErrors(t)
		})
	}

	// The strip answers a like, and the like outlives a reload.
	b := newBrowser(t, 1280, 800)
	setViewport(t, b, 1280, 800)
	like := `[data-testid="like-button"]`
	b.run(t, "open the shop", chromedp.Navigate(p.base+"/"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="user-picker"]`)))
	pageEval[bool](t, b, `(localStorage.setItem("shelf.user", "1"), true)`)
	b.run(t, "like "+path+" as shopper 1",
		chromedp.Navigate(p.base+path),
		chromedp.WaitVisible(chromedp.CSS(firstItem)),
		chromedp.WaitEnabled(chromedp.CSS(like)),
		chromedp.WaitVisible(chromedp.CSS(like+`[aria-pressed="false"]`)),
		chromedp.Click(chromedp.CSS(like)),
		chromedp.WaitVisible(chromedp.CSS(like+`[aria-pressed="true"]`)),
	)
	waitFor(t, "the strip to answer the like", 10*time.Second, func() bool {
		return b.attr(t, strip, "data-actions") == "1" && b.attr(t, strip, "aria-busy") == "false"
	})
	b.screenshot(t, "storefront-product.png")
	status := pageEval[string](t, b, `document.querySelector('[data-testid="more-like-this-status"]').textContent`)
	news := pageEval[int](t, b, `document.querySelectorAll('`+strip+` li[data-new="true"]').length`)
	t.Logf("after the like the strip says %q; %d items are marked new", status, news)
	if !strings.HasPrefix(status, "Updated after your like") || (news > 0) != strings.Contains(status, " new") {
		t.Errorf("after the like the strip says %q with %d items marked new", status, news)
	}
	b.run(t, "reload",
		chromedp.Reload(),
		chromedp.WaitVisible(chromedp.CSS(like+`[aria-pressed="true"]`)),
	)
	b.mu.Lock()
	var header string
	for u, h := range b.shopperHeaders {
		if strings.HasPrefix(u, fmt.Sprintf("/api/users/1/interactions/?product_id=%d&type=like", product)) {
			header = h
		}
	}
	b.mu.Unlock()
	if header == "" {
		t.Error("the like was not read from the shopper's own history with their token")
	}
	b.noErrors(t)
}
