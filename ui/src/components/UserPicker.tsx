import { useEffect, useId, useRef, useState } from "react";
import { Check, ChevronDown, UserRound, UsersRound } from "lucide-react";
import { listUsers } from "../api";
import { useAsync } from "../hooks/useAsync";
import { useDebounce } from "../hooks/useDebounce";
import { useShop } from "../shop";
import { describeError } from "./ErrorMessage";
import { HEADER_PANEL } from "./headerPanel";

const USER_PAGE_SIZE = 20;

const PANEL = `${HEADER_PANEL} p-2 sm:w-72`;

/** UserPicker chooses who is shopping: a user found by name prefix, or the guest. */
export function UserPicker() {
  const { shopper, setShopper } = useShop();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const q = useDebounce(text.trim(), 250);
  const panelId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const state = useAsync(
    (signal) => (open ? listUsers(q, 1, USER_PAGE_SIZE, { signal }) : Promise.resolve(null)),
    [q, open],
    true,
  );

  useEffect(() => {
    if (!open) return;
    inputRef.current?.focus();
    const onDown = (e: MouseEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", onDown);
    return () => document.removeEventListener("mousedown", onDown);
  }, [open]);

  const choose = (s: typeof shopper) => {
    setShopper(s);
    setOpen(false);
    setText("");
    buttonRef.current?.focus();
  };

  const users = state.data?.results ?? [];
  const optionClass = (selected: boolean) =>
    `flex w-full items-center justify-between gap-2 rounded-lg px-3 py-2 text-left text-sm hover:bg-stone-100 focus-visible:bg-stone-100 ${
      selected ? "font-semibold text-accent-700" : "text-stone-800"
    }`;

  return (
    <div
      ref={rootRef}
      className="relative"
      onKeyDown={(e) => {
        if (e.key === "Escape" && open) {
          setOpen(false);
          buttonRef.current?.focus();
        }
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        data-testid="user-picker"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
        className="inline-flex max-w-[16rem] items-center gap-2 rounded-xl border border-stone-300 bg-white px-3 py-2 text-sm hover:bg-stone-100"
      >
        <UserRound aria-hidden className="size-4 shrink-0 text-stone-500" />
        <span className="truncate">
          <span className="hidden text-stone-600 lg:inline">Shopping as </span>
          <span className="font-medium">{shopper ? shopper.username : "Guest"}</span>
        </span>
        <ChevronDown aria-hidden className="size-4 shrink-0 text-stone-400" />
      </button>
      {open && (
        <div
          id={panelId}
          role="dialog"
          aria-label="Choose who is shopping"
          aria-describedby={`${panelId}-hint`}
          data-testid="user-picker-panel"
          className={PANEL}
        >
          <p id={`${panelId}-hint`} className="px-1 pb-2 text-sm text-stone-700">
            Pick a shopper to see personal picks.
          </p>
          <label htmlFor={`${panelId}-q`} className="sr-only">
            Find a user by name
          </label>
          <input
            id={`${panelId}-q`}
            ref={inputRef}
            type="search"
            placeholder="Find a user by name"
            autoComplete="off"
            value={text}
            onChange={(e) => setText(e.target.value)}
            className="mb-2 w-full rounded-lg border border-stone-300 px-3 py-1.5 text-sm focus:border-accent-500"
          />
          <ul className="max-h-72 overflow-y-auto" aria-label="Users">
            <li>
              <button
                type="button"
                data-testid="user-option-guest"
                className={optionClass(!shopper)}
                onClick={() => choose(null)}
              >
                <span className="flex items-center gap-2">
                  <UsersRound aria-hidden className="size-4 text-stone-500" /> Guest
                </span>
                {!shopper && <Check aria-label="selected" className="size-4" />}
              </button>
            </li>
            {users.map((u) => (
              <li key={u.id}>
                <button
                  type="button"
                  data-testid={`user-option-${u.id}`}
                  className={optionClass(shopper?.id === u.id)}
                  onClick={() => choose({ id: u.id, username: u.username })}
                >
                  <span className="min-w-0">
                    <span className="block truncate">{u.username}</span>
                    <span className="block text-xs font-normal text-stone-600">user #{u.id}</span>
                  </span>
                  {shopper?.id === u.id && <Check aria-label="selected" className="size-4 shrink-0" />}
                </button>
              </li>
            ))}
          </ul>
          <p aria-live="polite" className="px-3 pt-1 text-xs text-stone-600 empty:hidden">
            {state.status === "error"
              ? describeError(state.error).message
              : state.status === "loading" && !state.data
                ? "Loading users…"
                : state.data && users.length === 0
                  ? "No user has a name starting with that."
                  : state.data && state.data.count > users.length
                    ? `${state.data.count.toLocaleString("en-US")} users; type more to narrow.`
                    : ""}
          </p>
        </div>
      )}
    </div>
  );
}
