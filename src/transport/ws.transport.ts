import { randomUUID } from "node:crypto";
import type http from "node:http";
import type { Duplex } from "node:stream";
import { GraphQLError, subscribe as graphqlSubscribe, type ExecutionArgs, type ExecutionResult, type GraphQLFormattedError, type GraphQLSchema } from "graphql";
import { MessageType } from "graphql-ws";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer, type WebSocket } from "ws";
import type { Principal } from "../auth/principal.js";
import type { TokenVerifier } from "../auth/token-verifier.js";
import { createContext, type GatewayContext } from "../context.js";
import type { Logger } from "../logger.js";
import type { AlertEventsExecutor, RenderedEvent } from "../modules/subscriptions/alert-event.execution.js";
import type { Services } from "../services.js";
import { ErrorCode, isGatewayError } from "../errors/errors.js";
import { isPrepared, prepareOperation, type OperationLimits } from "./operation.prepare.js";
import { CloseCode, CloseReason, WS_PATH } from "./transport.constants.js";

export interface WebSocketTransportOptions {
  schema: GraphQLSchema;
  services: Services;
  verifier: TokenVerifier;
  executor: AlertEventsExecutor;
  formatError(e: GraphQLError): GraphQLFormattedError;
  logger: Logger;
  limits: OperationLimits;
  /** Time a client has to send `connection_init` before the socket is closed with 4408, ms. Default 3,000. */
  initTimeoutMs: number;
  /** Server ping period; a client that has not answered the previous ping is terminated, ms. 0 = off. Default 12,000. */
  keepAliveMs: number;
  /** Largest incoming message, bytes (bigger closes the socket with 1009). Default 100,000. */
  maxMessageBytes: number;
  /** Unsent bytes queued for one socket before it is closed with 1013 (slow consumer). Default 16 MiB. */
  maxBufferedBytes: number;
}

export interface WebSocketTransport {
  /** Open sockets. */
  clients(): number;
  /** Stops accepting upgrades, closes every socket with 1001 "Going away". */
  dispose(): Promise<void>;
}

type ConnectionExtra = {
  principal?: Principal;
  expiry?: NodeJS.Timeout;
};

/** `connection_init` payload: `{ authorization: "Bearer <jwt>" }` (`Authorization` accepted too). */
type ConnectionParams = Record<string, unknown>;

/** setTimeout's ceiling (~24.8 days); longer waits are re-armed. */
const MAX_TIMER_MS = 2_147_483_647;
const SUFFIX = Buffer.from("}");
/** How long shutdown waits for clients to answer the 1001 close frame before cutting them, ms. */
const CLOSE_HANDSHAKE_MS = 2_000;

const bearerOf = (params: ConnectionParams | undefined): string | undefined => {
  const v = params?.authorization ?? params?.Authorization;
  return typeof v === "string" ? v : undefined;
};

/** Closes the socket with 4403 when the token expires (re-armed past setTimeout's ceiling). */
function scheduleExpiry(extra: ConnectionExtra, socket: WebSocket, expiresAtMs: number): void {
  const left = expiresAtMs - Date.now();
  extra.expiry = setTimeout(
    () => (left > MAX_TIMER_MS ? scheduleExpiry(extra, socket, expiresAtMs) : socket.close(CloseCode.FORBIDDEN, CloseReason.TOKEN_EXPIRED)),
    Math.min(Math.max(left, 0), MAX_TIMER_MS),
  );
  extra.expiry.unref();
}

/**
 * graphql-ws (`graphql-transport-ws`) on the HTTP server's `/graphql` path. The token is checked in
 * `connection_init` (bad → 4403) and the socket closed with 4403 when it expires; `alertEvents`
 * subscriptions run on the shared fan-out and receive pre-serialized bytes, everything else runs
 * through graphql-js with the same limits and error masking as HTTP.
 */
export function attachWebSocketTransport(httpServer: http.Server, opts: WebSocketTransportOptions): WebSocketTransport {
  const { schema, services, verifier, executor, logger } = opts;
  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxMessageBytes });
  /** Where a shared subscription writes: keyed by the operation's context object. */
  const targets = new WeakMap<object, { socket: WebSocket; id: string }>();

  const onUpgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const { pathname } = new URL(req.url ?? "/", "http://localhost");
    if (pathname !== WS_PATH) {
      // Other upgrade handlers may own other paths; when there are none, refuse.
      if (httpServer.listenerCount("upgrade") === 1) socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
  };
  httpServer.on("upgrade", onUpgrade);

  /** Writes `{"id":…,"type":"next","payload":<shared bytes>}` straight to the socket. */
  const sendTo = (socket: WebSocket, id: string) => {
    const head = JSON.stringify({ id, type: MessageType.Next });
    const prefix = Buffer.from(`${head.slice(0, -1)},"payload":`);
    return (rendered: RenderedEvent) => {
      if (socket.readyState !== socket.OPEN) return;
      if (socket.bufferedAmount > opts.maxBufferedBytes) {
        socket.close(CloseCode.SLOW_CONSUMER, CloseReason.SLOW_CONSUMER);
        return;
      }
      socket.send(Buffer.concat([prefix, rendered.payload, SUFFIX]), { binary: false });
    };
  };

  const server = useServer<ConnectionParams, ConnectionExtra>(
    {
      schema,
      connectionInitWaitTimeout: opts.initTimeoutMs,
      onConnect: async (ctx) => {
        let principal: Principal;
        try {
          principal = await verifier.verifyHeader(bearerOf(ctx.connectionParams));
        } catch (e) {
          logger.debug({ err: e instanceof Error ? e.message : String(e) }, "websocket connection_init refused");
          return false;
        }
        const expiresAtMs = principal.expiresAt * 1000;
        if (expiresAtMs <= Date.now()) return false;
        ctx.extra.principal = principal;
        scheduleExpiry(ctx.extra, ctx.extra.socket, expiresAtMs);
        return true;
      },
      onClose: (ctx) => {
        if (ctx.extra.expiry) clearTimeout(ctx.extra.expiry);
      },
      onSubscribe: async (ctx, id, payload) => {
        const principal = ctx.extra.principal;
        if (!principal) return [new GraphQLError("not authenticated", { extensions: { code: ErrorCode.UNAUTHENTICATED } })];
        const prepared = prepareOperation(schema, payload, opts.limits);
        if (!isPrepared(prepared)) return prepared;
        try {
          await opts.limits.admit?.(principal);
        } catch (e) {
          if (isGatewayError(e)) return [e];
          throw e;
        }
        const contextValue = await createContext(services, principal, `ws:${randomUUID()}`);
        targets.set(contextValue, { socket: ctx.extra.socket, id });
        const args: ExecutionArgs = { schema, document: prepared.document, operationName: prepared.operationName, variableValues: prepared.variableValues, contextValue };
        return args;
      },
      subscribe: (args) => {
        const target = targets.get(args.contextValue as object);
        if (target && executor.handles(args)) {
          return executor.subscribe(args as ExecutionArgs & { contextValue: GatewayContext }, sendTo(target.socket, target.id)) as
            | ExecutionResult
            | AsyncIterableIterator<ExecutionResult>;
        }
        return graphqlSubscribe(args);
      },
      onNext: (_ctx, _id, _payload, _args, result) => executor.formatResult(result as ExecutionResult),
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => opts.formatError(e)),
    },
    wss,
    opts.keepAliveMs,
  );

  return {
    clients: () => wss.clients.size,
    async dispose() {
      httpServer.off("upgrade", onUpgrade);
      const sockets = [...wss.clients];
      const closed = Promise.all(sockets.map((s) => (s.readyState === s.CLOSED ? undefined : new Promise((r) => s.once("close", r)))));
      await server.dispose(); // sends 1001 "Going away" to every client
      // The HTTP server's close waits for these sockets: cut the ones that do not finish the close handshake.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([closed, new Promise((r) => (timer = setTimeout(r, CLOSE_HANDSHAKE_MS)))]);
      clearTimeout(timer);
      for (const s of sockets) if (s.readyState !== s.CLOSED) s.terminate();
    },
  };
}
