/**
 * Types every index contract shares (alerts in store.types.ts, incidents in incident.types.ts). A leaf module, so
 * that `Store` (store.types.ts) can name the incident contracts without an import cycle; store.types.ts re-exports
 * them, so existing imports keep working.
 */

export type SortDirection = "ASC" | "DESC";

/** A sync loop's proof that it still holds a tenant's lease; writes carrying a stale token are rejected. */
export interface FenceToken {
  leaseName: string;
  token: number;
}
