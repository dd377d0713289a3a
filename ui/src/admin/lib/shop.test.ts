// @vitest-environment node
import { describe, expect, it } from "vitest";
import { nowIn, shopDraft, shopFromDraft, timeZones } from "./shop";

describe("shop settings draft", () => {
  it("round-trips the server's settings", () => {
    const s = { time_zone: "Europe/Berlin", currency: "EUR", attribution_window_days: 7 };
    expect(shopFromDraft(shopDraft(s))).toEqual({ value: s, errors: {} });
  });
  it("upper-cases the currency and trims what was typed", () => {
    expect(shopFromDraft({ time_zone: " UTC ", currency: " gbp", attribution_window_days: " 14 " }).value).toEqual({
      time_zone: "UTC",
      currency: "GBP",
      attribution_window_days: 14,
    });
  });
  it("keys each problem by its field", () => {
    const got = shopFromDraft({ time_zone: "", currency: "EURO", attribution_window_days: "1.5" });
    expect(got.value).toBeNull();
    expect(Object.keys(got.errors).sort()).toEqual(["attribution_window_days", "currency", "time_zone"]);
    expect(shopFromDraft({ time_zone: "UTC", currency: "EUR", attribution_window_days: "0" }).errors).toEqual({
      attribution_window_days: "Enter a whole number of days, at least 1.",
    });
  });
});

describe("timeZones", () => {
  it("puts UTC first and keeps a zone the browser does not list", () => {
    expect(timeZones("Asia/Calcutta", () => ["Europe/Berlin", "America/New_York"])).toEqual([
      "UTC",
      "America/New_York",
      "Asia/Calcutta",
      "Europe/Berlin",
    ]);
    expect(timeZones("UTC", () => ["UTC", "Europe/Berlin"])).toEqual(["UTC", "Europe/Berlin"]);
  });
  it("is null when the browser cannot list zones", () => {
    expect(timeZones("UTC", () => null)).toBeNull();
  });
});

describe("nowIn", () => {
  it("shows the time in the zone, and nothing for a zone that is not one", () => {
    const t = new Date("2026-12-01T15:05:00Z");
    expect(nowIn("Europe/Berlin", t)).toBe("2026-12-01 16:05");
    expect(nowIn("UTC", t)).toBe("2026-12-01 15:05");
    expect(nowIn("Not/AZone", t)).toBe("");
  });
});
