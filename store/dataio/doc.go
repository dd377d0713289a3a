// Package dataio decodes and encodes shelf's bulk files: events
// (interactions), products and users, each as CSV or NDJSON.
//
// Decoding is all or nothing: DecodeEvents, DecodeProducts and DecodeUsers
// either return every record, each of which has passed its Validate method,
// or an *Errors that lists the bad lines (up to MaxErrors of them, with the
// total count). An error of the reader itself (http.MaxBytesReader's
// *http.MaxBytesError, say) is returned as it is. The decoders do not check
// that referenced users and products exist; the store does that when it
// writes.
//
// Caveats:
//   - Times are returned in UTC. A time is RFC 3339 text or whole unix
//     seconds and must fall between 1970 and the end of year 9999.
//   - CSV text fields go through encoding/csv, which turns "\r\n" inside a
//     quoted field into "\n"; every other byte round-trips.
//   - The decoders hold the whole result in memory; callers bound the input
//     size (an HTTP handler with http.MaxBytesReader, say). NDJSON lines are
//     limited to MaxLineBytes.
//   - Passwords are never exported, and a password column or field on import
//     is an error: passwords are not imported in plain text.
package dataio
