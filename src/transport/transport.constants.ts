import { CloseCode as GraphQLWsCloseCode } from "graphql-ws";

/**
 * Every protocol constant of the live transports, in one place: paths, WebSocket close codes and
 * their reasons. Clients and tests import these; no other file spells a close code or a path.
 */

/** The GraphQL endpoint: HTTP (POST/GET), GraphiQL for browsers; the one spelling of this path. */
export const GRAPHQL_PATH = "/graphql";
/** graphql-ws (`graphql-transport-ws` subprotocol) shares the HTTP endpoint's path. */
export const WS_PATH = GRAPHQL_PATH;
/** graphql-sse, distinct-connections mode: `POST` (or `GET`) with `Accept: text/event-stream`. */
export const SSE_PATH = `${GRAPHQL_PATH}/stream`;

/** WebSocket close codes the gateway uses. The 44xx codes are graphql-ws's own (PROTOCOL.md). */
export const CloseCode = {
  /** 4400: a malformed or unexpected message (graphql-ws). */
  BAD_REQUEST: GraphQLWsCloseCode.BadRequest,
  /** 4403: missing, invalid or expired token at `connection_init`, or the token expired on an open socket. Retryable with a fresh token. */
  FORBIDDEN: GraphQLWsCloseCode.Forbidden,
  /** 4408: no `connection_init` within `WS_INIT_TIMEOUT_MS` (graphql-ws). */
  INIT_TIMEOUT: GraphQLWsCloseCode.ConnectionInitialisationTimeout,
  /** 1001: the replica is shutting down; reconnect (to another replica) and resume from the last cursor. */
  GOING_AWAY: 1001,
  /** 1013 "Try Again Later": the client did not read fast enough (`WS_MAX_BUFFERED_BYTES`); reconnect and resume. */
  SLOW_CONSUMER: 1013,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** Close reasons (≤ 123 bytes each, as WebSocket requires). */
export const CloseReason = {
  FORBIDDEN: "Forbidden",
  TOKEN_EXPIRED: "Forbidden: token expired; reconnect with a fresh token and resume from your last cursor",
  GOING_AWAY: "Going away",
  SLOW_CONSUMER: "Slow consumer: reconnect and resume from your last cursor",
} as const;
