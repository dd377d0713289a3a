package store

import (
	"bytes"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// sortedPuts gathers the index entries of an import, to write them in key
// order: bbolt splits a leaf only at commit, so keys put in random order
// into one transaction each shift a leaf that grows to the whole import
// (quadratic), while keys in order are appended.
type sortedPuts struct{ keys, values [][]byte }

// add gathers one entry; it has a bucket's Put's shape.
func (sp *sortedPuts) add(k, v []byte) error {
	sp.keys, sp.values = append(sp.keys, k), append(sp.values, v)
	return nil
}

// put writes the gathered entries into b in key order.
func (sp *sortedPuts) put(b *bolt.Bucket) error {
	order := make([]int, len(sp.keys))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int { return bytes.Compare(sp.keys[i], sp.keys[j]) })
	for _, i := range order {
		if err := b.Put(sp.keys[i], sp.values[i]); err != nil {
			return err
		}
	}
	return nil
}
