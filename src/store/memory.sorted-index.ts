import type { ChangeKind } from "./change-log.types.js";
import { decodeKeysetCursor } from "./alert-keyset.js";
import { createCountCache, timeKey, ZERO_TIME_KEY } from "./alert-query.js";
import { filterIdentity, narrowsBeyondTenants, type SortedIndex, type SortedIndexSpec, type TimeFacets } from "./sorted-index.js";
import { applyBatch, SORTED_BY, pageOf, tenantHeads, type PagedEntry, type PageOrder } from "./memory.sorted-arrays.js";
import { acknowledgeEvent, checkFence, claimEvent, claimPending, type EventClaim } from "./memory.event-claims.js";
import { deepFreeze } from "./deep-freeze.js";

export interface MemorySortedIndexOptions {
  /** Latest fencing token handed out for a lease name (0 when never); upserts with an older one are rejected. */
  fenceToken?: (leaseName: string) => number;
  /**
   * How long a reported change stays claimed by its reporter before another upsert reports it again (the reporter
   * is presumed dead before it appended the event), ms. Default 30,000.
   */
  claimTtlMs?: number;
}

interface Entry<T, F, I> extends PagedEntry, EventClaim {
  /** Frozen: handed out as is, so reads cost no copy. */
  value: T;
  /** What reads hand out: `spec.wrap` of the value, frozen. */
  stored: I;
  syncedAt: string;
  facets: F;
  /** Key the item counts under among open items, null when not open. */
  openKey: string | null;
}

interface TenantIndex<E> {
  byId: Map<string, E>;
  /** Sorted by (time key, id) of each order, ascending (`SORTED_BY`). */
  byUpdated: E[];
  byCreated: E[];
  open: Map<string, number>;
  /** Bumped on every write that changes an item (validates cached filtered counts). */
  version: number;
  /** Entries whose stored version has no acknowledged event yet (what `claimPending` sweeps). */
  pending: Set<E>;
}

/** The entries one upsert removes from and adds to the sorted arrays (applied once per batch). */
interface Batch<E> {
  removed: Set<E>;
  added: E[];
}

/**
 * The embedded engine of a sorted index (see sorted-index.ts). Per tenant: a map by id plus two arrays sorted by
 * (time, id), kept sorted on write (binary search + splice; syncs mostly append at the end). A page is a k-way merge
 * over the tenants' arrays from the keyset position, so it touches about `first` entries per tenant whatever the
 * index size; only `totalCount` with a filter scans (cached per tenant write version). Returned items are frozen
 * snapshots shared with the index (do not mutate them).
 */
export function createMemorySortedIndex<
  T,
  F extends TimeFacets,
  Filter extends { tenantIds: readonly string[] },
  Field extends string,
  I,
  C,
>(spec: SortedIndexSpec<T, F, Filter, Field, I, C>, opts: MemorySortedIndexOptions = {}): SortedIndex<T, Filter, Field, I, C> {
  type E = Entry<T, F, I>;
  const fenceToken = opts.fenceToken ?? (() => 0);
  const claimTtlMs = opts.claimTtlMs ?? 30_000;
  const tenants = new Map<string, TenantIndex<E>>();
  const counts = createCountCache();
  const tenantOf = (id: string) => {
    let t = tenants.get(id);
    if (!t) tenants.set(id, (t = { byId: new Map(), byUpdated: [], byCreated: [], open: new Map(), version: 0, pending: new Set() }));
    return t;
  };

  /** Counts `e` in (or out of) the open items; its place in the sorted arrays is the batch's job. */
  const place = (t: TenantIndex<E>, e: E, add: boolean, batch: Batch<E>) => {
    if (add) batch.added.push(e);
    else batch.removed.add(e);
    if (e.openKey !== null) {
      const n = (t.open.get(e.openKey) ?? 0) + (add ? 1 : -1);
      if (n > 0) t.open.set(e.openKey, n);
      else t.open.delete(e.openKey);
    }
  };

  const applyBatches = (t: TenantIndex<E>, batch: Batch<E>) => {
    if (batch.added.length === 0 && batch.removed.size === 0) return;
    for (const order of ["byUpdated", "byCreated"] as const) t[order] = applyBatch(t[order], batch.removed, batch.added, SORTED_BY[order]);
  };

  const write = (t: TenantIndex<E>, tenantId: string, item: T, facets: F, syncedAt: string, prev: E | undefined, batch: Batch<E>): E => {
    // frozen in place, not copied (see deepFreeze)
    const value = deepFreeze(item);
    const updatedKey = facets.updated ?? ZERO_TIME_KEY;
    const createdKey = facets.created ?? ZERO_TIME_KEY;
    const id = spec.id(value);
    const e: E = {
      tenantId,
      id,
      value,
      stored: Object.freeze(spec.wrap(tenantId, value, syncedAt)),
      syncedAt,
      facets: deepFreeze(facets),
      updatedKey,
      createdKey,
      openKey: spec.openKey(value),
      // carried over from the version replaced (its event may still be in flight); fields, not a spread: one shape
      evented: prev?.evented ?? null,
      claimed: prev?.claimed ?? null,
      claimUntil: prev?.claimUntil ?? 0,
      claimToken: prev?.claimToken ?? 0,
      cursors: null,
    };
    if (prev) {
      place(t, prev, false, batch);
      t.pending.delete(prev);
    }
    t.pending.add(e);
    place(t, e, true, batch);
    t.version++;
    t.byId.set(id, e);
    return e;
  };

  /** Claims and reports `e` when its stored version is not in the log and nobody live is appending it. */
  const claim = (e: E, now: number, token: number): C | null => {
    if (!claimEvent(e, now, token, claimTtlMs)) return null;
    const kind: ChangeKind = e.evented === null ? "CREATED" : "UPDATED";
    return spec.change(kind, e.tenantId, e.value);
  };

  return {
    async upsert(tenantId, items, o = {}) {
      checkFence(o.fence, fenceToken);
      const syncedAt = o.syncedAt ?? new Date().toISOString();
      const now = Date.now();
      const t = tenantOf(tenantId);
      const changes: C[] = [];
      const batch: Batch<E> = { removed: new Set(), added: [] };
      for (const item of items) {
        const facets = spec.facets(item);
        const incoming = facets.updated ?? ZERO_TIME_KEY;
        let e = t.byId.get(spec.id(item));
        if (!e || incoming > e.updatedKey) e = write(t, tenantId, item, facets, syncedAt, e, batch);
        else if (incoming === e.updatedKey && e.syncedAt !== syncedAt) {
          e.syncedAt = syncedAt;
          e.stored = Object.freeze(spec.wrap(tenantId, e.value, syncedAt));
        }
        const change = claim(e, now, o.fence?.token ?? 0);
        if (change) changes.push(change);
      }
      applyBatches(t, batch);
      return changes;
    },
    async claimPending(tenantId, o) {
      checkFence(o.fence, fenceToken);
      const t = tenants.get(tenantId);
      if (!t) return [];
      const now = Date.now();
      return claimPending(t.pending, o.limit, (e) => claim(e, now, o.fence?.token ?? 0));
    },
    async markEvented(tenantId, id, version) {
      const t = tenants.get(tenantId);
      const e = t?.byId.get(id);
      if (!t || !e) return;
      if (acknowledgeEvent(e, timeKey(version) ?? ZERO_TIME_KEY)) t.pending.delete(e);
    },
    async get(tenantId, id) {
      return tenants.get(tenantId)?.byId.get(id)?.stored ?? null;
    },
    async getMany(keys) {
      return keys.map((k) => tenants.get(k.tenantId)?.byId.get(k.id)?.stored ?? null);
    },
    async query(q) {
      const { field, direction } = q.orderBy;
      const { by, code } = spec.orders[field];
      const order: PageOrder = by === "updated" ? "byUpdated" : "byCreated";
      const asc = direction === "ASC";
      const after = q.after ? decodeKeysetCursor(q.after, code, direction) : null;
      const match = spec.compile(q.filter);
      const { heads, totalCount } = tenantHeads(
        tenants,
        q.filter.tenantIds,
        { order, after, asc },
        narrowsBeyondTenants(q.filter) ? { key: filterIdentity(q.filter), matches: (e) => match(e.facets), counts } : null,
      );

      const page = pageOf(heads, { asc, first: q.first, order, ordering: code, direction }, (e) => match(e.facets));
      return {
        items: page.entries.map((e) => e.stored),
        cursors: page.cursors,
        totalCount,
        hasNextPage: page.hasNextPage,
      };
    },
    async countOpenBySeverity(tenantId) {
      return Object.fromEntries(tenants.get(tenantId)?.open ?? []);
    },
    async count(tenantId) {
      return tenants.get(tenantId)?.byId.size ?? 0;
    },
  };
}
