import type { TenantConfig } from "../../config/config.js";

/** The customer tenants the gateway serves (from config, or the simulator's demo tenants embedded). */
export interface TenantRegistry {
  list(): readonly TenantConfig[];
  get(id: string): TenantConfig | undefined;
  ids(): readonly string[];
}

export function createTenantRegistry(tenants: readonly TenantConfig[]): TenantRegistry {
  const byId = new Map(tenants.map((t) => [t.id, t]));
  const ids = tenants.map((t) => t.id);
  return { list: () => tenants, get: (id) => byId.get(id), ids: () => ids };
}
