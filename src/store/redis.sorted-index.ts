import type { Redis } from "ioredis";
import type { ChangeKind } from "./change-log.types.js";
import { decodeKeysetCursor, encodeKeysetCursor } from "./alert-keyset.js";
import { createCountCache, timeKey, ZERO_TIME_KEY } from "./alert-query.js";
import { claimPendingScript, markEventedScript, rangeScript, upsertScript } from "./redis.index.lua.js";
import { chunkSize, headsAfter, memberPosition, mergedPositions, pageOfPositions, type MergeHead } from "./redis.sorted-merge.js";
import { leaseTenant } from "./redis.keys.js";
import { filterIdentity, narrowsBeyondTenants, type SortedIndex, type SortedIndexSpec, type TimeFacets } from "./sorted-index.js";
import type { FenceToken } from "./store.common.types.js";
import { StaleFenceError } from "./store.errors.js";

/** The keys of one sorted index, per tenant all in the tenant's hash slot (see redis.keys.ts). */
export interface SortedIndexKeys {
  /** Hash id → item JSON. */
  items: (tenantId: string) => string;
  /** Hash id → ISO time the item was last synced. */
  synced: (tenantId: string) => string;
  /** Hash id → facets JSON (what filters read, without the heavy item). */
  facets: (tenantId: string) => string;
  /** Hash id → JSON write state of the Lua compare-and-set (stored/evented/claimed time keys, open key). */
  state: (tenantId: string) => string;
  /** Set of ids whose stored version has no acknowledged event yet. */
  pending: (tenantId: string) => string;
  /** Sorted sets, all scores 0, members `<time key>:<id>`. */
  byUpdated: (tenantId: string) => string;
  byCreated: (tenantId: string) => string;
  /** Counter bumped by every upsert that changed an item (validates cached filtered counts). */
  version: (tenantId: string) => string;
  /** Hash open key → number of open items. */
  open: (tenantId: string) => string;
  /** A lease's fencing counter. */
  fence: (leaseName: string) => string;
}

export interface RedisSortedIndexOptions {
  /** How long an upsert-reported change stays claimed before it is reported again, ms. Default 30,000. */
  claimTtlMs?: number;
}

/**
 * The shared-mode engine of a sorted index (see sorted-index.ts), all state in Redis, on the alert index's Lua
 * scripts (compare-and-set, claims and fencing in one script per tenant page). Per tenant: a hash of items, a hash
 * of facets, one lexicographic sorted set per sort field. A page is a k-way merge over the tenants' sorted sets from
 * the keyset position, fetched in chunks (ZRANGE BYLEX LIMIT + the chunk's facets, one script call per chunk); the
 * filter runs here, then only the page's items are fetched, one pipeline per tenant (Cluster-safe). `totalCount` is
 * HLEN when only tenants filter, else a scan of the facets cached per tenant write version.
 */
export function createRedisSortedIndex<
  T,
  F extends TimeFacets,
  Filter extends { tenantIds: readonly string[] },
  Field extends string,
  I,
  C,
>(
  redis: Redis,
  keys: SortedIndexKeys,
  spec: SortedIndexSpec<T, F, Filter, Field, I, C>,
  opts: RedisSortedIndexOptions = {},
): SortedIndex<T, Filter, Field, I, C> {
  const claimTtlMs = opts.claimTtlMs ?? 30_000;
  const counts = createCountCache();

  const fetchItems = async (wanted: readonly { tenantId: string; id: string }[]): Promise<(I | null)[]> => {
    if (wanted.length === 0) return [];
    const byTenant = new Map<string, number[]>();
    wanted.forEach((w, i) => byTenant.get(w.tenantId)?.push(i) ?? byTenant.set(w.tenantId, [i]));
    const out = new Array<I | null>(wanted.length).fill(null);
    await Promise.all(
      [...byTenant].map(async ([tenantId, idx]) => {
        const p = redis.pipeline();
        for (const i of idx) {
          p.hget(keys.items(tenantId), wanted[i].id);
          p.hget(keys.synced(tenantId), wanted[i].id);
        }
        const res = (await p.exec()) ?? [];
        idx.forEach((i, k) => {
          const [errI, json] = res[2 * k] ?? [new Error(`${spec.name} read aborted`), null];
          const [errS, syncedAt] = res[2 * k + 1] ?? [null, null];
          if (errI) throw errI;
          if (errS) throw errS;
          if (typeof json === "string")
            out[i] = spec.wrap(tenantId, JSON.parse(json) as T, (syncedAt as string | null) ?? new Date(0).toISOString());
        });
      }),
    );
    return out;
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

  return {
    async upsert(tenantId, items, o = {}) {
      if (items.length === 0) return [];
      const { fenceKey, token } = await fenceOf(tenantId, o.fence);
      const syncedAt = o.syncedAt ?? new Date().toISOString();
      const args: (string | number)[] = [token, claimTtlMs, syncedAt];
      for (const item of items) {
        const f = spec.facets(item);
        const open = spec.openKey(item);
        args.push(
          spec.id(item),
          JSON.stringify(item),
          JSON.stringify(f),
          f.updated ?? ZERO_TIME_KEY,
          f.created ?? ZERO_TIME_KEY,
          open ?? "",
          open === null ? 0 : 1,
          // The upsert script replaces an equal version that came from the other API (see redis.index.lua.ts).
          (item as { source?: string }).source ?? "defender",
        );
      }
      const res = (await upsertScript(
        redis,
        [
          keys.items(tenantId),
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
      const byId = new Map(items.map((item) => [spec.id(item), item]));
      const changes: C[] = [];
      for (let i = 0; i < res.length; i += 3) {
        const stored = res[i + 2];
        changes.push(spec.change(res[i + 1] as ChangeKind, tenantId, stored ? (JSON.parse(stored) as T) : byId.get(res[i])!));
      }
      return changes;
    },
    async claimPending(tenantId, o) {
      const { fenceKey, token } = await fenceOf(tenantId, o.fence);
      const res = (await claimPendingScript(
        redis,
        [keys.items(tenantId), keys.state(tenantId), keys.pending(tenantId), fenceKey],
        [token, claimTtlMs, o.limit],
      )) as string[];
      if (res[0] === "STALE") throw new StaleFenceError(o.fence!.leaseName, o.fence!.token);
      const changes: C[] = [];
      for (let i = 0; i < res.length; i += 3) changes.push(spec.change(res[i + 1] as ChangeKind, tenantId, JSON.parse(res[i + 2]) as T));
      return changes;
    },
    async markEvented(tenantId, id, version) {
      await markEventedScript(redis, [keys.state(tenantId), keys.pending(tenantId)], [id, timeKey(version) ?? ZERO_TIME_KEY]);
    },
    async get(tenantId, id) {
      return (await fetchItems([{ tenantId, id }]))[0] ?? null;
    },
    getMany: (wanted) => fetchItems(wanted),
    async query(q) {
      const { field, direction } = q.orderBy;
      const { by, code } = spec.orders[field];
      const asc = direction === "ASC";
      const after = q.after ? decodeKeysetCursor(q.after, code, direction) : null;
      const match = spec.compile(q.filter);
      const filtered = narrowsBeyondTenants(q.filter);
      const tenantIds = [...new Set(q.filter.tenantIds)];
      const chunk = chunkSize(q.first, filtered);
      const orderKey = by === "updated" ? keys.byUpdated : keys.byCreated;

      const fKey = filtered ? filterIdentity(q.filter) : "";
      const countP = Promise.all(
        tenantIds.map(async (t) => {
          if (!filtered) return redis.hlen(keys.items(t));
          const version = (await redis.get(keys.version(t))) ?? "0";
          const cached = counts.get(t, fKey, version);
          if (cached !== undefined) return cached;
          let n = 0;
          for (const json of await redis.hvals(keys.facets(t))) if (match(JSON.parse(json) as F)) n++;
          // Counted against at least `version`: a concurrent write only makes the entry stale sooner.
          counts.set(t, fKey, version, n);
          return n;
        }),
      ).then((ns) => ns.reduce((a, b) => a + b, 0));
      // Rejections surface from the await below; do not let an early page error leave this one unhandled.
      countP.catch(() => undefined);

      const refill = async (h: MergeHead<F>) => {
        const res = (await rangeScript(
          redis,
          [orderKey(h.tenantId), keys.facets(h.tenantId)],
          [h.next!, asc ? "+" : "-", asc ? 0 : 1, chunk],
        )) as string[];
        h.buf = [];
        h.idx = 0;
        for (let i = 0; i < res.length; i += 2) {
          h.buf.push({ position: memberPosition(res[i], h.tenantId), facets: JSON.parse(res[i + 1]) as F | null });
        }
        h.next = res.length / 2 < chunk ? null : `(${res[res.length - 2]}`;
      };

      const page = await mergedPositions(headsAfter<F>(tenantIds, after, asc), { first: q.first, asc, matches: match, refill });
      const positions = page.slice(0, q.first);
      const [items, totalCount] = await Promise.all([fetchItems(positions.map((p) => ({ tenantId: p.tenantId, id: p.id }))), countP]);
      return { ...pageOfPositions(page, q.first, items, (p) => encodeKeysetCursor(code, direction, p)), totalCount };
    },
    async countOpenBySeverity(tenantId) {
      const raw = await redis.hgetall(keys.open(tenantId));
      const out: Record<string, number> = {};
      for (const [key, n] of Object.entries(raw)) if (Number(n) > 0) out[key] = Number(n);
      return out;
    },
    count: (tenantId) => redis.hlen(keys.items(tenantId)),
  };
}
