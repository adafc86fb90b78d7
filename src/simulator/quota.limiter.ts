import type { SimLimits } from "./simulator.types.js";

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/** The simulated upstream's own quota decision (what it enforces with 429), not the gateway's self-imposed budget (src/upstream/budget.limiter.ts). */
export type QuotaDecision = { ok: true } | { ok: false; retryAfterSec: number };

export interface Quota {
  /** Spends one call if both windows have room; otherwise says how long until they have. Refused calls spend nothing. */
  take(nowMs: number): QuotaDecision;
  setLimits(limits: SimLimits): void;
  limits(): SimLimits;
  /** Forgets every spent call. */
  reset(): void;
}

/**
 * Sliding-window budget of one app in one tenant, like MDE's per-minute and per-hour quotas. Keeps one timestamp per
 * accepted call of the last hour, so `Retry-After` is exact: the time until enough old calls leave both windows.
 * Each decision is O(log n), so benchmarks with huge limits stay cheap.
 */
export function createQuota(initial: SimLimits): Quota {
  let limits = { ...initial };
  // Ascending accept times; entries before `start` have left the hour window.
  let calls: number[] = [];
  let start = 0;

  const firstAfter = (t: number): number => {
    let lo = start;
    let hi = calls.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (calls[mid] > t) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  const waitFor = (windowMs: number, limit: number, nowMs: number): number => {
    const inWindow = calls.length - firstAfter(nowMs - windowMs);
    if (inWindow < limit) return 0;
    // The call that must expire to free one slot is the (n - limit)-th oldest in the window.
    const freeing = limit > 0 ? calls[calls.length - limit] : nowMs;
    return freeing + windowMs - nowMs;
  };

  return {
    take(nowMs) {
      start = firstAfter(nowMs - HOUR_MS);
      if (start > 1024 && start * 2 > calls.length) {
        calls = calls.slice(start);
        start = 0;
      }
      const waitMs = Math.max(waitFor(MINUTE_MS, limits.perMinute, nowMs), waitFor(HOUR_MS, limits.perHour, nowMs));
      if (waitMs > 0) return { ok: false, retryAfterSec: Math.max(1, Math.ceil(waitMs / 1000)) };
      // A clock step backwards must not break the ordering the binary search relies on.
      calls.push(Math.max(nowMs, calls[calls.length - 1] ?? nowMs));
      return { ok: true };
    },
    setLimits(next) {
      limits = { ...next };
    },
    limits: () => ({ ...limits }),
    reset() {
      calls = [];
      start = 0;
    },
  };
}
