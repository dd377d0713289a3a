package search

// deletionTable files words under deletion hashes (see typo.go). Most hashes
// hold one word, so each is the head of a short linked list in one node
// array: a map of slices cost an allocation per hash and twice the memory.
type deletionTable struct {
	heads map[uint64]int32
	nodes []deletionNode
	free  []int32
}

type deletionNode struct {
	word uint32
	next int32 // -1 ends the list
}

func newDeletionTable() deletionTable {
	return deletionTable{heads: map[uint64]int32{}}
}

// len returns the number of distinct hashes.
func (t *deletionTable) len() int { return len(t.heads) }

// add files word w under hash h.
func (t *deletionTable) add(h uint64, w uint32) {
	next, ok := t.heads[h]
	if !ok {
		next = -1
	}
	node := deletionNode{word: w, next: next}
	var n int32
	if k := len(t.free); k > 0 {
		n = t.free[k-1]
		t.free = t.free[:k-1]
		t.nodes[n] = node
	} else {
		n = int32(len(t.nodes))
		t.nodes = append(t.nodes, node)
	}
	t.heads[h] = n
}

// remove takes word w out of hash h.
func (t *deletionTable) remove(h uint64, w uint32) {
	head, ok := t.heads[h]
	if !ok {
		return
	}
	prev := int32(-1)
	for n := head; n >= 0; prev, n = n, t.nodes[n].next {
		if t.nodes[n].word != w {
			continue
		}
		switch next := t.nodes[n].next; {
		case prev >= 0:
			t.nodes[prev].next = next
		case next >= 0:
			t.heads[h] = next
		default:
			delete(t.heads, h)
		}
		t.free = append(t.free, n)
		return
	}
}

// first returns the first node filed under h, or -1; follow nodes[n].next.
func (t *deletionTable) first(h uint64) int32 {
	if n, ok := t.heads[h]; ok {
		return n
	}
	return -1
}
