import type { AlertIndexFilter } from "../../store/store.types.js";
import type { DefenderAlert } from "../../upstream/defender.types.js";

/** The part of an index filter that is about the alert itself; tenants are decided per event by authorization. */
export type AlertContentFilter = Omit<AlertIndexFilter, "tenantIds">;

/** A compiled event filter: requested tenants (null = any readable) plus the alert conditions. */
export interface AlertEventFilter {
  tenantIds: ReadonlySet<string> | null;
  matches(tenantId: string, alert: DefenderAlert): boolean;
}

const lower = (v: string | null | undefined) => (v ?? "").toLowerCase();
const time = (iso: string | null | undefined) => (iso ? Date.parse(iso) : Number.NaN);

/**
 * Compiles the same conditions the alert index applies (see `AlertIndexFilter`) into an in-memory
 * predicate for live events. Authorization is NOT part of it: the hub checks the subscriber's current
 * access scope per event, so `tenantIds` only narrows what the caller asked for.
 */
export function compileAlertEventFilter(requestedTenants: readonly string[] | null | undefined, f: AlertContentFilter): AlertEventFilter {
  const checks: ((a: DefenderAlert) => boolean)[] = [];
  const oneOf = (values: readonly string[] | undefined, get: (a: DefenderAlert) => string | null) => {
    if (!values) return;
    const set = new Set(values);
    checks.push((a) => set.has(get(a) ?? ""));
  };
  oneOf(f.severities, (a) => a.severity);
  oneOf(f.statuses, (a) => a.status);
  oneOf(f.categories, (a) => a.category);
  oneOf(f.detectionSources, (a) => a.detectionSource);
  if (f.assignedTo) {
    const owners = new Set(f.assignedTo.map((o) => o.toLowerCase()));
    checks.push((a) => a.assignedTo !== null && owners.has(a.assignedTo.toLowerCase()));
  }
  if (f.search) {
    const needle = f.search.toLowerCase();
    checks.push((a) => lower(a.title).includes(needle) || lower(a.description).includes(needle));
  }
  if (f.machineId !== undefined) {
    const id = f.machineId;
    checks.push((a) => a.machineId === id);
  }
  if (f.incidentId !== undefined) {
    const id = f.incidentId;
    checks.push((a) => a.incidentId === id);
  }
  if (f.updatedSince) {
    const since = Date.parse(f.updatedSince);
    checks.push((a) => time(a.lastUpdateTime) >= since);
  }
  if (f.createdSince) {
    const since = Date.parse(f.createdSince);
    checks.push((a) => time(a.alertCreationTime) >= since);
  }
  if (f.createdUntil) {
    const until = Date.parse(f.createdUntil);
    checks.push((a) => time(a.alertCreationTime) <= until);
  }
  const tenantIds = requestedTenants ? new Set(requestedTenants) : null;
  return {
    tenantIds,
    matches: (tenantId, alert) => (tenantIds === null || tenantIds.has(tenantId)) && checks.every((c) => c(alert)),
  };
}
