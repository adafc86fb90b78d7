import { expect } from "vitest";
import { createSimulator, type Simulator, type SimulatorOptions } from "../../src/simulator/index.js";
import type { GraphList } from "../../src/upstream/graph.types.js";

export const DEFENDER_SCOPE = "https://api.securitycenter.microsoft.com/.default";

/** The simulator clock of the deterministic tests: generated alerts lie before it. */
export const EPOCH = Date.parse("2025-03-10T12:00:00Z");

/** The header a Graph client sends to get enum members added after v1.0 instead of `unknownFutureValue`. */
export const PREFER_UNKNOWN = { prefer: "include-unknown-enum-members" };

export interface TokenForm {
  grant_type?: string;
  client_id?: string;
  client_secret?: string;
  scope?: string;
}

/** Raw POST to the simulator's v2 token endpoint. */
export async function requestToken(
  sim: Simulator,
  tenantId: string,
  form: TokenForm,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${sim.httpUrl}/${tenantId}/oauth2/v2.0/token`, {
    method: "POST",
    body: new URLSearchParams(form as Record<string, string>),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** A valid Defender API token of the MSSP app in `tenantId`. */
export async function defenderToken(sim: Simulator, tenantId: string): Promise<string> {
  const { status, body } = await requestToken(sim, tenantId, {
    grant_type: "client_credentials",
    client_id: sim.clientId,
    client_secret: sim.clientSecret,
    scope: DEFENDER_SCOPE,
  });
  if (status !== 200) throw new Error(`token request failed: ${status} ${JSON.stringify(body)}`);
  return body["access_token"] as string;
}

// Tests read arbitrary wire JSON; `any` is the honest type of an unparsed body there.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** Calls the Defender API (or any simulator route) and parses the JSON body. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function api<T = any>(sim: Simulator, path: string, token?: string, init: RequestInit = {}): Promise<ApiResponse<T>> {
  const headers = new Headers(init.headers);
  if (token) headers.set("authorization", `Bearer ${token}`);
  if (init.body) headers.set("content-type", "application/json");
  const res = await fetch(`${sim.httpUrl}${path}`, { ...init, headers });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as T };
}

export const q = (s: string): string => encodeURIComponent(s);

export const GRAPH_SCOPE = "https://graph.microsoft.com/.default";

/** A valid Graph token of the MSSP app in `tenantId`, from the token endpoint. */
export async function graphToken(sim: Simulator, tenantId: string): Promise<string> {
  const { status, body } = await requestToken(sim, tenantId, {
    grant_type: "client_credentials",
    client_id: sim.clientId,
    client_secret: sim.clientSecret,
    scope: GRAPH_SCOPE,
  });
  if (status !== 200) throw new Error(`token request failed: ${status} ${JSON.stringify(body)}`);
  return body["access_token"] as string;
}

/** Calls the Graph face: `path` is relative to `/v1.0` (or an absolute nextLink). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function graph<T = any>(sim: Simulator, path: string, token?: string, init: RequestInit = {}): Promise<ApiResponse<T>> {
  return api<T>(sim, path.startsWith("http") ? path.slice(sim.httpUrl!.length) : `/v1.0${path}`, token, init);
}

/** Follows `@odata.nextLink` from `path` to the end, as a Graph client must; every page must be a 200. */
export async function graphPages<T>(
  sim: Simulator,
  path: string,
  token: string,
  headers: Record<string, string> = {},
): Promise<{ rows: T[]; pages: number }> {
  const rows: T[] = [];
  let next: string | undefined = path;
  let pages = 0;
  while (next) {
    const res: ApiResponse<GraphList<T>> = await graph<GraphList<T>>(sim, next, token, { headers });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    rows.push(...res.body.value);
    pages++;
    next = res.body["@odata.nextLink"];
  }
  return { rows, pages };
}

/**
 * A simulator for the Graph-face tests (HTTP only, at {@link EPOCH}, a Graph budget no test reaches) with its first
 * tenant and a Graph token for it. The caller closes `sim`.
 */
export async function startGraphSimulator(opts: SimulatorOptions): Promise<{ sim: Simulator; tenantId: string; token: string }> {
  const sim = await createSimulator({
    epochMs: EPOCH,
    httpsPort: null,
    graphLimits: { perMinute: 100_000, perHour: 1_000_000 },
    ...opts,
  });
  const tenantId = sim.tenants[0].id;
  return { sim, tenantId, token: await graphToken(sim, tenantId) };
}
