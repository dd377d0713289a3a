package main

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// interactionPosts counts the storefront's POST /api/interaction calls by
// interaction type, as the browser sent them.
type interactionPosts struct {
	mu     sync.Mutex
	byType map[string]int
}

func (p *interactionPosts) count(typ string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.byType[typ]
}

func listenForInteractions(t *testing.T, b *browser) *interactionPosts {
	t.Helper()
	posts := &interactionPosts{byType: map[string]int{}}
	err := chromedp.Listen(b.ctx, func(ev any) {
		e, ok := ev.(*network.EventRequestWillBeSent)
		if !ok || e.Request.Method != "POST" || !strings.Contains(e.Request.URL, "/api/interaction/") {
			return
		}
		var body []byte
		for _, part := range e.Request.PostDataEntries {
			body = append(body, part.Bytes...)
		}
		var in struct {
			Type string `json:"interaction_type"`
		}
		if json.Unmarshal(body, &in) != nil || in.Type == "" {
			in.Type = "unknown"
		}
		posts.mu.Lock()
		posts.byType[in.Type]++
		posts.mu.Unlock()
	})
	if err != nil {
		t.Fatalf("listen to the page's requests: %v", err)
	}
	return posts
}

// pageEval runs js in the page and returns its value.
func pageEval[T any](t *testing.T, b *browser, js string) T {
	t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

// TestStorefrontFixesInBrowser drives the storefront of the real binary
// with -demo as shopper 1: Buy now takes the product out of the cart, a
// like survives a reload and is not posted twice, the rail's next button
// scrolls it, and a why? popover leaves the cards' heights alone.
func TestStorefrontFixesInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a browser")
	}
	chromiumPath(t)
	p := MustRunMain(t, "-demo")
	b := newBrowser(t, 1280, 900)
	posts := listenForInteractions(t, b)

	b.run(t, "pick shopper 1",
		chromedp.Navigate(p.base+"/"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="rec-rail"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid="user-picker"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="user-option-1"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid="user-option-1"]`)),
	)
	var cards []string
	waitFor(t, "user 1's recommendations, with why? buttons", 15*time.Second, func() bool {
		cards = b.testIDs(t, `[data-testid="rec-rail"]`, "rec-card-")
		return len(cards) >= 6 && len(b.testIDs(t, `[data-testid="rec-rail"]`, "why-button")) >= 6
	})
	if h1 := pageEval[int](t, b, `document.querySelectorAll("h1").length`); h1 != 1 {
		t.Errorf("the home page has %d h1s; want 1", h1)
	}

	// why?: Enter opens a popover that changes no card's height; Escape
	// closes it and gives the focus back.
	heights := `Array.from(document.querySelectorAll('[data-testid="rec-rail"] [data-testid^="rec-card-"]')).map(e => Math.round(e.getBoundingClientRect().height))`
	before := pageEval[[]int](t, b, heights)
	b.run(t, "open why? with Enter",
		chromedp.Focus(chromedp.CSS(`[data-testid="rec-rail"] [data-testid="why-button"]`)),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="why-popover"]`)),
	)
	if after := pageEval[[]int](t, b, heights); !slices.Equal(before, after) {
		t.Errorf("the cards' heights went from %v to %v with why? open", before, after)
	}
	if b.attr(t, `[data-testid="rec-rail"] [data-testid="why-button"]`, "aria-expanded") != "true" {
		t.Error("the open why? button is not aria-expanded")
	}
	if in := pageEval[bool](t, b, `(() => { const r = document.querySelector('[data-testid="why-popover"]').getBoundingClientRect(); return r.left >= 0 && r.right <= innerWidth && r.top >= 0 && r.bottom <= innerHeight; })()`); !in {
		t.Error("the why? popover leaves the viewport")
	}
	b.run(t, "close why? with Escape",
		chromedp.KeyEvent(kb.Escape),
		chromedp.WaitNotPresent(chromedp.CSS(`[data-testid="why-popover"]`)),
	)
	if !pageEval[bool](t, b, `document.activeElement === document.querySelector('[data-testid="rec-rail"] [data-testid="why-button"]')`) {
		t.Error("Escape did not give the focus back to the why? button")
	}

	// The rail's next button scrolls it; previous is disabled at the start.
	if !pageEval[bool](t, b, `document.querySelector('[data-testid="rail-prev"]').disabled`) {
		t.Error("the rail's previous button is enabled at the start")
	}
	b.run(t, "next", chromedp.Click(chromedp.CSS(`[data-testid="rail-next"]`)))
	waitFor(t, "the rail to scroll", 5*time.Second, func() bool {
		return pageEval[float64](t, b, `document.querySelector('[data-testid="rec-rail-list"]').scrollLeft`) > 0
	})
	waitFor(t, "the previous button to be enabled", 5*time.Second, func() bool {
		return pageEval[bool](t, b, `!document.querySelector('[data-testid="rail-prev"]').disabled`)
	})

	// Buy now takes the product out of the cart.
	var liked struct {
		Results []struct {
			ProductID uint64 `json:"product_id"`
		} `json:"results"`
	}
	getJSON(t, p.base+"/api/interactions/?user_id=1&type=like&page_size=100", &liked)
	ids := make([]string, 0, len(cards))
	for _, c := range cards {
		id := c[strings.LastIndex(c, "-")+1:]
		if !slices.ContainsFunc(liked.Results, func(r struct {
			ProductID uint64 `json:"product_id"`
		}) bool {
			return fmt.Sprint(r.ProductID) == id
		}) {
			ids = append(ids, id)
		}
	}
	if len(ids) < 2 {
		t.Fatalf("user 1 has liked nearly every recommended product: %v", cards)
	}
	bought, likedID := ids[0], ids[1]
	b.run(t, "put product "+bought+" in the cart and buy it now",
		chromedp.Navigate(p.base+"/products/"+bought),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="cart-button"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid="cart-button"]`)),
	)
	waitFor(t, "the cart to hold it", 10*time.Second, func() bool {
		return pageEval[string](t, b, `document.querySelector('[data-testid="cart-count"]').textContent`) == "1"
	})
	b.run(t, "buy now", chromedp.Click(chromedp.CSS(`[data-testid="buy-button"]`)))
	waitFor(t, "the purchase", 10*time.Second, func() bool { return posts.count("purchase") == 1 })
	waitFor(t, "the cart to let it go", 10*time.Second, func() bool {
		return pageEval[string](t, b, `document.querySelector('[data-testid="cart-count"]').textContent`) == "0"
	})
	if cart := pageEval[string](t, b, `localStorage.getItem("shelf.cart") || ""`); strings.Contains(cart, `"id":`+bought+`,`) {
		t.Errorf("the stored cart still holds product %s: %s", bought, cart)
	}

	// A like is remembered across a reload and is not posted twice.
	like := `[data-testid="like-button"]`
	b.run(t, "like product "+likedID,
		chromedp.Navigate(p.base+"/products/"+likedID),
		chromedp.WaitEnabled(chromedp.CSS(like)),
		chromedp.WaitVisible(chromedp.CSS(like+`[aria-pressed="false"]`)),
		chromedp.Click(chromedp.CSS(like)),
		chromedp.WaitVisible(chromedp.CSS(like+`[aria-pressed="true"]`)),
	)
	if n := posts.count("like"); n != 1 {
		t.Fatalf("one click on like posted %d likes", n)
	}
	views := posts.count("view")
	b.run(t, "reload",
		chromedp.Reload(),
		chromedp.WaitVisible(chromedp.CSS(like+`[aria-pressed="true"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="like-hint"]`)),
	)
	waitFor(t, "the reloaded page's view", 10*time.Second, func() bool { return posts.count("view") > views })
	carts := posts.count("cart")
	// Click like again, then add to cart: once the cart's POST is out, a
	// like posted by the click before it would have been seen.
	b.run(t, "click like again, then add to cart",
		chromedp.Click(chromedp.CSS(like)),
		chromedp.Click(chromedp.CSS(`[data-testid="cart-button"]`)),
	)
	waitFor(t, "the cart's POST", 10*time.Second, func() bool { return posts.count("cart") > carts })
	if n := posts.count("like"); n != 1 {
		t.Errorf("a second click on a liked product posted another like: %d in all", n)
	}
	if b.attr(t, like, "aria-pressed") != "true" {
		t.Error("the like button is no longer pressed after a second click")
	}
	b.noErrors(t)
}
