package eval

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"shelf/model"
)

// event is one loaded interaction that counts as a positive.
type event struct {
	user, item uint64
	typ        model.EventType
	rating     float32 // negative when absent
	time       int64
}

// loadMovieLens reads u.data lines (user, item, rating, unix seconds,
// separated by tabs or spaces) and keeps rows with rating >= minRating.
func loadMovieLens(r io.Reader, minRating float64) ([]event, error) {
	var out []event
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		if len(f) != 4 {
			return nil, fmt.Errorf("line %d: want 4 fields, got %d", line, len(f))
		}
		u, err1 := strconv.ParseUint(f[0], 10, 64)
		i, err2 := strconv.ParseUint(f[1], 10, 64)
		rating, err3 := strconv.ParseFloat(f[2], 64)
		ts, err4 := strconv.ParseInt(f[3], 10, 64)
		if err := errors.Join(err1, err2, err3, err4); err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		if math.IsNaN(rating) || math.IsInf(rating, 0) {
			return nil, fmt.Errorf("line %d: rating must be a finite number", line)
		}
		if rating < minRating {
			continue
		}
		// A rating is a deliberate act: count it as a "like" carrying its rating.
		out = append(out, event{u, i, model.Like, float32(rating), ts})
	}
	return out, sc.Err()
}

// eventTypes maps the CSV names of interaction types.
var eventTypes = map[string]model.EventType{
	"view": model.View, "like": model.Like, "cart": model.Cart, "purchase": model.Purchase,
}

// loadEvents reads the CSV import format: a header naming the columns
// user_id, product_id, interaction_type and timestamp (RFC 3339), with
// rating optional, in any order. The columns shelf's own export adds (id,
// session_id) are accepted and ignored, so an export evaluates as it is;
// guest rows (no user_id) are skipped, as the protocol is per user.
func loadEvents(r io.Reader) ([]event, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("reading header: %w", err)
	}
	if len(head) > 0 {
		head[0] = strings.TrimPrefix(head[0], "\ufeff") // spreadsheet exports often start with a BOM
	}
	col := map[string]int{}
	for k, h := range head {
		h = strings.TrimSpace(h)
		switch h {
		case "user_id", "product_id", "interaction_type", "timestamp", "rating", "id", "session_id":
		default:
			return nil, fmt.Errorf("header column %d: unknown column %q (want user_id,product_id,interaction_type,timestamp[,rating])", k+1, h)
		}
		if _, dup := col[h]; dup {
			return nil, fmt.Errorf("header: column %q appears twice", h)
		}
		col[h] = k
	}
	for _, need := range []string{"user_id", "product_id", "interaction_type", "timestamp"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("header: want user_id,product_id,interaction_type,timestamp[,rating]; %q is missing", need)
		}
	}
	order := []int{col["user_id"], col["product_id"], col["interaction_type"], col["timestamp"], -1}
	if k, ok := col["rating"]; ok {
		order[4] = k
	}
	var out []event
	rec := make([]string, 5)
	for line := 2; ; line++ {
		raw, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		if len(raw) != len(head) {
			return nil, fmt.Errorf("line %d: want %d fields, got %d", line, len(head), len(raw))
		}
		if raw[order[0]] == "" {
			continue // a guest's event
		}
		for i, k := range order {
			rec[i] = ""
			if k >= 0 {
				rec[i] = raw[k]
			}
		}
		e, err := parseEvent(rec)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		out = append(out, e)
	}
}

// parseEvent parses one CSV record whose header was checked.
func parseEvent(rec []string) (event, error) {
	e := event{rating: -1}
	var err error
	if e.user, err = strconv.ParseUint(rec[0], 10, 64); err != nil {
		return e, fmt.Errorf("user_id: %w", err)
	}
	if e.item, err = strconv.ParseUint(rec[1], 10, 64); err != nil {
		return e, fmt.Errorf("product_id: %w", err)
	}
	var ok bool
	if e.typ, ok = eventTypes[rec[2]]; !ok {
		return e, fmt.Errorf("interaction_type: must be one of view, like, cart, purchase (got %q)", rec[2])
	}
	ts, err := time.Parse(time.RFC3339, rec[3])
	if err != nil {
		return e, fmt.Errorf("timestamp: %w", err)
	}
	e.time = ts.Unix()
	if rec[4] != "" {
		r, err := strconv.ParseFloat(rec[4], 32)
		if err != nil || !(r >= 0 && r <= 5) { // written so that NaN fails too
			return e, fmt.Errorf("rating: must be a number from 0 to 5 (got %q)", rec[4])
		}
		e.rating = float32(r)
	}
	return e, nil
}
