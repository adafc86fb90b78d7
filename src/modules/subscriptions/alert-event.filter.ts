import { compileFilter, facetsOf, type AlertFacets } from "../../store/alert-query.js";
import type { AlertIndexFilter } from "../../store/store.types.js";
import type { SecurityAlert } from "../../upstream/upstream.types.js";

/** The part of an index filter that is about the alert itself; tenants are decided per event by authorization. */
export type AlertContentFilter = Omit<AlertIndexFilter, "tenantIds">;

/** A compiled event filter: requested tenants (null = any readable) plus the alert conditions. */
export interface AlertEventFilter {
  tenantIds: ReadonlySet<string> | null;
  matches(tenantId: string, alert: SecurityAlert): boolean;
}

// One event is checked against every subscriber's filter: its facets are computed once per alert object.
const facetCache = new WeakMap<SecurityAlert, AlertFacets>();
const facetsOnce = (a: SecurityAlert): AlertFacets => {
  let f = facetCache.get(a);
  if (!f) facetCache.set(a, (f = facetsOf(a)));
  return f;
};

/**
 * The conditions the alert index applies (`compileFilter` over the same facets), as a predicate for live events, so a
 * list and a subscription with one filter select the same alerts. Authorization is NOT part of it: the hub checks the
 * subscriber's current access scope per event, so `tenantIds` only narrows what the caller asked for.
 */
export function compileAlertEventFilter(requestedTenants: readonly string[] | null | undefined, f: AlertContentFilter): AlertEventFilter {
  const match = compileFilter({ ...f, tenantIds: [] });
  const tenantIds = requestedTenants ? new Set(requestedTenants) : null;
  return {
    tenantIds,
    matches(tenantId, alert) {
      return (tenantIds === null || tenantIds.has(tenantId)) && match(facetsOnce(alert));
    },
  };
}
