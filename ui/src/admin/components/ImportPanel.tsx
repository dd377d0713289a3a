import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { Download, Upload } from "lucide-react";
import { useAdmin } from "../context";
import { IMPORT_COLUMNS, templateCSV } from "../lib/templates";
import { importContentType, uploadImport, type ImportKind, type ImportOutcome } from "../lib/upload";
import { BUTTON, INPUT, TD, TH, Table } from "./ui";

const KINDS: ImportKind[] = ["products", "users", "interactions"];
// The server reports every bad line; the table shows the first ones and says how many more.
const MAX_ROWS = 100;

/** ImportPanel uploads a CSV or NDJSON file with a progress bar and shows what was imported or which lines failed. */
export function ImportPanel({ onImported }: { onImported?: () => void }) {
  const { client } = useAdmin();
  const id = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const [kind, setKind] = useState<ImportKind>("products");
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const [problem, setProblem] = useState("");

  const [templateHref, setTemplateHref] = useState("");
  // The template is made here, as a Blob: nothing to fetch, and it always names the columns this page lists.
  useEffect(() => {
    const url = URL.createObjectURL(new Blob([templateCSV(kind)], { type: "text/csv" }));
    setTemplateHref(url);
    return () => URL.revokeObjectURL(url);
  }, [kind]);
  const columns = IMPORT_COLUMNS[kind];

  const contentType = file ? importContentType(file) : null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setOutcome(null);
    setProblem("");
    if (!file) return setProblem("Choose a file first.");
    if (!contentType) return setProblem("Choose a .csv or .ndjson file.");
    setProgress(0);
    const res = await uploadImport(kind, file, contentType, { csrfToken: client.csrfToken, onProgress: setProgress });
    setProgress(null);
    if (!res.ok && res.status === 401) return client.unauthorized();
    setOutcome(res);
    if (res.ok) {
      onImported?.();
      if (fileRef.current) fileRef.current.value = "";
      setFile(null);
    }
  };

  return (
    <form onSubmit={submit} className="space-y-3" aria-label="Import a file" data-testid="import-form">
      <div className="grid gap-3 sm:grid-cols-[12rem_1fr_auto] sm:items-end">
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-kind`} className="text-sm font-medium text-stone-700">
            The file holds
          </label>
          <select
            id={`${id}-kind`}
            className={INPUT}
            value={kind}
            onChange={(e) => setKind(e.target.value as ImportKind)}
          >
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-file`} className="text-sm font-medium text-stone-700">
            CSV or NDJSON file
          </label>
          <input
            ref={fileRef}
            id={`${id}-file`}
            type="file"
            data-testid="import-file"
            accept=".csv,.ndjson,.jsonl,text/csv,application/x-ndjson"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            className="text-sm file:mr-3 file:rounded-lg file:border file:border-stone-300 file:bg-white file:px-3 file:py-1.5 file:text-sm"
          />
        </div>
        <button type="submit" className={BUTTON} disabled={progress !== null} data-testid="import-submit">
          <Upload aria-hidden className="size-4" /> Upload
        </button>
      </div>
      <div className="rounded-lg bg-stone-50 px-3 py-2 text-sm text-stone-700" data-testid="import-columns">
        <p>
          <span className="font-medium">Columns</span> (a CSV header in any order, or NDJSON fields):{" "}
          {columns.required.map((c, i) => (
            <span key={c}>
              {i > 0 && ", "}
              <code className="font-mono text-xs font-semibold">{c}</code>
            </span>
          ))}
          ; optional{" "}
          {columns.optional.map((c, i) => (
            <span key={c}>
              {i > 0 && ", "}
              <code className="font-mono text-xs">{c}</code>
            </span>
          ))}
          .
        </p>
        <p className="mt-1 text-xs text-stone-600">{columns.notes}</p>
        {templateHref && (
          <a
            href={templateHref}
            download={`${kind}-template.csv`}
            data-testid="import-template"
            className="mt-2 inline-flex items-center gap-1.5 rounded text-sm font-medium text-accent-700 hover:underline"
          >
            <Download aria-hidden className="size-4" /> Download a {kind} template (CSV)
          </a>
        )}
      </div>
      {progress !== null && (
        <div>
          <p className="mb-1 text-xs text-stone-600">
            Uploading {file?.name}… {Math.round(progress * 100)}%
          </p>
          <div
            role="progressbar"
            aria-label="Upload progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(progress * 100)}
            data-testid="import-progress"
            className="h-2 overflow-hidden rounded-full bg-stone-100"
          >
            <div
              className="h-full bg-accent-500 transition-[width]"
              style={{ width: `${Math.round(progress * 100)}%` }}
            />
          </div>
        </div>
      )}
      {problem && (
        <p role="alert" className="text-sm text-red-700">
          {problem}
        </p>
      )}
      <div aria-live="polite">{outcome && <ImportResult outcome={outcome} />}</div>
    </form>
  );
}

/** ImportResult shows the counts imported, or the error with its per-line table. */
export function ImportResult({ outcome }: { outcome: ImportOutcome }) {
  if (outcome.ok) {
    // The server counts every kind (created_users, ...); zeros only add noise.
    const parts = Object.entries(outcome.imported)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${n.toLocaleString("en-US")} ${k.replace(/_/g, " ")}`);
    return (
      <p data-testid="import-result" className="rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
        Imported {parts.length ? parts.join(", ") : "nothing"}.
      </p>
    );
  }
  const shown = outcome.errors.slice(0, MAX_ROWS);
  return (
    <div
      data-testid="import-errors"
      className="space-y-2 rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-900"
    >
      <p className="font-medium">
        {outcome.error}
        {outcome.errorCount > 0 &&
          ` (${outcome.errorCount.toLocaleString("en-US")} line${outcome.errorCount === 1 ? "" : "s"} with errors)`}
      </p>
      {shown.length > 0 && (
        <div className="rounded-lg bg-white px-4">
          <Table label="Lines with errors">
            <thead>
              <tr>
                <TH>Line</TH>
                <TH>Field</TH>
                <TH>Problem</TH>
              </tr>
            </thead>
            <tbody>
              {shown.map((e, i) => (
                <tr key={`${e.line}-${e.field}-${i}`}>
                  <TD label="Line" className="tabular-nums">
                    {e.line}
                  </TD>
                  <TD label="Field" className="font-mono text-xs">
                    {e.field || "—"}
                  </TD>
                  <TD label="Problem">{e.message}</TD>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      )}
      {outcome.errorCount > shown.length && <p className="text-xs">Showing the first {shown.length} lines.</p>}
    </div>
  );
}
