import { Redis } from "ioredis";
import type { Logger } from "../logger.js";
import type { EventLogRetention } from "./memory.event-log.js";
import { createRedisDocuments } from "./redis.documents.js";
import { createRedisEventLog } from "./redis.event-log.js";
import { createRedisIndex } from "./redis.index.js";
import { redisKeys } from "./redis.keys.js";
import { createRedisLeases } from "./redis.leases.js";
import type { Store } from "./store.types.js";

export interface RedisStoreOptions {
  url: string;
  /** Prefix of every key. Default `gw:`. */
  keyPrefix?: string;
  eventLog?: EventLogRetention;
  logger?: Logger;
}

/**
 * Shared-mode store. Two connections: one for commands, one for the blocking stream reader (a blocked
 * connection cannot serve commands). ioredis reconnects both on its own; commands issued meanwhile are
 * queued, and the reader resumes from its last id.
 */
export async function createRedisStore(opts: RedisStoreOptions): Promise<Store> {
  const keys = redisKeys(opts.keyPrefix ?? "gw:");
  const redis = new Redis(opts.url, { maxRetriesPerRequest: null, lazyConnect: false });
  const reader = new Redis(opts.url, { maxRetriesPerRequest: null });
  redis.on("error", (e) => opts.logger?.warn({ err: e.message }, "redis connection error"));
  reader.on("error", () => {});
  const events = createRedisEventLog(redis, reader, keys.events, { ...opts.eventLog, logger: opts.logger });
  const index = createRedisIndex(redis, keys);
  // Start tailing the log before loading the snapshot: changes made meanwhile are replayed, not missed.
  const from = await events.latestId();
  events.listen((e) => void index.apply(e.tenantId, [e.alert], e.at));
  events.start(from);
  await index.load();
  return {
    kind: "redis",
    index,
    events,
    documents: createRedisDocuments(redis, keys),
    leases: createRedisLeases(redis, keys),
    ping: async () => {
      try {
        return (await Promise.race([redis.ping(), new Promise<string>((r) => setTimeout(() => r("timeout"), 1_000))])) === "PONG";
      } catch {
        return false;
      }
    },
    close: async () => {
      await events.stop();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
