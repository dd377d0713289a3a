package dataio

// Spreadsheets run a CSV cell that begins with =, +, -, @, a tab or a
// carriage return as a formula ("formula injection"): a product named
// =HYPERLINK(...) would act when a shop owner opens an export. CSV exports
// therefore write such a text cell with a leading apostrophe, which
// spreadsheets show as text, and shelf's CSV import removes it again, so an
// export imports back unchanged. A cell that already begins with an
// apostrophe followed by one of those characters or another apostrophe gets
// one more, so that the import's removal is exact. NDJSON is never altered.

// formulaStart reports whether c starts a formula in a spreadsheet.
func formulaStart(c byte) bool {
	switch c {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}

// escapedStart reports whether s begins with an apostrophe that an export
// added (or would have to add) in front of a formula or another apostrophe.
func escapedStart(s string) bool {
	return len(s) >= 2 && s[0] == '\'' && (formulaStart(s[1]) || s[1] == '\'')
}

// neutralise returns s as a CSV export writes it.
func neutralise(s string) string {
	if s != "" && (formulaStart(s[0]) || escapedStart(s)) {
		return "'" + s
	}
	return s
}

// unneutralise undoes neutralise on a cell read from CSV.
func unneutralise(s string) string {
	if escapedStart(s) {
		return s[1:]
	}
	return s
}
