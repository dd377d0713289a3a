import { describe, expect, it } from "vitest";
import { sentence, sentences } from "./sentence";

describe("sentence", () => {
  it("capitalises a server fragment and ends it with a full stop", () => {
    expect(sentence("price must be positive")).toBe("Price must be positive.");
    expect(sentence("  not logged in ")).toBe("Not logged in.");
  });
  it("leaves a finished sentence alone", () => {
    expect(sentence("Could not reach the server.")).toBe("Could not reach the server.");
    expect(sentence("really?")).toBe("Really?");
    expect(sentence('must name one of "a" or "b" (got "c").')).toBe('Must name one of "a" or "b" (got "c").');
    expect(sentence("")).toBe("");
  });
  it("turns every detail into a sentence", () => {
    expect(sentences({ name: "is required", price: "Must be positive." })).toEqual({
      name: "Is required.",
      price: "Must be positive.",
    });
  });
});
