package model

// ScoredExactly returns a copy of m that scores every item, as if its
// catalog were below Config.Retrieval.MinItems: the reference candidate
// retrieval is measured against.
func ScoredExactly(m *Model) *Model {
	v := *m
	v.retr = nil
	return &v
}

// SetSparseScoring turns item-kNN's sparse scoring under retrieval on or
// off (see scoreSparse) and returns a function that restores it.
func SetSparseScoring(on bool) (restore func()) {
	was := sparseScoring
	sparseScoring = on
	return func() { sparseScoring = was }
}
