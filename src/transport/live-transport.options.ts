import type { GraphQLError, GraphQLFormattedError, GraphQLSchema } from "graphql";
import type { Principal } from "../auth/principal.js";
import type { TokenVerifier } from "../auth/token-verifier.js";
import type { BufferBudget } from "../live/buffer.budget.js";
import type { SubscriptionExecutor } from "../live/subscription.executor.js";
import type { RefusedIpLimiter } from "../limits/refused-ip.limit.js";
import type { Logger } from "../logger.js";
import type { OperationLimits } from "./operation.prepare.js";
import type { SubscriptionLog } from "./subscription.log.js";

/** What every live transport (WebSocket, SSE and multipart HTTP) is built with; each adds its own bounds. */
export interface LiveTransportOptions {
  schema: GraphQLSchema;
  verifier: TokenVerifier;
  executor: SubscriptionExecutor;
  /** The GraphQL context of a query or mutation sent over the transport. */
  contextFor(principal: Principal, requestId: string): Promise<unknown>;
  formatError(e: GraphQLError): GraphQLFormattedError;
  logger: Logger;
  subscriptionLog: SubscriptionLog;
  limits: OperationLimits;
  /**
   * The process-wide budget of unflushed live bytes, shared by all transports: a connection that is behind when it is
   * spent is ended as a slow consumer (WebSocket close 1013, SSE `SLOW_CONSUMER`).
   */
  budget: BufferBudget;
  /** Keep-alive period, ms (0 = none). Default 12,000. */
  keepAliveMs: number;
  /** Bytes buffered for one connection before it is ended as a slow consumer. Default 16 MiB. */
  maxBufferedBytes: number;
  /**
   * The HTTP endpoint's budget of refused requests per client address (`AUTH_REFUSALS_PER_IP_PER_MIN`): a refused
   * `connection_init` counts against it, and an address over it gets 429 instead of a WebSocket.
   */
  preAuth?: RefusedIpLimiter;
}
