import { connectRedis } from "./redis.connect.js";
import type { Logger } from "../logger.js";
import type { EventLogRetention } from "./memory.event-log.js";
import { createRedisDocuments } from "./redis.documents.js";
import { createRedisEventLog } from "./redis.event-log.js";
import { createRedisIndex } from "./redis.index.js";
import { redisKeys } from "./redis.keys.js";
import { createRedisLeases } from "./redis.leases.js";
import type { Store } from "./store.types.js";

export interface RedisStoreOptions {
  /** `redis://[user:pass@]host:port[/db]`; with `cluster`, any seed node of the Cluster. */
  url: string;
  /** Connect to a Redis Cluster (the URL is a seed node). Default false. */
  cluster?: boolean;
  /** Prefix of every key. Default `gw:`. */
  keyPrefix?: string;
  eventLog?: EventLogRetention & {
    /** How long one blocking XREAD waits before it is reissued, ms. Default 5,000. */
    blockMs?: number;
  };
  /** How long an upsert-reported change stays claimed before it is reported again, ms. Default 30,000. */
  claimTtlMs?: number;
  /** How long creation waits for Redis to answer, ms; then it rejects. Default 10,000. */
  startupTimeoutMs?: number;
  logger?: Logger;
}

/**
 * Shared-mode store. Two connections: one for commands, one for the process's blocking stream reader
 * (a blocked connection cannot serve commands). The reader starts at once, after the stream's last id,
 * so `listen` delivers every event appended after the store was created, by any replica.
 * Rejects when Redis does not answer within `startupTimeoutMs` (ioredis retries meanwhile); afterwards ioredis
 * reconnects on its own and commands fail after its per-request retries (20) rather than hang.
 */
export async function createRedisStore(opts: RedisStoreOptions): Promise<Store> {
  const keys = redisKeys(opts.keyPrefix ?? "gw:");
  const prefix = opts.keyPrefix ?? "gw:";
  // Names show in CLIENT LIST (operators, and tests that cut the reader's connection); no spaces allowed.
  const name = (role: string) => `gw-${role}:${prefix}`.replace(/[^\x21-\x7e]/g, "_");
  const redis = connectRedis(opts.url, { connectionName: name("store") }, opts.cluster ?? false);
  // The reader retries forever: it is our only way to hear other replicas.
  const reader = connectRedis(opts.url, { connectionName: name("event-reader"), maxRetriesPerRequest: null }, opts.cluster ?? false);
  let lastError = "";
  const onError = (which: string) => (e: Error) => {
    // ioredis emits one error per failed reconnect attempt: log changes, not repeats.
    if (e.message === lastError) return;
    lastError = e.message;
    opts.logger?.warn({ err: e.message, connection: which }, "redis connection error");
  };
  redis.on("error", onError("commands"));
  reader.on("error", onError("event reader"));
  redis.on("ready", () => (lastError = ""));

  let timer: NodeJS.Timeout | undefined;
  try {
    const limit = opts.startupTimeoutMs ?? 10_000;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not answer within ${limit} ms`)), limit);
    });
    await Promise.race([redis.ping(), timeout]);
  } catch (e) {
    redis.disconnect();
    reader.disconnect();
    throw e;
  } finally {
    clearTimeout(timer);
  }
  const events = createRedisEventLog(redis, reader, { stream: keys.events, trimmed: keys.eventsTrimmed, marker: keys.eventMarker }, { ...opts.eventLog, logger: opts.logger });
  events.start(await events.lastGeneratedId());

  let closed = false;
  return {
    kind: "redis",
    index: createRedisIndex(redis, keys, { claimTtlMs: opts.claimTtlMs }),
    events,
    documents: createRedisDocuments(redis, keys),
    leases: createRedisLeases(redis, keys),
    async ping() {
      if (closed || redis.status !== "ready") return false;
      let timer: NodeJS.Timeout | undefined;
      try {
        const timeout = new Promise<string>((r) => (timer = setTimeout(() => r("timeout"), 1_000)));
        return (await Promise.race([redis.ping(), timeout])) === "PONG";
      } catch {
        return false;
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await events.stop();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
