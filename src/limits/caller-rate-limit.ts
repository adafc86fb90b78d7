import type { Cluster, Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { rateLimited } from "./limit.errors.js";

export interface CallerRateLimitOptions {
  /** Requests one caller may make per window; 0 turns the limit off. */
  points: number;
  /** Window length, seconds (fixed window per caller). */
  durationSec: number;
  /**
   * Shared Redis (or Cluster) so every replica spends one allowance per caller; null = this process only.
   * Owned by the caller (the process's Redis connection factory): `close()` leaves it open.
   */
  redis?: Redis | Cluster | null;
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
  const redis = opts.redis ?? null;
  const limiter = redis
    ? new RateLimiterRedis({
        ...base,
        storeClient: redis,
        keyPrefix: `${opts.keyPrefix ?? "gw:"}rl`,
        rejectIfRedisNotReady: true,
        insuranceLimiter: memory,
      })
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
    async close() {},
  };
}
