import { isoDate, toGraphQLComment } from "../common/graphql-values.js";
import type { IndexedAlert } from "../../store/store.types.js";
import type { DeviceEvidence, SecurityAlert } from "../../upstream/upstream.types.js";
import { upstreamApiEnum } from "../common/upstream-api.enum.js";
import { InvestigationState } from "./alert.enums.js";
import { alertPortalUrl } from "../common/portal.urls.js";
import { legacyEvidence } from "./evidence.legacy.js";
import { toGraphQLEvidence } from "./evidence.mapper.js";
import type { Alert } from "./alert.type.js";

const date = isoDate;

/** A numeric id as a number (the schema's `Int` ids); null when absent or not a safe integer. */
const safeInt = (id: string | null): number | null => {
  if (id === null || !/^\d+$/.test(id)) return null;
  const n = Number(id);
  return Number.isSafeInteger(n) ? n : null;
};

/** The alert's device: its first device evidence (Graph), or the one the legacy mapping built from `machineId`. */
export const primaryDevice = (a: SecurityAlert): DeviceEvidence | null => {
  const devices = a.evidence.filter((e): e is DeviceEvidence => e.kind === "device");
  return devices.find((d) => d.mdeDeviceId) ?? devices[0] ?? null;
};

function relatedUser(a: SecurityAlert, device: DeviceEvidence | null): Alert["relatedUser"] {
  const logged = device?.loggedOnUsers[0];
  if (logged?.accountName) return { userName: logged.accountName, domainName: logged.domainName ?? "" };
  for (const e of a.evidence)
    if (e.kind === "user" && e.userAccount.accountName)
      return { userName: e.userAccount.accountName, domainName: e.userAccount.domainName ?? "" };
  return null;
}

/** The gateway's alert model → GraphQL `Alert`. Unknown enum spellings are `UNKNOWN` with the spelling in `…Raw`. */
export function toGraphQLAlert(tenantId: string, a: SecurityAlert, syncedAt: string): Alert {
  const device = primaryDevice(a);
  return {
    id: a.id,
    tenantId,
    upstreamApi: upstreamApiEnum(a.source),
    title: a.title,
    description: a.description,
    severity: a.severity ?? "UNKNOWN",
    severityRaw: a.severityRaw,
    status: a.status ?? "UNKNOWN",
    statusRaw: a.statusRaw,
    classification: a.classification,
    classificationRaw: a.classificationRaw,
    determination: a.determination,
    determinationRaw: a.determinationRaw,
    serviceSource: a.serviceSource,
    serviceSourceRaw: a.serviceSourceRaw,
    productName: a.productName,
    providerAlertId: a.providerAlertId,
    recommendedActions: a.recommendedActions,
    systemTags: a.systemTags,
    incidentWebUrl: a.incidentWebUrl,
    alertWebUrl: a.alertWebUrl,
    actorDisplayName: a.actorDisplayName,
    threatDisplayName: a.threatDisplayName,
    investigationState: InvestigationState.toGraphQL(a.investigationState),
    investigationId: safeInt(a.investigationId),
    incidentId: safeInt(a.incidentId),
    assignedTo: a.assignedTo,
    category: a.category,
    detectionSource: a.detectionSource,
    detectionSourceRaw: a.detectionSourceRaw,
    detectorId: a.detectorId,
    threatFamilyName: a.threatFamilyName,
    threatName: a.threatDisplayName,
    createdDateTime: date(a.createdDateTime),
    lastUpdateDateTime: date(a.lastUpdateDateTime),
    resolvedDateTime: date(a.resolvedDateTime),
    firstActivityDateTime: date(a.firstActivityDateTime),
    lastActivityDateTime: date(a.lastActivityDateTime),
    alertCreationTime: date(a.createdDateTime),
    firstEventTime: date(a.firstActivityDateTime),
    lastEventTime: date(a.lastActivityDateTime),
    lastUpdateTime: date(a.lastUpdateDateTime),
    resolvedTime: date(a.resolvedDateTime),
    device,
    machineId: device?.mdeDeviceId ?? null,
    computerDnsName: device?.deviceDnsName ?? null,
    rbacGroupName: device?.rbacGroupName ?? null,
    aadTenantId: a.tenantId,
    mitreTechniques: a.mitreTechniques,
    relatedUser: relatedUser(a, device),
    comments: a.comments.map(toGraphQLComment),
    // Typed fields win where a kind reuses a flat column's name (same data either way). Object.assign into the fresh
    // legacy object gives the spread's keys and order without V8's slow path for a spread of two many-field objects.
    evidence: a.evidence.map((e) => Object.assign(legacyEvidence(e), toGraphQLEvidence(e))),
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
