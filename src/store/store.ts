import type { Logger } from "../logger.js";
import type { EventLogRetention } from "./memory.event-log.js";
import { createMemoryStore } from "./memory.store.js";
import { createRedisStore } from "./redis.store.js";
import type { Store } from "./store.types.js";

export { compareCursors, isCursor } from "./cursor.js";

/** Redis when `redisUrl` is set (shared mode), memory otherwise (embedded). */
export function createStore(config: {
  redisUrl?: string | null;
  keyPrefix?: string;
  dataFile?: string | null;
  eventLog?: EventLogRetention;
  logger?: Logger;
}): Promise<Store> {
  if (config.redisUrl) return createRedisStore({ url: config.redisUrl, keyPrefix: config.keyPrefix, eventLog: config.eventLog, logger: config.logger });
  return Promise.resolve(createMemoryStore({ dataFile: config.dataFile, eventLog: config.eventLog }));
}
