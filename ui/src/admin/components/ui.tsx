// Small building blocks shared by the admin pages, so every page has the
// same headings, cards, fields and tables.
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

/** BUTTON is the class of a primary button. */
export const BUTTON =
  "inline-flex items-center justify-center gap-1.5 rounded-lg bg-accent-600 px-3 py-2 text-sm font-medium text-white hover:bg-accent-700 disabled:cursor-not-allowed disabled:opacity-50";
/** BUTTON_SECONDARY is the class of a secondary button. */
export const BUTTON_SECONDARY =
  "inline-flex items-center justify-center gap-1.5 rounded-lg border border-stone-300 bg-white px-3 py-2 text-sm font-medium text-stone-700 hover:bg-stone-100 disabled:cursor-not-allowed disabled:opacity-50";
/** BUTTON_DANGER is the class of a destructive button. */
export const BUTTON_DANGER =
  "inline-flex items-center justify-center gap-1.5 rounded-lg bg-red-600 px-3 py-2 text-sm font-medium text-white hover:bg-red-700 disabled:cursor-not-allowed disabled:opacity-50";
/** INPUT is the class of text inputs and selects. */
export const INPUT =
  "w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-sm focus:border-accent-500 aria-[invalid=true]:border-red-500";

/** PageHeader is a page's title, a line about it and optional actions. */
export function PageHeader({ title, subtitle, actions }: { title: string; subtitle?: string; actions?: ReactNode }) {
  return (
    <div className="flex flex-wrap items-end justify-between gap-3">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-stone-900">{title}</h1>
        {subtitle && <p className="text-sm text-stone-600">{subtitle}</p>}
      </div>
      {actions && <div className="flex flex-wrap gap-2">{actions}</div>}
    </div>
  );
}

/** Card is a white panel with an optional heading. */
export function Card({
  title,
  children,
  className = "",
  actions,
  testId,
}: {
  title?: string;
  children: ReactNode;
  className?: string;
  actions?: ReactNode;
  testId?: string;
}) {
  return (
    <section data-testid={testId} className={`min-w-0 rounded-2xl border border-stone-200 bg-white p-4 ${className}`}>
      {(title || actions) && (
        <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
          {title && <h2 className="font-semibold text-stone-900">{title}</h2>}
          {actions}
        </div>
      )}
      {children}
    </section>
  );
}

type FieldProps = { id: string; label: string; error?: string; hint?: string };

function FieldShell({ id, label, error, hint, children }: FieldProps & { children: ReactNode }) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-stone-700">
        {label}
      </label>
      {children}
      {hint && !error && (
        <p id={`${id}-hint`} className="text-xs text-stone-600">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="text-xs text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

function described(id: string, error?: string, hint?: string): string | undefined {
  return error ? `${id}-error` : hint ? `${id}-hint` : undefined;
}

/** TextField is a labelled input whose error (from the API's details) shows under it. */
export function TextField({ id, label, error, hint, ...rest }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <FieldShell id={id} label={label} error={error} hint={hint}>
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={described(id, error, hint)}
        className={INPUT}
        {...rest}
      />
    </FieldShell>
  );
}

/** TextAreaField is a labelled textarea with its error. */
export function TextAreaField({
  id,
  label,
  error,
  hint,
  ...rest
}: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <FieldShell id={id} label={label} error={error} hint={hint}>
      <textarea
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={described(id, error, hint)}
        className={INPUT}
        {...rest}
      />
    </FieldShell>
  );
}

/** SelectField is a labelled select with its error. */
export function SelectField({
  id,
  label,
  error,
  hint,
  children,
  ...rest
}: FieldProps & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <FieldShell id={id} label={label} error={error} hint={hint}>
      <select
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={described(id, error, hint)}
        className={INPUT}
        {...rest}
      >
        {children}
      </select>
    </FieldShell>
  );
}

/**
 * Table wraps a table: from md up it scrolls sideways when too wide; on a
 * phone each row is a card of labelled fields (the TD labels), so price and
 * actions stay on screen. The wrapper is the containing block of its
 * sr-only labels, which would otherwise widen the page.
 */
export function Table({ children, label }: { children: ReactNode; label: string }) {
  return (
    <div className="relative md:-mx-4 md:overflow-x-auto md:px-4">
      <table
        aria-label={label}
        className="w-full text-left text-sm max-md:block max-md:[&>tbody]:block max-md:[&>tbody]:space-y-3 max-md:[&>tbody>tr]:block max-md:[&>tbody>tr]:rounded-xl max-md:[&>tbody>tr]:border max-md:[&>tbody>tr]:border-stone-200 max-md:[&>tbody>tr]:px-3 max-md:[&>tbody>tr]:py-2 max-md:[&>thead]:hidden md:min-w-[32rem]"
      >
        {children}
      </table>
    </div>
  );
}

/** TH is a table header cell. */
export function TH({ children, className = "" }: { children?: ReactNode; className?: string }) {
  return (
    <th
      scope="col"
      className={`border-b border-stone-200 px-2 py-2 text-xs font-semibold text-stone-600 uppercase ${className}`}
    >
      {children}
    </th>
  );
}

/**
 * TD is a table body cell. label is its column's name, shown before the
 * value when the row is a card (on a phone, as generated content, so the
 * cell's text stays its value); a cell without one (actions) shows its
 * content alone, at the card's end.
 */
export function TD({ children, className = "", label }: { children?: ReactNode; className?: string; label?: string }) {
  return (
    <td
      data-label={label}
      className={`border-b border-stone-100 px-2 py-2 align-top max-md:flex max-md:max-w-none max-md:items-baseline max-md:gap-3 max-md:border-0 max-md:px-0 max-md:py-1 ${
        label
          ? "max-md:justify-between max-md:before:shrink-0 max-md:before:text-xs max-md:before:font-semibold max-md:before:text-stone-600 max-md:before:uppercase max-md:before:content-[attr(data-label)]"
          : "max-md:justify-end"
      } ${className}`}
    >
      <span className="min-w-0 [overflow-wrap:anywhere] max-md:flex-1 max-md:text-right">{children}</span>
    </td>
  );
}

/** Bar is a small horizontal meter of a 0..1 value. */
export function Bar({ value, label, color = "bg-accent-500" }: { value: number; label: string; color?: string }) {
  const pct = Number.isFinite(value) ? Math.round(Math.min(1, Math.max(0, value)) * 100) : 0;
  return (
    <div
      role="meter"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct}
      className="h-1.5 w-full overflow-hidden rounded-full bg-stone-100"
    >
      <div className={`h-full rounded-full ${color}`} style={{ width: `${pct}%` }} />
    </div>
  );
}

/** formatDateTime shows an RFC 3339 time as "2026-11-01 14:05" in UTC, so every viewer reads the same. */
export function formatDateTime(s: string | null | undefined): string {
  if (!s) return "—";
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) return s;
  return d.toISOString().slice(0, 16).replace("T", " ") + " UTC";
}
