import type { ReactNode } from "react";
import { PackageOpen } from "lucide-react";

/** EmptyState explains why a list is empty and what to do about it. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="flex flex-col items-center gap-2 rounded-2xl border border-dashed border-stone-300 bg-white px-6 py-10 text-center">
      <PackageOpen aria-hidden className="size-8 text-stone-400" />
      <p className="font-medium text-stone-800">{title}</p>
      {children && <div className="text-sm text-stone-600">{children}</div>}
    </div>
  );
}
