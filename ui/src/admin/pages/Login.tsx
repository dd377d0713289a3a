import { useId, useState, type FormEvent } from "react";
import { Library, LogIn } from "lucide-react";
import { Link } from "../../components/Link";
import { describeError } from "../../components/ErrorMessage";
import type { AdminClient } from "../client";
import { BUTTON, TextField } from "../components/ui";

/** Login is the admin sign-in form; onSignedIn gets the username once the server accepts it. */
export function Login({ client, onSignedIn }: { client: AdminClient; onSignedIn: (username: string) => void }) {
  const id = useId();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError("");
    try {
      const s = await client.login(username.trim(), password);
      onSignedIn(s.username || username.trim());
    } catch (err) {
      setError(describeError(err).message);
      setBusy(false);
    }
  };

  return (
    <main className="grid min-h-screen place-items-center bg-stone-100 p-4">
      <div className="w-full max-w-sm space-y-4">
        <p className="flex items-center justify-center gap-2 text-lg font-bold tracking-tight">
          <span className="grid size-8 place-items-center rounded-lg bg-accent-600 text-white">
            <Library aria-hidden className="size-4" />
          </span>
          shelf admin
        </p>
        <form
          onSubmit={submit}
          className="space-y-4 rounded-2xl border border-stone-200 bg-white p-6 shadow-sm"
          noValidate
        >
          <h1 className="text-xl font-semibold">Sign in</h1>
          <TextField
            id={`${id}-user`}
            label="Username"
            data-testid="login-username"
            autoComplete="username"
            required
            autoFocus
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
          <TextField
            id={`${id}-pass`}
            label="Password"
            type="password"
            data-testid="login-password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          {error && (
            <p role="alert" data-testid="login-error" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
              {error}
            </p>
          )}
          <button
            type="submit"
            className={`${BUTTON} w-full`}
            disabled={busy || !username || !password}
            data-testid="login-submit"
          >
            <LogIn aria-hidden className="size-4" /> {busy ? "Signing in…" : "Sign in"}
          </button>
        </form>
        <FirstPassword />
        <p className="text-center text-sm">
          <Link href="/" className="rounded text-stone-600 hover:underline">
            Back to the shop
          </Link>
        </p>
      </div>
    </main>
  );
}

/**
 * FirstPassword says where the first admin password comes from: the first
 * start on a database without an admin creates "admin" with a generated
 * password and logs it once (server.go's openAuth); shelf admin create sets
 * one with the server stopped (it needs the database file's lock).
 */
function FirstPassword() {
  const code = "rounded bg-stone-200 px-1 font-mono text-xs text-stone-900";
  return (
    <section
      aria-labelledby="first-password"
      data-testid="login-first-password"
      className="space-y-2 rounded-2xl border border-stone-200 bg-white p-4 text-sm text-stone-700"
    >
      <h2 id="first-password" className="font-semibold text-stone-900">
        Where is the first password?
      </h2>
      <p>
        There is no default password. The first time shelf starts on a new database, it creates the account{" "}
        <code className={code}>admin</code> with a generated password and writes it once to the server&apos;s log (the
        terminal it runs in, <code className={code}>journalctl -u shelf</code> or{" "}
        <code className={code}>docker logs</code>): a warning that starts “first run: created an admin account”, with{" "}
        <code className={code}>password=…</code>. Only a hash of it is stored, so it is never shown again.
      </p>
      <p>
        Lost it? Stop shelf, run <code className={code}>shelf admin create -username admin -db shelf.db</code> (with the
        server&apos;s database file) and type a new password of at least 12 characters; this also ends that admin&apos;s
        sessions.
      </p>
    </section>
  );
}
