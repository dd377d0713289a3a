package api

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/julienschmidt/httprouter"

	"shelf/api/httperr"
	"shelf/store/dataio/platform"
)

// Shopify's webhooks: orders/create, orders/cancelled, products/create and
// products/update, inventory_levels/update, each subscribed to its own
// route. They are public at the auth layer: Shopify signs each body with
// the app's secret (X-Shopify-Hmac-Sha256: base64 of HMAC-SHA256 of the
// raw body), and the signature is the credential. Without a configured
// secret the routes are 404s. Data the engine cannot take (an order line
// naming no product) is answered 200 and listed, since Shopify retries a
// failed delivery for two days and then drops the subscription; a body
// that is no such webhook is a 400, a bad signature a 401.

// shopifyHMACHeader carries a Shopify webhook's signature.
const shopifyHMACHeader = "X-Shopify-Hmac-Sha256"

// maxWebhookBody bounds a webhook's body; orders and products are far
// smaller.
const maxWebhookBody = 1 << 20

// shopifyWebhook verifies a webhook and answers with what handle makes of
// its body.
func (s *Server) shopifyWebhook(handle func(body []byte) (any, error)) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, _ httprouter.Params) error {
		secret := s.cfg.ShopifyWebhookSecret
		if secret == "" {
			return httperr.New(httperr.NotFound, "Shopify webhooks are not configured: start shelf serve with -shopify-webhook-secret (or SHELF_SHOPIFY_WEBHOOK_SECRET)")
		}
		body, err := readBody(w, r, maxWebhookBody)
		if err != nil {
			return err
		}
		if err := verifyShopify(secret, r.Header.Get(shopifyHMACHeader), body); err != nil {
			return err
		}
		if !json.Valid(body) {
			return httperr.New(httperr.Invalid, "malformed JSON: a Shopify webhook's body is a JSON object")
		}
		out, err := handle(body)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, out)
		return nil
	}
}

// verifyShopify checks a body's signature in constant time.
func verifyShopify(secret, signature string, body []byte) error {
	if signature == "" {
		return httperr.New(httperr.Unauthorized, "missing %s header: Shopify webhooks are signed with the app's secret", shopifyHMACHeader)
	}
	got, err := base64.StdEncoding.DecodeString(strings.TrimSpace(signature))
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	if err != nil || !hmac.Equal(got, mac.Sum(nil)) {
		return httperr.New(httperr.Unauthorized, "invalid %s signature: it must be the base64 HMAC-SHA256 of the body with the webhook secret shelf was started with", shopifyHMACHeader)
	}
	return nil
}

// shopifyOrder records an orders/create webhook's line items as purchases.
func (s *Server) shopifyOrder(body []byte) (any, error) {
	lines, err := platform.DecodeShopifyOrder(body)
	if err != nil {
		return nil, err
	}
	out, err := s.eng.RecordOrder(platform.Shopify, lines)
	if err == nil && len(out.Problems) > 0 {
		s.log.Warn("Shopify order lines not recorded", "order", lines[0].Order, "problems", len(out.Problems), "first", out.Problems[0].Error())
	}
	return out, err
}

// shopifyOrderCancelled refunds the purchases of an orders/cancelled
// webhook's order.
func (s *Server) shopifyOrderCancelled(body []byte) (any, error) {
	lines, err := platform.DecodeShopifyOrder(body)
	if err != nil {
		return nil, err
	}
	return s.eng.CancelOrder(lines)
}

// shopifyProduct creates or updates the product of a products/create or
// products/update webhook.
func (s *Server) shopifyProduct(body []byte) (any, error) {
	pp, err := platform.DecodeShopifyProduct(body)
	if err != nil {
		return nil, err
	}
	p, created, err := s.eng.PutShopifyProduct(pp)
	if err != nil {
		return nil, err
	}
	return map[string]any{"product": p, "created": created}, nil
}

// shopifyInventory applies an inventory_levels/update webhook.
func (s *Server) shopifyInventory(body []byte) (any, error) {
	item, available, err := platform.DecodeShopifyInventoryLevel(body)
	if err != nil {
		return nil, err
	}
	return s.eng.SetShopifyInventory(item, available)
}
