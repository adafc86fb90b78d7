import type { Cluster, Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
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
 * The most a replica reserves from the shared allowance in one Redis call. A slice is also never more than a
 * sixteenth of what Redis said was left, so near the limit slices shrink to one request and the count is exact.
 */
export const RATE_LIMIT_SLICE_MAX = 32;
/** Local slices kept before expired ones are dropped (one per caller seen in the current window). */
const SLICES_KEPT = 10_000;

interface Slice {
  /** Requests reserved in Redis and not spent yet by this replica. */
  left: number;
  /** When the caller's Redis window ends (epoch ms): what is left then is dropped, never carried over. */
  until: number;
  /** What Redis said was left in the window after the last reservation. */
  remaining: number;
  /** Redis refused even one request: the caller is refused here until `until`. */
  refused: boolean;
}

/**
 * Per-caller request limit, shared across replicas through Redis. When Redis does not answer, each
 * replica falls back to its own in-memory allowance (the insurance limiter) instead of failing requests.
 *
 * With Redis, a replica reserves requests in slices ({@link RATE_LIMIT_SLICE_MAX} at most, a sixteenth of what is
 * left at most) and spends them locally, so a busy caller costs one Redis call per slice instead of one per request.
 * Every admitted request was counted in Redis first, so all replicas together never admit more than the limit. A
 * slice a replica has not spent when the caller's traffic moves elsewhere is lost for that window: the caller may be
 * refused up to one slice per replica early. A replica has one reservation per caller in flight at a time, and
 * once Redis refuses a caller the replica refuses that caller itself until the window ends (no Redis call per
 * refused request either).
 */
export function createCallerRateLimiter(opts: CallerRateLimitOptions): CallerRateLimiter {
  if (opts.points <= 0) return { admit: async () => {}, close: async () => {} };
  const base = { points: opts.points, duration: opts.durationSec };
  const memory = new RateLimiterMemory({ ...base, keyPrefix: "rl" });
  const redis = opts.redis ?? null;
  // rate-limiter-flexible joins prefix and key with ":"; the braces make the caller the Cluster hash tag.
  const key = (caller: string) => `{${caller}}`;
  const refuse = (e: unknown): never => {
    if (e instanceof RateLimiterRes) throw rateLimited(Math.max(1, Math.ceil(e.msBeforeNext / 1000)));
    throw e;
  };
  if (!redis)
    return {
      admit: (caller) => memory.consume(key(caller), 1).then(() => undefined, refuse),
      async close() {},
    };
  const limiter = new RateLimiterRedis({
    ...base,
    storeClient: redis,
    keyPrefix: `${opts.keyPrefix ?? "gw:"}rl`,
    rejectIfRedisNotReady: true,
    insuranceLimiter: memory,
  });
  const slices = new Map<string, Slice>();
  // One reservation per caller at a time: requests that arrive meanwhile wait for its slice instead of each
  // reserving their own (a burst would otherwise reserve many slices and be refused while this replica holds them).
  const reserving = new Map<string, Promise<unknown>>();
  return {
    async admit(caller) {
      for (;;) {
        const now = Date.now();
        const held = slices.get(caller);
        const current = held && now < held.until ? held : undefined;
        if (current?.refused) throw rateLimited(Math.max(1, Math.ceil((current.until - now) / 1000)));
        if (current && current.left > 0) {
          current.left -= 1;
          return;
        }
        const pending = reserving.get(caller);
        if (pending) {
          await pending.catch(() => {});
          continue;
        }
        const size = current ? Math.min(RATE_LIMIT_SLICE_MAX, Math.max(1, Math.floor(current.remaining / 16))) : 1;
        const reservation = reserve(limiter, key(caller), size);
        reserving.set(caller, reservation);
        if (slices.size >= SLICES_KEPT) dropExpired(slices, now);
        try {
          const res = await reservation;
          // From before the call: the local slice ends no later than the Redis window does.
          slices.set(caller, { left: res.size - 1, until: now + res.msBeforeNext, remaining: res.remainingPoints, refused: false });
          return;
        } catch (e) {
          // Nothing left this window: later requests are refused here without asking Redis again.
          if (e instanceof RateLimiterRes) slices.set(caller, { left: 0, until: now + e.msBeforeNext, remaining: 0, refused: true });
          return refuse(e);
        } finally {
          reserving.delete(caller);
        }
      }
    },
    async close() {},
  };
}

/**
 * Reserves `size` requests; when Redis refuses a slice larger than one, the slice is given back and one request is
 * asked for instead, so a caller is refused only when not even one is left.
 */
async function reserve(limiter: RateLimiterAbstract, key: string, size: number): Promise<RateLimiterRes & { size: number }> {
  try {
    return Object.assign(await limiter.consume(key, size), { size });
  } catch (e) {
    if (!(e instanceof RateLimiterRes) || size === 1) throw e;
    await limiter.reward(key, size);
    return Object.assign(await limiter.consume(key, 1), { size: 1 });
  }
}

function dropExpired(slices: Map<string, Slice>, now: number): void {
  for (const [caller, s] of slices) if (s.until <= now) slices.delete(caller);
  // Still full: every caller is active. Dropping their slices only makes them reserve again.
  if (slices.size >= SLICES_KEPT) slices.clear();
}
