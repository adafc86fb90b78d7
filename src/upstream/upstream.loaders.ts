import DataLoader from "dataloader";
import type { UpstreamPriority } from "./budget.limiter.js";
import type { BatchResult, SecurityAlert, SecurityIncident, UpstreamSource } from "./upstream.types.js";

export interface TenantItemKey {
  tenantId: string;
  id: string;
}

/** Per-request loaders for what the index does not hold: build one set per GraphQL request (never share them). */
export interface UpstreamLoaders {
  /** Resolves null for an unknown id; rejects with that key's own `UpstreamError` only. */
  alert: DataLoader<TenantItemKey, SecurityAlert | null, string>;
  incident: DataLoader<TenantItemKey, SecurityIncident | null, string>;
}

const cacheKey = (k: TenantItemKey) => `${k.tenantId}\u0000${k.id}`;

/**
 * Everything asked for in one tick, grouped by tenant: one `getAlerts`/`getIncidents` per tenant (for Graph tenants
 * one `$batch` per 20 ids), tenants in parallel. A failing tenant or key fails only its own loads.
 */
function tenantBatched<T>(get: (tenantId: string, ids: readonly string[]) => Promise<BatchResult<T>[]>) {
  return async (keys: readonly TenantItemKey[]): Promise<(T | null | Error)[]> => {
    const byTenant = new Map<string, number[]>();
    keys.forEach((k, i) => byTenant.set(k.tenantId, [...(byTenant.get(k.tenantId) ?? []), i]));
    const out = new Array<T | null | Error>(keys.length).fill(null);
    await Promise.all(
      [...byTenant].map(async ([tenantId, idx]) => {
        try {
          const results = await get(
            tenantId,
            idx.map((i) => keys[i].id),
          );
          idx.forEach((i, j) => (out[i] = results[j] ?? null));
        } catch (e) {
          for (const i of idx) out[i] = e instanceof Error ? e : new Error(String(e));
        }
      }),
    );
    return out;
  };
}

export function createUpstreamLoaders(source: UpstreamSource, priority: UpstreamPriority = "read"): UpstreamLoaders {
  return {
    alert: new DataLoader(
      tenantBatched((tenantId, ids) => source.getAlerts(tenantId, ids, priority)),
      { cacheKeyFn: cacheKey },
    ),
    incident: new DataLoader(
      tenantBatched((tenantId, ids) => source.getIncidents(tenantId, ids, priority)),
      { cacheKeyFn: cacheKey },
    ),
  };
}
