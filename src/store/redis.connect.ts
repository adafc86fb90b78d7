import { Cluster, Redis, type RedisOptions } from "ioredis";

/**
 * One place that opens Redis connections, single-node or Cluster. With `cluster`, the URL names any seed
 * node; ioredis discovers the rest and routes each command by slot. Every key of the gateway is hash-tagged
 * (per tenant, per caller, per collection, the event stream) and every script and pipeline stays in one
 * slot, so the same code runs on both.
 */
export function connectRedis(url: string, options: RedisOptions, cluster: boolean): Redis {
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
