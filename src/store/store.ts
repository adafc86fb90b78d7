import type { Logger } from "../logger.js";
import type { EventLogRetention } from "./memory.event-log.js";
import { createMemoryStore } from "./memory.store.js";
import { createRedisStore } from "./redis.store.js";
import type { Store } from "./store.types.js";

export { compareCursors, isCursor } from "./cursor.js";

export interface StoreConfig {
  /** Set ⇒ shared mode on Redis; null/absent ⇒ embedded memory store. */
  redisUrl?: string | null;
  /** `redisUrl` is a seed node of a Redis Cluster. Default false. */
  redisCluster?: boolean;
  /** Redis key prefix. Default `gw:`. */
  keyPrefix?: string;
  /** Memory mode only: file the documents persist to; null/absent ⇒ not persisted. */
  dataFile?: string | null;
  /** Retention of the event log. Defaults: 100,000 events, 24 h. */
  eventLog?: EventLogRetention;
  /** How long an upsert-reported change stays claimed before it is reported again, ms. Default 30,000. */
  claimTtlMs?: number;
  logger?: Logger;
}

/** Redis when `redisUrl` is set (shared mode), memory otherwise (embedded). */
export function createStore(config: StoreConfig): Promise<Store> {
  if (config.redisUrl) {
    return createRedisStore({ url: config.redisUrl, cluster: config.redisCluster, keyPrefix: config.keyPrefix, eventLog: config.eventLog, claimTtlMs: config.claimTtlMs, logger: config.logger });
  }
  return Promise.resolve(createMemoryStore({ dataFile: config.dataFile, eventLog: config.eventLog, claimTtlMs: config.claimTtlMs }));
}
