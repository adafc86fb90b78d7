import type { SimLimits } from "./simulator.types.js";

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

export type BudgetDecision = { ok: true } | { ok: false; retryAfterSec: number };

export interface Budget {
  /** Spends one call if both windows have room; otherwise says how long until they have. Refused calls spend nothing. */
  take(nowMs: number): BudgetDecision;
  setLimits(limits: SimLimits): void;
  limits(): SimLimits;
  /** Forgets every spent call. */
  reset(): void;
}

/**
 * Sliding-window budget of one app in one tenant, like MDE's per-minute and per-hour quotas. Keeps one timestamp per
 * accepted call of the last hour (at most `perHour` of them), so `Retry-After` is exact: the time until enough old
 * calls leave both windows.
 */
export function createBudget(initial: SimLimits): Budget {
  let limits = { ...initial };
  let calls: number[] = [];

  const waitFor = (windowMs: number, limit: number, nowMs: number): number => {
    const inWindow = calls.filter((t) => t > nowMs - windowMs);
    if (inWindow.length < limit) return 0;
    // The call that must expire to free one slot is the (n - limit)-th oldest in the window.
    const freeing = inWindow[inWindow.length - limit] ?? nowMs;
    return freeing + windowMs - nowMs;
  };

  return {
    take(nowMs) {
      calls = calls.filter((t) => t > nowMs - HOUR_MS);
      const waitMs = Math.max(waitFor(MINUTE_MS, limits.perMinute, nowMs), waitFor(HOUR_MS, limits.perHour, nowMs));
      if (waitMs > 0) return { ok: false, retryAfterSec: Math.max(1, Math.ceil(waitMs / 1000)) };
      calls.push(nowMs);
      return { ok: true };
    },
    setLimits(next) {
      limits = { ...next };
    },
    limits: () => ({ ...limits }),
    reset() {
      calls = [];
    },
  };
}
