import type { Redis } from "ioredis";
import { contributionOf, querySharedIndicators, type IndicatorRows, type StoredStats } from "./indicator-query.js";
import type { IndicatorIndex } from "./indicator.types.js";
import { indicatorStatsScript, recordIndicatorsScript } from "./redis.indicator-index.lua.js";
import type { RedisKeys } from "./redis.keys.js";

/** Alerts per script call: bounds how long one call holds Redis (a legacy backfill page has up to 10,000). */
const ALERTS_PER_CALL = 100;

/**
 * Shared-mode shared-indicator aggregate. All of it lives in ONE hash slot, `{indicators}` (like the alert event
 * stream's `{events}`), and every write is one script over that slot:
 * - the question is cross-tenant by nature (which tokens did ≥ 2 tenants see, newest first for this caller), so
 *   per-tenant keys (the tenant's slot) would need every tenant's indicators merged at read, a scan of all of them;
 * - a slot per indicator would keep the stats spread over the Cluster, but the shared lists that make reads cheap
 *   span indicators, so every write would cross slots without atomicity and need its own versioning to converge;
 * - one slot keeps each write atomic and every read in one round trip per step, at the price of one hot slot whose
 *   write rate is the alert change rate (what the event stream already takes) and whose size is one entry per
 *   (alert, indicator) plus one per (indicator, tenant).
 * Keys: see `redisKeys(...).indicators`; layout: see `indicator-query.ts`.
 */
export function createRedisIndicatorIndex(redis: Redis, keys: RedisKeys): IndicatorIndex {
  const k = keys.indicators;
  const SEP = "\n";

  const rows: IndicatorRows = {
    async shared(tenantId, below, limit) {
      const prefix = tenantId + SEP;
      const max = below === null ? `(${tenantId}\u000b` : `(${prefix}${below}`;
      const members = await redis.zrange(k.shared, max, `(${prefix}`, "BYLEX", "REV", "LIMIT", 0, limit);
      return members.map((m) => m.slice(prefix.length));
    },
    async stats(tokens) {
      const out = new Map<string, StoredStats[]>();
      if (tokens.length === 0) return out;
      const res = (await indicatorStatsScript(redis, [k.tenants, k.stats], tokens)) as (string | number)[];
      let i = 0;
      for (const token of tokens) {
        const n = Number(res[i++]);
        const list: StoredStats[] = [];
        for (let j = 0; j < n; j++) {
          const tenantId = String(res[i++]);
          const raw = JSON.parse(String(res[i++])) as Omit<StoredStats, "tenantId"> | null;
          // cjson writes an empty table as `{}`, never `[]`: severities always come back as an object.
          if (raw) list.push({ tenantId, f: raw.f, l: raw.l, n: raw.n, s: raw.s ?? {} });
        }
        out.set(token, list);
      }
      return out;
    },
  };

  return {
    async record(tenantId, alerts) {
      for (let from = 0; from < alerts.length; from += ALERTS_PER_CALL) {
        const args: (string | number)[] = [tenantId];
        for (const a of alerts.slice(from, from + ALERTS_PER_CALL)) {
          const c = contributionOf(a);
          args.push(a.id, c.v, c.s, c.t, c.k.length, ...c.k);
        }
        await recordIndicatorsScript(redis, [k.contributions(tenantId), k.stats, k.tenants, k.shared], args);
      }
    },
    query: (q) => querySharedIndicators(rows, q),
  };
}
