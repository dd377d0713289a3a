import { Link } from "../../components/Link";
import { adminPath, productPath } from "../../lib/route";
import type { Interaction } from "../types";
import { TYPE_COLORS } from "../lib/stats";
import { TD, TH, Table, formatDateTime } from "./ui";

/** InteractionTable lists interactions; showUser adds the user column (the user page leaves it out). */
export function InteractionTable({
  rows,
  showUser = true,
  label,
}: {
  rows: Interaction[];
  showUser?: boolean;
  label: string;
}) {
  return (
    <Table label={label}>
      <thead>
        <tr>
          <TH>Time</TH>
          <TH>Type</TH>
          {showUser && <TH>User</TH>}
          <TH>Product</TH>
          <TH>Session</TH>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id}>
            <TD className="whitespace-nowrap tabular-nums text-stone-600">{formatDateTime(r.timestamp)}</TD>
            <TD>
              <span className="inline-flex items-center gap-1.5">
                <span
                  aria-hidden
                  className="size-2 rounded-full"
                  style={{ backgroundColor: TYPE_COLORS[r.interaction_type] ?? "#999" }}
                />
                {r.interaction_type}
                {typeof r.rating === "number" && <span className="text-xs text-stone-500">({r.rating}★)</span>}
              </span>
            </TD>
            {showUser && (
              <TD>
                {r.user_id ? (
                  <Link href={adminPath("user", r.user_id)} className="rounded text-accent-700 hover:underline">
                    #{r.user_id}
                  </Link>
                ) : (
                  <span className="text-stone-500">guest</span>
                )}
              </TD>
            )}
            <TD>
              <Link href={productPath(r.product_id)} className="rounded text-accent-700 hover:underline">
                #{r.product_id}
              </Link>
            </TD>
            <TD className="max-w-[10rem] truncate font-mono text-xs text-stone-500">{r.session_id || "—"}</TD>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
