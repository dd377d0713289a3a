package api_test

import (
	"encoding/json"
	"strings"
	"testing"

	"shelf/api/auth"
)

// TestExperimentScenarios: an experiment is checked, started, serves each
// shopper one stable variant that its answers name, reports per variant,
// ships and goes.
func TestExperimentScenarios(t *testing.T) {
	srv, st := newServerWith(t, auth.Config{})
	c := client{t, srv}
	secret, _, public := shopKeys(t, st)
	sk := map[string]string{"Authorization": "Bearer " + secret}
	pk := map[string]string{"Authorization": "Bearer " + public}
	c.expect("a placement", 201, "", "PUT", "/api/placements/home", `{"strategy":"personal"}`, sk)
	c.expect("another placement", 201, "", "PUT", "/api/placements/similar", `{"strategy":"similar"}`, sk)
	const variants = `"variants":[{"name":"control","share":0.5},{"name":"trending","share":0.5,"strategy":"trending"}]`
	for name, c2 := range map[string]struct{ body, field string }{
		"shares off":           {`{"name":"x","placement":"home","variants":[{"name":"a","share":0.5},{"name":"b","share":0.6,"strategy":"trending"}]}`, `"variants":"the shares sum to 1.1`},
		"unknown placement":    {`{"name":"x","placement":"nowhere",` + variants + `}`, `"placement"`},
		"no control":           {`{"name":"x","placement":"home","variants":[{"name":"a","share":0.5,"strategy":"trending"},{"name":"b","share":0.5,"strategy":"trending"}]}`, `one variant must be the control`},
		"one variant":          {`{"name":"x","placement":"home","variants":[{"name":"a","share":1}]}`, `"variants"`},
		"same names":           {`{"name":"x","placement":"home","variants":[{"name":"a","share":0.5},{"name":"a","share":0.5}]}`, `"variants[1].name"`},
		"bad strategy":         {`{"name":"x","placement":"home","variants":[{"name":"a","share":0.5},{"name":"b","share":0.5,"strategy":"magic"}]}`, `"variants[1].strategy"`},
		"negative share":       {`{"name":"x","placement":"home","variants":[{"name":"a","share":1.5},{"name":"b","share":-0.5}]}`, `"variants[1].share"`},
		"no name":              {`{"placement":"home",` + variants + `}`, `"name"`},
		"unknown component":    {`{"name":"x","placement":"home","variants":[{"name":"a","share":0.5},{"name":"b","share":0.5,"settings":{"weights":{"magic":1}}}]}`, `"variants[1].settings.weights.magic"`},
		"no positive weight":   {`{"name":"x","placement":"home","variants":[{"name":"a","share":0.5},{"name":"b","share":0.5,"settings":{"weights":{"knn":0}}}]}`, `"variants[1].settings.weights"`},
		"weighing trending":    {`{"name":"x","placement":"home","variants":[{"name":"a","share":0.5},{"name":"b","share":0.5,"strategy":"trending","settings":{"weights":{"knn":1}}}]}`, `a trending list has no blend`},
		"weights off personal": {`{"name":"x","placement":"similar","variants":[{"name":"a","share":0.5},{"name":"b","share":0.5,"settings":{"weights":{"knn":1}}}]}`, `apply to a personal placement`},
		"not json":             {`{"name":`, ``},
	} {
		c.expect(name, 400, c2.field, "POST", "/api/experiments/", c2.body, sk)
	}
	c.expect("publishable keys may not", 403, "", "POST", "/api/experiments/", `{"name":"x","placement":"home",`+variants+`}`, pk)
	_, body := c.expect("create", 201, `"status":"draft"`, "POST", "/api/experiments/", `{"name":"blend vs trending","placement":"home",`+variants+`}`, sk)
	var x struct{ ID uint64 }
	json.Unmarshal([]byte(body), &x)
	path := "/api/experiments/" + itoa(x.ID)
	c.expect("a draft serves nothing", 200, `"summary":"No list of this experiment has been served yet."`, "GET", path, "", sk)
	if _, b := c.expect("no variant yet", 200, "", "GET", "/api/recommendations/1/?placement=home", "", sk); strings.Contains(b, `"variant"`) {
		t.Errorf("a draft's variant served: %s", b)
	}
	c.expect("bad action", 400, `"action"`, "PATCH", path, `{"action":"explode"}`, sk)
	c.expect("ship a draft", 409, "start it first", "PATCH", path, `{"action":"ship","variant":"control"}`, sk)
	c.expect("start", 200, `"status":"running"`, "PATCH", path, `{"action":"start"}`, sk)
	c.expect("its placement stays", 409, "stop it first", "DELETE", "/api/placements/home", "", sk)
	_, b2 := c.expect("a second one", 201, "", "POST", "/api/experiments/", `{"name":"again","placement":"home",`+variants+`}`, sk)
	var y struct{ ID uint64 }
	json.Unmarshal([]byte(b2), &y)
	c.expect("two on one placement", 409, "stop it first", "PATCH", "/api/experiments/"+itoa(y.ID), `{"action":"start"}`, sk)

	// Each shopper gets one variant, every time, and the answer says it.
	seen := map[string]bool{}
	for _, user := range []string{"1", "2"} {
		var first string
		for range 3 {
			_, b := c.expect("a list", 200, `"experiment":`+itoa(x.ID), "GET", "/api/recommendations/"+user+"/?placement=home", "", sk)
			var out struct{ Variant string }
			json.Unmarshal([]byte(b), &out)
			if first == "" {
				first = out.Variant
			} else if out.Variant != first {
				t.Errorf("user %s got %s, then %s", user, first, out.Variant)
			}
		}
		seen[first] = true
	}
	for i := range 40 {
		_, b := c.expect("a guest's list", 200, `"variant":`, "GET", "/api/recommendations/session/s-guest-"+itoa(uint64(i))+"?placement=home", "", sk)
		var out struct{ Variant string }
		json.Unmarshal([]byte(b), &out)
		seen[out.Variant] = true
	}
	if !seen["control"] || !seen["trending"] {
		t.Errorf("42 shoppers saw only %v", seen)
	}
	_, res := c.expect("results", 200, `"shoppers":`, "GET", path, "", sk)
	var r struct {
		Results struct {
			Variants []struct {
				Name        string
				Impressions int
				Shoppers    int
				VsControl   *struct {
					CTR struct {
						PValue float64 `json:"p_value"`
					} `json:"ctr"`
				} `json:"vs_control"`
			}
			Winner  *string
			Summary string
		}
	}
	if err := json.Unmarshal([]byte(res), &r); err != nil {
		t.Fatal(err)
	}
	imp, shoppers := 0, 0
	for _, v := range r.Results.Variants {
		imp += v.Impressions
		shoppers += v.Shoppers
	}
	if imp != 46 || shoppers != 42 || r.Results.Variants[0].VsControl != nil || r.Results.Variants[1].VsControl == nil {
		t.Errorf("results: %d impressions, %d shoppers: %s", imp, shoppers, res)
	}
	if r.Results.Winner != nil || !strings.Contains(r.Results.Summary, "No difference") && !strings.Contains(r.Results.Summary, "Not significant") {
		t.Errorf("a winner without clicks: %s", res)
	}
	c.expect("ship an unknown variant", 400, `"variant"`, "PATCH", path, `{"action":"ship","variant":"nope"}`, sk)
	c.expect("ship", 200, `"shipped_variant":"trending"`, "PATCH", path, `{"action":"ship","variant":"trending"}`, sk)
	for _, user := range []string{"1", "2"} {
		c.expect("shipped to everyone", 200, `"variant":"trending"`, "GET", "/api/recommendations/"+user+"/?placement=home", "", sk)
	}
	c.expect("stop", 200, `"status":"stopped"`, "PATCH", path, `{"action":"stop"}`, sk)
	c.expect("list", 200, `"experiments":[{"id":`+itoa(y.ID), "GET", "/api/experiments/", "", sk)
	c.expect("analytics by variant", 200, `"variant":"`+itoa(x.ID)+`:trending"`, "GET", "/api/analytics/?variant="+itoa(x.ID)+":trending", "", sk)
	c.expect("analytics of an unknown variant", 400, `"variant"`, "GET", "/api/analytics/?variant="+itoa(x.ID)+":nope", "", sk)
	// A variant with other blend weights serves every shopper of a
	// placement whose control gets no one.
	_, b3 := c.expect("weights", 201, "", "POST", "/api/experiments/", `{"name":"knn alone","placement":"home","variants":[{"name":"control","share":0},{"name":"knn","share":1,"settings":{"weights":{"knn":1}}}]}`, sk)
	var z struct{ ID uint64 }
	json.Unmarshal([]byte(b3), &z)
	c.expect("start it", 200, `"status":"running"`, "PATCH", "/api/experiments/"+itoa(z.ID), `{"action":"start"}`, sk)
	for _, user := range []string{"1", "2"} {
		_, b := c.expect("a weighted list", 200, `"variant":"knn"`, "GET", "/api/recommendations/"+user+"/?placement=home", "", sk)
		var out struct {
			Recommendations []struct{ ProductID uint64 } `json:"recommendations"`
		}
		json.Unmarshal([]byte(b), &out)
		if len(out.Recommendations) == 0 {
			t.Errorf("user %s got an empty weighted list: %s", user, b)
		}
	}
	c.expect("stop it", 200, `"status":"stopped"`, "PATCH", "/api/experiments/"+itoa(z.ID), `{"action":"stop"}`, sk)
	c.expect("delete", 204, "", "DELETE", path, "", sk)
	c.expect("gone", 404, "", "GET", path, "", sk)
	c.expect("delete again", 404, "", "DELETE", path, "", sk)
	c.expect("a bad id", 400, "", "GET", "/api/experiments/x", "", sk)
}
