package main

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestAttributionInBrowser: in Chromium, a click in the storefront's rail
// sends the list's recommendation id, so shelf counts it; a purchase of
// the clicked product is the list's, and the dashboard's overview says
// what recommendations drove, in the shop's currency; an experiment made
// and started on the Experiments page serves its variants, and its page
// reads the result as shelf says it.
func TestAttributionInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a browser")
	}
	chromiumPath(t)
	p := demoWithAdmin(t)
	send := func(method, path, body string, want int) string {
		t.Helper()
		req, _ := http.NewRequest(method, p.base+path, strings.NewReader(body))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b strings.Builder
		_, _ = io.Copy(&b, resp.Body)
		if resp.StatusCode != want {
			t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, b.String())
		}
		return b.String()
	}
	send("PUT", "/api/shop/", `{"currency":"EUR"}`, 200)
	send("PUT", "/api/placements/home/", `{"strategy":"personal","count":8}`, 201)

	b := newBrowser(t, 1280, 900)
	b.run(t, "open the storefront as user 1",
		chromedp.Navigate(p.base+"/"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="rec-rail"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid="user-picker"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="user-option-1"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid="user-option-1"]`)),
	)
	var cards []string
	waitFor(t, "user 1's rail", 15*time.Second, func() bool {
		cards = b.testIDs(t, `[data-testid="rec-rail"]`, "rec-card-")
		return len(cards) >= 4
	})
	first := cards[0]
	product := first[strings.LastIndex(first, "-")+1:]
	b.run(t, "click "+first,
		chromedp.Click(chromedp.CSS(`[data-testid="rec-rail"] [data-testid="`+first+`"] a`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="like-button"]`)),
	)
	var a struct {
		Total struct {
			Clicks    int     `json:"clicks"`
			Purchases int     `json:"purchases"`
			Revenue   float64 `json:"revenue"`
		} `json:"total"`
	}
	waitFor(t, "shelf to count the rail's click", 10*time.Second, func() bool {
		getJSON(t, p.base+"/api/analytics/", &a)
		return a.Total.Clicks == 1
	})
	if got := send("POST", "/api/interaction/", `{"user_id":1,"product_id":`+product+`,"interaction_type":"purchase","value":"20.00"}`, 201); !strings.Contains(got, `"recommendation":"attributed"`) {
		t.Fatalf("the purchase of the clicked product: %s", got)
	}

	b.run(t, "open the overview", logIn(p.base+"/admin/login?next=%2Fadmin")...)
	waitFor(t, "the overview's headline", 15*time.Second, func() bool {
		text, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.querySelector('[data-testid="recs-headline-text"]')?.textContent || ""`))
		return err == nil && strings.Contains(text, "Recommendations drove €20.00")
	})

	b.run(t, "make an experiment",
		chromedp.Navigate(p.base+"/admin/experiments"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="experiment-new"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid="experiment-new"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="experiment-form"]`)),
		typeInto(`[data-testid="experiment-name"]`, "blend vs best-sellers"),
	)
	waitFor(t, "the placement to choose", 10*time.Second, func() bool {
		ok, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`(() => {
			let s = document.querySelector('[data-testid="experiment-placement"]');
			if (s && s.tagName !== "SELECT") s = s.querySelector("select");
			if (!s || ![...s.options].some(o => o.value === "home")) return false;
			Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, "value").set.call(s, "home");
			s.dispatchEvent(new Event("change", {bubbles: true}));
			return true;
		})()`))
		return err == nil && ok
	})
	b.run(t, "save and start it",
		chromedp.Click(chromedp.CSS(`[data-testid="experiment-save"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="experiment-start"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid="experiment-start"]`)),
	)
	// Starting may ask first.
	_, _ = chromedp.Run(b.ctx, chromedp.Evaluate[bool](`(() => { const c = document.querySelector('[data-testid="confirm-button"]'); if (c) c.click(); return !!c; })()`))
	var list struct {
		Experiments []struct {
			ID     uint64 `json:"id"`
			Status string `json:"status"`
		} `json:"experiments"`
	}
	waitFor(t, "the experiment to run", 10*time.Second, func() bool {
		getJSON(t, p.base+"/api/experiments/", &list)
		return len(list.Experiments) == 1 && list.Experiments[0].Status == "running"
	})
	id := strconv.FormatUint(list.Experiments[0].ID, 10)
	// Two guests see the placement; each answer names its variant.
	for i := range 2 {
		got := send("GET", "/api/recommendations/session/s-browser-"+strconv.Itoa(i)+"/?placement=home", "", 200)
		if !strings.Contains(got, `"experiment":`+id) || !strings.Contains(got, `"variant":`) {
			t.Fatalf("a list of the experiment's placement: %s", got)
		}
	}
	var x struct {
		Results struct {
			Summary string `json:"summary"`
		} `json:"results"`
	}
	getJSON(t, p.base+"/api/experiments/"+id+"/", &x)
	b.run(t, "read the result", chromedp.Navigate(p.base+"/admin/experiments/"+id), chromedp.WaitVisible(chromedp.CSS(`[data-testid="experiment-summary"]`)))
	waitFor(t, "the page to say shelf's summary", 10*time.Second, func() bool {
		text, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.querySelector('[data-testid="experiment-summary"]')?.textContent || ""`))
		return err == nil && strings.Contains(text, x.Results.Summary)
	})
	b.screenshot(t, "admin-experiment.png")
	b.noErrors(t)
}
