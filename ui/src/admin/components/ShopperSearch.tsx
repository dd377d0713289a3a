import { useEffect, useId, useRef, useState } from "react";
import { UserRound } from "lucide-react";
import { describeError } from "../../components/ErrorMessage";
import { useAsync } from "../../hooks/useAsync";
import { useDebounce } from "../../hooks/useDebounce";
import { useAdmin } from "../context";
import { BUTTON_SECONDARY, INPUT } from "./ui";

/** Shopper is who a personal list is previewed for. */
export interface Shopper {
  id: number;
  username: string;
}

/** ShopperSearch finds a shopper by the start of their name; the ten first matches are buttons to choose from. */
export function ShopperSearch({ value, onChange }: { value: Shopper | null; onChange: (s: Shopper | null) => void }) {
  const { client } = useAdmin();
  const id = useId();
  const [text, setText] = useState("");
  // After a choice (or "choose another") focus goes to what replaced the button that had it.
  const [moveFocus, setMoveFocus] = useState(false);
  const changeRef = useRef<HTMLButtonElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (!moveFocus) return;
    setMoveFocus(false);
    (value ? changeRef.current : inputRef.current)?.focus();
  }, [moveFocus, value]);
  const choose = (s: Shopper | null) => {
    onChange(s);
    setMoveFocus(true);
  };
  const q = useDebounce(text.trim(), 250);
  const searching = value === null;
  const found = useAsync(
    (signal) => (searching ? client.users(q, 1, 10, signal) : Promise.resolve(null)),
    [client, q, searching],
    true,
  );

  if (value) {
    return (
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <UserRound aria-hidden className="size-4 text-stone-600" />
        <span>
          Previewing for <span className="font-medium">{value.username}</span>{" "}
          <span className="text-stone-600">(#{value.id})</span>
        </span>
        <button
          ref={changeRef}
          type="button"
          className={`${BUTTON_SECONDARY} px-2 py-1 text-xs`}
          onClick={() => choose(null)}
          data-testid="shopper-change"
        >
          Choose another shopper
        </button>
      </div>
    );
  }
  const users = found.data?.results ?? [];
  return (
    <div className="max-w-md">
      <label htmlFor={`${id}-q`} className="text-sm font-medium text-stone-700">
        Shopper
      </label>
      <input
        ref={inputRef}
        id={`${id}-q`}
        type="search"
        className={`${INPUT} mt-1`}
        placeholder="Name starts with…"
        autoComplete="off"
        aria-describedby={`${id}-status`}
        value={text}
        onChange={(e) => setText(e.target.value)}
        data-testid="shopper-search"
      />
      <p id={`${id}-status`} className="mt-1 text-xs text-stone-600" aria-live="polite">
        {found.status === "error"
          ? `Could not search: ${describeError(found.error).message}`
          : found.status === "loading" && !found.data
            ? "Searching…"
            : users.length === 0
              ? "No shopper has a name starting with that."
              : `${users.length} ${users.length === 1 ? "shopper" : "shoppers"}: choose one to preview their list.`}
      </p>
      {users.length > 0 && (
        <ul className="mt-2 flex flex-wrap gap-2" aria-label="Shoppers found">
          {users.map((u) => (
            <li key={u.id}>
              <button
                type="button"
                className={`${BUTTON_SECONDARY} px-2 py-1 text-xs`}
                onClick={() => choose({ id: u.id, username: u.username })}
              >
                {u.username} <span className="text-stone-600">#{u.id}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
