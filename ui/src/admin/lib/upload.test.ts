// @vitest-environment node
import { describe, expect, it } from "vitest";
import { importContentType, parseImportResponse, uploadImport } from "./upload";

describe("importContentType", () => {
  const cases: [string, string, string | null][] = [
    ["p.csv", "", "text/csv"],
    ["p.CSV", "application/vnd.ms-excel", "text/csv"],
    ["p.ndjson", "", "application/x-ndjson"],
    ["p.jsonl", "", "application/x-ndjson"],
    ["data", "text/csv", "text/csv"],
    ["data", "application/x-ndjson", "application/x-ndjson"],
    ["p.json", "application/json", null],
    ["p.xlsx", "", null],
  ];
  for (const [name, type, want] of cases) {
    it(`${name} (${type || "no type"})`, () => expect(importContentType({ name, type })).toBe(want));
  }
});

describe("parseImportResponse", () => {
  it("reads the imported counts", () => {
    expect(parseImportResponse(201, '{"message":"import complete","imported":{"products":12,"skipped":"x"}}')).toEqual({
      ok: true,
      imported: { products: 12 },
    });
  });
  it("reads the per-line errors and their total", () => {
    const body = {
      error: "the file has errors; nothing was imported",
      errors: [
        { line: 3, field: "price", message: "must not be negative" },
        { line: 9, message: "bad quote" },
      ],
      error_count: 250,
    };
    expect(parseImportResponse(400, JSON.stringify(body))).toEqual({
      ok: false,
      status: 400,
      error: "The file has errors; nothing was imported.",
      errors: [
        { line: 3, field: "price", message: "Must not be negative." },
        { line: 9, field: undefined, message: "Bad quote." },
      ],
      errorCount: 250,
    });
  });
  it("explains answers that are not JSON", () => {
    const r = parseImportResponse(413, "<html>too big</html>");
    expect(r).toMatchObject({ ok: false, error: "The file is too large.", errors: [], errorCount: 0 });
    expect(parseImportResponse(0, "")).toMatchObject({ ok: false, error: "Could not reach the server." });
    expect(parseImportResponse(502, "")).toMatchObject({ ok: false, error: "The import failed (HTTP 502)." });
  });
});

// FakeXHR records what uploadImport sends and lets the test drive progress and the answer.
class FakeXHR {
  method = "";
  url = "";
  headers: Record<string, string> = {};
  body: unknown = null;
  withCredentials = false;
  status = 0;
  responseText = "";
  upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = {
    onprogress: null,
  };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(k: string, v: string) {
    this.headers[k] = v;
  }
  send(body: unknown) {
    this.body = body;
  }
  abort() {
    this.onabort?.();
  }
}

describe("uploadImport", () => {
  it("posts the file with its type and CSRF token, reports progress and parses the answer", async () => {
    const xhr = new FakeXHR();
    const progress: number[] = [];
    const file = new File(["name,price\nPen,1\n"], "p.csv", { type: "text/csv" });
    const p = uploadImport("products", file, "text/csv", {
      csrfToken: "tok",
      onProgress: (f) => progress.push(f),
      makeXHR: () => xhr as unknown as XMLHttpRequest,
    });
    expect(xhr.method).toBe("POST");
    expect(xhr.url).toBe("/api/import/products");
    expect(xhr.headers).toMatchObject({ "Content-Type": "text/csv", "X-CSRF-Token": "tok" });
    expect(xhr.body).toBe(file);
    xhr.upload.onprogress?.({ lengthComputable: true, loaded: 5, total: 20 });
    xhr.upload.onprogress?.({ lengthComputable: false, loaded: 9, total: 0 });
    xhr.status = 201;
    xhr.responseText = '{"imported":{"products":1}}';
    xhr.onload?.();
    await expect(p).resolves.toEqual({ ok: true, imported: { products: 1 } });
    expect(progress).toEqual([0.25, 1]);
  });
  it("rejects with an AbortError when cancelled", async () => {
    const xhr = new FakeXHR();
    const ctl = new AbortController();
    const p = uploadImport("users", new File(["{}"], "u.ndjson"), "application/x-ndjson", {
      signal: ctl.signal,
      makeXHR: () => xhr as unknown as XMLHttpRequest,
    });
    expect(xhr.headers["X-CSRF-Token"]).toBeUndefined();
    ctl.abort();
    await expect(p).rejects.toMatchObject({ name: "AbortError" });
  });
});
