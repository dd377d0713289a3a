import { useId, useState } from "react";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Link } from "../../components/Link";
import { Pagination } from "../../components/Pagination";
import { useAsync } from "../../hooks/useAsync";
import { useDebounce } from "../../hooks/useDebounce";
import { adminPath } from "../../lib/route";
import { useAdmin } from "../context";
import { Card, INPUT, PageHeader, TD, TH, Table, formatDateTime } from "../components/ui";

const PAGE_SIZE = 25;

/**
 * usersLine is the page's count: the shop's users, or while searching the
 * users whose name matches (a number the overview's total would contradict
 * if it read as all users).
 */
export function usersLine(count: number, q: string): string {
  const n = `${count.toLocaleString("en-US")} ${count === 1 ? "user" : "users"}`;
  return q ? `${n} with a name starting “${q}”` : `${n} in all`;
}

/** Users lists shoppers, searchable by name prefix, each linking to their detail page. */
export function Users() {
  const { client } = useAdmin();
  const id = useId();
  const [text, setText] = useState("");
  const q = useDebounce(text.trim(), 300);
  const [page, setPage] = useState(1);
  const list = useAsync((signal) => client.users(q, page, PAGE_SIZE, signal), [client, q, page], true);
  const rows = list.data?.results ?? [];
  return (
    <>
      <PageHeader title="Users" subtitle={list.data ? usersLine(list.data.count, q) : "Shoppers of the shop"} />
      <Card>
        <div className="mb-4 max-w-sm">
          <label htmlFor={`${id}-q`} className="text-sm font-medium text-stone-700">
            Find by name
          </label>
          <input
            id={`${id}-q`}
            type="search"
            className={`${INPUT} mt-1`}
            placeholder="Name starts with…"
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setPage(1);
            }}
          />
        </div>
        {list.status === "error" && (
          <ErrorMessage error={list.error} title="Could not load users" onRetry={list.reload} />
        )}
        {list.status === "loading" && !list.data && <p className="text-sm text-stone-600">Loading users…</p>}
        {list.data && rows.length === 0 && (
          <p className="py-6 text-center text-sm text-stone-600">No user has a name starting with that.</p>
        )}
        {rows.length > 0 && (
          <Table label="Users">
            <thead>
              <tr>
                <TH>Id</TH>
                <TH>Username</TH>
                <TH>Email</TH>
                <TH>Joined</TH>
              </tr>
            </thead>
            <tbody>
              {rows.map((u) => (
                <tr key={u.id}>
                  <TD label="Id" className="tabular-nums text-stone-600">
                    {u.id}
                  </TD>
                  <TD label="Username">
                    <Link
                      href={adminPath("user", u.id)}
                      className="rounded font-medium text-accent-700 hover:underline"
                      data-testid={`user-link-${u.id}`}
                    >
                      {u.username}
                    </Link>
                  </TD>
                  <TD label="Email" className="text-stone-600">
                    {u.email}
                  </TD>
                  <TD label="Joined" className="whitespace-nowrap text-stone-600">
                    {formatDateTime(u.date_joined)}
                  </TD>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        {list.data && (
          <div className="mt-4">
            <Pagination
              page={page}
              pageSize={PAGE_SIZE}
              count={list.data.count}
              hasNext={Boolean(list.data.next)}
              onPage={setPage}
              noun="users"
            />
          </div>
        )}
      </Card>
    </>
  );
}
