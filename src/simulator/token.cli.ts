/**
 * `npm run -s token -- --user alice [--groups g1,g2] [--roles r1] [--expires-in 3600] [--url URL]`
 * `npm run -s token -- --app partner-siem [--sim-url URL]`  (app-only token of a demo partner app)
 * `npm run -s token -- --list-apps [--sim-url URL]`          (the demo partner apps with ids, secrets and roles)
 * Prints only the JWT on stdout, so `TOKEN=$(npm run -s token -- --user alice)` works. Errors go to stderr, exit 1.
 * User tokens: URL defaults to `${GATEWAY_URL ?? "http://127.0.0.1:4000"}/dev/token`; the simulator's `/_sim/token`
 * takes the same query. App tokens come from the simulator's real token endpoint (client credentials):
 * `--sim-url` defaults to `${SIM_URL ?? "http://127.0.0.1:4010"}`.
 */
import { parseArgs } from "node:util";

interface SimInfo {
  msspTenantId: string;
  gatewayAppId: string;
  partnerApps: { name: string; appId: string; secret: string; roles: string[] }[];
}

async function fetchJson(url: URL | string, init?: RequestInit): Promise<unknown> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  const where = new URL(url);
  if (!res.ok) throw new Error(`${where.origin}${where.pathname} answered ${res.status}: ${text.slice(0, 500)}`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`expected JSON from ${where.origin}${where.pathname}, but got ${text.slice(0, 200)}`);
  }
}

async function simInfo(simUrl: string): Promise<SimInfo> {
  const info = (await fetchJson(`${simUrl}/_sim/info`)) as Partial<SimInfo>;
  if (!info.msspTenantId || !info.gatewayAppId || !Array.isArray(info.partnerApps))
    throw new Error(`${simUrl}/_sim/info does not describe a simulator with partner apps`);
  return info as SimInfo;
}

async function appToken(simUrl: string, name: string, secretOverride: string | undefined): Promise<string> {
  const info = await simInfo(simUrl);
  const app = info.partnerApps.find((a) => a.name === name || a.appId === name);
  if (!app) throw new Error(`no partner app '${name}' in the simulator; known: ${info.partnerApps.map((a) => a.name).join(", ")}`);
  const body = new URLSearchParams({
    grant_type: "client_credentials",
    client_id: app.appId,
    client_secret: secretOverride ?? app.secret,
    scope: `${info.gatewayAppId}/.default`,
  });
  const answer = (await fetchJson(`${simUrl}/${info.msspTenantId}/oauth2/v2.0/token`, { method: "POST", body })) as {
    access_token?: unknown;
  };
  if (typeof answer.access_token !== "string") throw new Error("expected { access_token } from the token endpoint");
  return answer.access_token;
}

async function userToken(values: { user: string; groups?: string; roles?: string; "expires-in"?: string; url?: string }): Promise<string> {
  const base = values.url ?? `${(process.env["GATEWAY_URL"] ?? "http://127.0.0.1:4000").replace(/\/$/, "")}/dev/token`;
  const url = new URL(base);
  url.searchParams.set("user", values.user);
  if (values.groups) url.searchParams.set("groups", values.groups);
  if (values.roles) url.searchParams.set("roles", values.roles);
  if (values["expires-in"]) url.searchParams.set("expiresIn", values["expires-in"]);
  const token = ((await fetchJson(url)) as { access_token?: unknown }).access_token;
  if (typeof token !== "string") throw new Error(`expected { access_token } from ${url.origin}${url.pathname}`);
  return token;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      user: { type: "string" },
      groups: { type: "string" },
      roles: { type: "string" },
      "expires-in": { type: "string" },
      url: { type: "string" },
      app: { type: "string" },
      secret: { type: "string" },
      "list-apps": { type: "boolean" },
      "sim-url": { type: "string" },
    },
    strict: true,
  });
  const simUrl = (values["sim-url"] ?? process.env["SIM_URL"] ?? "http://127.0.0.1:4010").replace(/\/$/, "");
  if (values["list-apps"]) {
    const { partnerApps } = await simInfo(simUrl);
    process.stdout.write(`${JSON.stringify(partnerApps, null, 2)}\n`);
    return;
  }
  if (values.app) {
    process.stdout.write(`${await appToken(simUrl, values.app, values.secret)}\n`);
    return;
  }
  if (!values.user) throw new Error("--user is required, e.g. --user alice (or --app partner-siem for an app-only token)");
  process.stdout.write(`${await userToken({ ...values, user: values.user })}\n`);
}

main().catch((err: unknown) => {
  const cause = (err as { cause?: { message?: string } }).cause?.message;
  process.stderr.write(`token: ${(err as Error).message}${cause ? ` (${cause})` : ""}\n`);
  process.exit(1);
});
