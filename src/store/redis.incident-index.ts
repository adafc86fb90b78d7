import type { Redis } from "ioredis";
import { incidentIndexSpec } from "./incident-query.js";
import type { IncidentIndex } from "./incident.types.js";
import type { RedisKeys } from "./redis.keys.js";
import { createRedisSortedIndex, type RedisSortedIndexOptions } from "./redis.sorted-index.js";

/** The shared-mode incident index on the tenant-tagged `:inc:` keys (see `createRedisSortedIndex`). */
export function createRedisIncidentIndex(redis: Redis, keys: RedisKeys, opts: RedisSortedIndexOptions = {}): IncidentIndex {
  return createRedisSortedIndex(redis, keys.incidents, incidentIndexSpec, opts);
}
