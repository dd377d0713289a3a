import { Library, Settings } from "lucide-react";
import { CartMenu } from "./CartMenu";
import { Link } from "./Link";
import { SearchBox } from "./SearchBox";
import { UserPicker } from "./UserPicker";

/** Header carries the shop name, search, the shopper picker and the cart. */
export function Header() {
  return (
    <header className="sticky top-0 z-20 border-b border-stone-200 bg-white/90 backdrop-blur">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-3 px-4 py-3 sm:flex-nowrap sm:gap-4">
        <Link href="/" className="flex items-center gap-2 rounded-lg text-lg font-bold tracking-tight text-stone-900">
          <span className="grid size-8 place-items-center rounded-lg bg-accent-600 text-white">
            <Library aria-hidden className="size-4" />
          </span>
          shelf
        </Link>
        <div className="order-last w-full sm:order-none sm:flex-1">
          <SearchBox />
        </div>
        <div className="ml-auto flex items-center gap-2">
          <UserPicker />
          <CartMenu />
          <Link
            href="/admin"
            data-testid="admin-link"
            title="Admin dashboard"
            className="grid size-9 place-items-center rounded-xl text-stone-400 hover:bg-stone-100 hover:text-stone-700"
          >
            <Settings aria-hidden className="size-4" />
            <span className="sr-only">Admin dashboard</span>
          </Link>
        </div>
      </div>
    </header>
  );
}
