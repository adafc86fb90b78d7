import type { Redis } from "ioredis";
import type { DefenderAlert } from "../upstream/defender.types.js";
import { timeOf } from "./alert-query.js";
import { createMemoryIndex } from "./memory.index.js";
import type { RedisKeys } from "./redis.keys.js";
import type { AlertChange, AlertIndex } from "./store.types.js";
import { StaleFenceError } from "./store.types.js";

/** A reported but unacknowledged change is reported again after this long (the reporter probably died), ms. */
const CLAIM_STALE_MS = 30_000;

// KEYS: alerts, synced, lu, ev, cl, fence. ARGV: fenceToken (-1 = none), nowMs, staleMs, syncedAt, then (id, lu, json)*.
// Returns a flat list of (id, kind) for changes; or {"STALE"} when the fence is stale.
const UPSERT = `
local token = tonumber(ARGV[1])
if token >= 0 then
  local current = tonumber(redis.call('GET', KEYS[6]) or '0')
  if current > token then return {'STALE'} end
end
local now = tonumber(ARGV[2])
local stale = tonumber(ARGV[3])
local out = {}
for i = 5, #ARGV, 3 do
  local id, lu, json = ARGV[i], tonumber(ARGV[i + 1]), ARGV[i + 2]
  local cur = redis.call('HGET', KEYS[3], id)
  local kind = nil
  if not cur then
    kind = 'CREATED'
  elseif lu > tonumber(cur) then
    kind = 'UPDATED'
  elseif lu == tonumber(cur) then
    local ev = tonumber(redis.call('HGET', KEYS[4], id) or '-1')
    local cl = tonumber(redis.call('HGET', KEYS[5], id) or '0')
    if ev < lu and now - cl > stale then
      if ev < 0 then kind = 'CREATED' else kind = 'UPDATED' end
    end
  end
  if kind then
    redis.call('HSET', KEYS[1], id, json)
    redis.call('HSET', KEYS[3], id, lu)
    redis.call('HSET', KEYS[5], id, now)
    out[#out + 1] = id
    out[#out + 1] = kind
  end
  redis.call('HSET', KEYS[2], id, ARGV[4])
end
return out
`;

// Only ever moves the acknowledgement forward.
const MARK = `
local cur = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '-1')
if tonumber(ARGV[2]) > cur then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
return 1
`;

/**
 * Shared-mode index. Redis holds the truth (alerts per tenant and the compare-and-set state that makes each
 * change reported once across replicas); every replica serves reads from a local mirror, loaded at start
 * and kept current from the event log, so queries cost no Redis round trips ("sync once, serve many").
 */
export function createRedisIndex(redis: Redis, keys: RedisKeys) {
  const mirror = createMemoryIndex();

  const apply = (tenantId: string, alerts: readonly DefenderAlert[], syncedAt?: string) => mirror.upsert(tenantId, alerts, { syncedAt });

  const index: AlertIndex & { apply: typeof apply; load(): Promise<number> } = {
    async upsert(tenantId, alerts, opts = {}) {
      if (alerts.length === 0) return [];
      const syncedAt = opts.syncedAt ?? new Date().toISOString();
      const args: (string | number)[] = [opts.fence ? opts.fence.token : -1, Date.now(), CLAIM_STALE_MS, syncedAt];
      for (const a of alerts) args.push(a.id, timeOf(a, "lastUpdateTime"), JSON.stringify(a));
      const fenceKey = opts.fence ? keys.fence(opts.fence.leaseName) : keys.fence(`sync:${tenantId}`);
      const res = (await redis.eval(
        UPSERT,
        6,
        keys.alerts(tenantId),
        keys.syncedAt(tenantId),
        keys.updated(tenantId),
        keys.evented(tenantId),
        keys.claimed(tenantId),
        fenceKey,
        ...args,
      )) as string[];
      if (res[0] === "STALE" && opts.fence) throw new StaleFenceError(opts.fence.leaseName, opts.fence.token);
      await redis.sadd(keys.tenants, tenantId);
      // Our own mirror is updated at once (read-your-writes); other replicas follow through the event log.
      await apply(tenantId, alerts, syncedAt);
      const byId = new Map(alerts.map((a) => [a.id, a]));
      const changes: AlertChange[] = [];
      for (let i = 0; i < res.length; i += 2) changes.push({ kind: res[i + 1] as AlertChange["kind"], tenantId, alert: byId.get(res[i]!)! });
      return changes;
    },
    async markEvented(tenantId, id, lastUpdateTime) {
      const ms = lastUpdateTime ? Date.parse(lastUpdateTime) : 0;
      await redis.eval(MARK, 1, keys.evented(tenantId), id, Number.isNaN(ms) ? 0 : ms);
    },
    get: (t, id) => mirror.get(t, id),
    getMany: (k) => mirror.getMany(k),
    query: (q) => mirror.query(q),
    countOpenBySeverity: (t) => mirror.countOpenBySeverity(t),
    count: (t) => mirror.count(t),
    apply,
    /** Loads every tenant's alerts into the mirror; returns how many. */
    async load() {
      let n = 0;
      for (const tenantId of await redis.smembers(keys.tenants)) {
        const [alerts, synced] = await Promise.all([redis.hgetall(keys.alerts(tenantId)), redis.hgetall(keys.syncedAt(tenantId))]);
        const batch: DefenderAlert[] = [];
        for (const json of Object.values(alerts)) batch.push(JSON.parse(json) as DefenderAlert);
        // syncedAt differs per alert: apply in groups by value to keep it exact.
        const groups = new Map<string, DefenderAlert[]>();
        for (const a of batch) {
          const s = synced[a.id] ?? new Date(0).toISOString();
          groups.get(s)?.push(a) ?? groups.set(s, [a]);
        }
        for (const [s, g] of groups) await apply(tenantId, g, s);
        n += batch.length;
      }
      return n;
    },
  };
  return index;
}
