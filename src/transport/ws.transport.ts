import { randomUUID } from "node:crypto";
import type http from "node:http";
import type { Duplex } from "node:stream";
import { execute, type GraphQLError } from "graphql";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import type { Principal } from "../auth/principal.js";
import { isGatewayError } from "../errors/errors.js";
import type { BufferAccount } from "../live/buffer.budget.js";
import type { LiveSubscription } from "../live/event.hub.js";
import type { RenderedEvent } from "../live/subscription.executor.js";
import type { LiveTransportOptions } from "./live-transport.options.js";
import { isPrepared, prepareOperation } from "./operation.prepare.js";
import type { SubscriptionEndReason, SubscriptionLogEntry } from "./subscription.log.js";
import { CloseCode, CloseReason, WS_PATH } from "./transport.constants.js";
import {
  ackMessage,
  completeMessage,
  errorMessage,
  FRAME_TAIL,
  GRAPHQL_TRANSPORT_WS_PROTOCOL,
  MessageType,
  nextFrameHead,
  pongMessage,
  ProtocolClose,
  readMessage,
  resultMessage,
  selectProtocol,
  subscriberExists,
} from "./ws.protocol.js";

/**
 * `keepAliveMs` is the server's ping period here: a client that has not answered the previous ping is terminated.
 * `maxBufferedBytes` applies to a socket's unsent bytes (close 1013 beyond it).
 */
export interface WebSocketTransportOptions extends LiveTransportOptions {
  /** Time a client has to send `connection_init` before the socket is closed with 4408, ms. Default 3,000. */
  initTimeoutMs: number;
  /** Largest incoming message, bytes (bigger closes the socket with 1009). Default 100,000. */
  maxMessageBytes: number;
}

export interface WebSocketTransport {
  /** Open sockets. */
  clients(): number;
  /** Stops accepting upgrades, closes every socket with 1001 "Going away". */
  dispose(): Promise<void>;
}

/**
 * One socket's state: what the protocol and the live guarantees need, nothing per message. A running
 * subscription is its `LiveSubscription` in `operations`; `null` marks an id whose subscribe is still being
 * checked (a `complete` for it, or the socket closing, cancels it before it starts).
 */
interface Connection {
  socket: WebSocket;
  /** The upgraded TCP stream under `socket`: corked while this tick's frames are written (see `deliver`). */
  stream: Duplex;
  /** The client's address (the refused-address budget counts a refused `connection_init` against it). */
  ip: string;
  /** `stream` is corked until the end of this tick. */
  corked: boolean;
  initReceived: boolean;
  principal: Principal | null;
  expiry: NodeJS.Timeout | null;
  /** This socket's share of the process budget of unflushed bytes. */
  account: BufferAccount | null;
  /** Sizes of the frames written and not yet flushed, oldest first (write callbacks run in write order). */
  unflushed: number[];
  /** The write callback of every frame: returns the oldest unflushed frame's bytes to the budget. */
  flushed: () => void;
  /** Why the gateway is closing this socket, for the subscriptions' "ended" log lines. */
  closing: SubscriptionEndReason | null;
  operations: Map<string, Operation | null>;
  /** A ping was sent and its pong has not arrived yet. */
  awaitingPong: boolean;
}

/** A running subscription of a connection: the engine's handle and its access-log line. */
interface Operation {
  live: LiveSubscription;
  entry: SubscriptionLogEntry;
}

/** setTimeout's ceiling (~24.8 days); longer waits are re-armed. */
const MAX_TIMER_MS = 2_147_483_647;
/** The write callback before the connection is acknowledged (no frame is written before). */
const NOTHING_WRITTEN = () => {};
/** ws `send` options of a `next` frame: text, written as is. */
const SEND_TEXT = { binary: false } as const;
/** How long a shed slow consumer has to read its backlog and the 1013 close frame before it is cut, ms. */
const SHED_GRACE_MS = 2_000;
/** How long shutdown waits for clients to answer the 1001 close frame before cutting them, ms. */
const CLOSE_HANDSHAKE_MS = 2_000;

/** `connection_init` payload: `{ authorization: "Bearer <jwt>" }` (`Authorization` accepted too). */
const bearerOf = (params: Record<string, unknown> | undefined): string | undefined => {
  const v = params?.authorization ?? params?.Authorization;
  return typeof v === "string" ? v : undefined;
};

/** A message's text (the server keeps ws's default `nodebuffer` binary type: a Buffer, or its fragments). */
const textOf = (data: RawData): string =>
  (Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data)).toString();

/** Closes the socket with 4403 when the token expires (re-armed past setTimeout's ceiling). */
function scheduleExpiry(conn: Connection, expiresAtMs: number): void {
  const left = expiresAtMs - Date.now();
  conn.expiry = setTimeout(
    () => {
      if (left > MAX_TIMER_MS) return scheduleExpiry(conn, expiresAtMs);
      conn.closing ??= "token_expired";
      conn.socket.close(CloseCode.FORBIDDEN, CloseReason.TOKEN_EXPIRED);
    },
    Math.min(Math.max(left, 0), MAX_TIMER_MS),
  );
  conn.expiry.unref();
}

/**
 * graphql-ws's `graphql-transport-ws` protocol on the HTTP server's `/graphql` path (same messages, close codes
 * and validation as graphql-ws's server; see ws.protocol.ts). The token is checked in `connection_init`
 * (bad → 4403) and the socket closed with 4403 when it expires. Subscriptions are checked on `subscribe` (bad
 * arguments → `error` message) and run on the live engine, which hands each socket the bytes rendered once for
 * its group: the `next` frame is built once per (event, group, subscription id) and written as is (shed with
 * 1013 past `maxBufferedBytes` or the process budget), the frames a socket gets in one tick in one write;
 * queries and mutations run through graphql-js with the same limits and masking as HTTP. One process-wide timer
 * pings every socket (`keepAliveMs`) and terminates those that did not answer the previous ping.
 */
export function attachWebSocketTransport(httpServer: http.Server, opts: WebSocketTransportOptions): WebSocketTransport {
  const { schema, verifier, executor, logger } = opts;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: opts.maxMessageBytes,
    perMessageDeflate: false,
    handleProtocols: selectProtocol,
  });
  const connections = new Set<Connection>();
  let disposing = false;

  const onUpgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const { pathname } = new URL(req.url ?? "/", "http://localhost");
    if (pathname !== WS_PATH) {
      // Other upgrade handlers may own other paths; when there are none, refuse.
      if (httpServer.listenerCount("upgrade") === 1) socket.destroy();
      return;
    }
    const ip = req.socket.remoteAddress ?? "";
    const retryAfter = opts.preAuth?.check(ip) ?? null;
    if (retryAfter !== null) {
      // As the HTTP endpoint answers it, before any handshake or token work: too many refusals from this address.
      socket.end(`HTTP/1.1 429 Too Many Requests\r\nRetry-After: ${retryAfter}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, socket, ip));
  };
  httpServer.on("upgrade", onUpgrade);

  const keepAlive =
    opts.keepAliveMs > 0 && Number.isFinite(opts.keepAliveMs)
      ? setInterval(() => {
          for (const c of connections) {
            if (c.socket.readyState !== c.socket.OPEN) continue;
            if (c.awaitingPong) {
              c.socket.terminate();
              continue;
            }
            c.awaitingPong = true;
            c.socket.ping();
          }
        }, opts.keepAliveMs)
      : null;
  keepAlive?.unref();

  const send = (conn: Connection, text: string) => {
    if (conn.socket.readyState === conn.socket.OPEN) conn.socket.send(text);
  };
  const closeWith = (conn: Connection, c: { code: number; reason: string }) => conn.socket.close(c.code, c.reason);

  /**
   * Closes a socket that does not read fast enough with 1013; its subscriptions log `slow_consumer`. The
   * close frame queues behind what the client has not read, so a client that reads nothing would hold
   * that memory through the whole close handshake: it is cut after SHED_GRACE_MS (it then sees 1006).
   */
  const shed = (conn: Connection) => {
    if (conn.closing === "slow_consumer") return;
    conn.closing ??= "slow_consumer";
    const { socket } = conn;
    socket.close(CloseCode.SLOW_CONSUMER, CloseReason.SLOW_CONSUMER);
    setTimeout(() => socket.readyState !== socket.CLOSED && socket.terminate(), SHED_GRACE_MS).unref();
  };

  /**
   * Sockets written in this tick, uncorked together when it ends. The engine hands a sync page's events over back to
   * back (one promise chain): without this each frame would be a write system call of its own; corked, the frames a
   * socket gets in one tick leave in one (the same bytes in the same order, just fewer calls into the kernel, which
   * were the fan-out's largest cost). `ws` corks around each frame too, and corking nests.
   */
  const corked: Connection[] = [];
  const uncorkAll = () => {
    // Emptied first: whatever happens below, the next tick's writes schedule an uncork of their own.
    for (const conn of corked.splice(0)) {
      conn.corked = false;
      conn.stream.uncork();
    }
  };
  const corkForThisTick = (conn: Connection) => {
    conn.corked = true;
    conn.stream.cork();
    if (corked.push(conn) === 1) process.nextTick(uncorkAll);
  };

  // The engine delivers an event to a group's sockets one after another: subscribers that share the rendering
  // and the subscription id (clients often number their first subscription "1") share one frame too.
  let lastRendered: RenderedEvent | null = null;
  let lastId = "";
  let lastFrame: Buffer = FRAME_TAIL;
  const frameOf = (rendered: RenderedEvent, id: string, head: Buffer): Buffer => {
    if (rendered !== lastRendered || id !== lastId) {
      lastRendered = rendered;
      lastId = id;
      lastFrame = Buffer.concat([head, rendered.payload, FRAME_TAIL]);
    }
    return lastFrame;
  };

  /** Writes `{"id":…,"type":"next","payload":<shared bytes>}` straight to the socket, within its and the process's bounds. */
  const deliver = (conn: Connection, id: string, entry: SubscriptionLogEntry) => {
    const { socket } = conn;
    const head = nextFrameHead(id);
    const account = conn.account!;
    return (rendered: RenderedEvent) => {
      if (socket.readyState !== socket.OPEN) return;
      const frame = frameOf(rendered, id, head);
      if (socket.bufferedAmount > opts.maxBufferedBytes || !account.tryAdd(frame.length)) return shed(conn);
      if (!conn.corked) corkForThisTick(conn);
      conn.unflushed.push(frame.length);
      socket.send(frame, SEND_TEXT, conn.flushed);
      entry.sent();
    };
  };

  const onConnectionInit = async (conn: Connection, payload: Record<string, unknown> | undefined) => {
    if (conn.initReceived) return closeWith(conn, ProtocolClose.TOO_MANY_INITIALISATION_REQUESTS);
    conn.initReceived = true;
    let principal: Principal;
    try {
      principal = await verifier.verifyHeader(bearerOf(payload));
    } catch (e) {
      logger.debug({ err: e instanceof Error ? e.message : String(e) }, "websocket connection_init refused");
      opts.preAuth?.refused(conn.ip);
      return conn.socket.close(CloseCode.FORBIDDEN, CloseReason.FORBIDDEN);
    }
    const expiresAtMs = principal.expiresAt * 1000;
    if (expiresAtMs <= Date.now()) return conn.socket.close(CloseCode.FORBIDDEN, CloseReason.FORBIDDEN);
    if (conn.socket.readyState !== conn.socket.OPEN) return;
    conn.principal = principal;
    const account = opts.budget.open();
    conn.account = account;
    conn.flushed = () => account.release(conn.unflushed.shift() ?? 0);
    scheduleExpiry(conn, expiresAtMs);
    send(conn, ackMessage);
  };

  /** An operation's errors as the protocol's `error` message (masked like HTTP), unless it was cancelled meanwhile. */
  const refuse = (conn: Connection, id: string, errors: readonly GraphQLError[]) => {
    if (!conn.operations.has(id)) return;
    conn.operations.delete(id);
    send(
      conn,
      errorMessage(
        id,
        errors.map((e) => opts.formatError(e)),
      ),
    );
  };

  const onSubscribe = async (conn: Connection, id: string, payload: { query: string; variables?: unknown; operationName?: unknown }) => {
    const principal = conn.principal;
    if (!principal) return closeWith(conn, ProtocolClose.UNAUTHORIZED);
    if (conn.operations.has(id)) return closeWith(conn, subscriberExists(id));
    conn.operations.set(id, null);
    const prepared = prepareOperation(schema, payload, opts.limits);
    if (!isPrepared(prepared)) return refuse(conn, id, prepared);
    try {
      await opts.limits.admit?.(principal);
    } catch (e) {
      if (isGatewayError(e)) return refuse(conn, id, [e]);
      throw e;
    }
    const args = { schema, document: prepared.document, operationName: prepared.operationName, variableValues: prepared.variableValues };
    if (prepared.operation !== "subscription") {
      const contextValue = await opts.contextFor(principal, `ws:${randomUUID()}`);
      const result = executor.formatResult(await execute({ ...args, contextValue }));
      if (!conn.operations.has(id)) return;
      conn.operations.delete(id);
      send(conn, resultMessage(id, result));
      return send(conn, completeMessage(id));
    }
    // Arguments are checked here, so bad ones get the protocol's `error` message (not `next` + `complete`).
    const sub = await executor.prepare({ ...args, principal });
    if ("errors" in sub) return refuse(conn, id, sub.errors);
    // Completed by the client, or the socket closed, while it was being checked: never started.
    if (!conn.operations.has(id) || conn.socket.readyState !== conn.socket.OPEN) return;
    const entry = opts.subscriptionLog.started({ transport: "websocket", principal, operationName: sub.operationName });
    // Methods, not arrow properties: tsx names each arrow it assigns (`__name`), which costs a property
    // dictionary per closure, and these exist once per subscriber.
    const op: Operation = {
      entry,
      live: sub.start({
        next: deliver(conn, id, entry),
        fail(error) {
          entry.end("error", typeof error.extensions?.code === "string" ? error.extensions.code : undefined);
          if (conn.operations.get(id) === op && conn.operations.delete(id)) send(conn, errorMessage(id, [error]));
        },
        end() {
          entry.end("shutdown");
          if (conn.operations.get(id) === op && conn.operations.delete(id)) send(conn, completeMessage(id));
        },
      }),
    };
    conn.operations.set(id, op);
  };

  const onComplete = (conn: Connection, id: string) => {
    const op = conn.operations.get(id);
    conn.operations.delete(id);
    if (!op) return;
    op.live.close();
    op.entry.end("client");
  };

  const onMessage = async (conn: Connection, data: string) => {
    const message = readMessage(data);
    if (!message) return closeWith(conn, ProtocolClose.BAD_REQUEST);
    switch (message.type) {
      case MessageType.ConnectionInit:
        return onConnectionInit(conn, message.payload);
      case MessageType.Ping:
        return send(conn, pongMessage(message.payload));
      case MessageType.Pong:
        return;
      case MessageType.Subscribe:
        return onSubscribe(conn, message.id, message.payload);
      case MessageType.Complete:
        return onComplete(conn, message.id);
      default:
        // Server-to-client messages (`next`, `error`, `connection_ack`) have no meaning here.
        return closeWith(conn, ProtocolClose.BAD_REQUEST);
    }
  };

  const onClose = (conn: Connection) => {
    connections.delete(conn);
    if (conn.expiry) clearTimeout(conn.expiry);
    const reason = conn.closing ?? (disposing ? "shutdown" : "client");
    for (const op of conn.operations.values()) {
      if (!op) continue;
      op.live.close();
      op.entry.end(reason);
    }
    conn.operations.clear();
    conn.account?.close();
  };

  const onConnection = (socket: WebSocket, stream: Duplex, ip: string) => {
    const conn: Connection = {
      socket,
      stream,
      ip,
      corked: false,
      initReceived: false,
      principal: null,
      expiry: null,
      account: null,
      unflushed: [],
      flushed: NOTHING_WRITTEN,
      closing: null,
      operations: new Map(),
      awaitingPong: false,
    };
    socket.once("error", (err) => {
      logger.error({ err }, "websocket error");
      closeWith(conn, ProtocolClose.INTERNAL_ERROR);
    });
    if (socket.protocol !== GRAPHQL_TRANSPORT_WS_PROTOCOL) return closeWith(conn, ProtocolClose.SUBPROTOCOL_NOT_ACCEPTABLE);
    connections.add(conn);
    const initWait =
      opts.initTimeoutMs > 0 && Number.isFinite(opts.initTimeoutMs)
        ? setTimeout(() => !conn.initReceived && closeWith(conn, ProtocolClose.INIT_TIMEOUT), opts.initTimeoutMs)
        : undefined;
    socket.on("pong", () => (conn.awaitingPong = false));
    socket.on("message", (data) => {
      onMessage(conn, textOf(data)).catch((err: unknown) => {
        logger.error({ err }, "websocket message handling failed");
        closeWith(conn, ProtocolClose.INTERNAL_ERROR);
      });
    });
    socket.once("close", () => {
      clearTimeout(initWait);
      onClose(conn);
    });
  };

  return {
    clients: () => wss.clients.size,
    async dispose() {
      httpServer.off("upgrade", onUpgrade);
      if (keepAlive) clearInterval(keepAlive);
      const sockets = [...wss.clients];
      disposing = true;
      const closed = Promise.all(
        sockets.map((s) => (s.readyState === s.CLOSED ? Promise.resolve() : new Promise<void>((r) => s.once("close", () => r())))),
      );
      for (const s of sockets) s.close(CloseCode.GOING_AWAY, CloseReason.GOING_AWAY);
      // The HTTP server's close waits for these sockets: cut the ones that do not finish the close handshake.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([closed, new Promise((r) => (timer = setTimeout(r, CLOSE_HANDSHAKE_MS)))]);
      clearTimeout(timer);
      for (const s of sockets) if (s.readyState !== s.CLOSED) s.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
