package engine

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"sync"

	"shelf/store"
	"shelf/store/dataio"
	"shelf/store/dataio/platform"
)

// What Shopify's webhooks change. Each webhook is one engine call, which
// writes through the engine's own methods (CreateProduct, UpdateProduct,
// RecordInteraction, RefundEvent), so the catalog, the lists and the
// analytics follow. Shopify delivers a webhook at least once and retries
// for two days when it is not answered with a 2xx, so every call here is
// safe to repeat, and a line it cannot take is reported, not refused.

// platformState serialises the webhooks' read-modify-writes: a product's
// inventory record, and the customer an order creates.
type platformState struct{ mu sync.Mutex }

// OrderOutcome says what recording an order did.
type OrderOutcome struct {
	// Recorded counts the purchases stored; Duplicates the line items
	// recorded before (by event id), which are left as they are.
	Recorded   int `json:"recorded"`
	Duplicates int `json:"duplicates"`
	// Refunded counts the purchases of a cancelled or refunded order
	// marked refunded.
	Refunded int `json:"refunded"`
	// Problems lists the line items not recorded (by position in the
	// order, from 1): no product matched, a time out of range.
	Problems []dataio.LineError `json:"problems,omitempty"`
}

// RecordOrder records an order's line items as purchases (see
// RecordInteraction: they count in analytics and are attributed to the
// customer's recommendation clicks), each under its event id, so that
// the same order twice records once. The customer is the user with the
// order's e-mail, created when there is none; an order without e-mail is
// a guest's. A cancelled or refunded order is recorded refunded, as it
// would be had its cancellation come later.
func (e *Engine) RecordOrder(p platform.Platform, lines []platform.OrderLine) (OrderOutcome, error) {
	e.platform.mu.Lock()
	defer e.platform.mu.Unlock()
	var out OrderOutcome
	cs := e.newCustomers(false)
	for i := range lines {
		l := &lines[i]
		it, owner, field, msg, err := e.orderEvent(p, l, cs)
		if err == nil && owner >= 0 {
			err = e.createCustomer(cs, owner)
			it.UserID = cs.fresh[owner].ID
		}
		if err != nil {
			return out, err
		}
		if msg != "" {
			out.Problems = append(out.Problems, dataio.LineError{Line: l.Line, Field: field, Message: msg})
			continue
		}
		it.Refunded = false // a cancelled order is refunded below, to count right
		_, err = e.RecordInteraction(&it)
		var dup *store.DuplicateEventError
		var ve *store.ValidationError
		switch {
		case errors.As(err, &dup):
			out.Duplicates++
		case errors.As(err, &ve):
			f, m := validationProblem(err)
			out.Problems = append(out.Problems, dataio.LineError{Line: l.Line, Field: f, Message: m})
			continue
		case err != nil:
			return out, err
		default:
			out.Recorded++
		}
		if l.Cancelled {
			if _, err := e.RefundEvent(l.EventID); err == nil {
				out.Refunded++
			} else if !errors.Is(err, store.ErrConflict) {
				return out, err
			}
		}
	}
	return out, nil
}

// createCustomer stores the planned customer cs.fresh[i] unless it has
// its id already. A username taken since it was planned (a user created
// through the API meanwhile) is found again.
func (e *Engine) createCustomer(cs *customers, i int) error {
	u := &cs.fresh[i]
	if u.ID != 0 {
		return nil
	}
	err := e.st.CreateUser(u)
	if errors.Is(err, store.ErrConflict) {
		if old, err2 := e.st.UserByUsername(u.Username); err2 == nil && old.Email == u.Email {
			u.ID = old.ID
			return nil
		}
	}
	return err
}

// CancelOutcome says what cancelling an order did.
type CancelOutcome struct {
	Refunded        int `json:"refunded"`
	AlreadyRefunded int `json:"already_refunded"`
	// Unknown counts line items shelf never recorded: the cancellation of
	// an order it does not know changes nothing.
	Unknown int `json:"unknown"`
}

// CancelOrder refunds the purchases of an order's line items (see
// RefundEvent). Repeating it, or cancelling an order shelf does not know,
// changes nothing.
func (e *Engine) CancelOrder(lines []platform.OrderLine) (CancelOutcome, error) {
	var out CancelOutcome
	for _, l := range lines {
		_, err := e.RefundEvent(l.EventID)
		switch {
		case err == nil:
			out.Refunded++
		case errors.Is(err, store.ErrNotFound):
			out.Unknown++
		case errors.Is(err, store.ErrConflict):
			out.AlreadyRefunded++
		default:
			return out, err
		}
	}
	return out, nil
}

// The inventory of Shopify products lives in two kinds of state records:
// per product, the quantity of each variant's inventory item (nil for an
// untracked one), and per inventory item, the product it belongs to. A
// product's attributes could not hold them: at most 20 of 200
// characters, and a product may have 100 variants.
const (
	inventoryPrefix = "shopify/inventory/"      // + shelf's product id
	inventoryItem   = "shopify/inventory-item/" // + Shopify's inventory item id
)

// PutShopifyProduct creates or updates the product of a products/create
// or products/update webhook, found by its Shopify id, else its handle,
// and remembers which product each variant's inventory item belongs to.
// It reports whether the product was new.
func (e *Engine) PutShopifyProduct(pp platform.Product) (store.Product, bool, error) {
	e.platform.mu.Lock()
	defer e.platform.mu.Unlock()
	old, found := e.productByKey([2]string{platform.AttrShopifyID, pp.ShopifyID}, [2]string{platform.AttrShopifyHandle, pp.Key})
	p := pp.Product
	var err error
	if found {
		p, err = e.UpdateProduct(old.ID, func(cur *store.Product) error {
			*cur = mergeProduct(*cur, pp.Product)
			return nil
		})
	} else {
		err = e.CreateProduct(&p)
	}
	if err != nil {
		return p, false, err
	}
	return p, !found, e.putInventory(p.ID, pp.Inventory)
}

// putInventory stores a product's inventory items, forgetting those it
// no longer has.
func (e *Engine) putInventory(product uint64, items map[string]*int64) error {
	records := map[string][]byte{}
	if old, err := e.inventory(product); err != nil {
		return err
	} else {
		for item := range old {
			records[inventoryItem+item] = nil
		}
	}
	id := strconv.FormatUint(product, 10)
	for item := range items {
		records[inventoryItem+item] = []byte(id)
	}
	buf, err := json.Marshal(items)
	if err != nil {
		return err
	}
	records[inventoryPrefix+id] = buf
	return e.st.PutState(records)
}

// inventory reads a product's inventory items; none when it has no record.
func (e *Engine) inventory(product uint64) (map[string]*int64, error) {
	buf, err := e.st.State(inventoryPrefix + strconv.FormatUint(product, 10))
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var items map[string]*int64
	if err := json.Unmarshal(buf, &items); err != nil {
		return nil, fmt.Errorf("inventory record of product %d: %w", product, err)
	}
	return items, nil
}

// InventoryOutcome says what an inventory level did.
type InventoryOutcome struct {
	// Known is false for an inventory item no product webhook named (or
	// whose product was deleted since): nothing changed.
	Known     bool   `json:"known"`
	ProductID uint64 `json:"product_id,omitempty"`
	// Stock is the product's stock now: the sum of its variants'; nil
	// when one of them is not tracked.
	Stock *int64 `json:"stock"`
}

// SetShopifyInventory applies an inventory_levels/update webhook: the
// variant's quantity becomes available (nil: untracked), and its
// product's stock the sum of its variants'. shelf assumes one location:
// the level of an item at a second location replaces the first's.
func (e *Engine) SetShopifyInventory(item string, available *int64) (InventoryOutcome, error) {
	e.platform.mu.Lock()
	defer e.platform.mu.Unlock()
	buf, err := e.st.State(inventoryItem + item)
	if errors.Is(err, store.ErrNotFound) {
		return InventoryOutcome{}, nil
	}
	if err != nil {
		return InventoryOutcome{}, err
	}
	id, err := strconv.ParseUint(string(buf), 10, 64)
	if err != nil {
		return InventoryOutcome{}, fmt.Errorf("inventory item %s: %w", item, err)
	}
	items, err := e.inventory(id)
	if err != nil {
		return InventoryOutcome{}, err
	}
	if items == nil {
		items = map[string]*int64{}
	}
	items[item] = available
	stock := sumStock(items)
	_, err = e.UpdateProduct(id, func(p *store.Product) error {
		p.Stock = stock
		return nil
	})
	if errors.Is(err, store.ErrNotFound) {
		return InventoryOutcome{}, nil
	}
	if err != nil {
		return InventoryOutcome{}, err
	}
	return InventoryOutcome{Known: true, ProductID: id, Stock: stock}, e.putInventory(id, items)
}

// sumStock adds up the quantities of a product's variants; nil when one
// is untracked (the product can always be bought) or there are none.
func sumStock(items map[string]*int64) *int64 {
	if len(items) == 0 {
		return nil
	}
	var n int64
	for _, q := range items {
		if q == nil {
			return nil
		}
		n += *q
	}
	return &n
}
