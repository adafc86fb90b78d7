import type http from "node:http";
import type express from "express";
import type { GraphQLSchema } from "graphql";
import type { TokenVerifier } from "../auth/token-verifier.js";
import type { Logger } from "../logger.js";
import { createAlertEventsExecutor } from "../modules/subscriptions/alert-event.execution.js";
import type { AlertEventHub } from "../modules/subscriptions/alert-event.hub.js";
import type { Services } from "../services.js";
import { createErrorFormatter, type OperationLimits } from "./operation.prepare.js";
import { attachSseTransport } from "./sse.transport.js";
import { attachWebSocketTransport } from "./ws.transport.js";

export interface LiveTransportOptions {
  schema: GraphQLSchema;
  services: Services;
  verifier: TokenVerifier;
  hub: AlertEventHub;
  logger: Logger;
  /** Show internal error messages (never stacks). */
  development: boolean;
  /** The same limits as the HTTP endpoint. */
  limits: OperationLimits;
  ws: { initTimeoutMs: number; keepAliveMs: number; maxMessageBytes: number; maxBufferedBytes: number };
  /** Max JSON body of an SSE request, bytes. */
  bodyLimitBytes: number;
  /** Results that may wait for a slow SSE consumer before its subscription fails. */
  maxPendingEvents: number;
}

export interface LiveTransports {
  stats(): { webSockets: number; sseStreams: number };
  /** Closes sockets with 1001 and cuts SSE streams; clients resume elsewhere from their cursor. */
  dispose(): Promise<void>;
}

/** graphql-ws at `/graphql` and graphql-sse at `/graphql/stream`, sharing one executor (fan-out, masking). */
export function attachLiveTransports(httpServer: http.Server, app: express.Express, opts: LiveTransportOptions): LiveTransports {
  const formatError = createErrorFormatter(opts.logger, opts.development);
  const executor = createAlertEventsExecutor({
    schema: opts.schema,
    hub: opts.hub,
    services: opts.services,
    formatError,
    maxPendingEvents: opts.maxPendingEvents,
  });
  const common = { schema: opts.schema, services: opts.services, verifier: opts.verifier, executor, formatError, logger: opts.logger, limits: opts.limits };
  const ws = attachWebSocketTransport(httpServer, { ...common, ...opts.ws });
  const sse = attachSseTransport(app, { ...common, bodyLimitBytes: opts.bodyLimitBytes });
  return {
    stats: () => ({ webSockets: ws.clients(), sseStreams: sse.streams() }),
    dispose: async () => {
      await Promise.all([ws.dispose(), sse.dispose()]);
    },
  };
}
