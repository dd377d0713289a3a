// Package loadtest is the load generator behind `shelf bench`: it discovers
// a running shop over its own API, drives one of a few storefront scenarios
// against it with many concurrent keep-alive clients, and reports
// throughput, status counts and latency percentiles.
//
// Caveats:
//   - The generator shares the machine with the server when both run on one
//     host (the default, see below), so figures are a floor for the server,
//     not its ceiling. It is kept cheap: each client owns one keep-alive
//     HTTP/1.1 connection driven from its own goroutine (see conn.go for why
//     not http.Client), bodies are drained so connections are reused, and
//     latencies go into a fixed-size log-bucket histogram (relative error
//     under 0.4%) instead of a growing slice. Against shelf's cached
//     recommendations it reached 82-87% of wrk's throughput on a busy
//     2-core machine, at about 1.4 times wrk's CPU per request.
//   - Only HTTP/1.1 is spoken; an https BaseURL works, without HTTP/2.
//   - Only loopback addresses are accepted unless Options.AllowRemote is set:
//     a load test sent to another machine by a typo is an attack on it.
//   - Latency percentiles cover every request that got an HTTP response,
//     whatever its status; requests that got none (refused, timed out) count
//     as errors but not in the latencies.
//   - recommend-nocache measures uncached recommendations only when the
//     server runs with -cache-mb 0; otherwise it measures a cache under
//     churn. The report shows the server's cache hit ratio over the run
//     (GET /api/model/, which needs a secret key unless the server runs
//     with -demo).
package loadtest
