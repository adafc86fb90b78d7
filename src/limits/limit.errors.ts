import type { GraphQLFormattedError } from "graphql";
import { ErrorCode, GatewayError } from "../errors/errors.js";

/** Which query limit an operation broke (`extensions.limit`). */
export type QueryLimitName = "depth" | "aliases" | "directives" | "tokens" | "cost" | "rootFields";

/** A query limit violation: QUERY_TOO_COMPLEX, HTTP 400, with the limit and (when known) what was found. */
export const queryTooComplex = (limit: QueryLimitName, message: string, max: number, found?: number) =>
  new GatewayError(message, { code: ErrorCode.QUERY_TOO_COMPLEX, limit, max, ...(found !== undefined ? { found } : {}), http: { status: 400 } });

/** The caller used up its request allowance; retry after `retryAfterSeconds` (HTTP 429 + `Retry-After`). */
export const rateLimited = (retryAfterSeconds: number) =>
  new GatewayError(`too many requests: retry in ${retryAfterSeconds} s`, {
    code: ErrorCode.RATE_LIMITED,
    retryAfterSeconds,
    http: { status: 429, headers: new Map([["retry-after", String(retryAfterSeconds)]]) },
  });

const SUGGESTION = /\s*Did you mean [^?]*\?/g;
// graphql-js 16 spells it "more that".
const TOO_MANY_TOKENS = /^Syntax Error: Document contains more th(?:an|at) (\d+) tokens/;

/**
 * Final touches on a client-facing request error, for every transport: "Did you mean …?" hints are removed
 * (they leak schema names), and graphql-js's token-limit parse error becomes QUERY_TOO_COMPLEX.
 */
export function refineClientError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const message = formatted.message.replace(SUGGESTION, "").trim();
  const tokens = TOO_MANY_TOKENS.exec(message);
  if (tokens) {
    const max = Number(tokens[1]);
    return { ...formatted, message: `the document has more than ${max} tokens`, extensions: { ...formatted.extensions, code: ErrorCode.QUERY_TOO_COMPLEX, limit: "tokens", max } };
  }
  return message === formatted.message ? formatted : { ...formatted, message };
}
