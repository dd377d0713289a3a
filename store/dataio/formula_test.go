package dataio

import (
	"bytes"
	"strings"
	"testing"

	"shelf/store"
)

func TestFormulaCellsNeutralisedAndRestored(t *testing.T) {
	names := []string{"=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "'=already", "''=twice", "'plain", "'", "ok", "a=b"}
	var products []store.Product
	for i, n := range names {
		products = append(products, store.Product{ID: uint64(i + 1), Name: n, Category: "c", Description: "\tstarts with a tab"})
	}
	for _, f := range []Format{CSV, NDJSON} {
		var buf bytes.Buffer
		w := NewProductWriter(&buf, f)
		for _, p := range products {
			if err := w.Write(p); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if f == CSV {
			for _, line := range strings.Split(out, "\n")[1:] {
				for _, cell := range strings.Split(line, ",") {
					cell = strings.TrimPrefix(cell, `"`)
					if cell != "" && formulaStart(cell[0]) {
						t.Errorf("a CSV cell starts a formula: %q in %q", cell, line)
					}
				}
			}
		} else if !strings.Contains(out, `"name":"=HYPERLINK`) {
			t.Errorf("NDJSON was altered: %s", out)
		}
		got, err := DecodeProducts(&buf, f)
		if err != nil {
			t.Fatal(err)
		}
		for i := range products {
			if got[i].Name != products[i].Name || got[i].Description != products[i].Description {
				t.Errorf("%v: %q/%q came back as %q/%q", f, products[i].Name, products[i].Description, got[i].Name, got[i].Description)
			}
		}
	}
}
