import { act, render, screen } from "@testing-library/react";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { navigate } from "../../hooks/useLocation";
import { App } from "../../App";
import { fakeServer } from "../../test/fakeServer";

const info = (validation: Record<string, Record<string, number>>, extra: Record<string, unknown> = {}) => ({
  status: {
    ...extra,
    state: "idle",
    progress: 1,
    model_version: 2,
    trained_at: "2026-11-20T10:00:00Z",
    duration_ms: 1200,
    users: 416,
    items: 1000,
    events: 50000,
    models: ["cf", "ease"],
    weights: { cf: 0.5, ease: 0.5 },
    validation,
  },
  history: [],
  cache: { hits: 0, misses: 0 },
});

const ensemble = { precision: 0.1042, recall: 0.198, ndcg: 0.1693, hit_rate: 0.6437, users: 449 };
const popularity = { precision: 0.0189, recall: 0.0421, ndcg: 0.029, hit_rate: 0.1648, users: 449 };

function serve(validation: Record<string, Record<string, number>>, extra: Record<string, unknown> = {}) {
  fakeServer((r) => {
    if (r.url === "/api/auth/me") return { status: 200, body: { username: "admin", csrf_token: "c1" } };
    if (r.url.startsWith("/api/model/")) return { status: 200, body: info(validation, extra) };
    return undefined;
  });
}

beforeAll(async () => {
  await import("../AdminApp");
}, 30000);
beforeEach(() => window.history.replaceState(null, "", "/"));
afterEach(() => vi.unstubAllGlobals());

describe("model page in plain words", () => {
  it("leads with how much more than best-sellers the recommendations find, and says what each metric means", async () => {
    serve({ ensemble, popularity });
    act(() => navigate("/admin/model"));
    render(<App />);
    const h = await screen.findByTestId("model-headline");
    expect(h.querySelector("p")!.textContent).toBe(
      "Recommendations find 4.7× more of what shoppers later chose than best-sellers",
    );
    expect(h.textContent).toContain("the 10 best-sellers 4.2%");
    // The baseline's row of the table is named as the headline names it.
    expect(screen.getByTestId("metrics-popularity").textContent).toContain("Best-sellers (the baseline)");
    const items = Array.from(screen.getByTestId("metric-sentences").querySelectorAll("li")).map((li) => li.textContent);
    expect(items.slice(0, 4).map((t) => t!.split(":")[0])).toEqual([
      "Precision 0.104",
      "Recall 0.198",
      "NDCG 0.169",
      "Hit rate 0.644",
    ]);
    expect(items[1]).toBe("Recall 0.198: Of the products a shopper later chose, the 10 recommendations had found 20%.");
    expect(screen.getByText(/learned from 50,000 interactions of the 416 shoppers who have any/)).toBeTruthy();
  });

  it("shows no headline without a best-sellers baseline to compare with", async () => {
    serve({ ensemble });
    act(() => navigate("/admin/model"));
    render(<App />);
    await screen.findByTestId("metric-sentences");
    expect(screen.queryByTestId("model-headline")).toBeNull();
    // A full training of a small shop: nothing limited, nothing refreshed.
    expect(screen.queryByTestId("model-limits")).toBeNull();
    expect(screen.queryByTestId("model-refreshed")).toBeNull();
  });

  it("says what training limited at this size, and what a refresh solved again", async () => {
    serve(
      { ensemble },
      {
        limits: [
          "ease modelled the 2500 products with the most interactions of the 189666 that have any",
          "validation and tuning learned from a sample of 10000 of the 572404 shoppers.",
        ],
        refreshed: { from: "2026-11-20T09:00:00Z", changed_users: 1839, changed_items: 1, new_items: 0 },
      },
    );
    act(() => navigate("/admin/model"));
    render(<App />);
    const limits = await screen.findByTestId("model-limits");
    expect(Array.from(limits.querySelectorAll("li")).map((li) => li.textContent)).toEqual([
      "ease modelled the 2500 products with the most interactions of the 189666 that have any.",
      "validation and tuning learned from a sample of 10000 of the 572404 shoppers.",
    ]);
    const refreshed = screen.getByTestId("model-refreshed").textContent!;
    expect(refreshed).toContain("1,839 shoppers and 1 product solved again.");
    expect(refreshed).not.toContain("new product");
  });
});
