import { randomUUID } from "node:crypto";
import type http from "node:http";
import type { Duplex } from "node:stream";
import { GraphQLError, type ExecutionArgs, type ExecutionResult, type GraphQLFormattedError, type GraphQLSchema } from "graphql";
import { MessageType } from "graphql-ws";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer, type WebSocket } from "ws";
import type { Principal } from "../auth/principal.js";
import type { TokenVerifier } from "../auth/token-verifier.js";
import { ErrorCode, isGatewayError } from "../errors/errors.js";
import type { BufferAccount, BufferBudget } from "../live/buffer.budget.js";
import type { PreparedSubscription, RenderedEvent, SubscriptionExecutor } from "../live/subscription.executor.js";
import { createSubscriptionLifetime } from "../live/subscription.lifetime.js";
import type { Logger } from "../logger.js";
import { isPrepared, prepareOperation, type OperationLimits } from "./operation.prepare.js";
import type { SubscriptionEndReason, SubscriptionLog, SubscriptionLogEntry } from "./subscription.log.js";
import { CloseCode, CloseReason, WS_PATH } from "./transport.constants.js";

export interface WebSocketTransportOptions {
  schema: GraphQLSchema;
  verifier: TokenVerifier;
  executor: SubscriptionExecutor;
  /** The GraphQL context of a query or mutation sent over the socket. */
  contextFor(principal: Principal, requestId: string): Promise<unknown>;
  formatError(e: GraphQLError): GraphQLFormattedError;
  logger: Logger;
  subscriptionLog: SubscriptionLog;
  limits: OperationLimits;
  /** The process-wide budget of unflushed live bytes (shared with SSE): a socket behind when it is spent is closed with 1013. */
  budget: BufferBudget;
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
  /** This socket's share of the process budget of unflushed bytes. */
  account?: BufferAccount;
  /** Why the gateway is closing this socket, for the subscriptions' "ended" log lines. */
  closing?: SubscriptionEndReason;
};

/** A subscription's failure, already masked: `onError` sends it as is. */
class FormattedFailure extends Error {
  constructor(readonly formatted: GraphQLFormattedError) {
    super(formatted.message);
    this.name = "FormattedFailure";
  }
}

/** `connection_init` payload: `{ authorization: "Bearer <jwt>" }` (`Authorization` accepted too). */
type ConnectionParams = Record<string, unknown>;

/** setTimeout's ceiling (~24.8 days); longer waits are re-armed. */
const MAX_TIMER_MS = 2_147_483_647;
const SUFFIX = Buffer.from("}");
/** How long a shed slow consumer has to read its backlog and the 1013 close frame before it is cut, ms. */
const SHED_GRACE_MS = 2_000;
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
    () => {
      if (left > MAX_TIMER_MS) return scheduleExpiry(extra, socket, expiresAtMs);
      extra.closing ??= "token_expired";
      socket.close(CloseCode.FORBIDDEN, CloseReason.TOKEN_EXPIRED);
    },
    Math.min(Math.max(left, 0), MAX_TIMER_MS),
  );
  extra.expiry.unref();
}

/**
 * graphql-ws (`graphql-transport-ws`) on the HTTP server's `/graphql` path. The token is checked in
 * `connection_init` (bad → 4403) and the socket closed with 4403 when it expires. Subscriptions are
 * checked in `subscribe` (bad arguments → `error` message) and run on the live engine, which writes
 * pre-serialized bytes straight to the socket (shed with 1013 past `maxBufferedBytes` or the process
 * budget); queries and mutations run through graphql-js with the same limits and masking as HTTP.
 */
export function attachWebSocketTransport(httpServer: http.Server, opts: WebSocketTransportOptions): WebSocketTransport {
  const { schema, verifier, executor, logger } = opts;
  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxMessageBytes });
  let disposing = false;
  /** A checked subscription waiting for graphql-ws to start it: keyed by the operation's context object. */
  const pending = new WeakMap<
    object,
    { prepared: PreparedSubscription; principal: Principal; extra: ConnectionExtra & { socket: WebSocket }; id: string }
  >();

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

  /**
   * Closes a socket that does not read fast enough with 1013; its subscriptions log `slow_consumer`. The
   * close frame queues behind what the client has not read, so a client that reads nothing would hold
   * that memory through the whole close handshake: it is cut after SHED_GRACE_MS (it then sees 1006).
   */
  const shed = (extra: ConnectionExtra & { socket: WebSocket }) => {
    if (extra.closing === "slow_consumer") return;
    extra.closing ??= "slow_consumer";
    const { socket } = extra;
    socket.close(CloseCode.SLOW_CONSUMER, CloseReason.SLOW_CONSUMER);
    setTimeout(() => socket.readyState !== socket.CLOSED && socket.terminate(), SHED_GRACE_MS).unref();
  };

  /** Writes `{"id":…,"type":"next","payload":<shared bytes>}` straight to the socket, within its and the process's bounds. */
  const sendTo = (extra: ConnectionExtra & { socket: WebSocket }, id: string, entry: SubscriptionLogEntry) => {
    const { socket } = extra;
    const head = JSON.stringify({ id, type: MessageType.Next });
    const prefix = Buffer.from(`${head.slice(0, -1)},"payload":`);
    return (rendered: RenderedEvent) => {
      if (socket.readyState !== socket.OPEN) return;
      const frame = Buffer.concat([prefix, rendered.payload, SUFFIX]);
      const account = extra.account;
      if (socket.bufferedAmount > opts.maxBufferedBytes || (account && !account.tryAdd(frame.length))) return shed(extra);
      socket.send(frame, { binary: false }, () => account?.release(frame.length));
      entry.sent();
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
        ctx.extra.account = opts.budget.open();
        scheduleExpiry(ctx.extra, ctx.extra.socket, expiresAtMs);
        return true;
      },
      onClose: (ctx) => {
        if (ctx.extra.expiry) clearTimeout(ctx.extra.expiry);
        ctx.extra.account?.close();
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
        const requestId = `ws:${randomUUID()}`;
        const args: ExecutionArgs = {
          schema,
          document: prepared.document,
          operationName: prepared.operationName,
          variableValues: prepared.variableValues,
        };
        if (prepared.operation !== "subscription") return { ...args, contextValue: await opts.contextFor(principal, requestId) };
        // Arguments are checked here, so bad ones get the protocol's `error` message (not `next` + `complete`).
        const sub = await executor.prepare({ ...args, principal });
        if ("errors" in sub) return [...sub.errors];
        const contextValue = { requestId };
        pending.set(contextValue, { prepared: sub, principal, extra: ctx.extra, id });
        return { ...args, contextValue };
      },
      subscribe: (args) => {
        const p = pending.get(args.contextValue as object);
        if (!p)
          return { errors: [new GraphQLError("subscription was not prepared", { extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } })] };
        pending.delete(args.contextValue as object);
        const entry = opts.subscriptionLog.started({
          transport: "websocket",
          principal: p.principal,
          operationName: p.prepared.operationName,
        });
        const lifetime = createSubscriptionLifetime(() => {
          live.close();
          entry.end(p.extra.closing ?? (disposing ? "shutdown" : "client"));
        });
        const live = p.prepared.start({
          next: sendTo(p.extra, p.id, entry),
          fail: (error) => {
            entry.end("error", typeof error.extensions?.code === "string" ? error.extensions.code : undefined);
            lifetime.fail(new FormattedFailure(error));
          },
          end: () => {
            entry.end("shutdown");
            lifetime.end();
          },
        });
        return lifetime.iterator as AsyncIterableIterator<ExecutionResult>;
      },
      onNext: (_ctx, _id, _payload, _args, result) => executor.formatResult(result),
      onError: (_ctx, _id, _payload, errors) =>
        errors.map((e) => (e.originalError instanceof FormattedFailure ? e.originalError.formatted : opts.formatError(e))),
    },
    wss,
    opts.keepAliveMs,
  );

  return {
    clients: () => wss.clients.size,
    async dispose() {
      httpServer.off("upgrade", onUpgrade);
      const sockets = [...wss.clients];
      disposing = true;
      const closed = Promise.all(
        sockets.map((s) => (s.readyState === s.CLOSED ? Promise.resolve() : new Promise<void>((r) => s.once("close", () => r())))),
      );
      await server.dispose(); // sends 1001 "Going away" to every client
      // The HTTP server's close waits for these sockets: cut the ones that do not finish the close handshake.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([closed, new Promise((r) => (timer = setTimeout(r, CLOSE_HANDSHAKE_MS)))]);
      clearTimeout(timer);
      for (const s of sockets) if (s.readyState !== s.CLOSED) s.terminate();
    },
  };
}
