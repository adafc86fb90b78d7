import type { SyncStatus } from "./sync.types.js";

/**
 * How far a tenant's index is behind upstream: seconds since its last successful poll, or null before
 * the first one. The one definition used by the API (`Tenant.sync.lagSeconds`) and the `gateway_sync_lag_seconds` metric.
 */
export function syncLagSeconds(status: Pick<SyncStatus, "lastSuccessAt"> | null | undefined, now: number = Date.now()): number | null {
  const at = status?.lastSuccessAt ? Date.parse(status.lastSuccessAt) : NaN;
  return Number.isNaN(at) ? null : Math.max(0, (now - at) / 1000);
}
