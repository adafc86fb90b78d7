import { compileIncidentFilter, incidentFacetsOf, type IncidentFacets } from "../../store/incident-query.js";
import type { IncidentEventRecord, IncidentIndexFilter } from "../../store/incident.types.js";
import type { SecurityIncident } from "../../upstream/upstream.types.js";
import type { LiveEventFilter } from "../../live/event.hub.js";

// One event is checked against every subscriber's filter: its facets are computed once per incident object.
const facetCache = new WeakMap<SecurityIncident, IncidentFacets>();
const facetsOnce = (i: SecurityIncident): IncidentFacets => {
  let f = facetCache.get(i);
  if (!f) facetCache.set(i, (f = incidentFacetsOf(i)));
  return f;
};

/**
 * The conditions the incident index applies (`compileIncidentFilter` over the same facets), as a predicate over incident
 * events, so a list and a subscription with one filter select the same incidents. Authorization is NOT part of it: the
 * hub checks the subscriber's current access scope per event, so `requestedTenants` only narrows what the caller asked
 * for. Throws `InvalidQueryError` for an unparsable time bound.
 */
export function compileIncidentEventFilter(
  requestedTenants: readonly string[] | null | undefined,
  f: Omit<IncidentIndexFilter, "tenantIds">,
): LiveEventFilter<IncidentEventRecord> {
  const match = compileIncidentFilter({ ...f, tenantIds: [] });
  const tenantIds = requestedTenants ? new Set(requestedTenants) : null;
  return {
    matches(r) {
      return (tenantIds === null || tenantIds.has(r.tenantId)) && match(facetsOnce(r.incident));
    },
  };
}
