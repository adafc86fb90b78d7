import { randomUUID } from "node:crypto";
import type { Cluster, Redis } from "ioredis";
import {
  HOUR_MS,
  MINUTE_MS,
  resolveBudget,
  type BudgetDecision,
  type BudgetLeft,
  type BudgetOptions,
  type UpstreamBudget,
} from "./budget.limiter.js";

/**
 * Sliding-log budget in Redis, shared by every replica. Both windows of a tenant live in sorted sets under one hash
 * tag (`{t:<tenantId>}`) so the script touches a single Cluster slot; Redis' own clock (`TIME`) stamps the calls so
 * replicas with skewed clocks still agree.
 *
 * KEYS: minute log, hour log. ARGV: minute cap, hour cap (for the caller's priority), member id, 1 = take / 0 = peek,
 * per-minute limit, per-hour limit. Returns { taken 0|1, minute left, hour left, wait ms }.
 */
const TAKE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local windows = { { KEYS[1], ${MINUTE_MS}, tonumber(ARGV[1]), tonumber(ARGV[5]) }, { KEYS[2], ${HOUR_MS}, tonumber(ARGV[2]), tonumber(ARGV[6]) } }
local counts = {}
local wait = 0
for i, w in ipairs(windows) do
  redis.call('ZREMRANGEBYSCORE', w[1], '-inf', now - w[2])
  local n = redis.call('ZCARD', w[1])
  counts[i] = n
  if ARGV[4] == '1' and n >= w[3] then
    local idx = n - w[3]
    local e = redis.call('ZRANGE', w[1], idx, idx, 'WITHSCORES')
    local at = now
    if e[2] then at = tonumber(e[2]) end
    local ms = at + w[2] - now
    if ms < 1 then ms = 1 end
    if ms > wait then wait = ms end
  end
end
local taken = 0
if ARGV[4] == '1' and wait == 0 then
  for i, w in ipairs(windows) do
    redis.call('ZADD', w[1], now, now .. ':' .. ARGV[3])
    redis.call('PEXPIRE', w[1], w[2])
    counts[i] = counts[i] + 1
  end
  taken = 1
end
local left = {}
for i, w in ipairs(windows) do
  left[i] = w[4] - counts[i]
  if left[i] < 0 then left[i] = 0 end
end
return { taken, left[1], left[2], wait }
`;

const DOWN_STATES = new Set(["reconnecting", "close", "end"]);

export interface RedisBudgetOptions extends BudgetOptions {
  /** Prefix of every key. Default "gw:"; keys are `<prefix>{t:<tenantId>}:budget:minute|hour`. */
  keyPrefix?: string;
  /**
   * Bound on one Redis round trip, ms. Default 500. When Redis is slow or down the budget falls back to
   * `fallback` (the replica then limits itself alone) instead of stalling or failing every upstream call.
   */
  commandTimeoutMs?: number;
  /** Used while Redis does not answer. */
  fallback: UpstreamBudget;
  /** Told once per outage (and again after recovery) so the composition root can log it. */
  onRedisError?: (err: unknown) => void;
}

export function createRedisBudget(redis: Redis | Cluster, opts: RedisBudgetOptions): UpstreamBudget {
  const budget = resolveBudget(opts);
  const prefix = opts.keyPrefix ?? "gw:";
  const timeoutMs = opts.commandTimeoutMs ?? 500;
  let degraded = false;

  const keys = (tenantId: string) => [`${prefix}{t:${tenantId}}:budget:minute`, `${prefix}{t:${tenantId}}:budget:hour`];

  const run = async (tenantId: string, caps: { minute: number; hour: number }, take: boolean) => {
    // While ioredis is known to be reconnecting, don't queue behind it: every upstream call would pay the timeout.
    if (degraded && DOWN_STATES.has(redis.status)) throw new Error(`redis is ${redis.status}`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`redis budget call exceeded ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      const [k1, k2] = keys(tenantId);
      const res = (await Promise.race([
        redis.eval(TAKE_SCRIPT, 2, k1, k2, caps.minute, caps.hour, randomUUID(), take ? "1" : "0", budget.perMinute, budget.perHour),
        timeout,
      ])) as [number, number, number, number];
      degraded = false;
      return res;
    } finally {
      clearTimeout(timer);
    }
  };

  const fallback = <T>(e: unknown, use: () => Promise<T>): Promise<T> => {
    if (!degraded) opts.onRedisError?.(e);
    degraded = true;
    return use();
  };

  return {
    async take(tenantId, priority): Promise<BudgetDecision> {
      try {
        const [taken, minute, hour, wait] = await run(tenantId, budget.limitFor(priority), true);
        return taken === 1 ? { ok: true, left: { minute, hour } } : { ok: false, retryAfterMs: Math.max(1, wait), left: { minute, hour } };
      } catch (e) {
        return fallback(e, () => opts.fallback.take(tenantId, priority));
      }
    },
    async left(tenantId): Promise<BudgetLeft> {
      try {
        const [, minute, hour] = await run(tenantId, budget.limitFor("write"), false);
        return { minute, hour };
      } catch (e) {
        return fallback(e, () => opts.fallback.left(tenantId));
      }
    },
  };
}
