package search_test

import (
	"fmt"

	"shelf/store/search"
)

func Example() {
	ix := search.New()
	ix.Put(search.Doc{ID: 1, Name: "Run shoe", Category: "Shoes"})
	ix.Put(search.Doc{ID: 2, Name: "Wireless headphones", Category: "Electronics"})
	ix.Put(search.Doc{ID: 3, Name: "Café crème pods", Category: "Coffee"})

	for _, q := range []string{"running shoes", "head", "hedphones", "CAFE"} {
		hits, total := ix.Search(q, 0, 10)
		fmt.Println(q, "->", total, hits[0].ID)
	}
	// Output:
	// running shoes -> 1 1
	// head -> 1 2
	// hedphones -> 1 2
	// CAFE -> 1 3
}
