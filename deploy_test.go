package main

import (
	"debug/elf"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"shelf/api/auth"
	"shelf/store"
)

// The deployment files (deploy/ and docs/DEPLOY.md) are tested here as far
// as a machine without a Docker engine or systemd as PID 1 allows: the unit
// is checked by systemd-analyze when it is installed and always parsed, its
// command line by shelf serve's own flag parser; the Dockerfile is parsed,
// its build command compared with CI's and run, and the binary it builds is
// started as its ENTRYPOINT starts it and probed by its HEALTHCHECK; the
// backup cron line runs in sh against that shelf; and every shelf command
// in the guide is checked against the real flag sets.

// TestDeployUnit checks deploy/shelf.service.
func TestDeployUnit(t *testing.T) {
	text := readFile(t, "deploy/shelf.service")
	t.Run("systemd-analyze", func(t *testing.T) { verifyUnit(t, text) })
	u, err := parseUnit(text)
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]string{
		"NoNewPrivileges": "yes", "ProtectSystem": "strict", "ProtectHome": "yes", "PrivateTmp": "yes",
		"PrivateDevices": "yes", "ProtectKernelTunables": "yes", "ProtectKernelModules": "yes",
		"ProtectKernelLogs": "yes", "ProtectControlGroups": "yes", "LockPersonality": "yes",
		"MemoryDenyWriteExecute": "yes", "CapabilityBoundingSet": "", "AmbientCapabilities": "",
		"StateDirectory": "shelf", "EnvironmentFile": "-/etc/shelf/shelf.env", "Restart": "on-failure",
	} {
		if got, ok := u.last("Service", key); !ok || got != want {
			t.Errorf("%s=%q, want %q (set: %v)", key, got, want, ok)
		}
	}
	if !slices.Contains(u.all("Service", "SystemCallFilter"), "@system-service") {
		t.Errorf("SystemCallFilter=%q lacks @system-service", u.all("Service", "SystemCallFilter"))
	}
	families, _ := u.last("Service", "RestrictAddressFamilies")
	for _, f := range strings.Fields(families) {
		if f != "AF_INET" && f != "AF_INET6" && f != "AF_UNIX" {
			t.Errorf("RestrictAddressFamilies allows %s, which shelf does not use", f)
		}
	}
	if fs := strings.Fields(families); !slices.Contains(fs, "AF_INET") || !slices.Contains(fs, "AF_INET6") {
		t.Errorf("RestrictAddressFamilies=%q: shelf needs AF_INET and AF_INET6", families)
	}
	if user, _ := u.last("Service", "User"); (user == "" || user == "root" || user == "0") && !u.is("Service", "DynamicUser", "yes") {
		t.Errorf("User=%q: shelf must not run as root", user)
	}
	if n, err := strconv.Atoi(must(u.last("Service", "LimitNOFILE"))); err != nil || n < 4096 {
		t.Errorf("LimitNOFILE=%q: want a number of at least 4096", must(u.last("Service", "LimitNOFILE")))
	}
	// The stop timeout covers the drain with room for the trainer and a
	// compaction in progress.
	stop, err := time.ParseDuration(must(u.last("Service", "TimeoutStopSec")))
	if err != nil || stop < 2*shutdownTimeout {
		t.Errorf("TimeoutStopSec=%q: want at least twice shelf's %s drain (%v)", must(u.last("Service", "TimeoutStopSec")), shutdownTimeout, err)
	}
	checkExecStart(t, u)
}

// checkExecStart parses the unit's command line, with its Environment=,
// as shelf serve does.
func checkExecStart(t *testing.T, u unit) {
	t.Helper()
	words, err := shellWords(must(u.last("Service", "ExecStart")))
	if err != nil || len(words) < 2 || words[0] != "/usr/local/bin/shelf" || words[1] != "serve" {
		t.Fatalf("ExecStart=%q (%v): want /usr/local/bin/shelf serve ...", words, err)
	}
	for _, line := range u.all("Service", "Environment") {
		assignments, err := shellWords(line)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range assignments {
			k, v, ok := strings.Cut(a, "=")
			if !ok {
				t.Fatalf("Environment=%q: %q is not NAME=value", line, a)
			}
			t.Setenv(k, v)
		}
	}
	cfg := serveConfig(t, words[2:])
	if want := "/var/lib/" + must(u.last("Service", "StateDirectory")) + "/shelf.db"; cfg.DB != want {
		t.Errorf("the database is %s, not in the StateDirectory: want %s", cfg.DB, want)
	}
	host, _, err := net.SplitHostPort(cfg.Addr)
	if ip, perr := netip.ParseAddr(host); err != nil || perr != nil || !ip.IsLoopback() {
		t.Errorf("shelf listens on %q by default: want loopback, behind a proxy", cfg.Addr)
	}
}

// verifyUnit runs systemd-analyze verify on the unit, with the binary's
// path changed to one that exists here (it checks that ExecStart is an
// executable), and fails on any complaint: unknown keys are only warnings.
func verifyUnit(t *testing.T, text string) {
	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Skip("systemd-analyze is not installed (apt-get install systemd)")
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "shelf.service")
	if err := os.WriteFile(path, []byte(strings.ReplaceAll(text, "/usr/local/bin/shelf", self)), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(analyze, "verify", path).CombinedOutput()
	if err != nil || len(strings.TrimSpace(string(out))) > 0 {
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}
}

// TestDeployEnvFile: every variable of deploy/shelf.env, set or commented
// out, is a flag of shelf serve, with a value it accepts.
func TestDeployEnvFile(t *testing.T) {
	names := flagNames(t, "serve")
	n := 0
	for _, m := range regexp.MustCompile(`(?m)^#?(SHELF_[A-Z0-9_]+)=(.*)$`).FindAllStringSubmatch(readFile(t, "deploy/shelf.env"), -1) {
		if !names[envFlag(m[1])] {
			t.Errorf("deploy/shelf.env: %s is no flag of shelf serve", m[1])
		}
		t.Setenv(m[1], m[2])
		n++
	}
	if n < 5 {
		t.Fatalf("found only %d SHELF_ variables in deploy/shelf.env", n)
	}
	if _, err := parseServeFlags(nil, io.Discard); err != nil {
		t.Errorf("shelf serve with every variable of deploy/shelf.env: %v", err)
	}
}

// TestDeployDockerfile checks deploy/Dockerfile's stages and what its
// image runs, and that it builds as CI does.
func TestDeployDockerfile(t *testing.T) {
	stages := dockerStages(t)
	if len(stages) < 2 || stages[0].name != "build" || !strings.HasPrefix(stages[0].from, "golang:") {
		t.Fatalf("want a golang build stage named build first, got %+v", stages)
	}
	final := stages[len(stages)-1]
	if final.from != "scratch" {
		t.Errorf("the final stage is FROM %s, want scratch", final.from)
	}
	if run := final.get("RUN"); len(run) > 0 {
		t.Errorf("RUN in the final stage, which has no shell: %q", run)
	}
	user := strings.Fields(strings.Join(final.get("USER"), " "))
	if len(user) != 1 {
		t.Fatalf("want one USER in the final stage, got %q", user)
	}
	if uid, err := strconv.Atoi(strings.Split(user[0], ":")[0]); err != nil || uid == 0 {
		t.Errorf("USER %s: want a numeric user other than root (scratch has no /etc/passwd)", user[0])
	}

	entry := jsonArgs(t, "ENTRYPOINT", strings.Join(final.get("ENTRYPOINT"), ""))
	if len(entry) < 2 || entry[0] != "/shelf" || entry[1] != "serve" {
		t.Fatalf("ENTRYPOINT %q: want /shelf serve", entry)
	}
	cfg := serveConfig(t, entry[2:])
	if vol := final.get("VOLUME"); len(vol) != 1 || filepath.Dir(cfg.DB) != vol[0] {
		t.Errorf("the database %s is not on the VOLUME %q", cfg.DB, vol)
	}
	_, port, _ := net.SplitHostPort(cfg.Addr)
	if expose := final.get("EXPOSE"); len(expose) != 1 || expose[0] != port {
		t.Errorf("EXPOSE %q, but shelf listens on %s", expose, cfg.Addr)
	}
	probe := healthcheckArgs(t, final)
	if len(probe) < 2 || probe[0] != "/shelf" || probe[1] != "health" {
		t.Errorf("HEALTHCHECK runs %q, want /shelf health", probe)
	}
	checkFlags(t, "HEALTHCHECK", "health", probe[2:])
	docker, ci := dockerBuild(t), ciCrossBuild(t)
	if copied := fmt.Sprintf("--from=build %s /shelf", docker.output()); !slices.Contains(final.get("COPY"), copied) {
		t.Errorf("the final stage does not COPY %s: %q", copied, final.get("COPY"))
	}
	if docker.env["CGO_ENABLED"] != "0" || !slices.Contains(docker.args, "-trimpath") ||
		!regexp.MustCompile(`^-s -w -X main\.version=\S+$`).MatchString(docker.flag("-ldflags")) {
		t.Errorf("the Dockerfile builds with %q %q: want CGO_ENABLED=0, -trimpath, -ldflags \"-s -w -X main.version=...\"", docker.env, docker.args)
	}
	if docker.normalized() != ci.normalized() {
		t.Errorf("the Dockerfile and CI build differently:\n  Dockerfile %s\n  .ci/run    %s", docker.normalized(), ci.normalized())
	}
}

// TestDeployBinary builds shelf with the Dockerfile's command, starts it as
// its ENTRYPOINT does, probes it with its HEALTHCHECK and shelf health, and
// takes a backup with the cron line of deploy/shelf-backup.cron.
func TestDeployBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	const version = "v0.0.0-deploytest"
	bin := dockerBuild(t).build(t, version)
	if runtime.GOOS == "linux" {
		checkStatic(t, bin)
	}
	if out := mustRunShelf(t, bin, "version"); out != "shelf "+version+"\n" {
		t.Errorf("version: %q", out)
	}

	dir := t.TempDir()
	secret := secretKey(t, filepath.Join(dir, "shelf.db"))
	stages := dockerStages(t)
	final := stages[len(stages)-1]
	entry := jsonArgs(t, "ENTRYPOINT", strings.Join(final.get("ENTRYPOINT"), ""))
	args := strings.Split(strings.ReplaceAll(strings.Join(entry[2:], "\n"), filepath.Dir(serveConfig(t, entry[2:]).DB), dir), "\n")
	p := startShelf(t, bin, args...) // serve -addr 127.0.0.1:0 -log-format json, then the ENTRYPOINT's flags

	probe := healthcheckArgs(t, final)
	cmd := exec.Command(bin, probe[1:]...)
	cmd.Env = append(os.Environ(), "SHELF_URL="+p.base)
	if out, err := cmd.CombinedOutput(); err != nil || string(out) != "ready\n" {
		t.Errorf("the HEALTHCHECK's command: %v %q", err, out)
	}
	checkHealthFailure(t, bin)
	cronBackup(t, bin, p.base, secret)
	p.stop(t)
}

// checkHealthFailure: shelf health exits 1 with one line on stderr when
// nothing listens.
func checkHealthFailure(t *testing.T, bin string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	ln.Close()
	var stdout, stderr strings.Builder
	cmd := exec.Command(bin, "health", "-url", url)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Errorf("health of a closed port: %v, want exit status 1", err)
	}
	if s := stderr.String(); !strings.HasPrefix(s, "shelf: not ready: ") || strings.Count(s, "\n") != 1 || !strings.HasSuffix(s, "\n") {
		t.Errorf("health of a closed port said %q on stderr, want one line", s)
	}
	if stdout.Len() > 0 {
		t.Errorf("health of a closed port said %q on stdout", stdout.String())
	}
}

// cronBackup runs the command of deploy/shelf-backup.cron in sh, with the
// paths of this test for the VM's, and checks that it wrote a whole backup
// and deleted the one a week old but not the younger one.
func cronBackup(t *testing.T, bin, base, secret string) {
	t.Helper()
	env, command := cronLine(t)
	dir := t.TempDir()
	backups := filepath.Join(dir, "backups")
	if err := os.Mkdir(backups, 0o700); err != nil {
		t.Fatal(err)
	}
	envFile := filepath.Join(dir, "backup.env")
	if err := os.WriteFile(envFile, []byte("SHELF_KEY="+secret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	old, young := filepath.Join(backups, "shelf-2000-01-01.db"), filepath.Join(backups, "shelf-2000-01-02.db")
	for f, age := range map[string]time.Duration{old: 8 * 24 * time.Hour, young: 5 * 24 * time.Hour} {
		if err := os.WriteFile(f, []byte("old"), 0o600); err != nil {
			t.Fatal(err)
		}
		when := time.Now().Add(-age)
		if err := os.Chtimes(f, when, when); err != nil {
			t.Fatal(err)
		}
	}
	command = strings.NewReplacer("/etc/shelf/backup.env", envFile, "/var/backups/shelf", backups,
		"http://127.0.0.1:8080", base).Replace(command)
	cmd := exec.Command("sh", "-c", command)
	cmd.Env = []string{"HOME=" + dir, "SHELL=" + env["SHELL"], "PATH=" + filepath.Dir(bin) + ":" + env["PATH"]}
	if out, err := cmd.CombinedOutput(); err != nil || len(out) > 0 {
		t.Fatalf("the cron command: %v %q\n%s", err, out, command)
	}
	files, _ := filepath.Glob(filepath.Join(backups, "shelf-*.db"))
	if slices.Contains(files, old) || !slices.Contains(files, young) || len(files) != 2 {
		t.Fatalf("after the cron command the backups are %q: want the 5-day-old one and a new one", files)
	}
	fresh := files[slices.IndexFunc(files, func(f string) bool { return f != young })]
	if name := filepath.Base(fresh); name != "shelf-"+time.Now().Format("2006-01-02")+".db" &&
		name != "shelf-"+time.Now().Add(-time.Minute).Format("2006-01-02")+".db" {
		t.Errorf("the backup is named %s, want today's date", name)
	}
	var said strings.Builder
	if err := run(t.Context(), []string{"check", "-db", fresh}, nil, &said, io.Discard); err != nil || !strings.Contains(said.String(), "is consistent") {
		t.Errorf("shelf check of the cron's backup: %v %s", err, said.String())
	}
}

// cronLine reads deploy/shelf-backup.cron: its variables, and the command
// of its one job (run by root), with cron's \% undone.
func cronLine(t *testing.T) (env map[string]string, command string) {
	t.Helper()
	env = map[string]string{}
	var jobs []string
	for line := range strings.Lines(readFile(t, "deploy/shelf-backup.cron")) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if k, v, ok := strings.Cut(line, "="); ok && regexp.MustCompile(`^[A-Z_]+$`).MatchString(k) {
			env[k] = v
			continue
		}
		jobs = append(jobs, line)
	}
	if len(jobs) != 1 {
		t.Fatalf("want one job in deploy/shelf-backup.cron, got %q", jobs)
	}
	fields := strings.SplitN(jobs[0], " ", 7)
	if len(fields) != 7 || fields[5] != "root" {
		t.Fatalf("the cron line %q: want five time fields, root and the command", jobs[0])
	}
	if strings.Contains(strings.ReplaceAll(fields[6], `\%`, ""), "%") {
		t.Fatalf("the cron line has a bare %%, which cron turns into a line break: %q", fields[6])
	}
	if env["SHELL"] != "/bin/sh" || env["PATH"] == "" {
		t.Fatalf("deploy/shelf-backup.cron sets SHELL=%q PATH=%q", env["SHELL"], env["PATH"])
	}
	return env, strings.ReplaceAll(fields[6], `\%`, "%")
}

// secretKey makes a database with a secret API key and returns the key.
func secretKey(t *testing.T, db string) string {
	t.Helper()
	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	au, err := auth.New(st, auth.Config{})
	if err != nil {
		t.Fatal(err)
	}
	key, _, err := au.CreateKey("backup", "secret")
	if err != nil {
		t.Fatal(err)
	}
	return key
}

// checkStatic: the binary asks for no dynamic loader and no shared
// library, so it runs in an empty image.
func checkStatic(t *testing.T, bin string) {
	t.Helper()
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP || p.Type == elf.PT_DYNAMIC {
			t.Errorf("the binary is not static: it has a %s program header", p.Type)
		}
	}
	if libs, _ := f.ImportedLibraries(); len(libs) > 0 {
		t.Errorf("the binary needs %q", libs)
	}
}

// TestDeployDocs: every shelf command in docs/DEPLOY.md's code blocks (and
// in deploy/shelf-backup.cron) uses only flags the command has, and every
// SHELF_ variable the guide names is a flag's.
func TestDeployDocs(t *testing.T) {
	doc := readFile(t, "docs/DEPLOY.md")
	lines := codeLines(doc)
	_, cron := cronLine(t)
	lines = append(lines, cron)
	for line := range strings.Lines(readFile(t, "deploy/shelf-backup.cron")) {
		if line = strings.TrimSpace(line); regexp.MustCompile(`^[0-9*]`).MatchString(line) && !strings.Contains(doc, line) {
			t.Errorf("docs/DEPLOY.md does not show the cron line of deploy/shelf-backup.cron as it is: %s", line)
		}
	}
	seen := map[string]int{}
	names := map[string]map[string]bool{}
	for _, line := range lines {
		for _, c := range shelfCommands(line) {
			seen[c.name]++
			if names[c.name] == nil {
				names[c.name] = flagNames(t, strings.Fields(c.name)...)
			}
			for _, a := range c.args {
				if name, ok := flagName(a); ok && !names[c.name][name] {
					t.Errorf("docs/DEPLOY.md: shelf %s has no flag -%s: %s", c.name, name, line)
				}
			}
			if c.name == "serve" {
				serveConfig(t, c.args)
			}
		}
	}
	for _, c := range []string{"backup", "check", "health", "version", "admin create"} {
		if seen[c] == 0 {
			t.Errorf("docs/DEPLOY.md shows no shelf %s command (found %v)", c, seen)
		}
	}
	envNames := map[string]bool{}
	for _, c := range []string{"serve", "backup", "health"} {
		for n := range flagNames(t, c) {
			envNames["SHELF_"+strings.ToUpper(strings.ReplaceAll(n, "-", "_"))] = true
		}
	}
	for _, v := range regexp.MustCompile(`SHELF_[A-Z0-9_]+`).FindAllString(doc, -1) {
		if !envNames[v] {
			t.Errorf("docs/DEPLOY.md names %s, which no flag of serve, backup or health reads", v)
		}
	}
}

// shelfCommand is one shelf command in a shell line: its subcommand
// ("admin create" for admin) and its words up to the end of the command.
type shelfCommand struct {
	name string
	args []string
}

// subcommands are the commands of main.go's switch that the guide may use.
var subcommands = []string{"serve", "import", "export", "eval", "admin", "backup", "check", "compact", "bench", "simulate", "health", "version"}

// shelfCommands finds the shelf commands in a shell line: a word shelf
// (or a path ending in /shelf) followed by a subcommand.
func shelfCommands(line string) []shelfCommand {
	words := strings.Fields(line)
	var cmds []shelfCommand
	for i := 0; i+1 < len(words); i++ {
		if w := words[i]; (w != "shelf" && !strings.HasSuffix(w, "/shelf")) || !slices.Contains(subcommands, words[i+1]) {
			continue
		}
		c := shelfCommand{name: words[i+1]}
		j := i + 2
		if c.name == "admin" && j < len(words) && words[j] == "create" {
			c.name, j = "admin create", j+1
		}
		for ; j < len(words) && !isShellSeparator(words[j]); j++ {
			c.args = append(c.args, strings.Trim(words[j], `"'`))
		}
		cmds = append(cmds, c)
		i = j - 1
	}
	return cmds
}

func isShellSeparator(w string) bool {
	return slices.Contains([]string{"&&", "||", "|", ";", "#", "<"}, w) || strings.HasPrefix(w, ">") || strings.HasPrefix(w, "2>")
}

// flagName is the name of a word that is a flag (-name or -name=value).
func flagName(w string) (string, bool) {
	if len(w) < 2 || w[0] != '-' || (w[1] >= '0' && w[1] <= '9') {
		return "", false
	}
	name, _, _ := strings.Cut(strings.TrimLeft(w, "-"), "=")
	return name, true
}

// codeLines are the lines of a Markdown text's fenced code blocks, with
// continued lines (a trailing \) joined.
func codeLines(doc string) []string {
	var lines []string
	in, cont := false, ""
	for line := range strings.Lines(doc) {
		line = strings.TrimRight(line, "\n")
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			in = !in
			continue
		}
		if !in {
			continue
		}
		if s, ok := strings.CutSuffix(line, `\`); ok {
			cont += s + " "
			continue
		}
		lines = append(lines, cont+line)
		cont = ""
	}
	return lines
}

// flagNames are the flags of a subcommand, from its own -h.
func flagNames(t *testing.T, command ...string) map[string]bool {
	t.Helper()
	var usage strings.Builder
	err := run(t.Context(), append(slices.Clone(command), "-h"), strings.NewReader(""), io.Discard, &usage)
	if command[0] == "version" {
		return map[string]bool{}
	}
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("shelf %s -h: %v", strings.Join(command, " "), err)
	}
	names := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^  -(\S+)`).FindAllStringSubmatch(usage.String(), -1) {
		names[m[1]] = true
	}
	if len(names) == 0 {
		t.Fatalf("shelf %s -h lists no flags:\n%s", strings.Join(command, " "), usage.String())
	}
	return names
}

// checkFlags fails unless every word of args that is a flag is one of the
// subcommand's.
func checkFlags(t *testing.T, where, command string, args []string) {
	t.Helper()
	names := flagNames(t, command)
	for _, a := range args {
		if name, ok := flagName(a); ok && !names[name] {
			t.Errorf("%s: shelf %s has no flag -%s", where, command, name)
		}
	}
}

// envFlag is the flag a SHELF_ variable sets.
func envFlag(v string) string {
	return strings.ToLower(strings.ReplaceAll(strings.TrimPrefix(v, "SHELF_"), "_", "-"))
}

// serveConfig parses args with shelf serve's own flag parser, and fails
// unless every word is a flag of shelf serve or its value: the parser stops
// at the first word that is neither, so a sentinel after them must be
// reached and refused.
func serveConfig(t *testing.T, args []string) Config {
	t.Helper()
	const sentinel = "-not-a-serve-flag"
	_, err := parseServeFlags(append(slices.Clone(args), sentinel), io.Discard)
	if err == nil || !strings.Contains(err.Error(), sentinel) {
		t.Fatalf("shelf serve %q: not all flags of shelf serve (%v)", args, err)
	}
	cfg, err := parseServeFlags(args, io.Discard)
	if err != nil {
		t.Fatalf("shelf serve %q: %v", args, err)
	}
	return cfg
}

// unit is a systemd unit file: each section's settings in order.
type unit map[string][][2]string

// parseUnit reads a unit file: [Section] headers, Key=value lines, # and ;
// comments.
func parseUnit(text string) (unit, error) {
	u := unit{}
	section := ""
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || line[0] == '#' || line[0] == ';':
		case line[0] == '[' && line[len(line)-1] == ']':
			section = line[1 : len(line)-1]
		case section != "" && strings.Contains(line, "="):
			k, v, _ := strings.Cut(line, "=")
			u[section] = append(u[section], [2]string{strings.TrimSpace(k), strings.TrimSpace(v)})
		default:
			return nil, fmt.Errorf("line %d: %q is no setting", i+1, line)
		}
	}
	return u, nil
}

// all is every value given to key in section, in order.
func (u unit) all(section, key string) []string {
	var vs []string
	for _, kv := range u[section] {
		if kv[0] == key {
			vs = append(vs, kv[1])
		}
	}
	return vs
}

// last is the value of key in section that counts (the last one given).
func (u unit) last(section, key string) (string, bool) {
	vs := u.all(section, key)
	if len(vs) == 0 {
		return "", false
	}
	return vs[len(vs)-1], true
}

func (u unit) is(section, key, value string) bool {
	v, ok := u.last(section, key)
	return ok && v == value
}

// must drops the found flag of unit.last: a missing key is "", which every
// check refuses.
func must(v string, _ bool) string { return v }

// dockerStage is one FROM of a Dockerfile and its instructions.
type dockerStage struct {
	from, name string
	ins        [][2]string // instruction, its arguments
}

// get is the arguments of each instruction of a kind in the stage.
func (s dockerStage) get(kind string) []string {
	var args []string
	for _, in := range s.ins {
		if in[0] == kind {
			args = append(args, in[1])
		}
	}
	return args
}

// dockerStages parses deploy/Dockerfile: comments and blank lines dropped,
// continued lines joined, instructions grouped by stage.
func dockerStages(t *testing.T) []dockerStage {
	t.Helper()
	var stages []dockerStage
	cont := ""
	for line := range strings.Lines(readFile(t, "deploy/Dockerfile")) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if s, ok := strings.CutSuffix(line, `\`); ok {
			cont += s + " "
			continue
		}
		line, cont = cont+line, ""
		kind, args, _ := strings.Cut(line, " ")
		kind, args = strings.ToUpper(kind), strings.TrimSpace(args)
		if kind == "FROM" {
			from, name, _ := strings.Cut(args, " ")
			if n, ok := strings.CutPrefix(strings.TrimSpace(name), "AS "); ok {
				name = n
			}
			stages = append(stages, dockerStage{from: from, name: strings.TrimSpace(name)})
			continue
		}
		if len(stages) == 0 {
			if kind == "ARG" {
				continue
			}
			t.Fatalf("deploy/Dockerfile: %s before FROM", kind)
		}
		stages[len(stages)-1].ins = append(stages[len(stages)-1].ins, [2]string{kind, args})
	}
	return stages
}

// healthcheckArgs is the command of the stage's HEALTHCHECK, which must be
// in exec form (scratch has no shell).
func healthcheckArgs(t *testing.T, s dockerStage) []string {
	t.Helper()
	hc := s.get("HEALTHCHECK")
	if len(hc) != 1 {
		t.Fatalf("want one HEALTHCHECK in the final stage, got %q", hc)
	}
	_, cmd, ok := strings.Cut(hc[0], "CMD ")
	if !ok {
		t.Fatalf("HEALTHCHECK %q has no CMD", hc[0])
	}
	return jsonArgs(t, "HEALTHCHECK", cmd)
}

// jsonArgs parses an instruction's exec form, ["a", "b"].
func jsonArgs(t *testing.T, what, s string) []string {
	t.Helper()
	var args []string
	if err := json.Unmarshal([]byte(s), &args); err != nil {
		t.Fatalf("%s %s: want the exec form [\"...\"] (scratch has no shell): %v", what, s, err)
	}
	return args
}

// goBuild is a go build command: the variables before it and its words
// after "go build".
type goBuild struct {
	env  map[string]string
	args []string
}

// dockerBuild is the build stage's go build.
func dockerBuild(t *testing.T) goBuild {
	t.Helper()
	for _, run := range dockerStages(t)[0].get("RUN") {
		if strings.Contains(run, "go build") {
			return parseGoBuild(t, run)
		}
	}
	t.Fatal("deploy/Dockerfile: no RUN go build in the build stage")
	return goBuild{}
}

// ciCrossBuild is .ci/run's cross-build command.
func ciCrossBuild(t *testing.T) goBuild {
	t.Helper()
	for line := range strings.Lines(readFile(t, ".ci/run")) {
		if strings.Contains(line, "go build") && strings.Contains(line, "GOOS=") {
			return parseGoBuild(t, strings.TrimSpace(line))
		}
	}
	t.Fatal(".ci/run: no cross-build (a go build with GOOS=)")
	return goBuild{}
}

func parseGoBuild(t *testing.T, line string) goBuild {
	t.Helper()
	words, err := shellWords(line)
	if err != nil {
		t.Fatal(err)
	}
	b := goBuild{env: map[string]string{}}
	i := 0
	for ; i < len(words) && regexp.MustCompile(`^[A-Z_]+=`).MatchString(words[i]); i++ {
		k, v, _ := strings.Cut(words[i], "=")
		b.env[k] = v
	}
	if i+1 >= len(words) || words[i] != "go" || words[i+1] != "build" {
		t.Fatalf("%q is not a go build", line)
	}
	b.args = words[i+2:]
	return b
}

// flag is the value of one of the command's flags, given as -name value.
func (b goBuild) flag(name string) string {
	if i := slices.Index(b.args, name); i >= 0 && i+1 < len(b.args) {
		return b.args[i+1]
	}
	return ""
}

// output is the file the command writes (-o).
func (b goBuild) output() string { return b.flag("-o") }

// normalized is the command without what differs by design: the target
// (GOOS, GOARCH), the output file and the version's value.
func (b goBuild) normalized() string {
	var env []string
	for k, v := range b.env {
		if k != "GOOS" && k != "GOARCH" {
			env = append(env, k+"="+v)
		}
	}
	slices.Sort(env)
	var args []string
	for i := 0; i < len(b.args); i++ {
		if b.args[i] == "-o" {
			i++
			continue
		}
		args = append(args, regexp.MustCompile(`main\.version=\S+`).ReplaceAllString(b.args[i], "main.version=VERSION"))
	}
	return strings.Join(env, " ") + " go build " + strings.Join(args, " ")
}

// build runs the command for this machine with version for the version
// variable and a temporary output file, and returns the file.
func (b goBuild) build(t *testing.T, version string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "shelf")
	var args []string
	for i := 0; i < len(b.args); i++ {
		switch {
		case b.args[i] == "-o":
			args, i = append(args, "-o", out), i+1
		default:
			args = append(args, regexp.MustCompile(`\$\{?[A-Za-z_]+\}?`).ReplaceAllString(b.args[i], version))
		}
	}
	cmd := exec.Command("go", append([]string{"build"}, args...)...)
	cmd.Env = os.Environ()
	for k, v := range b.env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build %q: %v\n%s", args, err, msg)
	}
	return out
}

// shellWords splits a command as sh would for the plain commands of the
// deployment files: blanks separate words and quotes group them; nothing
// is expanded.
func shellWords(s string) ([]string, error) {
	var (
		words  []string
		cur    strings.Builder
		inWord bool
		quote  rune
	)
	for _, r := range s {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			cur.WriteRune(r)
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ' || r == '\t':
			if inWord {
				words, inWord = append(words, cur.String()), false
				cur.Reset()
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("an unclosed %c in %q", quote, s)
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
