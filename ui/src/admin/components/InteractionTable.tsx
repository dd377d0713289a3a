import { useCallback, useEffect, useState } from "react";
import { Link } from "../../components/Link";
import { adminPath, productPath } from "../../lib/route";
import { useAdmin } from "../context";
import type { Interaction } from "../types";
import { TYPE_COLORS } from "../lib/stats";
import { TD, TH, Table, formatDateTime } from "./ui";

type Names = Record<number, string | null>;

/** useNames looks up the name of every id once (the client keeps them); undefined while it is asked. */
function useNames(ids: number[], lookup: (id: number) => Promise<string | null>): Names {
  const [names, setNames] = useState<Names>({});
  const key = [...new Set(ids)].sort((a, b) => a - b).join(",");
  useEffect(() => {
    let live = true;
    for (const id of key ? key.split(",").map(Number) : []) {
      lookup(id).then(
        (name) => live && setNames((n) => (n[id] === name ? n : { ...n, [id]: name })),
        () => {}, // the cell keeps the id; the table's own request shows any outage
      );
    }
    return () => {
      live = false;
    };
  }, [key, lookup]);
  return names;
}

/** NameCell is a named link with its id beside it, or the id alone while the name is asked for. */
function NameCell({
  href,
  id,
  name,
  gone,
}: {
  href: string;
  id: number;
  name: string | null | undefined;
  gone: string;
}) {
  if (name === null) return <span className="text-stone-600">{`${gone} #${id}`}</span>;
  return (
    <span className="inline-flex items-baseline gap-1.5">
      <Link href={href} className="rounded text-accent-700 hover:underline">
        {name ?? `#${id}`}
      </Link>
      {name !== undefined && <span className="text-xs tabular-nums text-stone-600">#{id}</span>}
    </span>
  );
}

/**
 * InteractionTable lists interactions with the names of their users and
 * products; showUser adds the user column (the user page leaves it out).
 */
export function InteractionTable({
  rows,
  showUser = true,
  label,
}: {
  rows: Interaction[];
  showUser?: boolean;
  label: string;
}) {
  const { client } = useAdmin();
  const productName = useCallback((id: number) => client.productName(id), [client]);
  const username = useCallback((id: number) => client.username(id), [client]);
  const products = useNames(
    rows.map((r) => r.product_id),
    productName,
  );
  const users = useNames(showUser ? rows.flatMap((r) => (r.user_id ? [r.user_id] : [])) : [], username);
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
          <tr key={r.id} data-testid={`interaction-${r.id}`}>
            <TD label="Time" className="whitespace-nowrap tabular-nums text-stone-600">
              {formatDateTime(r.timestamp)}
            </TD>
            <TD label="Type">
              <span className="inline-flex items-center gap-1.5">
                <span
                  aria-hidden
                  className="size-2 rounded-full"
                  style={{ backgroundColor: TYPE_COLORS[r.interaction_type] ?? "#999" }}
                />
                {r.interaction_type}
                {typeof r.rating === "number" && <span className="text-xs text-stone-600">({r.rating}★)</span>}
              </span>
            </TD>
            {showUser && (
              <TD label="User">
                {r.user_id ? (
                  <NameCell
                    href={adminPath("user", r.user_id)}
                    id={r.user_id}
                    name={users[r.user_id]}
                    gone="erased user"
                  />
                ) : (
                  <span className="text-stone-600">guest</span>
                )}
              </TD>
            )}
            <TD label="Product">
              <NameCell
                href={productPath(r.product_id)}
                id={r.product_id}
                name={products[r.product_id]}
                gone="deleted product"
              />
            </TD>
            <TD label="Session" className="max-w-[10rem] truncate font-mono text-xs text-stone-600">
              {r.session_id || "—"}
            </TD>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
