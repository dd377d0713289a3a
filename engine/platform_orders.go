package engine

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"

	"shelf/store"
	"shelf/store/dataio"
	"shelf/store/dataio/platform"
)

// importOrders stores an export's order lines as purchases. It checks
// everything first: each line's product, customer, values and time, and
// whether its event id was recorded before (such lines are skipped, and
// refunded when their order has been cancelled since). Then it writes in
// two imports: the new customers, then the purchases. A failure of the
// second (a disk fault: every rule was checked) would leave the new
// customers, without purchases; importing the file again finds them by
// e-mail and goes on. Refunds of lines recorded before come last, one by
// one; each is safe to repeat.
func (e *Engine) importOrders(f *platform.File) (PlatformResult, error) {
	var res PlatformResult
	var probs []dataio.LineError
	cs := e.newCustomers(true)
	var events []store.Interaction
	var lines []int
	var newOwner []int // per event, the index of its new customer, or -1
	var refunds []string
	now := e.cfg.Now()
	for i := range f.Orders {
		l := &f.Orders[i]
		if old, err := e.st.InteractionByEventID(l.EventID); err == nil {
			res.Skipped++
			if l.Cancelled && !old.Refunded && old.Type == store.Purchase {
				refunds = append(refunds, l.EventID)
			}
			continue
		} else if !errors.Is(err, store.ErrNotFound) {
			return res, err
		}
		it, owner, field, msg, err := e.orderEvent(f.Platform, l, cs)
		if err != nil {
			return res, err
		}
		if msg == "" {
			// A new customer has no id yet: check the rest with a stand-in.
			probe := it
			if owner >= 0 {
				probe.UserID = 1
			}
			if err := probe.ValidateAt(now); err != nil {
				field, msg = validationProblem(err)
			}
		}
		if msg != "" {
			probs = append(probs, dataio.LineError{Line: l.Line, Field: f.Platform.Column(field), Message: msg})
			continue
		}
		events, lines, newOwner = append(events, it), append(lines, l.Line), append(newOwner, owner)
	}
	if len(probs) > 0 {
		return res, lineErrors(nil, nil, probs)
	}
	if err := e.importCustomers(cs, &res); err != nil {
		return res, err
	}
	for i, owner := range newOwner {
		if owner >= 0 {
			events[i].UserID = cs.fresh[owner].ID
		}
	}
	created := res.Users
	r, err := e.Import(&store.ImportBatch{Interactions: events}, store.ImportOptions{})
	if err != nil {
		return res, lineErrors(err, lines, nil)
	}
	res.ImportResult, res.Users = r, created
	for _, id := range refunds {
		if _, err := e.RefundEvent(id); err != nil && !errors.Is(err, store.ErrConflict) {
			return res, err
		}
		res.Refunded++
	}
	return res, nil
}

// importCustomers stores the customers an import of orders creates.
func (e *Engine) importCustomers(cs *customers, res *PlatformResult) error {
	if len(cs.fresh) == 0 {
		return nil
	}
	r, err := e.Import(&store.ImportBatch{Users: cs.fresh}, store.ImportOptions{})
	if err != nil {
		return err
	}
	res.Users = r.Users
	return nil
}

// orderEvent is the purchase of an order line: its product, its value and
// time, and its customer (a user found by e-mail, a new one planned, whose
// index in cs.fresh it returns, else -1; or the order's guest session when
// it has no e-mail). A problem with the line is a field and a message.
func (e *Engine) orderEvent(p platform.Platform, l *platform.OrderLine, cs *customers) (store.Interaction, int, string, string, error) {
	value := l.Value
	it := store.Interaction{Type: store.Purchase, Timestamp: l.Time, Value: &value, EventID: l.EventID, Refunded: l.Cancelled}
	id, field, msg := e.matchLine(l)
	if msg != "" {
		return it, -1, field, msg, nil
	}
	it.ProductID = id
	if strings.TrimSpace(l.Email) == "" {
		it.SessionID = platform.GuestSession(p, l.Order)
		return it, -1, "", "", nil
	}
	u, fresh, msg, err := cs.find(l.Email)
	if err != nil || msg != "" {
		return it, -1, "email", msg, err
	}
	it.UserID = u
	return it, fresh, "", "", nil
}

// validationProblem is the first field of a validation error and its
// message.
func validationProblem(err error) (string, string) {
	var ve *store.ValidationError
	if errors.As(err, &ve) {
		for _, f := range []string{"timestamp", "value", "event_id", "session_id"} {
			if m, ok := ve.Fields[f]; ok {
				return f, m
			}
		}
	}
	return "", err.Error()
}

// customers finds the users of orders by e-mail (ignoring case), and
// plans users for the e-mails it does not know, with a username derived
// from the e-mail (see usernames).
type customers struct {
	e *Engine
	// all, when set, reads every user once into byEmail (an import);
	// otherwise each e-mail is looked up on its own (a webhook).
	all     bool
	byEmail map[string]uint64
	planned map[string]int // e-mail to index in fresh
	fresh   []store.User
	claimed map[string]bool // usernames of fresh, folded
}

func (e *Engine) newCustomers(all bool) *customers {
	return &customers{e: e, all: all, planned: map[string]int{}, claimed: map[string]bool{}}
}

// find returns the id of the user with this e-mail, or plans a new user
// and returns its index in fresh (and id 0). A problem with the e-mail is
// a message.
func (cs *customers) find(email string) (uint64, int, string, error) {
	email = strings.TrimSpace(email)
	if a, err := mail.ParseAddress(email); err != nil || a.Address != email || len(email) > store.MaxEmailLen {
		return 0, -1, fmt.Sprintf("must be a valid e-mail address such as ana@example.com (got %q)", email), nil
	}
	key := strings.ToLower(email)
	if i, ok := cs.planned[key]; ok {
		return 0, i, "", nil
	}
	id, ok, err := cs.known(key)
	if err != nil || ok {
		return id, -1, "", err
	}
	for _, name := range usernames(key) {
		if cs.claimed[strings.ToLower(name)] {
			continue
		}
		if _, err := cs.e.st.UserByUsername(name); errors.Is(err, store.ErrNotFound) {
			cs.claimed[strings.ToLower(name)] = true
			cs.planned[key] = len(cs.fresh)
			cs.fresh = append(cs.fresh, store.User{Username: name, Email: email})
			return 0, len(cs.fresh) - 1, "", nil
		} else if err != nil {
			return 0, -1, "", err
		}
	}
	return 0, -1, fmt.Sprintf("every username shelf derives from %q is taken by another user", email), nil
}

// known finds a stored user by e-mail (folded): the lowest id when several
// share it. Without the index of all users, the usernames derived from
// the e-mail are tried first, which finds every customer that orders
// created, then every user is read.
func (cs *customers) known(key string) (uint64, bool, error) {
	if cs.all {
		if cs.byEmail == nil {
			cs.byEmail = map[string]uint64{}
			err := cs.e.st.ForEachUser(func(u store.User) error {
				if k := strings.ToLower(u.Email); k != "" && cs.byEmail[k] == 0 {
					cs.byEmail[k] = u.ID
				}
				return nil
			})
			if err != nil {
				return 0, false, err
			}
		}
		id, ok := cs.byEmail[key]
		return id, ok, nil
	}
	for _, name := range usernames(key) {
		u, err := cs.e.st.UserByUsername(name)
		if err == nil && strings.EqualFold(u.Email, key) {
			return u.ID, true, nil
		} else if err != nil && !errors.Is(err, store.ErrNotFound) {
			return 0, false, err
		}
	}
	var found uint64
	err := cs.e.st.ForEachUser(func(u store.User) error {
		if found == 0 && strings.EqualFold(u.Email, key) {
			found = u.ID
		}
		return nil
	})
	return found, found != 0, err
}

// usernames are the usernames a customer created from an order gets, in
// order of preference: the e-mail itself in lower case, then with a
// short hash of it when another user has that name, then
// "customer-<hash>" (also for an e-mail that is no valid username: too
// long, or with a slash or a space).
func usernames(email string) []string {
	sum := sha256.Sum256([]byte(email))
	var out []string
	if utf8.RuneCountInString(email) <= store.MaxUsernameLen-9 &&
		strings.IndexFunc(email, func(r rune) bool { return r == '/' || unicode.IsSpace(r) || unicode.IsControl(r) }) < 0 {
		out = append(out, email, email+"-"+hex.EncodeToString(sum[:4]))
	}
	return append(out, "customer-"+hex.EncodeToString(sum[:8]))
}
