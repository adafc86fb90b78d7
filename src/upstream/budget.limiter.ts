/**
 * Per-tenant upstream call budget: sliding one-minute and one-hour windows kept below Defender's documented
 * 100/min and 1,500/h per app and tenant, with priorities so that background sync can never starve analysts.
 *
 * Why sliding logs and not fixed windows (rate-limiter-flexible's model): upstream counts in sliding windows; a
 * fixed 90/min window lets 90 calls at 0:59 and 90 more at 1:01, i.e. 180 in two seconds and a wall of 429s.
 */

/** Who is calling: writes beat on-demand reads, which beat background sync. */
export type UpstreamPriority = "write" | "read" | "sync";

export interface BudgetOptions {
  /** Calls per sliding minute per tenant. Default 90 (documented limit 100). */
  perMinute?: number;
  /** Calls per sliding hour per tenant. Default 1,400 (documented limit 1,500). */
  perHour?: number;
  /**
   * Share of each window held back from a priority, as a fraction of the limit. `sync` may only spend while more
   * than this share remains; `read` keeps a smaller reserve for writes; writes may spend everything.
   * Defaults `{ read: 0.05, sync: 0.2 }`.
   */
  reserve?: { read?: number; sync?: number };
}

export interface BudgetLeft {
  /** Calls left in the current sliding minute (at write priority). */
  minute: number;
  /** Calls left in the current sliding hour (at write priority). */
  hour: number;
}

export type BudgetDecision =
  | { ok: true; left: BudgetLeft }
  /** Refused: `retryAfterMs` until enough calls leave the window for this priority. */
  | { ok: false; retryAfterMs: number; left: BudgetLeft };

export interface UpstreamBudget {
  /** Spends one call of the tenant's budget if the priority may; atomic across replicas for the Redis variant. */
  take(tenantId: string, priority: UpstreamPriority): Promise<BudgetDecision>;
  left(tenantId: string): Promise<BudgetLeft>;
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;

export interface ResolvedBudget {
  perMinute: number;
  perHour: number;
  /** Max calls in the window a priority may reach, per window. */
  limitFor(priority: UpstreamPriority): { minute: number; hour: number };
}

export function resolveBudget(opts: BudgetOptions = {}): ResolvedBudget {
  const perMinute = opts.perMinute ?? 90;
  const perHour = opts.perHour ?? 1_400;
  const reserve = { write: 0, read: opts.reserve?.read ?? 0.05, sync: opts.reserve?.sync ?? 0.2 };
  // floor: a reserve of 20% of 10 calls holds back 2 calls, never fewer than the share asked for
  const cap = (limit: number, share: number) => Math.max(0, Math.floor(limit * (1 - share) + 1e-9));
  return {
    perMinute,
    perHour,
    limitFor: (p) => ({ minute: cap(perMinute, reserve[p]), hour: cap(perHour, reserve[p]) }),
  };
}

/**
 * In-process budget (embedded mode, or a single replica): one sorted timestamp log per tenant and window.
 * Memory: at most `perHour` numbers per tenant.
 */
export function createMemoryBudget(opts: BudgetOptions = {}, now: () => number = Date.now): UpstreamBudget {
  const budget = resolveBudget(opts);
  const logs = new Map<string, { minute: number[]; hour: number[] }>();

  const logFor = (tenantId: string, t: number) => {
    let log = logs.get(tenantId);
    if (!log) {
      log = { minute: [], hour: [] };
      logs.set(tenantId, log);
    }
    prune(log.minute, t - MINUTE_MS);
    prune(log.hour, t - HOUR_MS);
    return log;
  };
  const leftOf = (log: { minute: number[]; hour: number[] }): BudgetLeft => ({
    minute: Math.max(0, budget.perMinute - log.minute.length),
    hour: Math.max(0, budget.perHour - log.hour.length),
  });

  return {
    async take(tenantId, priority) {
      const t = now();
      const log = logFor(tenantId, t);
      const limit = budget.limitFor(priority);
      const wait = Math.max(waitFor(log.minute, limit.minute, MINUTE_MS, t), waitFor(log.hour, limit.hour, HOUR_MS, t));
      if (wait > 0) return { ok: false, retryAfterMs: wait, left: leftOf(log) };
      log.minute.push(t);
      log.hour.push(t);
      return { ok: true, left: leftOf(log) };
    },
    async left(tenantId) {
      return leftOf(logFor(tenantId, now()));
    },
  };
}

/** Drops entries at or before `cutoff` from an ascending log. */
function prune(log: number[], cutoff: number) {
  let i = 0;
  while (i < log.length && log[i] <= cutoff) i++;
  if (i > 0) log.splice(0, i);
}

/** 0 when one more call fits under `limit`; else ms until enough of the oldest calls leave the window. */
function waitFor(log: number[], limit: number, windowMs: number, t: number): number {
  if (log.length < limit) return 0;
  const oldest = log[log.length - limit];
  return Math.max(1, (oldest ?? t) + windowMs - t);
}
