import { ErrorCode, GatewayError } from "../errors/errors.js";

/** Which query limit an operation broke (`extensions.limit`). */
export type QueryLimitName = "depth" | "aliases" | "directives" | "tokens" | "cost" | "rootFields";

/** A query limit violation: QUERY_TOO_COMPLEX, HTTP 400, with the limit and (when known) what was found. */
export const queryTooComplex = (limit: QueryLimitName, message: string, max: number, found?: number) =>
  new GatewayError(message, {
    code: ErrorCode.QUERY_TOO_COMPLEX,
    limit,
    max,
    ...(found !== undefined ? { found } : {}),
    http: { status: 400 },
  });

/** The caller used up its request allowance; retry after `retryAfterSeconds` (HTTP 429 + `Retry-After`). */
export const rateLimited = (retryAfterSeconds: number) =>
  new GatewayError(`too many requests: retry in ${retryAfterSeconds} s`, {
    code: ErrorCode.RATE_LIMITED,
    retryAfterSeconds,
    http: { status: 429, headers: new Map([["retry-after", String(retryAfterSeconds)]]) },
  });
