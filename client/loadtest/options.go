package loadtest

import (
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"
)

// The scenarios Run knows.
const (
	ScenarioIngest           = "ingest"
	ScenarioRecommend        = "recommend"
	ScenarioRecommendNoCache = "recommend-nocache"
	ScenarioSearch           = "search"
	ScenarioSimilar          = "similar"
	ScenarioMixed            = "mixed"
)

// Scenarios lists every scenario name, for flag help and validation.
var Scenarios = []string{ScenarioIngest, ScenarioRecommend, ScenarioRecommendNoCache, ScenarioSearch, ScenarioSimilar, ScenarioMixed}

// Defaults and bounds of Options.
const (
	DefaultConcurrency = 64
	DefaultDuration    = 10 * time.Second
	DefaultTimeout     = 10 * time.Second
	DefaultHotUsers    = 16
	MaxDuration        = 10 * time.Minute
	MaxWarmup          = time.Minute
	MaxConcurrency     = 4096
)

// Options describes one load test.
type Options struct {
	// BaseURL is the shop's address, e.g. http://127.0.0.1:8080.
	BaseURL string
	// APIKey is sent as a Bearer key when set; a -demo server needs none.
	// Discovery lists users, which needs a secret key on a real shop.
	APIKey string
	// Scenario is one of Scenarios.
	Scenario string
	// Concurrency is the number of concurrent clients, each with one
	// request in flight; 0 means DefaultConcurrency.
	Concurrency int
	// Duration bounds the measured part of the run (after Warmup); 0 means
	// DefaultDuration, and it may not exceed MaxDuration.
	Duration time.Duration
	// MaxRequests stops the run after this many measured requests; 0 means
	// only Duration bounds it.
	MaxRequests int
	// Warmup runs the scenario this long before measuring, to fill
	// connection pools and caches; at most MaxWarmup.
	Warmup time.Duration
	// Seed makes the request sequence reproducible: the same seed, shop and
	// concurrency give every client the same sequence of requests.
	Seed int64
	// HotUsers is the size of the hot set of the recommend scenario: the
	// users with the lowest ids, so that HotUsers 1 asks for the same URL as
	// a fixed-URL tool such as wrk would. 0 means DefaultHotUsers.
	HotUsers int
	// UserIDs, when above 0, has the recommend-nocache scenario draw its
	// users uniformly from the ids 1 to UserIDs instead of from those
	// discovery found (at most 2,000): the ids of a shop made by shelf
	// demo, so that every user of a large shop is asked for.
	UserIDs int
	// Timeout bounds one request; 0 means DefaultTimeout.
	Timeout time.Duration
	// AllowRemote permits a BaseURL whose host is not a loopback address.
	// It is off by default because a load test is indistinguishable from an
	// attack: a mistyped address must not send thousands of requests a
	// second to someone else's machine.
	AllowRemote bool
}

// withDefaults returns opt with zero fields defaulted, or an error naming
// the first field out of bounds.
func (opt Options) withDefaults() (Options, error) {
	if opt.Concurrency == 0 {
		opt.Concurrency = DefaultConcurrency
	}
	if opt.Duration == 0 {
		opt.Duration = DefaultDuration
	}
	if opt.HotUsers == 0 {
		opt.HotUsers = DefaultHotUsers
	}
	if opt.Timeout == 0 {
		opt.Timeout = DefaultTimeout
	}
	switch {
	case !validScenario(opt.Scenario):
		return opt, fmt.Errorf("unknown scenario %q: use one of %s", opt.Scenario, strings.Join(Scenarios, ", "))
	case opt.Concurrency < 1 || opt.Concurrency > MaxConcurrency:
		return opt, fmt.Errorf("concurrency must be from 1 to %d (got %d)", MaxConcurrency, opt.Concurrency)
	case opt.Duration < 0 || opt.Duration > MaxDuration:
		return opt, fmt.Errorf("duration must be positive and at most %v (got %v)", MaxDuration, opt.Duration)
	case opt.Warmup < 0 || opt.Warmup > MaxWarmup:
		return opt, fmt.Errorf("warmup must be from 0 to %v (got %v)", MaxWarmup, opt.Warmup)
	case opt.MaxRequests < 0:
		return opt, fmt.Errorf("max requests must not be negative (got %d)", opt.MaxRequests)
	case opt.HotUsers < 0:
		return opt, fmt.Errorf("hot users must not be negative (got %d)", opt.HotUsers)
	case opt.UserIDs < 0:
		return opt, fmt.Errorf("user ids must not be negative (got %d)", opt.UserIDs)
	case opt.Timeout < 0:
		return opt, fmt.Errorf("timeout must not be negative (got %v)", opt.Timeout)
	}
	base, err := checkBaseURL(opt.BaseURL, opt.AllowRemote)
	if err != nil {
		return opt, err
	}
	opt.BaseURL = base
	return opt, nil
}

func validScenario(s string) bool {
	for _, name := range Scenarios {
		if s == name {
			return true
		}
	}
	return false
}

// checkBaseURL parses raw (http:// is assumed when it has no scheme) and
// returns it without a trailing slash. Unless
// allowRemote, the host must be "localhost" or a loopback IP literal; other
// names are refused rather than resolved, since a name that resolves to a
// loopback address here may not elsewhere.
func checkBaseURL(raw string, allowRemote bool) (string, error) {
	if raw != "" && !strings.Contains(raw, "://") {
		raw = "http://" + raw // host:port, as people type it
	}
	u, err := url.Parse(raw)
	if err != nil || raw == "" {
		return "", fmt.Errorf("base URL %q is not a URL such as http://127.0.0.1:8080", raw)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("base URL %q must start with http:// or https://", raw)
	}
	if u.Host == "" {
		return "", fmt.Errorf("base URL %q has no host", raw)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("base URL %q must not have a query or fragment", raw)
	}
	if !allowRemote && !isLoopback(u.Hostname()) {
		return "", fmt.Errorf("refusing to load-test %s: it is not a loopback address (allow remote hosts explicitly, and only for machines you own)", u.Host)
	}
	return strings.TrimRight(u.Scheme+"://"+u.Host+u.Path, "/"), nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
