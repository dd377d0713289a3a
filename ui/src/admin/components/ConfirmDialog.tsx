import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from "react";
import { BUTTON, BUTTON_DANGER, BUTTON_SECONDARY } from "./ui";

/**
 * ConfirmDialog asks before a destructive or far-reaching action (tone
 * "primary" for one that destroys nothing, such as starting an experiment). It is modal: focus moves
 * to Cancel (the safe choice), Escape cancels, Tab stays inside, and focus
 * returns to what had it when the dialog closes.
 */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  busy = false,
  tone = "danger",
  onConfirm,
  onCancel,
}: {
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  busy?: boolean;
  tone?: "danger" | "primary";
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const titleId = useId();
  const boxRef = useRef<HTMLDivElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    cancelRef.current?.focus();
    return () => before?.focus?.();
  }, []);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "Escape") {
      e.preventDefault();
      onCancel();
    }
    if (e.key === "Tab") {
      const items = boxRef.current?.querySelectorAll<HTMLElement>("button:not([disabled])");
      if (!items || items.length === 0) return;
      const first = items[0];
      const last = items[items.length - 1];
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first.focus();
      }
    }
  };
  return (
    <div className="fixed inset-0 z-50 grid place-items-center bg-stone-900/40 p-4" onKeyDown={onKeyDown}>
      <div
        ref={boxRef}
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={titleId}
        className="w-full max-w-md rounded-2xl bg-white p-5 shadow-xl"
      >
        <h2 id={titleId} className="text-lg font-semibold text-stone-900">
          {title}
        </h2>
        {children && <div className="mt-2 text-sm text-stone-600">{children}</div>}
        <div className="mt-5 flex justify-end gap-2">
          <button ref={cancelRef} type="button" className={BUTTON_SECONDARY} onClick={onCancel}>
            Cancel
          </button>
          <button
            type="button"
            className={tone === "danger" ? BUTTON_DANGER : BUTTON}
            disabled={busy}
            onClick={onConfirm}
            data-testid="confirm-button"
          >
            {busy ? "Working…" : confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
