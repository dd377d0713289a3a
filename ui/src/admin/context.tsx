// The admin app's shared state: the API client and who is signed in.
import { createContext, useContext } from "react";
import type { AdminClient } from "./client";

/** AdminState is what every admin page reads through useAdmin. */
export interface AdminState {
  client: AdminClient;
  username: string;
  /** demo says the server runs with -demo: its API is open to anyone who can reach it. */
  demo: boolean;
  logout: () => void;
}

/** AdminContext carries the admin state to the pages. */
export const AdminContext = createContext<AdminState | null>(null);

/** useAdmin returns the admin state; it must be used inside AdminContext. */
export function useAdmin(): AdminState {
  const s = useContext(AdminContext);
  if (!s) throw new Error("useAdmin must be used inside the admin app");
  return s;
}
