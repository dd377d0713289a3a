package main

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"io"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path"
	"regexp"
	"strings"
	"testing"
)

// textExt are the files ui/scripts/precompress.mjs compresses.
var textExt = map[string]bool{".js": true, ".mjs": true, ".css": true, ".html": true, ".svg": true,
	".json": true, ".txt": true, ".xml": true, ".webmanifest": true}

// storefrontBudget is the most the storefront's script may weigh gzipped,
// as a shopper's first page waits for all of it.
const storefrontBudget = 100 << 10

// TestPrecompressedDist: every text file of the embedded UI that the build
// compressed has a .gz and a .br sibling that decode to it, made without a
// name or time in the gzip header (the build is byte-reproducible), each at
// most 90% of the original; a file without them is one that compression
// does not shrink that much; and the storefront's script is within its
// budget.
func TestPrecompressedDist(t *testing.T) {
	ui := uiFS()
	files := map[string][]byte{}
	err := fs.WalkDir(ui, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(ui, name)
		files[name] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var brotli []string
	for name, data := range files {
		if ext := path.Ext(name); ext == ".gz" || ext == ".br" {
			if _, ok := files[strings.TrimSuffix(name, ext)]; !ok {
				t.Errorf("%s: a compressed copy of no file", name)
			}
			continue
		}
		if !textExt[path.Ext(name)] {
			continue
		}
		gz, hasGz := files[name+".gz"]
		br, hasBr := files[name+".br"]
		if hasGz != hasBr {
			t.Errorf("%s: .gz %v, .br %v; want both or neither", name, hasGz, hasBr)
		}
		if !hasGz {
			if n := gzipLen(t, data); n <= len(data)*9/10 {
				t.Errorf("%s has no compressed copies, but gzip makes its %d bytes %d (cd ui && npm run build)", name, len(data), n)
			}
			continue
		}
		zr, err := gzip.NewReader(bytes.NewReader(gz))
		if err != nil {
			t.Errorf("%s.gz: %v", name, err)
			continue
		}
		if !zr.ModTime.IsZero() || zr.Name != "" || zr.Comment != "" || zr.Extra != nil || zr.OS != 255 {
			t.Errorf("%s.gz: header with time %v, name %q, comment %q, extra %q, OS %d; want none and OS 255",
				name, zr.ModTime, zr.Name, zr.Comment, zr.Extra, zr.OS)
		}
		if out, err := io.ReadAll(zr); err != nil || !bytes.Equal(out, data) {
			t.Errorf("%s.gz does not decode to %s (%v): rebuild the UI", name, name, err)
		}
		for ext, packed := range map[string][]byte{".gz": gz, ".br": br} {
			if len(packed) > len(data)*9/10 {
				t.Errorf("%s%s: %d bytes of %d; the build keeps only copies of at most 90%%", name, ext, len(packed), len(data))
			}
		}
		if hasBr {
			brotli = append(brotli, name)
		}
	}
	if len(brotli) == 0 {
		t.Fatal("the embedded UI has no precompressed files (cd ui && npm run build)")
	}

	t.Run("brotli", func(t *testing.T) {
		// Go's standard library has no brotli decoder; Node's zlib has
		// the reference one that browsers use, and Node is wherever the
		// UI is built.
		node, err := exec.LookPath("node")
		if err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatal("no node found: CI builds the UI and must have it")
			}
			t.Skip("the .br files are not decoded: no node found")
		}
		for _, name := range brotli {
			cmd := exec.Command(node, "-e", `process.stdout.write(require("zlib").brotliDecompressSync(require("fs").readFileSync(0)))`)
			cmd.Stdin = bytes.NewReader(files[name+".br"])
			out, err := cmd.Output()
			if err != nil || sha256.Sum256(out) != sha256.Sum256(files[name]) {
				t.Errorf("%s.br does not decode to %s (%v): rebuild the UI", name, name, err)
			}
		}
	})

	entry := storefrontScript(t, files["index.html"])
	admin := ""
	for name := range files {
		if strings.HasPrefix(name, "assets/AdminApp-") && strings.HasSuffix(name, ".js") {
			admin = name
		}
	}
	for _, name := range []string{entry, admin, "widget.js"} {
		if name != "" {
			t.Logf("%s: %d bytes, %d gzip, %d brotli", name, len(files[name]), len(files[name+".gz"]), len(files[name+".br"]))
		}
	}
	if n := len(files[entry+".gz"]); n == 0 || n > storefrontBudget {
		t.Errorf("the storefront's script %s is %d bytes gzipped; the budget is %d", entry, n, storefrontBudget)
	}
}

// storefrontScript is the script index.html loads first.
func storefrontScript(t *testing.T, index []byte) string {
	t.Helper()
	m := regexp.MustCompile(`<script type="module"[^>]* src="/([^"]+\.js)"`).FindSubmatch(index)
	if m == nil {
		t.Fatalf("index.html loads no module script:\n%s", index)
	}
	return string(m[1])
}

func gzipLen(t *testing.T, data []byte) int {
	t.Helper()
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	zw.Write(data) //nolint:errcheck // a bytes.Buffer
	zw.Close()
	return buf.Len()
}

// TestPrecompressedServed: the running shelf sends the embedded copies to a
// browser that takes them: brotli to Chromium, gzip to a client without
// brotli, the file itself to one that says nothing.
func TestPrecompressedServed(t *testing.T) {
	ui := uiFS()
	index, err := fs.ReadFile(ui, "index.html")
	if err != nil {
		t.Fatal(err)
	}
	entry := storefrontScript(t, index)
	p := MustRunMain(t, "-retrain", "0")
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	for _, sc := range []struct{ path, file, accept, coding, ext string }{
		{"/", "index.html", "gzip, deflate, br, zstd", "br", ".br"},
		{"/products/3", "index.html", "gzip, deflate", "gzip", ".gz"},
		{"/" + entry, entry, "gzip, deflate, br, zstd", "br", ".br"},
		{"/" + entry, entry, "gzip", "gzip", ".gz"},
		{"/" + entry, entry, "", "", ""},
		{"/widget.js", "widget.js", "br", "br", ".br"},
	} {
		req, _ := http.NewRequest("GET", p.base+sc.path, nil)
		if sc.accept != "" {
			req.Header.Set("Accept-Encoding", sc.accept)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		want, _ := fs.ReadFile(ui, sc.file+sc.ext)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Encoding") != sc.coding || !bytes.Equal(body, want) ||
			resp.Header.Get("Vary") != "Accept-Encoding" {
			t.Errorf("GET %s, Accept-Encoding %q: %d, Content-Encoding %q, Vary %q, %d bytes; want %q, %d bytes", sc.path, sc.accept,
				resp.StatusCode, resp.Header.Get("Content-Encoding"), resp.Header.Get("Vary"), len(body), sc.coding, len(want))
		}
	}
}
