// Bulk import of CSV or NDJSON files. fetch cannot report upload progress, so
// the file goes up through XMLHttpRequest; the answer is parsed by a pure
// function the tests cover.
import { sentence } from "./sentence";

/** ImportKind is what a file holds. */
export type ImportKind = "products" | "users" | "interactions";

/** ImportLineError is one rejected line of an import. */
export interface ImportLineError {
  line: number;
  field?: string;
  message: string;
}

/** ImportOutcome is a finished upload: counts imported, or the reasons it was refused. */
export type ImportOutcome =
  | { ok: true; imported: Record<string, number> }
  | { ok: false; status: number; error: string; errors: ImportLineError[]; errorCount: number };

/** importContentType picks the upload's Content-Type from the file's type or name; null means unsupported. */
export function importContentType(file: { name: string; type: string }): string | null {
  const type = file.type.toLowerCase();
  if (type === "text/csv" || type === "application/x-ndjson") return type;
  const name = file.name.toLowerCase();
  if (name.endsWith(".csv")) return "text/csv";
  if (name.endsWith(".ndjson") || name.endsWith(".jsonl")) return "application/x-ndjson";
  return null;
}

/** parseImportResponse reads the server's answer to an import. */
export function parseImportResponse(status: number, text: string): ImportOutcome {
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
  } catch {
    // Not JSON (a proxy's error page): fall through to a message by status.
  }
  if (status >= 200 && status < 300) {
    const imported: Record<string, number> = {};
    const raw = body.imported;
    if (raw && typeof raw === "object") {
      for (const [k, v] of Object.entries(raw)) if (typeof v === "number") imported[k] = v;
    }
    return { ok: true, imported };
  }
  const errors: ImportLineError[] = Array.isArray(body.errors)
    ? body.errors.map((e: Record<string, unknown>) => ({
        line: Number(e.line) || 0,
        field: typeof e.field === "string" ? e.field : undefined,
        message: sentence(String(e.message ?? "")),
      }))
    : [];
  const error =
    typeof body.error === "string" && body.error
      ? sentence(body.error)
      : status === 413
        ? "The file is too large."
        : status === 0
          ? "Could not reach the server."
          : `The import failed (HTTP ${status}).`;
  const errorCount = typeof body.error_count === "number" ? body.error_count : errors.length;
  return { ok: false, status, error, errors, errorCount };
}

/** UploadOptions are the request's extra headers and the progress callback (0..1). */
export interface UploadOptions {
  csrfToken?: string;
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
  /** makeXHR builds the request; tests pass a fake. */
  makeXHR?: () => XMLHttpRequest;
}

/** uploadImport sends file to POST /api/import/{kind} and resolves with the parsed answer (never rejects on HTTP errors). */
export function uploadImport(kind: ImportKind, file: File, contentType: string, opts: UploadOptions = {}) {
  return new Promise<ImportOutcome>((resolve, reject) => {
    const xhr = opts.makeXHR ? opts.makeXHR() : new XMLHttpRequest();
    xhr.open("POST", `/api/import/${kind}`);
    xhr.setRequestHeader("Content-Type", contentType);
    xhr.setRequestHeader("Accept", "application/json");
    if (opts.csrfToken) xhr.setRequestHeader("X-CSRF-Token", opts.csrfToken);
    xhr.withCredentials = true;
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) opts.onProgress?.(e.loaded / e.total);
    };
    xhr.onload = () => {
      opts.onProgress?.(1);
      resolve(parseImportResponse(xhr.status, xhr.responseText));
    };
    xhr.onerror = () => resolve(parseImportResponse(0, ""));
    xhr.onabort = () => reject(new DOMException("The upload was cancelled.", "AbortError"));
    opts.signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}
