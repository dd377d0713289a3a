// Package search is shelf's in-memory full-text index of the product catalog.
//
// It ranks products for a short shopper query over three fields (name,
// category, description) with BM25F: per-field weights (name > category >
// description), per-field length normalisation and one saturation per query
// word. Each query word also matches its light English stem ("running
// shoes" finds "Run shoe"), the last word matches as a prefix for
// search-as-you-type ("head" finds "headphones") and words of 4+ letters
// match with one typo, 8+ letters with two ("hedphones" finds
// "headphones"). Exact matches score above stem matches, stem above prefix,
// prefix above typo. Documents that match more of the query's words rank
// first, then by score, then by lower id.
//
// Text is lower-cased and Latin accents are folded ("Café" matches "cafe").
// Caveats: the stemmer is deliberately light and English only (it conflates
// some unrelated words and misses irregular forms such as "knives"); a small
// English stop-word list is dropped from documents and queries; scripts
// written without spaces (Chinese, Japanese) are not segmented, so a run of
// such letters is one word; words with digits (model numbers) get no typo
// tolerance; the index lives in memory only and is rebuilt from the store at
// start-up.
//
// An Index is safe for concurrent use: searches share a read lock and never
// wait for each other, Put and Delete take the write lock.
package search
