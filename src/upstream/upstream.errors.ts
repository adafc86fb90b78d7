import { ErrorCode, UpstreamError } from "../errors/errors.js";
import type { DefenderErrorBody } from "./defender.types.js";

/** The four codes an upstream failure can carry. */
export type UpstreamErrorCode =
  | typeof ErrorCode.UPSTREAM_UNAVAILABLE
  | typeof ErrorCode.UPSTREAM_THROTTLED
  | typeof ErrorCode.UPSTREAM_AUTH_FAILED
  | typeof ErrorCode.UPSTREAM_BAD_REQUEST;

/**
 * Failure of one attempt, as the resilience policies see it. `error` is what the caller finally gets;
 * `retry` says whether another attempt may help (and is allowed: writes are not retried after the
 * request may have reached upstream); `outage` says whether it counts against the tenant's breaker
 * (5xx, timeouts, network errors do; throttling, auth and bad requests do not: they are not outages).
 */
export class AttemptError extends Error {
  constructor(
    readonly error: UpstreamError,
    readonly retry: boolean,
    readonly outage: boolean,
    /** Minimum wait before the next attempt, ms (from `Retry-After`). */
    readonly retryAfterMs?: number,
  ) {
    super(error.message);
    this.name = "AttemptError";
  }
}

/** `Retry-After` as delta-seconds or HTTP-date → ms from `now`; undefined when absent or unparseable. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Seconds for `extensions.retryAfterSeconds`: whole seconds, at least 1, so clients never retry at once. */
export const toRetryAfterSeconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

const MAX_MESSAGE = 300;

/**
 * Makes upstream text safe for an error message: one line, bounded, and with anything that looks like a
 * credential removed (bearer tokens, JWTs, and the configured secrets themselves).
 */
export function sanitize(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(/\s+/g, " ").trim();
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join("[redacted]");
  out = out
    .replace(/Bearer\s+[A-Za-z0-9._~+/=-]+/gi, "Bearer [redacted]")
    .replace(/eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, "[redacted-jwt]");
  return out.length > MAX_MESSAGE ? `${out.slice(0, MAX_MESSAGE)}…` : out;
}

/** Reads Defender's `{ error: { code, message, target } }`; falls back to a short slice of the raw text. */
export function describeErrorBody(raw: string): { code?: string; message?: string; target?: string } {
  try {
    const body = JSON.parse(raw) as Partial<DefenderErrorBody> | null;
    const e = body?.error;
    if (e && typeof e === "object") {
      return {
        code: typeof e.code === "string" ? e.code : undefined,
        message: typeof e.message === "string" ? e.message : undefined,
        target: typeof e.target === "string" ? e.target : undefined,
      };
    }
  } catch {
    // not JSON (a proxy's HTML page, an empty body): use the text itself below
  }
  const text = raw.replace(/<[^>]*>/g, " ").trim();
  return text ? { message: text.slice(0, 120) } : {};
}

/** "Defender API answered 503 ServiceUnavailable: <message> (GET /api/alerts, correlation <target>)". */
export function upstreamMessage(status: number, route: string, raw: string, secrets: readonly string[]): string {
  const { code, message, target } = describeErrorBody(raw);
  const head = `Defender API answered ${status}${code ? ` ${code}` : ""}`;
  const detail = message ? `: ${message}` : "";
  const where = ` (${route}${target ? `, correlation ${target}` : ""})`;
  return sanitize(`${head}${detail}${where}`, secrets);
}

export const newUpstreamError = (
  code: UpstreamErrorCode,
  message: string,
  tenantId: string,
  extra: { retryAfterMs?: number; status?: number; cause?: unknown } = {},
) =>
  new UpstreamError(code, message, tenantId, {
    ...(extra.retryAfterMs !== undefined ? { retryAfterSeconds: toRetryAfterSeconds(extra.retryAfterMs) } : {}),
    ...(extra.status !== undefined ? { status: extra.status } : {}),
    cause: extra.cause,
  });

/**
 * A list page that did not arrive within the upstream timeout while the caller said it can shrink the page
 * (`shrinkOnTimeout`): not retried and not counted by the tenant's breaker, because the cure is a smaller `$top`,
 * not waiting. Its code is UPSTREAM_UNAVAILABLE like any timeout.
 */
export class PageTimeoutError extends UpstreamError {
  constructor(message: string, tenantId: string, cause?: unknown) {
    super(ErrorCode.UPSTREAM_UNAVAILABLE, message, tenantId, { cause });
    this.name = "PageTimeoutError";
  }
}
