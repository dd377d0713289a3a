package api

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/julienschmidt/httprouter"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"shelf/api/auth"
	"shelf/api/middleware"
	"shelf/engine"
	"shelf/store"
)

// These tests hold openapi.json to the router and the handlers: every route
// of the table is documented and every documented operation is routed, the
// document is OpenAPI 3.1 and its examples fit its schemas, and what the
// real router answers to a call of every operation fits the schema
// documented for its status. They are in package api to read the routing
// table itself.

// openapiURL names the document for the schema compiler; nothing is fetched.
const openapiURL = "mem://shelf/openapi.json"

var openapiNow = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

// newOpenAPIServer runs the real router, with metrics, over a fresh bbolt
// file holding a small shop and a trained model.
func newOpenAPIServer(t *testing.T, acfg auth.Config) (*httptest.Server, *Server, *store.Store) {
	t.Helper()
	clock := func() time.Time { return openapiNow }
	st, err := store.Open(filepath.Join(t.TempDir(), "shelf.db"), store.Options{Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	five, stock, inactive := 5.0, int64(12), false
	at := func(h int) time.Time { return openapiNow.Add(-time.Duration(h) * time.Hour) }
	_, err = st.Import(&store.ImportBatch{
		Products: []store.Product{
			{ID: 1, Name: "Wireless Headphones", Description: "Over-ear, noise cancelling.", Category: "Electronics", Price: 5999, CreatedAt: at(72),
				ImageURL: "https://shop.example/images/headphones.jpg", URL: "https://shop.example/p/headphones", Brand: "Sonara",
				Tags: []string{"sale"}, SKUs: []string{"SON-WH1-BLK"}, Stock: &stock, Attributes: map[string]string{"colour": "black"}},
			{ID: 2, Name: "Running Shoes", Description: "Light trail running shoes.", Category: "Sports", Price: 8990, CreatedAt: at(48)},
			{ID: 3, Name: "Green Tea", Description: "Organic sencha, 100 g.", Category: "Grocery", Price: 450, CreatedAt: at(24)},
			{ID: 4, Name: "Garden Hose", Description: "25 m, kink-free.", Category: "Garden", Price: 2500, CreatedAt: at(12)},
			{ID: 5, Name: "Noise Cancelling Earbuds", Description: "In-ear, with a charging case.", Category: "Electronics", Price: 12990, CreatedAt: at(1), Active: &inactive},
		},
		Users: []store.User{
			{ID: 1, Username: "ana", Email: "ana@example.com", JoinedAt: at(100)},
			{ID: 2, Username: "bob", Email: "bob@example.com", JoinedAt: at(100)},
		},
		Interactions: []store.Interaction{
			{UserID: 1, ProductID: 1, Type: store.View, Timestamp: at(5)},
			{UserID: 1, ProductID: 1, Type: store.Like, Timestamp: at(4)},
			{UserID: 1, ProductID: 3, Type: store.Purchase, Rating: &five, Timestamp: at(3)},
			{UserID: 2, ProductID: 1, Type: store.Purchase, Timestamp: at(5)},
			{UserID: 2, ProductID: 5, Type: store.View, Timestamp: at(2)},
			{UserID: 2, ProductID: 2, Type: store.Cart, Timestamp: at(1)},
		},
	}, store.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ecfg := engine.DefaultConfig()
	ecfg.Now = clock
	// Candidate retrieval on from the first product, so that the model
	// status documents and checks it: over five products the candidates
	// are every product, and the lists those of exact scoring.
	ecfg.Model.Retrieval.MinItems = 1
	eng, err := engine.New(context.Background(), st, ecfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := eng.Train(context.Background()); err != nil {
		t.Fatal(err)
	}
	acfg.Now = clock
	au, err := auth.New(st, acfg)
	if err != nil {
		t.Fatal(err)
	}
	s := New(Config{MaxImportBytes: 64 << 10, ListCacheBytes: 1 << 20, Metrics: middleware.NewMetrics(),
		ShopifyWebhookSecret: openapiWebhookSecret}, st, eng, au, nil, nil)
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(func() {
		srv.Close()
		s.Close()
		eng.Close()
		if err := st.Check(); err != nil {
			t.Errorf("consistency check: %v", err)
		}
		st.Close()
	})
	return srv, s, st
}

// openapiWebhookSecret signs the Shopify webhooks TestOpenAPIAnswersMatch
// sends.
const openapiWebhookSecret = "shpss_openapi"

// openapiSpec is the parsed document, with numbers as json.Number (the
// schema compiler's form).
type openapiSpec struct {
	root map[string]any
}

func loadOpenAPI(t *testing.T) openapiSpec {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(openapiDoc))
	if err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	return openapiSpec{root: v.(map[string]any)}
}

var openapiMethods = []string{"get", "put", "post", "delete", "patch", "head", "options", "trace"}

// operation is one documented method of a path.
type operation struct {
	method, path string // "GET", "/api/products/{id}"
	ptr          string // its JSON pointer
	op           map[string]any
	item         map[string]any // its path item
}

func (d openapiSpec) operations() []operation {
	var out []operation
	paths, _ := d.root["paths"].(map[string]any)
	for _, p := range slices.Sorted(maps.Keys(paths)) {
		item := paths[p].(map[string]any)
		for _, m := range openapiMethods {
			if o, ok := item[m].(map[string]any); ok {
				out = append(out, operation{method: strings.ToUpper(m), path: p, op: o, item: item,
					ptr: "/paths/" + pointerToken(p) + "/" + m})
			}
		}
	}
	return out
}

func pointerToken(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// resolve follows a local $ref ("#/components/...") to what it names.
func (d openapiSpec) resolve(v any) (any, error) {
	for range 10 {
		m, ok := v.(map[string]any)
		if !ok {
			return v, nil
		}
		ref, ok := m["$ref"].(string)
		if !ok {
			return v, nil
		}
		if !strings.HasPrefix(ref, "#/") {
			return nil, fmt.Errorf("$ref %q is not within the document", ref)
		}
		var err error
		if v, err = d.at(ref[1:]); err != nil {
			return nil, fmt.Errorf("$ref %q does not resolve: %w", ref, err)
		}
	}
	return nil, fmt.Errorf("$ref chain too long")
}

// at returns the value at a JSON pointer of the document.
func (d openapiSpec) at(ptr string) (any, error) {
	var v any = d.root
	for _, tok := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		switch c := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = c[tok]; !ok {
				return nil, fmt.Errorf("%s: no %q", ptr, tok)
			}
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(c) {
				return nil, fmt.Errorf("%s: no index %q", ptr, tok)
			}
			v = c[i]
		default:
			return nil, fmt.Errorf("%s: %q is inside a scalar", ptr, tok)
		}
	}
	return v, nil
}

// parameters returns an operation's parameters, path item's and its own,
// resolved.
func (d openapiSpec) parameters(o operation) ([]map[string]any, error) {
	var out []map[string]any
	for _, src := range []map[string]any{o.item, o.op} {
		list, _ := src["parameters"].([]any)
		for _, p := range list {
			r, err := d.resolve(p)
			if err != nil {
				return nil, err
			}
			out = append(out, r.(map[string]any))
		}
	}
	return out, nil
}

// compiler compiles the document's schemas, with formats asserted (a
// date-time must be one); their $refs resolve within the document.
func (d openapiSpec) compiler(t *testing.T) *jsonschema.Compiler {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	if err := c.AddResource(openapiURL, d.root); err != nil {
		t.Fatal(err)
	}
	return c
}

// compileAt compiles the schema at a JSON pointer of the document.
func compileAt(c *jsonschema.Compiler, ptr string) (*jsonschema.Schema, error) {
	return c.Compile(openapiURL + "#" + (&url.URL{Fragment: ptr}).EscapedFragment())
}

// templatePath writes an httprouter path with OpenAPI's {param}.
func templatePath(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		if strings.HasPrefix(s, ":") || strings.HasPrefix(s, "*") {
			parts[i] = "{" + s[1:] + "}"
		}
	}
	return strings.Join(parts, "/")
}

// routedAs maps the table's paths that the document writes otherwise. The
// router cannot hold /api/recommendations/session/:session_id beside
// /api/recommendations/:user_id, so the table routes any two segments to
// sessionRecommendations, which answers only "session" as the first; the
// document says what callers call.
var routedAs = map[string]string{
	"/api/recommendations/{user_id}/{session_id}": "/api/recommendations/session/{session_id}",
}

// TestOpenAPIRoutes checks that the document and the routing table name the
// same operations, that each documented path reaches a handler of the real
// router (with and without its trailing slash), and that each operation's
// security says what its route's level lets in.
func TestOpenAPIRoutes(t *testing.T) {
	_, s, _ := newOpenAPIServer(t, auth.Config{})
	doc := loadOpenAPI(t)

	table := map[string]auth.Level{}
	for _, rt := range s.routes() {
		p := templatePath(rt.path)
		if alias, ok := routedAs[p]; ok {
			p = alias
		}
		table[rt.method+" "+p] = rt.level
	}
	// Handler registers these itself, outside the table, and without the
	// trailing slash the table's routes also take.
	plain := []string{"GET /healthz", "GET /readyz"}
	for _, k := range plain {
		table[k] = auth.Public
	}

	documented := map[string]operation{}
	for _, o := range doc.operations() {
		documented[o.method+" "+o.path] = o
	}
	for _, k := range slices.Sorted(maps.Keys(table)) {
		if _, ok := documented[k]; !ok {
			t.Errorf("%s is routed but not documented in openapi.json", k)
		}
	}
	router := s.Handler().(*httprouter.Router)
	for _, k := range slices.Sorted(maps.Keys(documented)) {
		o := documented[k]
		level, ok := table[k]
		if !ok {
			t.Errorf("%s is documented but not in the routing table", k)
			continue
		}
		concrete, err := doc.examplePath(o)
		if err != nil {
			t.Errorf("%s: %v", k, err)
			continue
		}
		paths := []string{concrete, concrete + "/"}
		if slices.Contains(plain, k) {
			paths = paths[:1]
		}
		for _, p := range paths {
			if h, _, _ := router.Lookup(o.method, p); h == nil {
				t.Errorf("%s: the router does not route %s %s", k, o.method, p)
			}
		}
		checkSecurity(t, k, o, level)
	}
}

// examplePath fills a documented path with its parameters' examples.
func (d openapiSpec) examplePath(o operation) (string, error) {
	ps, err := d.parameters(o)
	if err != nil {
		return "", err
	}
	out := o.path
	for _, p := range ps {
		if p["in"] != "path" {
			continue
		}
		ex, ok := p["example"]
		if !ok {
			return "", fmt.Errorf("path parameter %v has no example", p["name"])
		}
		out = strings.ReplaceAll(out, "{"+p["name"].(string)+"}", fmt.Sprint(ex))
	}
	if strings.Contains(out, "{") {
		return "", fmt.Errorf("path %s keeps a parameter no path parameter names", out)
	}
	return out, nil
}

// checkSecurity holds an operation's security to its route's level: public
// routes take nothing; shop routes a publishable key or the storefront's
// cookie (with the shopper's token when they name one), a secret key or
// an admin session; private ones a secret key or an admin session; admin
// ones an admin session. Admin writes need the CSRF token.
func checkSecurity(t *testing.T, k string, o operation, level auth.Level) {
	t.Helper()
	reqs, ok := o.op["security"].([]any)
	if !ok {
		t.Errorf("%s: no security requirements", k)
		return
	}
	allowed := map[auth.Level][]string{
		auth.Shop:      {"publishableKey", "storefrontCookie", "shopperToken", "secretKey", "adminSession", "csrfToken"},
		auth.Private:   {"secretKey", "adminSession", "csrfToken"},
		auth.AdminOnly: {"adminSession", "csrfToken"},
	}[level]
	write := o.method != http.MethodGet
	var alternatives []string
	for _, r := range reqs {
		names := slices.Sorted(maps.Keys(r.(map[string]any)))
		for _, n := range names {
			if !slices.Contains(allowed, n) {
				t.Errorf("%s: security names %s, which its route's level does not take", k, n)
			}
		}
		if slices.Contains(names, "adminSession") && write != slices.Contains(names, "csrfToken") {
			t.Errorf("%s: an admin session's requirement %v must name csrfToken exactly on writes", k, names)
		}
		alternatives = append(alternatives, strings.Join(names, "+"))
	}
	var want []string
	switch level {
	case auth.Public:
	case auth.Shop:
		want = []string{"secretKey", "adminSession"}
		if !slices.ContainsFunc(alternatives, func(a string) bool { return strings.Contains(a, "publishableKey") }) {
			t.Errorf("%s: a shop route must take a publishable key: %v", k, alternatives)
		}
	case auth.Private:
		want = []string{"secretKey", "adminSession"}
	case auth.AdminOnly:
		want = []string{"adminSession"}
	}
	for i, w := range want {
		if w == "adminSession" && write {
			want[i] = "adminSession+csrfToken"
		}
	}
	for _, w := range want {
		if !slices.Contains(alternatives, w) {
			t.Errorf("%s: security %v lacks %s", k, alternatives, w)
		}
	}
	if level == auth.Public && len(alternatives) > 0 {
		t.Errorf("%s: a public route's security must be [], not %v", k, alternatives)
	}
	if level != auth.Private && level != auth.Shop && level != auth.Public && len(alternatives) != len(want) {
		t.Errorf("%s: security %v, want %v", k, alternatives, want)
	}
	if level == auth.Private && len(alternatives) != 2 {
		t.Errorf("%s: security %v, want %v", k, alternatives, want)
	}
	if level != auth.Public {
		responses, _ := o.op["responses"].(map[string]any)
		for _, code := range []string{"401", "403"} {
			if _, ok := responses[code]; !ok {
				t.Errorf("%s: no %s response", k, code)
			}
		}
	}
}

// openapiMetaSchema checks the document's structure: the objects of
// OpenAPI 3.1 with the fields the specification gives them, and no others
// (besides x- extensions). Schema Objects are left to the JSON Schema
// compiler, which checks them against draft 2020-12's meta-schema.
const openapiMetaSchema = `{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "required": ["openapi", "info"],
  "anyOf": [{"required": ["paths"]}, {"required": ["components"]}, {"required": ["webhooks"]}],
  "properties": {
    "openapi": {"type": "string", "pattern": "^3\\.1\\.[0-9]+$"},
    "info": {"$ref": "#/$defs/info"},
    "jsonSchemaDialect": {"type": "string"},
    "servers": {"type": "array", "items": {"$ref": "#/$defs/server"}},
    "paths": {"type": "object", "propertyNames": {"pattern": "^/"}, "additionalProperties": {"$ref": "#/$defs/pathItem"}},
    "webhooks": {"type": "object", "additionalProperties": {"$ref": "#/$defs/pathItem"}},
    "components": {"$ref": "#/$defs/components"},
    "security": {"$ref": "#/$defs/security"},
    "tags": {"type": "array", "items": {"$ref": "#/$defs/tag"}},
    "externalDocs": {"$ref": "#/$defs/externalDocs"}
  },
  "patternProperties": {"^x-": true}, "unevaluatedProperties": false,
  "$defs": {
    "map": {"type": "object", "propertyNames": {"pattern": "^[a-zA-Z0-9._-]+$"}},
    "info": {
      "type": "object", "required": ["title", "version"], "patternProperties": {"^x-": true}, "unevaluatedProperties": false,
      "properties": {
        "title": {"type": "string"}, "summary": {"type": "string"}, "description": {"type": "string"},
        "termsOfService": {"type": "string"}, "version": {"type": "string"},
        "contact": {"type": "object", "patternProperties": {"^x-": true}, "unevaluatedProperties": false,
          "properties": {"name": {"type": "string"}, "url": {"type": "string"}, "email": {"type": "string"}}},
        "license": {"type": "object", "required": ["name"], "patternProperties": {"^x-": true}, "unevaluatedProperties": false,
          "properties": {"name": {"type": "string"}, "identifier": {"type": "string"}, "url": {"type": "string"}}}
      }
    },
    "server": {
      "type": "object", "required": ["url"], "patternProperties": {"^x-": true}, "unevaluatedProperties": false,
      "properties": {
        "url": {"type": "string"}, "description": {"type": "string"},
        "variables": {"type": "object", "additionalProperties": {"type": "object", "required": ["default"],
          "patternProperties": {"^x-": true}, "unevaluatedProperties": false, "properties": {"enum": {"type": "array", "items": {"type": "string"}, "minItems": 1},
          "default": {"type": "string"}, "description": {"type": "string"}}}}
      }
    },
    "externalDocs": {"type": "object", "required": ["url"], "patternProperties": {"^x-": true}, "unevaluatedProperties": false,
      "properties": {"description": {"type": "string"}, "url": {"type": "string"}}},
    "tag": {"type": "object", "required": ["name"], "patternProperties": {"^x-": true}, "unevaluatedProperties": false,
      "properties": {"name": {"type": "string"}, "description": {"type": "string"}, "externalDocs": {"$ref": "#/$defs/externalDocs"}}},
    "reference": {"type": "object", "required": ["$ref"], "unevaluatedProperties": false,
      "properties": {"$ref": {"type": "string"}, "summary": {"type": "string"}, "description": {"type": "string"}}},
    "pathItem": {
      "type": "object", "patternProperties": {"^x-": true}, "unevaluatedProperties": false,
      "properties": {
        "$ref": {"type": "string"}, "summary": {"type": "string"}, "description": {"type": "string"},
        "get": {"$ref": "#/$defs/operation"}, "put": {"$ref": "#/$defs/operation"}, "post": {"$ref": "#/$defs/operation"},
        "delete": {"$ref": "#/$defs/operation"}, "options": {"$ref": "#/$defs/operation"}, "head": {"$ref": "#/$defs/operation"},
        "patch": {"$ref": "#/$defs/operation"}, "trace": {"$ref": "#/$defs/operation"},
        "servers": {"type": "array", "items": {"$ref": "#/$defs/server"}},
        "parameters": {"$ref": "#/$defs/parameters"}
      }
    },
    "operation": {
      "type": "object", "required": ["responses"], "patternProperties": {"^x-": true}, "unevaluatedProperties": false,
      "properties": {
        "tags": {"type": "array", "items": {"type": "string"}}, "summary": {"type": "string"},
        "description": {"type": "string"}, "externalDocs": {"$ref": "#/$defs/externalDocs"},
        "operationId": {"type": "string"}, "parameters": {"$ref": "#/$defs/parameters"},
        "requestBody": {"$ref": "#/$defs/requestBodyOrReference"}, "responses": {"$ref": "#/$defs/responses"},
        "callbacks": {"type": "object"}, "deprecated": {"type": "boolean"}, "security": {"$ref": "#/$defs/security"},
        "servers": {"type": "array", "items": {"$ref": "#/$defs/server"}}
      }
    },
    "security": {"type": "array", "items": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}}},
    "parameters": {"type": "array", "items": {"$ref": "#/$defs/parameterOrReference"}},
    "parameterOrReference": {"if": {"type": "object", "required": ["$ref"]}, "then": {"$ref": "#/$defs/reference"}, "else": {"$ref": "#/$defs/parameter"}},
    "parameter": {
      "type": "object", "required": ["name", "in"], "patternProperties": {"^x-": true}, "unevaluatedProperties": false,
      "oneOf": [{"required": ["schema"]}, {"required": ["content"]}],
      "properties": {
        "name": {"type": "string"}, "in": {"enum": ["query", "header", "path", "cookie"]},
        "description": {"type": "string"}, "required": {"type": "boolean"}, "deprecated": {"type": "boolean"},
        "allowEmptyValue": {"type": "boolean"}, "style": {"type": "string"}, "explode": {"type": "boolean"},
        "allowReserved": {"type": "boolean"}, "schema": true, "example": true,
        "examples": {"type": "object", "additionalProperties": {"$ref": "#/$defs/exampleOrReference"}},
        "content": {"$ref": "#/$defs/content", "minProperties": 1, "maxProperties": 1}
      },
      "if": {"properties": {"in": {"const": "path"}}}, "then": {"required": ["required"], "properties": {"required": {"const": true}}}
    },
    "requestBodyOrReference": {"if": {"type": "object", "required": ["$ref"]}, "then": {"$ref": "#/$defs/reference"}, "else": {"$ref": "#/$defs/requestBody"}},
    "requestBody": {"type": "object", "required": ["content"], "patternProperties": {"^x-": true}, "unevaluatedProperties": false,
      "properties": {"description": {"type": "string"}, "content": {"$ref": "#/$defs/content"}, "required": {"type": "boolean"}}},
    "content": {"type": "object", "propertyNames": {"pattern": "^[a-z*]+/[a-z0-9.+*-]+$"}, "additionalProperties": {"$ref": "#/$defs/mediaType"}},
    "mediaType": {"type": "object", "patternProperties": {"^x-": true}, "unevaluatedProperties": false,
      "properties": {"schema": true, "example": true, "encoding": {"type": "object"},
        "examples": {"type": "object", "additionalProperties": {"$ref": "#/$defs/exampleOrReference"}}}},
    "exampleOrReference": {"if": {"type": "object", "required": ["$ref"]}, "then": {"$ref": "#/$defs/reference"}, "else": {"$ref": "#/$defs/example"}},
    "example": {"type": "object", "patternProperties": {"^x-": true}, "unevaluatedProperties": false,
      "properties": {"summary": {"type": "string"}, "description": {"type": "string"}, "value": true, "externalValue": {"type": "string"}}},
    "responses": {"type": "object", "minProperties": 1, "propertyNames": {"pattern": "^([1-5](XX|[0-9]{2})|default|x-.*)$"},
      "additionalProperties": {"$ref": "#/$defs/responseOrReference"}},
    "responseOrReference": {"if": {"type": "object", "required": ["$ref"]}, "then": {"$ref": "#/$defs/reference"}, "else": {"$ref": "#/$defs/response"}},
    "response": {"type": "object", "required": ["description"], "patternProperties": {"^x-": true}, "unevaluatedProperties": false,
      "properties": {"description": {"type": "string"}, "content": {"$ref": "#/$defs/content"},
        "headers": {"type": "object", "additionalProperties": {"$ref": "#/$defs/headerOrReference"}}, "links": {"type": "object"}}},
    "headerOrReference": {"if": {"type": "object", "required": ["$ref"]}, "then": {"$ref": "#/$defs/reference"}, "else": {"$ref": "#/$defs/header"}},
    "header": {"type": "object", "patternProperties": {"^x-": true}, "unevaluatedProperties": false, "oneOf": [{"required": ["schema"]}, {"required": ["content"]}],
      "properties": {"description": {"type": "string"}, "required": {"type": "boolean"}, "deprecated": {"type": "boolean"},
        "style": {"const": "simple"}, "explode": {"type": "boolean"}, "schema": true, "example": true,
        "examples": {"type": "object"}, "content": {"$ref": "#/$defs/content"}}},
    "components": {
      "type": "object", "patternProperties": {"^x-": true}, "unevaluatedProperties": false,
      "properties": {
        "schemas": {"$ref": "#/$defs/map"},
        "responses": {"$ref": "#/$defs/map", "additionalProperties": {"$ref": "#/$defs/responseOrReference"}},
        "parameters": {"$ref": "#/$defs/map", "additionalProperties": {"$ref": "#/$defs/parameterOrReference"}},
        "examples": {"$ref": "#/$defs/map", "additionalProperties": {"$ref": "#/$defs/exampleOrReference"}},
        "requestBodies": {"$ref": "#/$defs/map", "additionalProperties": {"$ref": "#/$defs/requestBodyOrReference"}},
        "headers": {"$ref": "#/$defs/map", "additionalProperties": {"$ref": "#/$defs/headerOrReference"}},
        "securitySchemes": {"$ref": "#/$defs/map", "additionalProperties": {"$ref": "#/$defs/securityScheme"}},
        "links": {"$ref": "#/$defs/map"}, "callbacks": {"$ref": "#/$defs/map"},
        "pathItems": {"$ref": "#/$defs/map", "additionalProperties": {"$ref": "#/$defs/pathItem"}}
      }
    },
    "securityScheme": {
      "type": "object", "required": ["type"], "patternProperties": {"^x-": true}, "unevaluatedProperties": false,
      "properties": {
        "type": {"enum": ["apiKey", "http", "mutualTLS", "oauth2", "openIdConnect"]}, "description": {"type": "string"},
        "name": {"type": "string"}, "in": {"enum": ["query", "header", "cookie"]}, "scheme": {"type": "string"},
        "bearerFormat": {"type": "string"}, "flows": {"type": "object"}, "openIdConnectUrl": {"type": "string"}
      },
      "allOf": [
        {"if": {"properties": {"type": {"const": "apiKey"}}}, "then": {"required": ["name", "in"]}},
        {"if": {"properties": {"type": {"const": "http"}}}, "then": {"required": ["scheme"]}},
        {"if": {"properties": {"type": {"const": "oauth2"}}}, "then": {"required": ["flows"]}},
        {"if": {"properties": {"type": {"const": "openIdConnect"}}}, "then": {"required": ["openIdConnectUrl"]}}
      ]
    }
  }
}`

// TestOpenAPIDocumentIsValid checks the document's structure against the
// objects of OpenAPI 3.1, what a schema cannot say (path templates and
// their parameters, unique operation ids, references, security schemes
// and tags that exist), that every schema is a valid draft 2020-12 schema,
// that every JSON body has an example, and that every example fits its
// schema.
func TestOpenAPIDocumentIsValid(t *testing.T) {
	doc := loadOpenAPI(t)
	meta, err := jsonschema.UnmarshalJSON(strings.NewReader(openapiMetaSchema))
	if err != nil {
		t.Fatal(err)
	}
	mc := jsonschema.NewCompiler()
	if err := mc.AddResource("mem://shelf/openapi-3.1.json", meta); err != nil {
		t.Fatal(err)
	}
	sch, err := mc.Compile("mem://shelf/openapi-3.1.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(doc.root); err != nil {
		t.Errorf("openapi.json is not an OpenAPI 3.1 document: %v", err)
	}

	// Every $ref resolves.
	walkJSON(doc.root, "", func(ptr string, v map[string]any) {
		if ref, ok := v["$ref"].(string); ok {
			if _, err := doc.resolve(v); err != nil {
				t.Errorf("%s: %v", ptr, err)
			} else if !strings.HasPrefix(ref, "#/components/") {
				t.Errorf("%s: $ref %q is not a component", ptr, ref)
			}
		}
	})

	components := doc.root["components"].(map[string]any)
	schemes := components["securitySchemes"].(map[string]any)
	var tags []string
	for _, tg := range doc.root["tags"].([]any) {
		tags = append(tags, tg.(map[string]any)["name"].(string))
	}
	ids := map[string]string{}
	param := regexp.MustCompile(`\{([^}]+)\}`)
	for _, o := range doc.operations() {
		k := o.method + " " + o.path
		id, _ := o.op["operationId"].(string)
		if id == "" {
			t.Errorf("%s: no operationId", k)
		} else if other, ok := ids[id]; ok {
			t.Errorf("%s: operationId %s is %s's too", k, id, other)
		}
		ids[id] = k
		for _, tg := range o.op["tags"].([]any) {
			if !slices.Contains(tags, tg.(string)) {
				t.Errorf("%s: tag %v is not declared", k, tg)
			}
		}
		if len(o.op["tags"].([]any)) != 1 {
			t.Errorf("%s: want one tag, its resource", k)
		}
		for _, r := range o.op["security"].([]any) {
			for name := range r.(map[string]any) {
				if _, ok := schemes[name]; !ok {
					t.Errorf("%s: security scheme %s is not declared", k, name)
				}
			}
		}
		ps, err := doc.parameters(o)
		if err != nil {
			t.Errorf("%s: %v", k, err)
			continue
		}
		var inPath []string
		seen := map[string]bool{}
		for _, p := range ps {
			key := p["in"].(string) + " " + p["name"].(string)
			if seen[key] {
				t.Errorf("%s: parameter %s twice", k, key)
			}
			seen[key] = true
			if p["in"] == "path" {
				inPath = append(inPath, p["name"].(string))
			}
		}
		var inTemplate []string
		for _, m := range param.FindAllStringSubmatch(o.path, -1) {
			inTemplate = append(inTemplate, m[1])
		}
		slices.Sort(inPath)
		slices.Sort(inTemplate)
		if !slices.Equal(inPath, inTemplate) {
			t.Errorf("%s: path parameters %v, the template has %v", k, inPath, inTemplate)
		}
		if rb, ok := o.op["requestBody"].(map[string]any); ok {
			checkMediaExamples(t, k+" request", rb)
		}
		for code, r := range o.op["responses"].(map[string]any) {
			r, _ := doc.resolve(r)
			if strings.HasPrefix(code, "2") {
				checkMediaExamples(t, k+" "+code, r.(map[string]any))
			}
		}
	}

	// Every schema compiles (against draft 2020-12's meta-schema), and
	// every example fits the schema beside it: media types, parameters,
	// headers.
	c := doc.compiler(t)
	for _, name := range slices.Sorted(maps.Keys(components["schemas"].(map[string]any))) {
		if _, err := compileAt(c, "/components/schemas/"+pointerToken(name)); err != nil {
			t.Errorf("schema %s: %v", name, err)
		}
	}
	examples := 0
	walkJSON(doc.root, "", func(ptr string, v map[string]any) {
		ex, hasEx := v["example"]
		if _, hasSchema := v["schema"]; !hasEx || !hasSchema || strings.Contains(ptr, "/schema/") {
			return
		}
		sch, err := compileAt(c, ptr+"/schema")
		if err != nil {
			t.Errorf("%s/schema: %v", ptr, err)
			return
		}
		examples++
		if err := sch.Validate(ex); err != nil {
			t.Errorf("%s: the example does not fit its schema: %v", ptr, err)
		}
	})
	if examples < 100 {
		t.Errorf("only %d examples were checked", examples)
	}
}

// checkMediaExamples requires an example of every JSON body.
func checkMediaExamples(t *testing.T, what string, holder map[string]any) {
	t.Helper()
	content, _ := holder["content"].(map[string]any)
	for mt, m := range content {
		m := m.(map[string]any)
		_, ex := m["example"]
		_, exs := m["examples"]
		if mt == "application/json" && !ex && !exs && what != "GET /api/openapi.json 200" {
			t.Errorf("%s: the JSON body has no example", what)
		}
	}
}

// walkJSON calls fn with every object of v and its JSON pointer.
func walkJSON(v any, ptr string, fn func(string, map[string]any)) {
	switch c := v.(type) {
	case map[string]any:
		fn(ptr, c)
		for k, x := range c {
			walkJSON(x, ptr+"/"+pointerToken(k), fn)
		}
	case []any:
		for i, x := range c {
			walkJSON(x, ptr+"/"+strconv.Itoa(i), fn)
		}
	}
}

// answerChecker validates real answers against the document.
type answerChecker struct {
	t   *testing.T
	srv *httptest.Server
	doc openapiSpec
	c   *jsonschema.Compiler
	// called counts the documented operations called.
	called map[string]int
}

// exchange is one call and what it must answer.
type exchange struct {
	method, path string
	body         string
	header       map[string]string
	status       int
}

// do sends a call, checks that its status and content type are documented
// for the operation, validates a JSON answer against the documented schema
// and returns the answer.
func (a *answerChecker) do(x exchange) (http.Header, []byte) {
	a.t.Helper()
	var body io.Reader
	if x.body != "" {
		body = strings.NewReader(x.body)
	}
	req, err := http.NewRequest(x.method, a.srv.URL+x.path, body)
	if err != nil {
		a.t.Fatal(err)
	}
	for k, v := range x.header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	what := x.method + " " + x.path
	if resp.StatusCode != x.status {
		a.t.Errorf("%s = %d %s; want %d", what, resp.StatusCode, got, x.status)
		return resp.Header, got
	}
	o, ok := a.operationOf(x.method, x.path)
	if !ok {
		a.t.Errorf("%s: no documented operation matches", what)
		return resp.Header, got
	}
	a.called[o.method+" "+o.path]++
	status := strconv.Itoa(resp.StatusCode)
	r, ok := o.op["responses"].(map[string]any)[status]
	if !ok {
		a.t.Errorf("%s answered %d, which %s %s does not document", what, resp.StatusCode, o.method, o.path)
		return resp.Header, got
	}
	ptr := o.ptr + "/responses/" + status
	if ref, ok := r.(map[string]any)["$ref"].(string); ok {
		ptr = strings.TrimPrefix(ref, "#")
	}
	r, _ = a.doc.resolve(r)
	content, _ := r.(map[string]any)["content"].(map[string]any)
	if len(content) == 0 {
		if len(got) > 0 {
			a.t.Errorf("%s answered a body, %s documents none: %s", what, status, got)
		}
		return resp.Header, got
	}
	mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if _, ok := content[mt]; !ok {
		a.t.Errorf("%s answered %s, %s documents %v", what, mt, status, slices.Sorted(maps.Keys(content)))
		return resp.Header, got
	}
	if mt != "application/json" {
		return resp.Header, got
	}
	sch, err := compileAt(a.c, ptr+"/content/application~1json/schema")
	if err != nil {
		a.t.Fatalf("%s: %v", what, err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(got))
	if err != nil {
		a.t.Errorf("%s: the answer is not JSON: %v", what, err)
		return resp.Header, got
	}
	if err := sch.Validate(v); err != nil {
		a.t.Errorf("%s answered %d %s\nwhich does not fit the documented schema: %v", what, resp.StatusCode, got, err)
	}
	return resp.Header, got
}

// operationOf finds the documented operation of a concrete request: a
// literal path before one with parameters.
func (a *answerChecker) operationOf(method, rawPath string) (operation, bool) {
	p, _, _ := strings.Cut(rawPath, "?")
	if len(p) > 1 {
		p = strings.TrimSuffix(p, "/")
	}
	best, bestParams := operation{}, -1
	for _, o := range a.doc.operations() {
		if o.method != method {
			continue
		}
		want := strings.Split(o.path, "/")
		have := strings.Split(p, "/")
		if len(want) != len(have) {
			continue
		}
		params, match := 0, true
		for i := range want {
			if strings.HasPrefix(want[i], "{") {
				params++
			} else if want[i] != have[i] {
				match = false
			}
		}
		if match && (bestParams < 0 || params < bestParams) {
			best, bestParams = o, params
		}
	}
	return best, bestParams >= 0
}

// requestExample is the documented example of an operation's JSON body.
func (a *answerChecker) requestExample(method, path string) string {
	a.t.Helper()
	for _, o := range a.doc.operations() {
		if o.method == method && o.path == path {
			ex, err := a.doc.at(o.ptr + "/requestBody/content/application~1json/example")
			if err != nil {
				a.t.Fatal(err)
			}
			b, err := json.Marshal(ex)
			if err != nil {
				a.t.Fatal(err)
			}
			return string(b)
		}
	}
	a.t.Fatalf("%s %s is not documented", method, path)
	return ""
}

// TestOpenAPIAnswersMatch calls every documented operation of the real
// router, sending the documented request examples where a body is needed,
// and validates each answer against the schema documented for its status:
// the document cannot drift from what shelf answers.
func TestOpenAPIAnswersMatch(t *testing.T) {
	srv, s, st := newOpenAPIServer(t, auth.Config{Relaxed: true})
	doc := loadOpenAPI(t)
	a := &answerChecker{t: t, srv: srv, doc: doc, c: doc.compiler(t), called: map[string]int{}}
	ex := a.requestExample
	get := func(path string, status int) []byte {
		t.Helper()
		_, b := a.do(exchange{method: "GET", path: path, status: status})
		return b
	}
	send := func(method, path, body string, status int) []byte {
		t.Helper()
		_, b := a.do(exchange{method: method, path: path, body: body, status: status})
		return b
	}
	field := func(body []byte, name string) string {
		t.Helper()
		var m map[string]any
		if err := json.Unmarshal(body, &m); err != nil {
			t.Fatalf("%s in %s: %v", name, body, err)
		}
		return fmt.Sprint(m[name])
	}

	// The catalog.
	get("/api/products/?page_size=2&sort=price", 200)
	get("/api/products/1", 200)
	get("/api/products/999", 404)
	get("/api/products/?sort=cheapest", 400)
	send("POST", "/api/products/", ex("POST", "/api/products"), 201)
	send("PATCH", "/api/products/6", ex("PATCH", "/api/products/{id}"), 200)
	send("PUT", "/api/products/6/", ex("PUT", "/api/products/{id}"), 200)
	get("/api/categories", 200)

	// Lists, search and events.
	get("/api/popular/?count=2", 200)
	list := get("/api/recommendations/1/?count=2", 200)
	get("/api/recommendations/1/?count=2&page=2", 200)
	get("/api/recommendations/99/", 404)
	get("/api/products/1/similar/?count=2", 200)
	get("/api/products/1/bought-together/?count=2", 200)
	get("/api/search/?q=headphones&user_id=1", 200)
	session := field(send("POST", "/api/sessions", "", 201), "session_id")
	get("/api/recommendations/session/"+session+"/", 200)
	var rec struct {
		ID    string `json:"recommendation_id"`
		Items []struct {
			ProductID uint64 `json:"product_id"`
		} `json:"recommendations"`
	}
	if err := json.Unmarshal(list, &rec); err != nil || len(rec.Items) == 0 {
		t.Fatalf("recommendations: %s (%v)", list, err)
	}
	click := fmt.Sprintf(`{"user_id":1,"product_id":%d,"interaction_type":"view","recommendation_id":%q}`, rec.Items[0].ProductID, rec.ID)
	if got := field(send("POST", "/api/interaction/", click, 201), "recommendation"); got != "click" {
		t.Errorf("a click with the list's id answered recommendation %q", got)
	}
	send("POST", "/api/interaction/", ex("POST", "/api/interaction"), 201)
	send("POST", "/api/interaction/", ex("POST", "/api/interaction"), 200)
	a.do(exchange{method: "POST", path: "/api/interaction/", body: click, header: map[string]string{"User-Agent": "Googlebot/2.1"}, status: 202})
	send("POST", "/api/interaction/", `{"user_id":1,"product_id":2,"interaction_type":"buy"}`, 400)
	send("POST", "/api/refunds", ex("POST", "/api/refunds"), 200)
	send("POST", "/api/refunds", ex("POST", "/api/refunds"), 409)
	get("/api/interactions/?type=purchase&page_size=2", 200)
	send("POST", "/api/sessions/"+session+"/merge", ex("POST", "/api/sessions/{session_id}/merge"), 200)
	send("POST", "/api/shopper-tokens", ex("POST", "/api/shopper-tokens"), 201)
	a.do(exchange{method: "POST", path: "/api/interactions/import?create_missing=true", header: map[string]string{"Content-Type": "text/csv"},
		body: "user_id,product_id,interaction_type,timestamp\n1,4,view,2026-10-30T10:00:00Z\n", status: 201})
	a.do(exchange{method: "POST", path: "/api/import/products", header: map[string]string{"Content-Type": "text/csv"},
		body: "name,category,price\nLamp,,1\n", status: 400})
	a.do(exchange{method: "POST", path: "/api/import/users?format=ndjson", body: `{"username":"dana"}` + "\n", status: 201})
	get("/api/export/users", 200)
	get("/api/export/interactions?format=ndjson", 200)

	// Users.
	get("/api/users/?q=a", 200)
	user := field(send("POST", "/api/users/", ex("POST", "/api/users"), 201), "id")
	send("POST", "/api/users/", ex("POST", "/api/users"), 409)
	get("/api/users/1", 200)
	send("PATCH", "/api/users/1", ex("PATCH", "/api/users/{id}"), 200)
	get("/api/users/1/interactions/?page_size=2", 200)
	get("/api/users/1/profile", 200)
	send("DELETE", "/api/users/"+user, "", 204)

	// Placements and experiments.
	send("PUT", "/api/placements/home", ex("PUT", "/api/placements/{name}"), 201)
	send("PUT", "/api/placements/home/", ex("PUT", "/api/placements/{name}"), 200)
	send("PUT", "/api/placements/cart", `{"strategy":"bought-together","count":4}`, 201)
	get("/api/placements", 200)
	get("/api/placements/home", 200)
	get("/api/placements/nowhere", 404)
	x := field(send("POST", "/api/experiments", ex("POST", "/api/experiments"), 201), "id")
	send("PATCH", "/api/experiments/"+x, `{"action":"start"}`, 200)
	get("/api/recommendations/1/?placement=home", 200)
	get("/api/recommendations/2/?placement=home&exclude_shown=true", 200)
	get("/api/products/1/bought-together/?placement=cart", 200)
	get("/api/popular/?placement=home", 400)
	send("PUT", "/api/placements/deals", `{"strategy":"trending","filters":{"max_price":"50"},"rules":[{"type":"bury","factor":0.5,"when":{"category":"Grocery"}}]}`, 201)
	get("/api/popular/?placement=deals&count=3", 200)
	get("/api/experiments", 200)
	get("/api/experiments/"+x, 200)
	send("PATCH", "/api/experiments/"+x, ex("PATCH", "/api/experiments/{id}"), 200)
	get("/api/analytics?variant="+x+":trending", 200)
	send("DELETE", "/api/experiments/"+x, "", 204)
	send("DELETE", "/api/placements/cart", "", 204)
	send("DELETE", "/api/placements/cart", "", 404)

	// Shopify's webhooks, signed as Shopify signs them.
	shopify := func(path, body string, status int) {
		t.Helper()
		mac := hmac.New(sha256.New, []byte(openapiWebhookSecret))
		mac.Write([]byte(body))
		a.do(exchange{method: "POST", path: path, body: body, status: status,
			header: map[string]string{"X-Shopify-Hmac-Sha256": base64.StdEncoding.EncodeToString(mac.Sum(nil))}})
	}
	for _, hook := range []string{"products", "inventory", "orders", "orders-cancelled"} {
		path := "/api/webhooks/shopify/" + hook
		shopify(path, ex("POST", path), 200)
	}
	shopify("/api/webhooks/shopify/orders", `{"name": "#2"}`, 400)
	a.do(exchange{method: "POST", path: "/api/webhooks/shopify/orders", body: "{}", status: 401})

	// The model, the shop and operations.
	// A periodic retraining after the events above refreshes the model.
	if err := s.eng.Retrain(context.Background()); err != nil {
		t.Fatal(err)
	}
	if b := get("/api/model", 200); !bytes.Contains(b, []byte(`"retrieval":[{"component":`)) || !bytes.Contains(b, []byte(`"refreshed":{"from":`)) {
		t.Errorf("the model status holds no retrieval or no refresh, so their schemas went unchecked: %s", b)
	}
	send("PUT", "/api/model/settings", ex("PUT", "/api/model/settings"), 200)
	send("POST", "/api/model/restore", "", 200)
	send("POST", "/api/model/publish-held", "", 409)
	send("POST", "/api/model/train", "", 202)
	get("/api/admin/stats?days=7&top=3", 200)
	get("/api/analytics?from=2026-10-25&to=2026-11-01", 200)
	get("/api/analytics?from=2026-11-02&to=2026-11-01", 400)
	get("/api/shop", 200)
	send("PUT", "/api/shop", ex("PUT", "/api/shop"), 200)
	get("/api/admin/backup", 200)
	get("/healthz", 200)
	get("/readyz", 200)
	get("/metrics", 200)
	get("/api/openapi.json", 200)
	send("DELETE", "/api/products/6", "", 204)

	// The admin's own routes need a session.
	if err := auth.SetAdminPassword(st, "admin", "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	send("POST", "/api/auth/login", `{"username":"admin","password":"wrong horse battery"}`, 401)
	get("/api/auth/me", 401)
	h, body := a.do(exchange{method: "POST", path: "/api/auth/login", body: ex("POST", "/api/auth/login"), status: 200})
	var cookie string
	for _, line := range h.Values("Set-Cookie") {
		if c, err := http.ParseSetCookie(line); err == nil && c.Name == auth.SessionCookie {
			cookie = c.Name + "=" + c.Value
		}
	}
	admin := map[string]string{"Cookie": cookie, auth.CSRFHeader: field(body, "csrf_token")}
	a.do(exchange{method: "GET", path: "/api/auth/me", header: admin, status: 200})
	a.do(exchange{method: "GET", path: "/api/admin/keys", header: admin, status: 200})
	_, key := a.do(exchange{method: "POST", path: "/api/admin/keys", body: ex("POST", "/api/admin/keys"), header: admin, status: 201})
	a.do(exchange{method: "DELETE", path: "/api/admin/keys/" + field(key, "id"), header: admin, status: 204})
	a.do(exchange{method: "POST", path: "/api/auth/logout", header: map[string]string{"Cookie": cookie}, status: 403})
	a.do(exchange{method: "POST", path: "/api/auth/logout", header: admin, status: 204})

	var missed []string
	for _, o := range doc.operations() {
		if a.called[o.method+" "+o.path] == 0 {
			missed = append(missed, o.method+" "+o.path)
		}
	}
	sort.Strings(missed)
	if len(missed) > 0 {
		t.Errorf("this test calls no documented operation %v: add a call", missed)
	}
}

// TestOpenAPIServedToAnyone fetches the document without credentials from
// a server whose auth is real, and revalidates it by its ETag.
func TestOpenAPIServedToAnyone(t *testing.T) {
	srv, _, _ := newOpenAPIServer(t, auth.Config{})
	fetch := func(path string, header map[string]string) (*http.Response, []byte) {
		t.Helper()
		req, err := http.NewRequest("GET", srv.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range header {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, b
	}
	resp, body := fetch("/api/openapi.json", nil)
	if resp.StatusCode != 200 || !bytes.Equal(body, openapiDoc) {
		t.Fatalf("GET /api/openapi.json = %d with %d bytes; want 200 with the %d of the document", resp.StatusCode, len(body), len(openapiDoc))
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
	if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "max-age=") || strings.Contains(cc, "no-store") {
		t.Errorf("Cache-Control %q: want a short max-age", cc)
	}
	var v struct {
		OpenAPI string                 `json:"openapi"`
		Info    struct{ Title string } `json:"info"`
	}
	if err := json.Unmarshal(body, &v); err != nil || !strings.HasPrefix(v.OpenAPI, "3.1.") || v.Info.Title != "shelf" {
		t.Errorf("the document says openapi %q, title %q (%v)", v.OpenAPI, v.Info.Title, err)
	}
	etag := resp.Header.Get("ETag")
	if !strings.HasPrefix(etag, `"`) || len(etag) < 10 {
		t.Fatalf("ETag %q", etag)
	}
	resp, body = fetch("/api/openapi.json/", map[string]string{"If-None-Match": etag})
	if resp.StatusCode != http.StatusNotModified || len(body) != 0 {
		t.Errorf("a conditional GET with the ETag = %d with %d bytes; want 304 and none", resp.StatusCode, len(body))
	}
	resp, _ = fetch("/api/openapi.json", map[string]string{"If-None-Match": `"another"`})
	if resp.StatusCode != 200 {
		t.Errorf("a conditional GET with another ETag = %d; want 200", resp.StatusCode)
	}
	// A wrong key is refused on every route, this one too.
	resp, _ = fetch("/api/openapi.json", map[string]string{"Authorization": "Bearer shelf_sk_wrong"})
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("GET /api/openapi.json with a wrong key = %d; want 401", resp.StatusCode)
	}
}
