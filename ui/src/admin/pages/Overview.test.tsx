import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { navigate } from "../../hooks/useLocation";
import { App } from "../../App";
import { fakeServer as fakeAPI, type Handler } from "../../test/fakeServer";

// fakeServer answers as the server of an admin signed in with CSRF token c1.
function fakeServer(handler: Handler) {
  return fakeAPI((r) =>
    r.url === "/api/auth/me" ? { status: 200, body: { username: "admin", csrf_token: "c1" } } : handler(r),
  );
}

// days makes 30 days up to 2026-12-01, today and so partial, with the given impressions and clicks a day.
function days(impressions: number, clicks: number) {
  return Array.from({ length: 30 }, (_, i) => {
    const date = new Date(Date.UTC(2026, 10, 2 + i)).toISOString().slice(0, 10);
    return {
      date,
      partial: i === 29,
      impressions,
      clicks,
      ctr: impressions ? clicks / impressions : 0,
      carts: 0,
      purchases: clicks ? 1 : 0,
      conversion_rate: clicks ? 1 / clicks : 0,
      revenue: 0,
      total_revenue: 0,
    };
  });
}

const list = (strategy: string, placement: string, impressions: number, clicks: number, revenue = 0) => ({
  strategy,
  placement,
  variant: "",
  impressions,
  clicks,
  ctr: impressions ? clicks / impressions : 0,
  carts: 0,
  purchases: 0,
  conversion_rate: 0,
  revenue,
});

function analytics(over: object = {}) {
  return {
    from: "2026-11-02",
    to: "2026-12-01",
    placement: "",
    variant: "",
    time_zone: "Europe/Berlin",
    currency: "EUR",
    attribution_window_days: 7,
    days: days(100, 4),
    lists: [
      list("personal", "home", 1000, 41, 300),
      list("trending", "home", 1000, 20, 12.5),
      list("similar", "product-page", 1000, 41, 100),
      list("trending", "", 10, 0),
    ],
    total: {
      impressions: 3010,
      clicks: 102,
      ctr: 102 / 3010,
      carts: 10,
      purchases: 9,
      conversion_rate: 9 / 102,
      revenue: 412.5,
      total_revenue: 1650,
      revenue_share: 0.25,
    },
    ...over,
  };
}

beforeAll(async () => {
  await import("../AdminApp");
}, 30000);
beforeEach(() => window.history.replaceState(null, "", "/"));
afterEach(() => vi.unstubAllGlobals());

describe("overview: what recommendations did", () => {
  it("leads with the revenue recommendations drove, then the trends per placement and best-sellers", async () => {
    const calls = fakeServer((r) => {
      if (r.url === "/api/analytics") return { status: 200, body: analytics() };
      const m = /^\/api\/analytics\?from=2026-11-02&to=2026-12-01&placement=([a-z-]+)$/.exec(r.url);
      if (m) return { status: 200, body: analytics({ placement: m[1], days: days(50, m[1] === "home" ? 3 : 1) }) };
      return undefined;
    });
    act(() => navigate("/admin"));
    render(<App />);
    const text = await screen.findByTestId("recs-headline-text");
    expect(text.textContent).toBe("Recommendations drove €412.50 (25% of revenue) in the last 30 days.");
    // The headline comes before everything else on the page.
    const main = document.getElementById("admin-main")!;
    expect(main.querySelector("p.text-xl")).toBe(text);
    expect(screen.getByTestId("recs-headline").textContent).toContain("of €1,650.00 in all");

    // One request per placement that has lists, none for lists without one.
    await waitFor(() => expect(screen.queryByText(/Loading the placements' numbers/)).toBeNull());
    const perPlacement = calls.filter((c) => c.url.includes("placement=")).map((c) => c.url.split("placement=")[1]);
    expect(perPlacement.sort()).toEqual(["home", "product-page"]);
    const ctr = screen.getByTestId("trend-ctr");
    expect(within(ctr).getByRole("img").getAttribute("aria-label")).toContain("All lists, home, product-page");
    // Today is partial, and the chart says so in words.
    expect(screen.getByTestId("trend-ctr-partial").textContent).toContain("Today (Dec 1) is not over yet");
    expect(screen.getByTestId("trend-conversion_rate-partial")).toBeTruthy();

    expect(screen.getByTestId("recs-comparison").textContent).toBe(
      "4.1% of personalised lists' impressions were clicked (82 of 2,000), against 2.0% of best-sellers' (20 of 1,010): personalised lists were clicked 2.1 times as often.",
    );
    const table = screen.getByRole("table", { name: "Recommendations per placement in the last 30 days" });
    expect(
      Array.from(within(table).getByTestId("recs-placement-home").querySelectorAll("td")).map((td) => td.textContent),
    ).toEqual(["home", "Picked for the shopper, Best-sellers", "2,000", "61", "3.0%", "0", "0.0%", "€312.50"]);
    expect(within(table).getByTestId("recs-placement-none").textContent).toContain("no placement");
  });

  it("draws at most 8 placements and says how many more there are", async () => {
    const many = Array.from({ length: 10 }, (_, i) => list("personal", `p${i}`, 100 - i, 1));
    const calls = fakeServer((r) => {
      if (r.url === "/api/analytics")
        return { status: 200, body: analytics({ lists: many, total: { ...analytics().total, impressions: 955 } }) };
      if (r.url.startsWith("/api/analytics?")) return { status: 200, body: analytics({ days: days(10, 1) }) };
      return undefined;
    });
    act(() => navigate("/admin"));
    render(<App />);
    expect(
      await screen.findByText(/The charts show the 8 placements with the most lists shown; 2 more are/),
    ).toBeTruthy();
    expect(calls.filter((c) => c.url.includes("placement=")).map((c) => c.url.split("placement=")[1])).toEqual([
      "p0",
      "p1",
      "p2",
      "p3",
      "p4",
      "p5",
      "p6",
      "p7",
    ]);
  });

  it("says no recommendation has been clicked yet, and draws no empty charts", async () => {
    const calls = fakeServer((r) => {
      if (r.url === "/api/analytics")
        return {
          status: 200,
          body: analytics({
            days: days(0, 0),
            lists: [],
            total: {
              ...analytics().total,
              impressions: 0,
              clicks: 0,
              ctr: 0,
              revenue: 0,
              total_revenue: 0,
              revenue_share: 0,
            },
          }),
        };
      return undefined;
    });
    act(() => navigate("/admin"));
    render(<App />);
    expect((await screen.findByTestId("recs-headline-text")).textContent).toBe(
      "No recommendation has been clicked yet: shelf has not shown a list in the last 30 days.",
    );
    expect(screen.queryByTestId("recs-trends")).toBeNull();
    expect(screen.queryByTestId("recs-best-sellers")).toBeNull();
    expect(calls.some((c) => c.url.includes("placement="))).toBe(false);
  });

  it("asks for the last 7 days from today in the shop's time zone", async () => {
    // Half past midnight in Berlin: already December 2nd there.
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-12-01T23:30:00Z") });
    try {
      const calls = fakeServer((r) => {
        if (r.url === "/api/shop")
          return { status: 200, body: { time_zone: "Europe/Berlin", currency: "EUR", attribution_window_days: 7 } };
        if (r.url.startsWith("/api/analytics")) return { status: 200, body: analytics() };
        return undefined;
      });
      act(() => navigate("/admin"));
      render(<App />);
      await screen.findByTestId("recs-headline-text");
      fireEvent.change(screen.getByLabelText("Period"), { target: { value: "7" } });
      await waitFor(() => expect(calls.some((c) => c.url === "/api/analytics?from=2026-11-26")).toBe(true));
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("overview: interactions per day", () => {
  const stats = (last: string) => ({
    counts: { products: 10, users: 5, interactions: 40 },
    per_day: [
      { date: "2026-11-30", view: 20, like: 2, cart: 3, purchase: 1 },
      { date: last, view: 4, like: 0, cart: 1, purchase: 0 },
    ],
    funnel: { view: 24, like: 2, cart: 4, purchase: 1 },
    top_products: [],
    top_categories: [],
  });

  it("marks today's day as not over yet, and a finished day not", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-12-01T15:00:00Z") });
    try {
      let last = "2026-12-01";
      fakeServer((r) => {
        if (r.url.startsWith("/api/admin/stats")) return { status: 200, body: stats(last) };
        if (r.url.startsWith("/api/analytics")) return { status: 200, body: analytics() };
        return undefined;
      });
      act(() => navigate("/admin"));
      const { unmount } = render(<App />);
      expect((await screen.findByTestId("per-day-partial")).textContent).toBe(
        "Today (Dec 1, UTC) is not over yet: its counts are shaded and will still grow.",
      );
      expect(within(screen.getByTestId("per-day-chart")).getByRole("img").getAttribute("aria-label")).toContain(
        "the last day is today and not over yet",
      );
      unmount();

      last = "2026-11-29";
      act(() => navigate("/admin"));
      render(<App />);
      await screen.findByTestId("per-day-chart");
      expect(screen.queryByTestId("per-day-partial")).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });
});
