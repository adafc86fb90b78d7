import { GraphQLError } from "graphql";

/**
 * Every error code a client can see in `extensions.code`: the one list of them.
 * Wire values are SCREAMING_SNAKE and never change once published.
 */
export const ErrorCode = {
  /** No, malformed, expired or wrongly signed bearer token (HTTP 401). */
  UNAUTHENTICATED: "UNAUTHENTICATED",
  /** Authenticated, but the caller lacks the role for this action on this tenant. */
  FORBIDDEN: "FORBIDDEN",
  /** The entity does not exist, or the caller may not see it (indistinguishable on purpose). */
  NOT_FOUND: "NOT_FOUND",
  /** Arguments or input failed validation; `extensions.field` names the culprit when known. */
  BAD_USER_INPUT: "BAD_USER_INPUT",
  /** The HTTP request itself is unusable: malformed JSON, wrong content type, no query, variables nested too deep (HTTP 400). */
  BAD_REQUEST: "BAD_REQUEST",
  /** The request body is larger than `HTTP_BODY_LIMIT_BYTES` (HTTP 413). */
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  /** The document does not parse (raised by Apollo / the live transports; HTTP 400). */
  GRAPHQL_PARSE_FAILED: "GRAPHQL_PARSE_FAILED",
  /** The document does not validate against the schema (HTTP 400). */
  GRAPHQL_VALIDATION_FAILED: "GRAPHQL_VALIDATION_FAILED",
  /** The document has several operations and `operationName` does not pick one (HTTP 400). */
  OPERATION_RESOLUTION_FAILURE: "OPERATION_RESOLUTION_FAILURE",
  /** An automatic persisted query hash the server does not know (Apollo; the client resends the query). */
  PERSISTED_QUERY_NOT_FOUND: "PERSISTED_QUERY_NOT_FOUND",
  /** Optimistic-concurrency loser: someone changed the entity first (e.g. two decisions on one grant). */
  CONFLICT: "CONFLICT",
  /** A subscription/pull-feed cursor older than the event log's retention: re-read with a query. */
  CURSOR_EXPIRED: "CURSOR_EXPIRED",
  /** The caller exceeded the gateway's own per-caller rate limit. */
  RATE_LIMITED: "RATE_LIMITED",
  /** A subscriber fell too far behind the live stream; reconnect and resume from the last cursor received. */
  SLOW_CONSUMER: "SLOW_CONSUMER",
  /** A subscription sent where no stream can carry it (plain JSON POST/GET): use WebSocket, SSE or multipart HTTP. `extensions.transports` lists them. */
  SUBSCRIPTION_TRANSPORT_REQUIRED: "SUBSCRIPTION_TRANSPORT_REQUIRED",
  /** The query is too deep, too wide or too costly. */
  QUERY_TOO_COMPLEX: "QUERY_TOO_COMPLEX",
  /** Upstream (Defender/Entra) did not answer usefully: 5xx, timeout, network error, open breaker. */
  UPSTREAM_UNAVAILABLE: "UPSTREAM_UNAVAILABLE",
  /** Upstream said 429, or the gateway's own per-tenant budget for it is spent. `extensions.retryAfterSeconds`. */
  UPSTREAM_THROTTLED: "UPSTREAM_THROTTLED",
  /** The gateway could not get a token for the tenant, or upstream refused it (401/403). */
  UPSTREAM_AUTH_FAILED: "UPSTREAM_AUTH_FAILED",
  /** Upstream rejected the request itself (4xx other than 401/403/404/429). */
  UPSTREAM_BAD_REQUEST: "UPSTREAM_BAD_REQUEST",
  /** The gateway's own store (Redis) or the gateway itself is unavailable right now (HTTP 503); retry shortly. */
  SERVICE_UNAVAILABLE: "SERVICE_UNAVAILABLE",
  /** Anything unexpected; details only in the server log. */
  INTERNAL_SERVER_ERROR: "INTERNAL_SERVER_ERROR",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface GatewayErrorExtensions {
  code: ErrorCode;
  tenantId?: string;
  field?: string;
  retryAfterSeconds?: number;
  [key: string]: unknown;
}

/** Base of every error the gateway raises on purpose; its message and extensions are safe to show. */
export class GatewayError extends GraphQLError {
  declare readonly extensions: GatewayErrorExtensions;
  constructor(message: string, extensions: GatewayErrorExtensions, options?: { cause?: unknown }) {
    super(message, { extensions, originalError: options?.cause instanceof Error ? options.cause : undefined });
    this.name = "GatewayError";
  }
  get code(): ErrorCode {
    return this.extensions.code;
  }
}

export const unauthenticated = (message = "a valid bearer token is required") =>
  new GatewayError(message, { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } });

export const forbidden = (message: string, tenantId?: string) =>
  new GatewayError(message, { code: ErrorCode.FORBIDDEN, ...(tenantId ? { tenantId } : {}) });

export const notFound = (message: string) => new GatewayError(message, { code: ErrorCode.NOT_FOUND });

export const badInput = (message: string, field?: string) =>
  new GatewayError(message, { code: ErrorCode.BAD_USER_INPUT, ...(field ? { field } : {}) });

/** An HTTP-level refusal (400): the request cannot be read as a GraphQL request. */
export const badRequest = (message: string) => new GatewayError(message, { code: ErrorCode.BAD_REQUEST, http: { status: 400 } });

export const conflict = (message: string) => new GatewayError(message, { code: ErrorCode.CONFLICT });

export const cursorExpired = (cursor: string) =>
  new GatewayError(
    `cursor ${cursor} is older than the event log's retention; re-read current state with the alerts query and subscribe without 'after'`,
    { code: ErrorCode.CURSOR_EXPIRED },
  );

/** The store did not answer within REDIS_COMMAND_TIMEOUT_MS (or Redis is down): HTTP 503, retry shortly. */
export const serviceUnavailable = (message = "the gateway's store is unavailable; retry shortly") =>
  new GatewayError(message, { code: ErrorCode.SERVICE_UNAVAILABLE, http: { status: 503 } });

/** An upstream failure, always attributed to one tenant so partial results can name it. */
export class UpstreamError extends GatewayError {
  constructor(
    code:
      | typeof ErrorCode.UPSTREAM_UNAVAILABLE
      | typeof ErrorCode.UPSTREAM_THROTTLED
      | typeof ErrorCode.UPSTREAM_AUTH_FAILED
      | typeof ErrorCode.UPSTREAM_BAD_REQUEST,
    message: string,
    tenantId: string,
    extra: { retryAfterSeconds?: number; status?: number; cause?: unknown } = {},
  ) {
    super(
      message,
      {
        code,
        tenantId,
        ...(extra.retryAfterSeconds !== undefined ? { retryAfterSeconds: extra.retryAfterSeconds } : {}),
        ...(extra.status !== undefined ? { upstreamStatus: extra.status } : {}),
      },
      { cause: extra.cause },
    );
    this.name = "UpstreamError";
  }
}

export const isGatewayError = (e: unknown): e is GatewayError => e instanceof GatewayError;
