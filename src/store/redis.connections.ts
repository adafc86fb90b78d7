import { Cluster, Redis, type RedisOptions } from "ioredis";
import type { Logger } from "../logger.js";

/**
 * The one place that opens Redis connections, single-node or Cluster, for every Redis user of the
 * gateway: the store, the upstream budgets and the caller rate limiter share one command connection;
 * blocking readers (the event log's XREAD) get their own. With `cluster`, the URL names any seed node;
 * ioredis discovers the rest and routes each command by slot. Every key of the gateway is hash-tagged
 * (per tenant, per caller, per collection, the event stream) and every script and pipeline stays in one
 * slot, so the same code runs on both.
 */
export interface RedisConnectionOptions {
  /** `redis://[user:pass@]host:port[/db]` or `rediss://…`; with `cluster`, any seed node of the Cluster. */
  url: string;
  /** Connect to a Redis Cluster (the URL is a seed node). Default false. */
  cluster?: boolean;
  /**
   * Bound on every command of the shared command connection, ms. Default 1,000. Past it the command
   * fails (requests answer SERVICE_UNAVAILABLE) instead of waiting for Redis to come back; commands are
   * never queued while the connection is down either (no offline queue), so an outage fails fast.
   */
  commandTimeoutMs?: number;
  /** Key prefix of the gateway's keys; only used to name the connections (CLIENT LIST). Default `gw:`. */
  keyPrefix?: string;
  /** Connection errors are logged here (each change once, not every reconnect attempt). */
  logger?: Logger;
}

export interface RedisConnections {
  /** The URL with its password masked, for logs and error messages. */
  readonly safeUrl: string;
  /** The shared command connection: command timeout, no offline queue; reconnects on its own. */
  readonly commands: Redis;
  /**
   * A new connection for one blocking reader (a blocked connection cannot serve other commands): no
   * command timeout, never gives up reconnecting. Closed by `close()` unless its owner disconnects it first.
   */
  blocking(role: string): Redis;
  /**
   * Resolves once the command connection is ready; rejects with a {@link RedisUnreachableError} naming the
   * URL and the last connection error when it is not ready within `timeoutMs`.
   */
  ready(timeoutMs: number): Promise<void>;
  /**
   * Quits every connection opened here; always ends promptly, Redis up or down: a connection that is not
   * ready is dropped at once, and a QUIT unanswered within the command timeout (default 1,000 ms) drops
   * its socket. Idempotent.
   */
  close(): Promise<void>;
}

/** Redis did not answer at startup: the message names the (masked) URL and why, e.g. ECONNREFUSED. */
export class RedisUnreachableError extends Error {
  constructor(
    readonly safeUrl: string,
    readonly reason: string,
    readonly timeoutMs: number,
  ) {
    super(`Redis at ${safeUrl} did not answer within ${timeoutMs} ms: ${reason}`);
    this.name = "RedisUnreachableError";
  }
}

/** The URL with any password replaced by `***`. */
export function maskRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString().replace(/\/$/, "");
  } catch {
    return "(unparsable URL)";
  }
}

function open(url: string, options: RedisOptions, cluster: boolean): Redis {
  if (!cluster) return new Redis(url, options);
  const u = new URL(url);
  const node = { host: u.hostname, port: Number(u.port || 6379) };
  const { connectionName, maxRetriesPerRequest, enableOfflineQueue, lazyConnect, ...rest } = options;
  const password = u.password ? decodeURIComponent(u.password) : undefined;
  const username = u.username ? decodeURIComponent(u.username) : undefined;
  const c = new Cluster([node], {
    lazyConnect,
    enableOfflineQueue,
    redisOptions: { ...rest, connectionName, maxRetriesPerRequest, password, username },
    // Commands queued while the cluster topology is refreshed instead of failing at once.
    retryDelayOnClusterDown: 200,
    retryDelayOnFailover: 200,
  });
  // ioredis' Cluster implements the same command interface as Redis; the gateway uses only commands of one slot.
  return c as unknown as Redis;
}

/** Opens the shared command connection at once (it connects in the background); see {@link RedisConnections}. */
export function createRedisConnections(opts: RedisConnectionOptions): RedisConnections {
  const cluster = opts.cluster ?? false;
  const safeUrl = maskRedisUrl(opts.url);
  const prefix = opts.keyPrefix ?? "gw:";
  // Names show in CLIENT LIST (operators, and tests that cut the reader's connection); no spaces allowed.
  const name = (role: string) => `gw-${role}:${prefix}`.replace(/[^\x21-\x7e]/g, "_");
  const opened: Redis[] = [];
  let lastError = "";

  const watch = (redis: Redis, role: string) => {
    let last = "";
    redis.on("error", (e: Error) => {
      // ioredis emits one error per failed reconnect attempt: log changes, not repeats.
      const message = describe(e);
      lastError = message;
      if (message === last) return;
      last = message;
      opts.logger?.warn({ err: message, connection: role, url: safeUrl }, "redis connection error");
    });
    redis.on("ready", () => {
      if (last !== "") opts.logger?.info({ connection: role, url: safeUrl }, "redis connection restored");
      last = "";
    });
    opened.push(redis);
    return redis;
  };

  const commands = watch(
    open(
      opts.url,
      { connectionName: name("store"), commandTimeout: opts.commandTimeoutMs ?? 1_000, enableOfflineQueue: false, maxRetriesPerRequest: 0 },
      cluster,
    ),
    "commands",
  );

  let closed = false;
  return {
    safeUrl,
    commands,
    blocking: (role) => watch(open(opts.url, { connectionName: name(role), maxRetriesPerRequest: null }, cluster), role),
    async ready(timeoutMs) {
      if (commands.status === "ready") return;
      await new Promise<void>((resolve, reject) => {
        const done = () => {
          clearTimeout(timer);
          commands.off("ready", done);
          resolve();
        };
        const timer = setTimeout(() => {
          commands.off("ready", done);
          reject(new RedisUnreachableError(safeUrl, lastError || "no answer", timeoutMs));
        }, timeoutMs);
        commands.on("ready", done);
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      // QUIT only on a live connection: on one that is reconnecting it would wait in the offline queue for ever.
      // A "ready" connection may still talk to a server that stopped answering (blocking connections have no
      // command timeout): past the bound, QUIT is abandoned and the socket dropped, so close() always ends.
      const quitBoundMs = opts.commandTimeoutMs ?? 1_000;
      const closing = opened
        .filter((r) => r.status !== "end")
        .map(async (r) => {
          if (r.status !== "ready") return r.disconnect();
          let timer: NodeJS.Timeout | undefined;
          const gaveUp = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), quitBoundMs)));
          const outcome = await Promise.race([r.quit().then(() => "quit" as const, () => "failed" as const), gaveUp]);
          clearTimeout(timer);
          if (outcome !== "quit") r.disconnect();
        });
      await Promise.all(closing);
    },
  };
}

/** `connect ECONNREFUSED 127.0.0.1:1`, also for Cluster errors that wrap the node's error. */
function describe(e: Error): string {
  const inner = (e as Error & { lastNodeError?: Error }).lastNodeError;
  return inner ? `${e.message}: ${inner.message}` : e.message;
}
