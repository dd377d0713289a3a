package dataio

import "testing"

func TestDetectFormat(t *testing.T) {
	tests := []struct {
		name, file, contentType, head string
		want                          Format
		wantErr                       bool
	}{
		{name: "content type csv wins over extension", file: "x.ndjson", contentType: "text/csv; charset=utf-8", want: CSV},
		{name: "content type ndjson", contentType: "application/x-ndjson", head: "user_id,", want: NDJSON},
		{name: "content type json", contentType: "application/json", want: NDJSON},
		{name: "generic content type falls to extension", file: "Events.CSV", contentType: "application/octet-stream", want: CSV},
		{name: "jsonl extension", file: "/tmp/a.jsonl", contentType: "text/plain", want: NDJSON},
		{name: "sniff object", file: "upload", head: "\xEF\xBB\xBF \n{\"user_id\":1}", want: NDJSON},
		{name: "sniff header", head: "user_id,product_id", want: CSV},
		{name: "sniff quoted header", head: `"user_id",product_id`, want: CSV},
		{name: "empty", head: "  \n", wantErr: true},
		{name: "binary", head: "\x00\x01", wantErr: true},
		{name: "bad content type is skipped", contentType: ";;", head: "{", want: NDJSON},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := DetectFormat(tc.file, tc.contentType, []byte(tc.head))
			if (err != nil) != tc.wantErr {
				t.Fatalf("error = %v, want error %v", err, tc.wantErr)
			}
			if got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]Format{"csv": CSV, " CSV ": CSV, "ndjson": NDJSON, "jsonl": NDJSON, "json": NDJSON} {
		if got, err := ParseFormat(in); err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %v, %v; want %v", in, got, err, want)
		}
		if got, _ := ParseFormat(want.String()); got != want {
			t.Errorf("ParseFormat(%v.String()) = %v", want, got)
		}
	}
	if _, err := ParseFormat("xml"); err == nil {
		t.Error("ParseFormat(xml): no error")
	}
	if Format(0).String() != "Format(0)" {
		t.Errorf("Format(0).String() = %q", Format(0).String())
	}
}
