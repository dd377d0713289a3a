import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ScoreExplanation, modelLabel, modelScores } from "./ScoreExplanation";

describe("modelLabel", () => {
  const cases: [string, string, string][] = [
    ["cf", "Collaborative filtering", "people with similar taste"],
    ["CF", "Collaborative filtering", "people with similar taste"],
    ["mf_score", "Matrix factorization", "hidden patterns in what everyone rates"],
    ["popularity", "Popularity", "what many shoppers pick right now"],
    ["knn", "Similar items", "chosen by the same shoppers as things you chose"],
    ["graph_walk", "Graph walk", ""],
    ["", "", ""],
  ];
  for (const [name, title, plain] of cases) {
    it(JSON.stringify(name), () => expect(modelLabel(name)).toEqual({ title, plain }));
  }
});

describe("modelScores", () => {
  it("sorts the scores map strongest first, ties by name", () => {
    expect(modelScores({ scores: { popularity: 0.4, cf: 0.9, mf: 0.7, content: 0.4 } })).toEqual([
      ["cf", 0.9],
      ["mf", 0.7],
      ["content", 0.4],
      ["popularity", 0.4],
    ]);
  });
  it("falls back to cf_score and mf_score when there is no map", () => {
    expect(modelScores({ cf_score: 0.2, mf_score: 0.6 })).toEqual([
      ["mf", 0.6],
      ["cf", 0.2],
    ]);
  });
  it("prefers the map over the flat fields and drops non-numbers", () => {
    const scores = { cf: 0.5, bad: Number.NaN, odd: "x" as unknown as number };
    expect(modelScores({ scores, cf_score: 0.9, mf_score: 0.1 })).toEqual([["cf", 0.5]]);
  });
});

describe("ScoreExplanation", () => {
  it("shows each model in plain words with a bar of its score", () => {
    render(
      <ScoreExplanation
        scores={[
          ["cf", 0.9],
          ["popularity", 0.4],
          ["graph_walk", 1.3],
        ]}
      />,
    );
    const cf = screen.getByTestId("score-cf");
    expect(cf.textContent).toContain("Collaborative filtering: people with similar taste");
    expect(cf.textContent).toContain("90%");
    const meter = within(cf).getByRole("meter", { name: "Collaborative filtering" });
    expect(meter.getAttribute("aria-valuenow")).toBe("90");
    expect((meter.firstElementChild as HTMLElement).style.width).toBe("90%");

    const pop = screen.getByTestId("score-popularity");
    expect(pop.textContent).toContain("Popularity");
    expect((within(pop).getByRole("meter").firstElementChild as HTMLElement).style.width).toBe("40%");

    // Out-of-range scores are clamped so a bar never overflows.
    const odd = screen.getByTestId("score-graph_walk");
    expect(odd.textContent).toContain("Graph walk");
    expect((within(odd).getByRole("meter").firstElementChild as HTMLElement).style.width).toBe("100%");
  });

  it("keeps the order it is given", () => {
    render(
      <ScoreExplanation
        scores={[
          ["mf", 0.7],
          ["cf", 0.2],
        ]}
      />,
    );
    const items = screen.getAllByRole("listitem").map((li) => li.getAttribute("data-testid"));
    expect(items).toEqual(["score-mf", "score-cf"]);
  });

  it("says so when there are no scores", () => {
    render(<ScoreExplanation scores={[]} />);
    expect(screen.queryByRole("list")).toBeNull();
    expect(screen.getByText(/No per-model scores/)).toBeTruthy();
  });
});
