package main

import (
	"context"
	"io/fs"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// slowLine is a slow mobile line: 1.6 Mbit/s down, 750 kbit/s up, 150 ms
// of latency, where the storefront's bytes, not its code, decide when a
// shopper first sees the shop.
var slowLine = network.Conditions{Latency: 150, DownloadThroughput: 1.6e6 / 8, UploadThroughput: 750e3 / 8}

// TestCompressedFirstPaintInBrowser: on a slow line, Chromium gets the
// storefront's script brotli-compressed, within its budget, and paints the
// shop sooner than a browser that takes no compression (Accept-Encoding:
// identity), which shelf sends the files as they are. Each browser starts
// with an empty cache.
func TestCompressedFirstPaintInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a browser")
	}
	chromiumPath(t)
	index, err := fs.ReadFile(uiFS(), "index.html")
	if err != nil {
		t.Fatal(err)
	}
	script := "/" + storefrontScript(t, index)
	p := MustRunMain(t, "-retrain", "0")

	type load struct {
		Paint    float64 `json:"paint"`    // first contentful paint, ms after navigation
		Transfer float64 `json:"transfer"` // the script's bytes on the wire, headers included
		Encoded  float64 `json:"encoded"`  // its body as sent
		Decoded  float64 `json:"decoded"`  // its body as run
	}
	measure := func(accept string) load {
		b := newBrowser(t, 1280, 900)
		setup := []chromedp.Action[chromedp.Void]{chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			if _, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
				MatchedNetworkConditions: []*network.Conditions{&slowLine},
			}); err != nil {
				return err
			}
			if accept == "" {
				return nil
			}
			_, err := chromedp.Call(ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{
				Headers: network.Headers{"Accept-Encoding": accept},
			})
			return err
		})}
		b.run(t, "throttle the line", setup...)
		b.run(t, "open the storefront", chromedp.Navigate(p.base+"/"))
		var got load
		waitFor(t, "the first paint", time.Minute, func() bool {
			v, err := chromedp.Run(b.ctx, chromedp.Evaluate[load](`(() => {
				const paint = performance.getEntriesByName("first-contentful-paint")[0];
				const js = performance.getEntriesByType("resource").find((e) => new URL(e.name).pathname === `+strconv.Quote(script)+`);
				return paint && js ? { paint: paint.startTime, transfer: js.transferSize, encoded: js.encodedBodySize, decoded: js.decodedBodySize } : { paint: 0 };
			})()`))
			got = v
			return err == nil && v.Paint > 0
		})
		b.noErrors(t)
		return got
	}

	plain := measure("identity")
	packed := measure("")
	t.Logf("at 1.6 Mbit/s and 150 ms: first paint %.0f ms with compression (%s: %.0f bytes sent for %.0f), %.0f ms without (%.0f bytes)",
		packed.Paint, script, packed.Encoded, packed.Decoded, plain.Paint, plain.Encoded)
	if plain.Encoded != plain.Decoded {
		t.Errorf("with Accept-Encoding: identity the script came compressed: %.0f bytes for %.0f", plain.Encoded, plain.Decoded)
	}
	if packed.Encoded == 0 || packed.Encoded > storefrontBudget || packed.Decoded != plain.Decoded {
		t.Errorf("Chromium got the script in %.0f bytes for %.0f; want at most %d for %.0f", packed.Encoded, packed.Decoded, storefrontBudget, plain.Decoded)
	}
	if packed.Paint >= plain.Paint {
		t.Errorf("first paint %.0f ms with compression, %.0f ms without; want sooner", packed.Paint, plain.Paint)
	}
}
