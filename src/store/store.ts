import type { Logger } from "../logger.js";
import type { EventLogRetention } from "./memory.event-log.js";
import { createMemoryStore } from "./memory.store.js";
import type { RedisConnections } from "./redis.connections.js";
import { createRedisStore } from "./redis.store.js";
import type { Store } from "./store.types.js";

export { compareCursors, isCursor } from "./cursor.js";

export interface StoreConfig {
  /** Set ⇒ shared mode on Redis (from the process's Redis connection factory); null/absent ⇒ embedded memory store. */
  redis?: RedisConnections | null;
  /** Redis key prefix. Default `gw:`. */
  keyPrefix?: string;
  /** How long creation waits for Redis, ms. Default 10,000. */
  startupTimeoutMs?: number;
  /** Memory mode only: file the documents persist to; null/absent ⇒ not persisted. */
  dataFile?: string | null;
  /** Retention of the event log. Defaults: 100,000 events, 24 h. */
  eventLog?: EventLogRetention;
  /** How long an upsert-reported change stays claimed before it is reported again, ms. Default 30,000. */
  claimTtlMs?: number;
  /** Where store errors are logged (event-log reader, listeners). */
  logger?: Logger;
  /** Shared mode: answer index reads from a per-replica read mirror fed by the event logs. Default true. */
  readMirror?: boolean;
}

/** Redis when `redis` is set (shared mode), memory otherwise (embedded). */
export function createStore(config: StoreConfig): Promise<Store> {
  if (config.redis) {
    return createRedisStore({
      connections: config.redis,
      keyPrefix: config.keyPrefix,
      startupTimeoutMs: config.startupTimeoutMs,
      eventLog: config.eventLog,
      claimTtlMs: config.claimTtlMs,
      logger: config.logger,
      readMirror: config.readMirror === false ? undefined : {},
    });
  }
  return Promise.resolve(
    createMemoryStore({ dataFile: config.dataFile, eventLog: config.eventLog, claimTtlMs: config.claimTtlMs, logger: config.logger }),
  );
}
