import type { SecurityAlert } from "../upstream/upstream.types.js";
import { decodePageCursor, pageOrdering } from "./alert-keyset.js";
import {
  compileFilter,
  createCountCache,
  facetsOf,
  filterKey,
  hasFilterBeyondTenants,
  isOpen,
  timeKey,
  ZERO_TIME_KEY,
  type AlertFacets,
} from "./alert-query.js";
import type { AlertChange, AlertIndex, AlertIndexPage, AlertIndexQuery, IndexedAlert } from "./store.types.js";
import { applyBatch, SORTED_BY, pageOf, tenantHeads, type PagedEntry, type PageOrder } from "./memory.sorted-arrays.js";
import { acknowledgeEvent, checkFence, claimEvent, claimPending, type EventClaim } from "./memory.event-claims.js";
import { EMPTY_LIST, sharedLists, sharedStrings } from "../upstream/string-pool.js";
import { deepFreeze } from "./deep-freeze.js";

export interface MemoryIndexOptions {
  /** Latest fencing token handed out for a lease name (0 when never); upserts with an older one are rejected. */
  fenceToken?: (leaseName: string) => number;
  /**
   * How long a reported change stays claimed by its reporter before another upsert reports it again
   * (the reporter is presumed dead before it appended the event), ms. Default 30,000.
   */
  claimTtlMs?: number;
}

interface Entry extends PagedEntry, EventClaim {
  /** Frozen: handed out as is, so reads cost no copy. */
  item: IndexedAlert;
  facets: AlertFacets;
}

interface TenantIndex {
  byId: Map<string, Entry>;
  /** Sorted by (time key, id) of each order, ascending (`SORTED_BY`). */
  byUpdated: Entry[];
  byCreated: Entry[];
  /** Open alerts per gateway severity (`HIGH`…; `UNKNOWN` for an unmapped or missing one). */
  open: Map<string, number>;
  /** Alerts per incident id (as the `incidentIds` filter compares it), so counting an incident's alerts reads none. */
  byIncident: Map<string, number>;
  /** Bumped on every write that changes an alert (validates cached filtered counts). */
  version: number;
  /** Entries whose stored version has no acknowledged event yet (what `claimPending` sweeps). */
  pending: Set<Entry>;
}

/** The entries one upsert removes from and adds to the sorted arrays (applied once per batch). */
interface Batch {
  removed: Set<Entry>;
  added: Entry[];
}

/**
 * Facets share the pooled copy of values that repeat across alerts (category, owner, detector, evidence tokens). Enum
 * facets and the search text are shared already (`facetsOf` remembers them per value).
 */
function compactFacets(f: AlertFacets): AlertFacets {
  f.category = sharedStrings(f.category);
  f.assignedTo = sharedStrings(f.assignedTo);
  if (f.detectorId !== undefined) f.detectorId = sharedStrings(f.detectorId);
  // one device per alert, mostly: a list shared by every alert of that device
  if (f.machineIds) f.machineIds = sharedLists(f.machineIds);
  // Not pooled: most tokens are hashes unique to one file, which would fill the string pool (two thirds of it, measured)
  // and stop it pooling anything else; the tokens' own memo (evidence.indicators.ts) already shares recent ones. A copy
  // of exactly their number: the list as built reserves room for 17.
  if (f.indicators) f.indicators = f.indicators.length === 0 ? EMPTY_LIST : f.indicators.slice();
  return f;
}

/**
 * The embedded alert index. Per tenant: a map by id plus two arrays sorted by (time, id), one per sort
 * field, kept sorted on write (binary search + splice; syncs mostly append at the end). A page is a
 * k-way merge over the tenants' arrays starting at the keyset position, so it touches about
 * `first` entries per tenant whatever the index size; only `totalCount` with a filter scans.
 * Returned alerts are frozen snapshots shared with the index (do not mutate them).
 */
export function createMemoryIndex(opts: MemoryIndexOptions = {}): AlertIndex {
  const fenceToken = opts.fenceToken ?? (() => 0);
  const claimTtlMs = opts.claimTtlMs ?? 30_000;
  const tenants = new Map<string, TenantIndex>();
  const counts = createCountCache();
  const tenantOf = (id: string) => {
    let t = tenants.get(id);
    if (!t)
      tenants.set(
        id,
        (t = { byId: new Map(), byUpdated: [], byCreated: [], open: new Map(), byIncident: new Map(), version: 0, pending: new Set() }),
      );
    return t;
  };

  /** Counts `e` in (or out of) the tenant's open alerts; its place in the sorted arrays is the batch's job. */
  const place = (t: TenantIndex, e: Entry, add: boolean, batch: Batch) => {
    if (add) batch.added.push(e);
    else batch.removed.add(e);
    const incident = e.facets.incidentId;
    if (incident !== null) {
      const key = String(incident);
      const n = (t.byIncident.get(key) ?? 0) + (add ? 1 : -1);
      if (n > 0) t.byIncident.set(key, n);
      else t.byIncident.delete(key);
    }
    if (isOpen(e.item.alert)) {
      const sev = e.item.alert.severity ?? "UNKNOWN";
      const n = (t.open.get(sev) ?? 0) + (add ? 1 : -1);
      if (n > 0) t.open.set(sev, n);
      else t.open.delete(sev);
    }
  };

  const applyBatches = (t: TenantIndex, batch: Batch) => {
    if (batch.added.length === 0 && batch.removed.size === 0) return;
    for (const order of ["byUpdated", "byCreated"] as const) t[order] = applyBatch(t[order], batch.removed, batch.added, SORTED_BY[order]);
  };

  const write = (
    t: TenantIndex,
    tenantId: string,
    alert: SecurityAlert,
    syncedAt: string,
    prev: Entry | undefined,
    batch: Batch,
  ): Entry => {
    // frozen in place, not copied (see deepFreeze)
    const frozen = deepFreeze(alert);
    const facets = compactFacets(facetsOf(frozen));
    const updatedKey = facets.updated ?? ZERO_TIME_KEY;
    const createdKey = facets.created ?? ZERO_TIME_KEY;
    const e: Entry = {
      tenantId,
      id: alert.id,
      item: Object.freeze({ tenantId, alert: frozen, syncedAt }),
      facets,
      updatedKey,
      createdKey,
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
    t.byId.set(e.id, e);
    return e;
  };

  /** Claims and reports `e` when its stored version is not in the log and nobody live is appending it. */
  const claim = (e: Entry, now: number, token: number): AlertChange | null =>
    claimEvent(e, now, token, claimTtlMs)
      ? { kind: e.evented === null ? "CREATED" : "UPDATED", tenantId: e.tenantId, alert: e.item.alert }
      : null;

  return {
    async upsert(tenantId, alerts, o = {}) {
      checkFence(o.fence, fenceToken);
      const syncedAt = o.syncedAt ?? new Date().toISOString();
      const now = Date.now();
      const t = tenantOf(tenantId);
      const changes: AlertChange[] = [];
      const batch: Batch = { removed: new Set(), added: [] };
      for (const alert of alerts) {
        const incoming = timeKey(alert.lastUpdateDateTime) ?? ZERO_TIME_KEY;
        let e = t.byId.get(alert.id);
        // The same version from the other API (a tenant switched APIs) replaces the copy; being evented, it is no change.
        if (!e || incoming > e.updatedKey || (incoming === e.updatedKey && alert.source !== e.item.alert.source))
          e = write(t, tenantId, alert, syncedAt, e, batch);
        else if (incoming === e.updatedKey && e.item.syncedAt !== syncedAt) {
          e.item = Object.freeze({ ...e.item, syncedAt });
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
    async markEvented(tenantId, id, lastUpdateDateTime) {
      const e = tenants.get(tenantId)?.byId.get(id);
      if (!e) return;
      // the stored version's key is known: no parse for the acknowledgement of what was just written
      const k = lastUpdateDateTime === e.item.alert.lastUpdateDateTime ? e.updatedKey : (timeKey(lastUpdateDateTime) ?? ZERO_TIME_KEY);
      if (acknowledgeEvent(e, k)) tenants.get(tenantId)?.pending.delete(e);
    },
    async get(tenantId, id) {
      return tenants.get(tenantId)?.byId.get(id)?.item ?? null;
    },
    async getMany(keys) {
      return keys.map((k) => tenants.get(k.tenantId)?.byId.get(k.id)?.item ?? null);
    },
    async query(q: AlertIndexQuery): Promise<AlertIndexPage> {
      const { field, direction } = q.orderBy;
      const order: PageOrder = field === "lastUpdateDateTime" ? "byUpdated" : "byCreated";
      const asc = direction === "ASC";
      const after = q.after ? decodePageCursor(q.after, field, direction) : null;
      const match = compileFilter(q.filter);
      const { heads, totalCount } = tenantHeads(
        tenants,
        q.filter.tenantIds,
        { order, after, asc },
        hasFilterBeyondTenants(q.filter) ? { key: filterKey(q.filter), matches: (e) => match(e.facets), counts } : null,
      );

      const page = pageOf(
        heads,
        { asc, first: q.first, order, ordering: pageOrdering(field), direction, endCursorOnly: q.endCursorOnly },
        (e) => match(e.facets),
      );
      return {
        items: page.entries.map((e) => e.item),
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
    countOfIncident(tenantId, incidentId) {
      return tenants.get(tenantId)?.byIncident.get(incidentId) ?? 0;
    },
    async countByIncident(tenantId, incidentIds) {
      const out = new Map<string, number>();
      const t = tenants.get(tenantId);
      if (!t) return out;
      for (const id of incidentIds) {
        const n = t.byIncident.get(id);
        if (n !== undefined) out.set(id, n);
      }
      return out;
    },
  };
}
