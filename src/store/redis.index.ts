import type { Redis } from "ioredis";
import { normalizeSeverityCounts, storedAlert } from "./alert.upcast.js";
import { decodePageCursor, encodePageCursor } from "./alert-keyset.js";
import {
  compileFilter,
  createCountCache,
  facetsOf,
  filterKey,
  hasFilterBeyondTenants,
  isOpen,
  needsAlert,
  withIndicators,
  ZERO_TIME_KEY,
  type AlertFacets,
} from "./alert-query.js";
import { claimPendingScript, markEventedScript, rangeScript, upsertScript } from "./redis.index.lua.js";
import { chunkSize, headsAfter, memberPosition, mergedPositions, pageOfPositions, type MergeHead } from "./redis.sorted-merge.js";
import { leaseTenant, type RedisKeys } from "./redis.keys.js";
import type { AlertChange, AlertIndex, AlertIndexPage, AlertIndexQuery, AlertSortField, FenceToken, IndexedAlert } from "./store.types.js";
import { StaleFenceError } from "./store.types.js";
import { timeKey } from "./alert-query.js";

export interface RedisIndexOptions {
  /** How long an upsert-reported change stays claimed before it is reported again, ms. Default 30,000. */
  claimTtlMs?: number;
}

/**
 * Shared-mode alert index, all state in Redis (any replica reads what any other wrote at once).
 * Per tenant: a hash of alerts, a hash of facets, and one lexicographic sorted set per sort field.
 * A page is a k-way merge over the tenants' sorted sets from the keyset position, fetched in chunks
 * (ZRANGE BYLEX LIMIT + the chunk's facets, one script call per chunk); the filter runs here, then only
 * the page's alerts are fetched. `totalCount` is HLEN when only tenants filter, else a scan of the
 * facets (proportional to the tenants' alert count).
 */
export function createRedisIndex(redis: Redis, keys: RedisKeys, opts: RedisIndexOptions = {}): AlertIndex {
  const claimTtlMs = opts.claimTtlMs ?? 30_000;
  const counts = createCountCache();
  /** Per tenant: alerts per incident id, valid while the tenant's write version is unchanged (one read shared by concurrent callers). */
  const incidentCounts = new Map<string, { version: string; counts: Promise<Map<string, number>> }>();
  const countIncidents = async (tenantId: string): Promise<Map<string, number>> => {
    const out = new Map<string, number>();
    for (const json of Object.values(await redis.hgetall(keys.facets(tenantId)))) {
      const incident = (JSON.parse(json) as AlertFacets).incidentId;
      if (incident === null) continue;
      const key = String(incident);
      out.set(key, (out.get(key) ?? 0) + 1);
    }
    return out;
  };

  const fetchItems = async (wanted: readonly { tenantId: string; id: string }[]): Promise<(IndexedAlert | null)[]> => {
    if (wanted.length === 0) return [];
    // One pipeline per tenant: a tenant's keys share a slot, so this also works on Redis Cluster.
    const byTenant = new Map<string, number[]>();
    wanted.forEach((w, i) => byTenant.get(w.tenantId)?.push(i) ?? byTenant.set(w.tenantId, [i]));
    const res = new Array<[Error | null, unknown]>(wanted.length * 2);
    await Promise.all(
      [...byTenant].map(async ([tenantId, idx]) => {
        const p = redis.pipeline();
        for (const i of idx) {
          p.hget(keys.alerts(tenantId), wanted[i].id);
          p.hget(keys.synced(tenantId), wanted[i].id);
        }
        const out = (await p.exec()) ?? [];
        idx.forEach((i, k) => {
          res[2 * i] = out[2 * k];
          res[2 * i + 1] = out[2 * k + 1];
        });
      }),
    );
    return wanted.map((w, i) => {
      const [errA, json] = res[2 * i];
      const [errS, syncedAt] = res[2 * i + 1];
      if (errA) throw errA;
      if (errS) throw errS;
      if (typeof json !== "string") return null;
      return {
        tenantId: w.tenantId,
        alert: storedAlert(json),
        syncedAt: (syncedAt as string | null) ?? new Date(0).toISOString(),
      };
    });
  };

  /** The fence key and token a script checks; a lease outside the tenant's slot is checked here instead. */
  const fenceOf = async (tenantId: string, fence: FenceToken | undefined): Promise<{ fenceKey: string; token: number }> => {
    if (!fence) return { fenceKey: keys.fence(`sync:${tenantId}`), token: -1 };
    if (leaseTenant(fence.leaseName) === tenantId) return { fenceKey: keys.fence(fence.leaseName), token: fence.token };
    // A lease outside the tenant's slot cannot join the script (Cluster): check it just before.
    const current = Number((await redis.get(keys.fence(fence.leaseName))) ?? 0);
    if (current > fence.token) throw new StaleFenceError(fence.leaseName, fence.token);
    return { fenceKey: keys.fence(`sync:${tenantId}`), token: -1 };
  };

  /**
   * Facets ready for `filter`: those written before evidence indicators existed are recomputed from their alert when the
   * filter asks for evidence (one HMGET per chunk, only on such data), so alerts indexed before the upgrade are found.
   */
  const completeFacets = async (
    filter: AlertIndexQuery["filter"],
    tenantId: string,
    rows: { id: string; facets: AlertFacets | null }[],
  ) => {
    const stale = rows.filter((r) => r.facets && needsAlert(filter, r.facets));
    if (stale.length === 0) return rows.map((r) => r.facets);
    const jsons = await redis.hmget(keys.alerts(tenantId), ...stale.map((r) => r.id));
    stale.forEach((r, i) => {
      const json = jsons[i];
      if (json) r.facets = withIndicators(r.facets!, storedAlert(json));
    });
    return rows.map((r) => r.facets);
  };

  const orderKey = (tenantId: string, field: AlertSortField) =>
    field === "lastUpdateDateTime" ? keys.byUpdated(tenantId) : keys.byCreated(tenantId);

  return {
    async upsert(tenantId, alerts, o = {}) {
      if (alerts.length === 0) return [];
      const { fenceKey, token } = await fenceOf(tenantId, o.fence);
      const syncedAt = o.syncedAt ?? new Date().toISOString();
      const args: (string | number)[] = [token, claimTtlMs, syncedAt];
      for (const a of alerts) {
        const f = facetsOf(a);
        args.push(
          a.id,
          JSON.stringify(a),
          JSON.stringify(f),
          f.updated ?? ZERO_TIME_KEY,
          f.created ?? ZERO_TIME_KEY,
          a.severity ?? "UNKNOWN",
          isOpen(a) ? 1 : 0,
          a.source,
        );
      }
      const res = (await upsertScript(
        redis,
        [
          keys.alerts(tenantId),
          keys.synced(tenantId),
          keys.facets(tenantId),
          keys.state(tenantId),
          keys.byUpdated(tenantId),
          keys.byCreated(tenantId),
          keys.open(tenantId),
          fenceKey,
          keys.version(tenantId),
          keys.pending(tenantId),
        ],
        args,
      )) as string[];
      if (res[0] === "STALE") throw new StaleFenceError(o.fence!.leaseName, o.fence!.token);
      // The last occurrence of an id in the batch is what the index holds.
      const byId = new Map(alerts.map((a) => [a.id, a]));
      const changes: AlertChange[] = [];
      for (let i = 0; i < res.length; i += 3) {
        const stored = res[i + 2];
        changes.push({
          kind: res[i + 1] as AlertChange["kind"],
          tenantId,
          alert: stored ? storedAlert(stored) : byId.get(res[i])!,
        });
      }
      return changes;
    },
    async claimPending(tenantId, o) {
      const { fenceKey, token } = await fenceOf(tenantId, o.fence);
      const res = (await claimPendingScript(
        redis,
        [keys.alerts(tenantId), keys.state(tenantId), keys.pending(tenantId), fenceKey],
        [token, claimTtlMs, o.limit],
      )) as string[];
      if (res[0] === "STALE") throw new StaleFenceError(o.fence!.leaseName, o.fence!.token);
      const changes: AlertChange[] = [];
      for (let i = 0; i < res.length; i += 3) {
        changes.push({ kind: res[i + 1] as AlertChange["kind"], tenantId, alert: storedAlert(res[i + 2]) });
      }
      return changes;
    },
    async markEvented(tenantId, id, lastUpdateDateTime) {
      await markEventedScript(redis, [keys.state(tenantId), keys.pending(tenantId)], [id, timeKey(lastUpdateDateTime) ?? ZERO_TIME_KEY]);
    },
    async get(tenantId, id) {
      return (await fetchItems([{ tenantId, id }]))[0] ?? null;
    },
    getMany: (wanted) => fetchItems(wanted),
    async query(q: AlertIndexQuery): Promise<AlertIndexPage> {
      const { field, direction } = q.orderBy;
      const asc = direction === "ASC";
      const after = q.after ? decodePageCursor(q.after, field, direction) : null;
      const match = compileFilter(q.filter);
      const filtered = hasFilterBeyondTenants(q.filter);
      const tenantIds = [...new Set(q.filter.tenantIds)];
      const chunk = chunkSize(q.first, filtered);

      const fKey = filtered ? filterKey(q.filter) : "";
      const countP = Promise.all(
        tenantIds.map(async (t) => {
          if (!filtered) return redis.hlen(keys.alerts(t));
          const version = (await redis.get(keys.version(t))) ?? "0";
          const cached = counts.get(t, fKey, version);
          if (cached !== undefined) return cached;
          let n = 0;
          const all = await redis.hgetall(keys.facets(t));
          const facets = await completeFacets(
            q.filter,
            t,
            Object.entries(all).map(([id, json]) => ({ id, facets: JSON.parse(json) as AlertFacets })),
          );
          for (const f of facets) if (f && match(f)) n++;
          // Counted against at least `version`: a concurrent write only makes the entry stale sooner.
          counts.set(t, fKey, version, n);
          return n;
        }),
      ).then((ns) => ns.reduce((a, b) => a + b, 0));
      // Rejections surface from the await below; do not let an early page error leave this one unhandled.
      countP.catch(() => undefined);

      const refill = async (h: MergeHead<AlertFacets>) => {
        const res = (await rangeScript(
          redis,
          [orderKey(h.tenantId, field), keys.facets(h.tenantId)],
          [h.next!, asc ? "+" : "-", asc ? 0 : 1, chunk],
        )) as string[];
        h.buf = [];
        h.idx = 0;
        const rows: { id: string; facets: AlertFacets | null }[] = [];
        for (let i = 0; i < res.length; i += 2) {
          const position = memberPosition(res[i], h.tenantId);
          rows.push({ id: position.id, facets: JSON.parse(res[i + 1]) as AlertFacets | null });
          h.buf.push({ position, facets: null });
        }
        (await completeFacets(q.filter, h.tenantId, rows)).forEach((f, i) => (h.buf[i].facets = f));
        h.next = res.length / 2 < chunk ? null : `(${res[res.length - 2]}`;
      };

      const page = await mergedPositions(headsAfter<AlertFacets>(tenantIds, after, asc), { first: q.first, asc, matches: match, refill });
      const positions = page.slice(0, q.first);
      const [items, totalCount] = await Promise.all([fetchItems(positions.map((p) => ({ tenantId: p.tenantId, id: p.id }))), countP]);
      return { ...pageOfPositions(page, q.first, items, (p) => encodePageCursor(field, direction, p)), totalCount };
    },
    async countOpenBySeverity(tenantId) {
      return normalizeSeverityCounts(await redis.hgetall(keys.open(tenantId)));
    },
    count: (tenantId) => redis.hlen(keys.alerts(tenantId)),
    async countByIncident(tenantId, incidentIds) {
      const version = (await redis.get(keys.version(tenantId))) ?? "0";
      let entry = incidentCounts.get(tenantId);
      if (!entry || entry.version !== version) {
        // Counted against at least `version`: a concurrent write only makes the entry stale sooner.
        entry = { version, counts: countIncidents(tenantId) };
        incidentCounts.set(tenantId, entry);
        const pending = entry;
        // A failed read is not kept: the next caller reads again.
        pending.counts.catch(() => {
          if (incidentCounts.get(tenantId) === pending) incidentCounts.delete(tenantId);
        });
        if (incidentCounts.size > 1_000) incidentCounts.delete(incidentCounts.keys().next().value!);
      }
      const all = await entry.counts;
      const out = new Map<string, number>();
      for (const id of incidentIds) {
        const n = all.get(id);
        if (n !== undefined) out.set(id, n);
      }
      return out;
    },
  };
}
