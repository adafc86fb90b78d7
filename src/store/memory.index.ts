import type { DefenderAlert } from "../upstream/defender.types.js";
import { compareKeys, compileFilter, decodePageCursor, encodePageCursor, isOpen, keyOf, timeOf, type SortKey } from "./alert-query.js";
import type { AlertChange, AlertIndex, AlertIndexPage, AlertIndexQuery, IndexedAlert } from "./store.types.js";
import { StaleFenceError } from "./store.types.js";

interface Entry {
  alert: DefenderAlert;
  syncedAt: string;
  updatedMs: number;
}

/** The in-memory alert index (embedded mode): per-tenant maps, filtered and sorted per query. */
export function createMemoryIndex(fenceToken: (leaseName: string) => number = () => 0): AlertIndex {
  const tenants = new Map<string, Map<string, Entry>>();
  const tenant = (id: string) => {
    let t = tenants.get(id);
    if (!t) tenants.set(id, (t = new Map()));
    return t;
  };
  const view = (tenantId: string, e: Entry): IndexedAlert => ({ tenantId, alert: e.alert, syncedAt: e.syncedAt });

  return {
    async upsert(tenantId, alerts, opts = {}) {
      if (opts.fence && fenceToken(opts.fence.leaseName) > opts.fence.token) throw new StaleFenceError(opts.fence.leaseName, opts.fence.token);
      const syncedAt = opts.syncedAt ?? new Date().toISOString();
      const t = tenant(tenantId);
      const changes: AlertChange[] = [];
      for (const alert of alerts) {
        const updatedMs = timeOf(alert, "lastUpdateTime");
        const cur = t.get(alert.id);
        if (!cur) {
          t.set(alert.id, { alert, syncedAt, updatedMs });
          changes.push({ kind: "CREATED", tenantId, alert });
        } else if (updatedMs > cur.updatedMs) {
          t.set(alert.id, { alert, syncedAt, updatedMs });
          changes.push({ kind: "UPDATED", tenantId, alert });
        } else {
          cur.syncedAt = syncedAt;
        }
      }
      return changes;
    },
    async get(tenantId, id) {
      const e = tenants.get(tenantId)?.get(id);
      return e ? view(tenantId, e) : null;
    },
    async getMany(keys) {
      return keys.map((k) => {
        const e = tenants.get(k.tenantId)?.get(k.id);
        return e ? view(k.tenantId, e) : null;
      });
    },
    async query(q: AlertIndexQuery): Promise<AlertIndexPage> {
      const { field, direction } = q.orderBy;
      const after = q.after ? decodePageCursor(q.after, field, direction) : null;
      const match = compileFilter(q.filter);
      const sign = direction === "ASC" ? 1 : -1;
      const rows: { key: SortKey; item: IndexedAlert }[] = [];
      let totalCount = 0;
      for (const tenantId of new Set(q.filter.tenantIds)) {
        const t = tenants.get(tenantId);
        if (!t) continue;
        for (const e of t.values()) {
          if (!match(e.alert)) continue;
          totalCount++;
          const key = keyOf(tenantId, e.alert, field);
          if (after && sign * compareKeys(key, after) <= 0) continue;
          rows.push({ key, item: view(tenantId, e) });
        }
      }
      rows.sort((a, b) => sign * compareKeys(a.key, b.key));
      const page = rows.slice(0, q.first);
      return {
        items: page.map((r) => r.item),
        cursors: page.map((r) => encodePageCursor(field, direction, r.key)),
        totalCount,
        hasNextPage: rows.length > q.first,
      };
    },
    async countOpenBySeverity(tenantId) {
      const out: Record<string, number> = {};
      for (const e of tenants.get(tenantId)?.values() ?? []) if (isOpen(e.alert)) out[e.alert.severity] = (out[e.alert.severity] ?? 0) + 1;
      return out;
    },
    async count(tenantId) {
      return tenants.get(tenantId)?.size ?? 0;
    },
  };
}
