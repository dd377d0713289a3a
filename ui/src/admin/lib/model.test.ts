import { describe, expect, it } from "vitest";
import { headline, metricSentences } from "./model";

// The demo shop's figures as GET /api/model/ answered them.
const demo = {
  ensemble: { precision: 0.1042, recall: 0.198, ndcg: 0.1693, hit_rate: 0.6437, users: 449 },
  popularity: { precision: 0.0189, recall: 0.0421, ndcg: 0.029, hit_rate: 0.1648, users: 449 },
  cf: { precision: 0.0993, recall: 0.1851, ndcg: 0.1622, hit_rate: 0.608, users: 449 },
};

describe("headline", () => {
  it("compares the blend's recall with the best-sellers' on the same shoppers", () => {
    const h = headline(demo)!;
    expect(h.ratio).toBeCloseTo(0.198 / 0.0421, 6);
    expect(h.text).toBe("Recommendations find 4.7× more of what shoppers later chose than best-sellers");
    expect(h.detail).toBe(
      "Measured on 449 shoppers whose latest choices were held back from training: the 10 recommendations found 20% of what each went on to choose, the 10 best-sellers 4.2%.",
    );
  });
  it("says so when best-sellers do as well or better", () => {
    expect(headline({ ensemble: { ...demo.ensemble, recall: 0.042 }, popularity: demo.popularity })!.text).toBe(
      "Recommendations find about as much of what shoppers later chose as best-sellers",
    );
    expect(headline({ ensemble: { ...demo.ensemble, recall: 0.021 }, popularity: demo.popularity })!.text).toBe(
      "Best-sellers find more of what shoppers later chose than recommendations (2× as much)",
    );
  });
  it("has no headline without a baseline, an ensemble, or a baseline that found anything", () => {
    expect(headline(undefined)).toBeNull();
    expect(headline({ ensemble: demo.ensemble, cf: demo.cf })).toBeNull();
    expect(headline({ popularity: demo.popularity, cf: demo.cf })).toBeNull();
    expect(headline({ ensemble: demo.ensemble, popularity: { ...demo.popularity, recall: 0 } })).toBeNull();
  });
});

describe("metricSentences", () => {
  it("gives each of the blend's metrics one sentence with its own number", () => {
    const s = metricSentences(demo);
    expect(s.map((m) => [m.metric, m.value])).toEqual([
      ["Precision", "0.104"],
      ["Recall", "0.198"],
      ["NDCG", "0.169"],
      ["Hit rate", "0.644"],
    ]);
    expect(s[0].sentence).toBe(
      "Of the 10 products recommended to a shopper, 1.0 on average were ones they later chose.",
    );
    expect(s[1].sentence).toBe("Of the products a shopper later chose, the 10 recommendations had found 20%.");
    expect(s[3].sentence).toBe(
      "For 64% of shoppers, at least one of their 10 recommendations was a product they later chose.",
    );
  });
  it("is empty without the blend's figures", () => {
    expect(metricSentences({ cf: demo.cf })).toEqual([]);
  });
});
