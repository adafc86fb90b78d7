import { isoDate, toGraphQLComment } from "../common/graphql-values.js";
import type { IndexedIncident } from "../../store/incident.types.js";
import type { SecurityIncident } from "../../upstream/upstream.types.js";
import { PORTAL } from "../common/portal.urls.js";
import { upstreamApiEnum } from "../common/upstream-api.enum.js";
import type { Incident } from "./incident.type.js";

const date = isoDate;

/** Portal link of an incident when upstream sent none. */
export const incidentPortalUrl = (tenantId: string, id: string) =>
  `${PORTAL}/incidents/${encodeURIComponent(id)}?tid=${encodeURIComponent(tenantId)}`;

/** The gateway's incident model → GraphQL `Incident`. Unknown enum spellings are `UNKNOWN` with the spelling in `…Raw`. */
export function toGraphQLIncident(tenantId: string, i: SecurityIncident, syncedAt: string): Incident {
  return {
    alertIds: i.alertIds,
    id: i.id,
    tenantId,
    upstreamApi: upstreamApiEnum(i.source),
    displayName: i.displayName,
    description: i.description,
    severity: i.severity ?? "UNKNOWN",
    severityRaw: i.severityRaw,
    status: i.status ?? "UNKNOWN",
    statusRaw: i.statusRaw,
    classification: i.classification,
    determination: i.determination,
    assignedTo: i.assignedTo,
    customTags: i.customTags,
    systemTags: i.systemTags,
    createdDateTime: date(i.createdDateTime),
    lastUpdateDateTime: date(i.lastUpdateDateTime),
    redirectIncidentId: i.redirectIncidentId,
    portalUrl: i.incidentWebUrl ?? incidentPortalUrl(tenantId, i.id),
    comments: i.comments.map(toGraphQLComment),
    lastModifiedBy: i.lastModifiedBy,
    priorityScore: i.priorityScore,
    syncedAt: date(syncedAt) ?? new Date(0),
  };
}

// Frozen index snapshots map once per version (same reuse as alerts).
const mapped = new WeakMap<IndexedIncident, Incident>();

export function fromIndexedIncident(i: IndexedIncident): Incident {
  let incident = mapped.get(i);
  if (!incident) {
    incident = toGraphQLIncident(i.tenantId, i.incident, i.syncedAt);
    if (Object.isFrozen(i)) mapped.set(i, incident);
  }
  return incident;
}
