import { ErrorCode, GatewayError } from "../errors/errors.js";
import { SSE_PATH, WS_PATH } from "./transport.constants.js";

/** Errors the live transports send as a subscription's final message (all safe to show). */

/** The subscriber fell too far behind (per-stream or process bound); it resumes from its last cursor after reconnecting. */
export const slowConsumer = (detail: string) =>
  new GatewayError(`this subscriber is not reading fast enough (${detail}); reconnect and resume from your last cursor`, {
    code: ErrorCode.SLOW_CONSUMER,
  });

export const tokenExpired = () =>
  new GatewayError("the bearer token has expired; reconnect with a fresh token and resume from your last cursor", {
    code: ErrorCode.UNAUTHENTICATED,
  });

/** Transports that carry subscriptions, as named in `extensions.transports`. */
export const SUBSCRIPTION_TRANSPORTS = [
  `graphql-transport-ws (WebSocket at ${WS_PATH})`,
  `graphql-sse (Accept: text/event-stream, at ${WS_PATH} or ${SSE_PATH})`,
  `multipart HTTP (Accept: multipart/mixed;subscriptionSpec="1.0", at ${WS_PATH})`,
] as const;

export const subscriptionTransportRequired = () =>
  new GatewayError(
    'a subscription needs a streaming transport: a WebSocket (graphql-transport-ws), Server-Sent Events (Accept: text/event-stream) or multipart HTTP (Accept: multipart/mixed;subscriptionSpec="1.0")',
    { code: ErrorCode.SUBSCRIPTION_TRANSPORT_REQUIRED, transports: [...SUBSCRIPTION_TRANSPORTS] },
  );
