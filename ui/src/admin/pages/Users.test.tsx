import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { navigate } from "../../hooks/useLocation";
import { App } from "../../App";
import { fakeServer } from "../../test/fakeServer";
import { usersLine } from "./Users";

beforeAll(async () => {
  await import("../AdminApp");
}, 30000);
beforeEach(() => window.history.replaceState(null, "", "/"));
afterEach(() => vi.unstubAllGlobals());

describe("users count", () => {
  it("says all users, or the matches of a search, never a search's count as the shop's", () => {
    expect(usersLine(500, "")).toBe("500 users in all");
    expect(usersLine(1, "an")).toBe("1 user with a name starting “an”");
    expect(usersLine(1234, "a")).toBe("1,234 users with a name starting “a”");
  });

  it("shows the search's count as matches on the page", async () => {
    fakeServer((r) => {
      if (r.url === "/api/auth/me") return { status: 200, body: { username: "admin", csrf_token: "c1" } };
      if (r.url.startsWith("/api/users/")) {
        const q = new URL(r.url, "http://x").searchParams.get("q");
        const u = { id: 1, username: "ana", email: "ana@example.org", date_joined: "2026-01-01T00:00:00Z" };
        return { status: 200, body: { results: [u], count: q ? 41 : 500, next: null, previous: null } };
      }
      return undefined;
    });
    act(() => navigate("/admin/users"));
    render(<App />);
    expect(await screen.findByText("500 users in all")).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Find by name"), { target: { value: "a" } });
    await waitFor(() => expect(screen.getByText("41 users with a name starting “a”")).toBeTruthy());
  });
});
