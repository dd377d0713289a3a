import { act, render, screen } from "@testing-library/react";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { navigate } from "../../hooks/useLocation";
import { App } from "../../App";
import { fakeServer } from "../../test/fakeServer";

beforeAll(async () => {
  await import("../AdminApp");
}, 30000);
beforeEach(() => window.history.replaceState(null, "", "/"));
afterEach(() => vi.unstubAllGlobals());

describe("login page", () => {
  it("says where the first password is and how to set another", async () => {
    fakeServer((r) => (r.url === "/api/auth/me" ? { status: 401, body: { error: "not logged in" } } : undefined));
    act(() => navigate("/admin/login"));
    render(<App />);
    const box = await screen.findByTestId("login-first-password");
    expect(screen.getByRole("heading", { name: "Where is the first password?" })).toBeTruthy();
    const text = box.textContent!;
    expect(text).toContain("There is no default password.");
    expect(text).toContain(
      "creates the account admin with a generated password and writes it once to the server's log",
    );
    expect(text).toContain("first run: created an admin account");
    expect(text).toContain("shelf admin create -username admin -db shelf.db");
    expect(text).toContain("at least 12 characters");
  });
});
