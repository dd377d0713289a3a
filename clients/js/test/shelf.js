// A real shelf for the tests: the binary in SHELF_BIN, or one built from
// this repository, serving a generated demo shop from a database file of
// the test's own, with real API keys, as a shop would run it.
//
// The demo flag fills an empty database, but it also gives every caller a
// secret key's rights, so publishable keys and shopper tokens could not be
// tested under it. So shelf runs twice: once with -demo, only to generate
// the shop, and then without it, behind keys made through shelf's own
// CLI (an admin account) and API (POST /api/admin/keys).

import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** How long shelf may take to start, stop or get ready. */
const startTimeout = 30_000;

/**
 * startShelf runs shelf and returns its base URL, a secret and a
 * publishable key, and stop(), which ends it and removes its files.
 */
export async function startShelf() {
  const dir = mkdtempSync(path.join(tmpdir(), "shelf-client-js-"));
  try {
    let bin = process.env.SHELF_BIN;
    if (!bin) {
      bin = path.join(dir, "shelf");
      try {
        execFileSync("go", ["build", "-o", bin, "."], { cwd: repoRoot, stdio: "pipe" });
      } catch (err) {
        throw new Error(
          `go build in ${repoRoot} failed (or set SHELF_BIN to a shelf binary):\n${err.stderr ?? err.message}`,
        );
      }
    }
    const db = path.join(dir, "shelf.db");
    const common = ["-db", db, "-addr", "127.0.0.1:0", "-retrain", "0", "-log-format", "json"];

    const seeding = await serve(bin, ["serve", "-demo", ...common]);
    await seeding.stop();

    const username = "client-test";
    const password = "a password for the JS client's tests";
    execFileSync(bin, ["admin", "create", "-db", db, "-username", username], {
      input: password + "\n",
      stdio: ["pipe", "ignore", "pipe"],
    });

    const shelf = await serve(bin, ["serve", ...common]);
    try {
      const admin = await login(shelf.url, username, password);
      const secretKey = await admin.createKey("backend", "secret");
      const publishableKey = await admin.createKey("storefront", "publishable");
      return {
        url: shelf.url,
        secretKey,
        publishableKey,
        /** log is what shelf wrote, for a failing test's message. */
        log: () => shelf.output(),
        stop: async () => {
          await shelf.stop();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    } catch (err) {
      await shelf.stop();
      throw err;
    }
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/**
 * serve starts shelf with args, waits for the address it logs ("shelf
 * listening", with -addr 127.0.0.1:0 the port is the kernel's choice) and
 * for GET /readyz, and returns the URL and stop().
 */
async function serve(bin, args) {
  const child = spawn(bin, args, { stdio: ["ignore", "ignore", "pipe"] });
  const lines = [];
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`shelf did not say where it listens within ${startTimeout} ms:\n${lines.join("\n")}`)),
      startTimeout,
    );
    createInterface({ input: child.stderr }).on("line", (line) => {
      lines.push(line);
      try {
        const rec = JSON.parse(line);
        if (rec.msg === "shelf listening") {
          clearTimeout(timer);
          resolve(rec.url);
        }
      } catch {
        // Not a log record (a panic's trace, say): kept in lines.
      }
    });
    child.once("error", reject);
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`shelf ${args.join(" ")} exited (${code ?? signal}):\n${lines.join("\n")}`));
    });
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), startTimeout);
      await exited;
      clearTimeout(killer);
    }
  };
  try {
    await ready(url);
  } catch (err) {
    await stop();
    throw new Error(`${err.message}\n${lines.join("\n")}`);
  }
  return { url, stop, output: () => lines.join("\n") };
}

/** ready waits until GET /readyz answers 200: the database is open and a model serves. */
async function ready(url) {
  const deadline = Date.now() + startTimeout;
  for (;;) {
    try {
      const res = await fetch(url + "/readyz");
      await res.arrayBuffer();
      if (res.ok) {
        return;
      }
    } catch {
      // Not accepting connections yet.
    }
    if (Date.now() > deadline) {
      throw new Error(`${url}/readyz did not answer 200 within ${startTimeout} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * login logs in to shelf's dashboard API as an admin and returns a
 * createKey(name, kind) that makes an API key as the dashboard does: with
 * the session cookie and its CSRF token.
 */
async function login(url, username, password) {
  const res = await fetch(url + "/api/auth/login", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  const body = await res.json();
  if (!res.ok) {
    throw new Error(`admin login: ${res.status} ${JSON.stringify(body)}`);
  }
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  return {
    async createKey(name, kind) {
      const res = await fetch(url + "/api/admin/keys", {
        method: "POST",
        headers: { "Content-Type": "application/json", Cookie: cookie, "X-CSRF-Token": body.csrf_token },
        body: JSON.stringify({ name, kind }),
      });
      const key = await res.json();
      if (!res.ok) {
        throw new Error(`create a ${kind} key: ${res.status} ${JSON.stringify(key)}`);
      }
      return key.key;
    },
  };
}
