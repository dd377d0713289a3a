package eval

import "math"

// metrics are the per-user ranking measures, summed over users until averaged.
type metrics struct {
	precision, recall, ndcg, hit float64
}

// score measures one user's top list against that user's test items.
func score(top []uint64, test map[uint64]struct{}, k int) metrics {
	var dcg float64
	hits := 0
	for p, it := range top {
		if _, ok := test[it]; ok {
			hits++
			dcg += 1 / math.Log2(float64(p)+2)
		}
	}
	var ideal float64
	for p := range min(k, len(test)) {
		ideal += 1 / math.Log2(float64(p)+2)
	}
	m := metrics{
		precision: float64(hits) / float64(k),
		recall:    float64(hits) / float64(len(test)),
	}
	if ideal > 0 {
		m.ndcg = dcg / ideal
	}
	if hits > 0 {
		m.hit = 1
	}
	return m
}

func (m *metrics) add(o metrics) {
	m.precision += o.precision
	m.recall += o.recall
	m.ndcg += o.ndcg
	m.hit += o.hit
}

func (m *metrics) scale(f float64) {
	m.precision *= f
	m.recall *= f
	m.ndcg *= f
	m.hit *= f
}
