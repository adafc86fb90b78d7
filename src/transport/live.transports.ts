import type http from "node:http";
import type express from "express";
import type { GraphQLSchema } from "graphql";
import type { Principal } from "../auth/principal.js";
import type { TokenVerifier } from "../auth/token-verifier.js";
import { createBufferBudget } from "../live/buffer.budget.js";
import { createSubscriptionExecutor, type LiveField } from "../live/subscription.executor.js";
import type { ExecutionEngine } from "../execution/execution.engine.js";
import type { RefusedIpLimiter } from "../limits/refused-ip.limit.js";
import type { Logger } from "../logger.js";
import { createDocumentCache, createErrorFormatter, type OperationLimits } from "./operation.prepare.js";
import { attachSseTransport } from "./sse.transport.js";
import { createSubscriptionLog } from "./subscription.log.js";
import { attachWebSocketTransport } from "./ws.transport.js";

export interface LiveTransportOptions<S> {
  schema: GraphQLSchema;
  verifier: TokenVerifier;
  /** The subscription root fields served (`alertEvents`, `incidentEvents`), each over its event log's hub (see `liveField`). */
  fields: Readonly<Record<string, LiveField<S>>>;
  /** GraphQL context of a request: `scope` given when rendering a live event (the hub's current scope), else resolved. */
  contextFor(principal: Principal, requestId: string, scope?: S): Promise<unknown>;
  logger: Logger;
  /** Show internal error messages (never stacks). */
  development: boolean;
  /** The same limits as the HTTP endpoint. */
  limits: OperationLimits;
  ws: { initTimeoutMs: number; keepAliveMs: number; maxMessageBytes: number; maxBufferedBytes: number };
  sse: {
    /** Max JSON body of a streamed request, bytes. */
    bodyLimitBytes: number;
    /** Unflushed events per stream before SLOW_CONSUMER. */
    maxPendingEvents: number;
    /** Buffered bytes per stream before SLOW_CONSUMER. */
    maxBufferedBytes: number;
    /** Keep-alive period, ms. */
    keepAliveMs: number;
  };
  /** Unflushed bytes of all live connections of the process before slow ones are shed (LIVE_MAX_BUFFERED_BYTES). */
  maxBufferedBytes: number;
  /** Renders events (graphql-jit or graphql-js, `EXECUTION_ENGINE`); absent: graphql-js. */
  engine?: ExecutionEngine;
  /** The HTTP endpoint's refused-address budget, shared (see `LiveTransportOptions.preAuth`). */
  preAuth?: RefusedIpLimiter;
}

export interface LiveTransports {
  stats(): { webSockets: number; sseStreams: number; bufferedBytes: number };
  /** Closes sockets with 1001 and cuts SSE streams; clients resume elsewhere from their cursor. */
  dispose(): Promise<void>;
}

/**
 * graphql-ws at `/graphql`, SSE and multipart at `/graphql/stream` and (negotiated) `/graphql`: thin
 * adapters over one subscription executor (src/live), one error masking, one budget of buffered bytes
 * and one subscription access log.
 */
export function attachLiveTransports<S>(httpServer: http.Server, app: express.Express, opts: LiveTransportOptions<S>): LiveTransports {
  const formatError = createErrorFormatter(opts.logger, opts.development);
  const executor = createSubscriptionExecutor<S>({
    schema: opts.schema,
    fields: opts.fields,
    contextFor: (principal, requestId, scope) => opts.contextFor(principal, requestId, scope),
    formatError,
    execute: opts.engine ? (op) => opts.engine!.run(op) : undefined,
  });
  const budget = createBufferBudget(opts.maxBufferedBytes);
  const subscriptionLog = createSubscriptionLog(opts.logger);
  const contextFor = (principal: Principal, requestId: string) => opts.contextFor(principal, requestId);
  const common = {
    schema: opts.schema,
    verifier: opts.verifier,
    executor,
    contextFor,
    formatError,
    logger: opts.logger,
    subscriptionLog,
    // One cache of validated documents for both transports: subscribers of the same document share its AST.
    limits: { ...opts.limits, documents: opts.limits.documents ?? createDocumentCache() },
    budget,
    preAuth: opts.preAuth,
  };
  const ws = attachWebSocketTransport(httpServer, { ...common, ...opts.ws });
  const sse = attachSseTransport(app, { ...common, ...opts.sse });
  return {
    stats: () => ({ webSockets: ws.clients(), sseStreams: sse.streams(), bufferedBytes: budget.used() }),
    dispose: async () => {
      await Promise.all([ws.dispose(), sse.dispose()]);
    },
  };
}
