import type { Cluster, Redis } from "ioredis";
import { connectRedis } from "../store/redis.connect.js";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { rateLimited } from "./limit.errors.js";

export interface CallerRateLimitOptions {
  /** Requests one caller may make per window; 0 turns the limit off. */
  points: number;
  /** Window length, seconds (fixed window per caller). */
  durationSec: number;
  /** Shared Redis (or Cluster) so every replica spends one allowance per caller; null = this process only. */
  redis?: Redis | Cluster | null;
  /** Redis URL, used when `redis` is not given: the limiter opens (and closes) its own connection. */
  redisUrl?: string | null;
  /** `redisUrl` is a seed node of a Redis Cluster. Default false. */
  redisCluster?: boolean;
  /** Key prefix; keys are `<prefix>rl:{<caller>}` (one key per caller, Cluster-safe). Default "gw:". */
  keyPrefix?: string;
}

export interface CallerRateLimiter {
  /** Spends one request of `caller`'s allowance; throws RATE_LIMITED (HTTP 429, `Retry-After`) when none is left. */
  admit(caller: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Per-caller request limit, shared across replicas through Redis. When Redis does not answer, each
 * replica falls back to its own in-memory allowance (the insurance limiter) instead of failing requests.
 */
export function createCallerRateLimiter(opts: CallerRateLimitOptions): CallerRateLimiter {
  if (opts.points <= 0) return { admit: async () => {}, close: async () => {} };
  const base = { points: opts.points, duration: opts.durationSec };
  const memory = new RateLimiterMemory({ ...base, keyPrefix: "rl" });
  const owned = !opts.redis && opts.redisUrl ? connectRedis(opts.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false }, opts.redisCluster ?? false) : null;
  const redis = opts.redis ?? owned;
  const limiter = redis
    ? new RateLimiterRedis({ ...base, storeClient: redis, keyPrefix: `${opts.keyPrefix ?? "gw:"}rl`, rejectIfRedisNotReady: true, insuranceLimiter: memory })
    : memory;
  // rate-limiter-flexible joins prefix and key with ":"; the braces make the caller the Cluster hash tag.
  const key = (caller: string) => `{${caller}}`;
  return {
    async admit(caller) {
      try {
        await limiter.consume(key(caller), 1);
      } catch (e) {
        if (e instanceof RateLimiterRes) throw rateLimited(Math.max(1, Math.ceil(e.msBeforeNext / 1000)));
        throw e;
      }
    },
    async close() {
      if (owned) await owned.quit().catch(() => owned.disconnect());
    },
  };
}
