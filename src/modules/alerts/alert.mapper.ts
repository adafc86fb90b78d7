import { readComment } from "./alert-comment.attribution.js";
import type { DefenderAlert } from "../../upstream/defender.types.js";
import type { IndexedAlert } from "../../store/store.types.js";
import { AlertClassification, AlertDetermination, AlertSeverity, AlertStatus, DetectionSource, InvestigationState } from "./alert.enums.js";
import { alertPortalUrl } from "../common/portal.urls.js";
import type { Alert } from "./alert.type.js";

const date = (iso: string | null | undefined): Date | null => {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
};

/** Defender wire alert → GraphQL `Alert`. Unknown enum spellings become `UNKNOWN`, never dropped. */
export function toGraphQLAlert(tenantId: string, a: DefenderAlert, syncedAt: string): Alert {
  return {
    id: a.id,
    tenantId,
    title: a.title,
    description: a.description,
    severity: AlertSeverity.toGraphQL(a.severity) ?? "UNKNOWN",
    status: AlertStatus.toGraphQL(a.status) ?? "UNKNOWN",
    classification: AlertClassification.toGraphQL(a.classification),
    determination: AlertDetermination.toGraphQL(a.determination),
    investigationState: InvestigationState.toGraphQL(a.investigationState),
    investigationId: a.investigationId,
    incidentId: a.incidentId,
    assignedTo: a.assignedTo,
    category: a.category,
    detectionSource: DetectionSource.toGraphQL(a.detectionSource),
    detectionSourceRaw: a.detectionSource,
    detectorId: a.detectorId,
    threatFamilyName: a.threatFamilyName,
    threatName: a.threatName,
    alertCreationTime: date(a.alertCreationTime),
    firstEventTime: date(a.firstEventTime),
    lastEventTime: date(a.lastEventTime),
    lastUpdateTime: date(a.lastUpdateTime),
    resolvedTime: date(a.resolvedTime),
    machineId: a.machineId,
    computerDnsName: a.computerDnsName,
    rbacGroupName: a.rbacGroupName,
    aadTenantId: a.aadTenantId,
    mitreTechniques: Array.isArray(a.mitreTechniques) ? a.mitreTechniques : [],
    relatedUser: a.relatedUser && typeof a.relatedUser === "object" ? a.relatedUser : null,
    comments: (a.comments ?? []).map((c) => ({
      ...readComment(c.comment, c.createdBy),
      createdBy: c.createdBy,
      createdTime: date(c.createdTime),
    })),
    evidence: (a.evidence ?? []).map((e) => ({
      ...e,
      evidenceCreationTime: date(e.evidenceCreationTime),
      processCreationTime: date(e.processCreationTime),
      parentProcessCreationTime: date(e.parentProcessCreationTime),
    })),
    syncedAt: date(syncedAt) ?? new Date(0),
    portalUrl: alertPortalUrl(tenantId, a.id),
  };
}

// The memory index hands out one frozen IndexedAlert per stored version, so its mapping can be reused by
// every request until the alert changes (saves the per-request Date allocations on hot list queries).
const mapped = new WeakMap<IndexedAlert, Alert>();

export function fromIndexed(i: IndexedAlert): Alert {
  let alert = mapped.get(i);
  if (!alert) {
    alert = toGraphQLAlert(i.tenantId, i.alert, i.syncedAt);
    if (Object.isFrozen(i)) mapped.set(i, alert);
  }
  return alert;
}
