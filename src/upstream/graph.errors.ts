import type { GraphErrorBody } from "./graph.types.js";
import { sanitize } from "./upstream.errors.js";

export interface GraphErrorInfo {
  code?: string;
  message?: string;
  /** Graph's own id of the request (`innerError["request-id"]`, else the `request-id` header): quote it to support. */
  requestId?: string;
  clientRequestId?: string;
}

/** Reads `{ error: { code, message, innerError: { request-id, client-request-id } } }` from text or parsed JSON. */
export function describeGraphError(body: unknown, headers?: { get(name: string): string | null } | Record<string, string>): GraphErrorInfo {
  let parsed = body;
  if (typeof body === "string") {
    try {
      parsed = JSON.parse(body) as unknown;
    } catch {
      // a proxy's HTML page or an empty body: keep a short slice of the text
      const text = body.replace(/<[^>]*>/g, " ").trim();
      parsed = text ? { error: { message: text.slice(0, 120) } } : null;
    }
  }
  const e = (parsed as Partial<GraphErrorBody> | null)?.error;
  const header = (name: string): string | undefined => {
    if (!headers) return undefined;
    if (typeof (headers as { get?: unknown }).get === "function")
      return (headers as { get(n: string): string | null }).get(name) ?? undefined;
    const rec = headers as Record<string, string>;
    const key = Object.keys(rec).find((k) => k.toLowerCase() === name);
    return key ? rec[key] : undefined;
  };
  const inner = e && typeof e === "object" ? e.innerError : undefined;
  const s = (v: unknown) => (typeof v === "string" && v ? v : undefined);
  return {
    code: s(e?.code),
    message: s(e?.message),
    requestId: s(inner?.["request-id"]) ?? header("request-id"),
    clientRequestId: s(inner?.["client-request-id"]) ?? header("client-request-id"),
  };
}

/** "Graph API answered 429 TooManyRequests: <message> (GET /security/alerts_v2, request-id …, client-request-id …)". */
export function graphMessage(status: number, route: string, info: GraphErrorInfo, secrets: readonly string[]): string {
  const head = `Graph API answered ${status}${info.code ? ` ${info.code}` : ""}`;
  const detail = info.message ? `: ${info.message}` : "";
  const ids = [
    info.requestId ? `request-id ${info.requestId}` : "",
    info.clientRequestId ? `client-request-id ${info.clientRequestId}` : "",
  ].filter(Boolean);
  return sanitize(`${head}${detail} (${[route, ...ids].join(", ")})`, secrets);
}
