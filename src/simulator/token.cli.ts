/**
 * `npm run -s token -- --user alice [--groups g1,g2] [--roles r1] [--expires-in 3600] [--url URL]`
 * Prints only the JWT on stdout, so `TOKEN=$(npm run -s token -- --user alice)` works. Errors go to stderr, exit 1.
 * URL defaults to `${GATEWAY_URL ?? "http://127.0.0.1:4000"}/dev/token`; the simulator's `/_sim/token` takes the same query.
 */
import { parseArgs } from "node:util";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      user: { type: "string" },
      groups: { type: "string" },
      roles: { type: "string" },
      "expires-in": { type: "string" },
      url: { type: "string" },
    },
    strict: true,
  });
  if (!values.user) throw new Error("--user is required, e.g. --user alice");
  const base = values.url ?? `${(process.env["GATEWAY_URL"] ?? "http://127.0.0.1:4000").replace(/\/$/, "")}/dev/token`;
  const url = new URL(base);
  url.searchParams.set("user", values.user);
  if (values.groups) url.searchParams.set("groups", values.groups);
  if (values.roles) url.searchParams.set("roles", values.roles);
  if (values["expires-in"]) url.searchParams.set("expiresIn", values["expires-in"]);

  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${url.origin}${url.pathname} answered ${res.status}: ${text.slice(0, 500)}`);
  const token = (JSON.parse(text) as { access_token?: unknown }).access_token;
  if (typeof token !== "string") throw new Error(`expected { access_token } from ${url.origin}${url.pathname}, but got ${text.slice(0, 200)}`);
  process.stdout.write(`${token}\n`);
}

main().catch((err: unknown) => {
  const cause = (err as { cause?: { message?: string } }).cause?.message;
  process.stderr.write(`token: ${(err as Error).message}${cause ? ` (${cause})` : ""}\n`);
  process.exit(1);
});
