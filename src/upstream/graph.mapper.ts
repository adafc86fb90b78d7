import type { GraphAlert, GraphAlertComment, GraphEvidence, GraphIncident, GraphReceived } from "./graph.types.js";
import {
  AlertClassificationMap,
  AlertDeterminationMap,
  AlertSeverityMap,
  AlertStatusMap,
  DetectionSourceMap,
  EvidenceVerdictMap,
  IncidentStatusMap,
  ServiceSourceMap,
} from "./upstream.enums.js";
import { rememberRecent } from "./recent-values.memo.js";
import { createRunSharer, EMPTY_LIST, sharedLists, sharedStrings } from "./string-pool.js";
import {
  EMPTY_FILE_DETAILS,
  EMPTY_USER_ACCOUNT,
  type EvidenceCommon,
  type SecurityAlert,
  type SecurityComment,
  type SecurityEvidence,
  type SecurityFileDetails,
  type SecurityIncident,
  type SecurityUserAccount,
} from "./upstream.types.js";

/**
 * Pure Graph → model mapping. Tolerant: a missing or mistyped field becomes null/empty, never an exception.
 * Built for the index, which keeps every alert for its lifetime: values that repeat across alerts (enum spellings,
 * titles and texts of one detector, evidence hashes, paths and names) come from the shared string pool, and empty
 * lists are one shared frozen array, so an alert costs its unique data only. Results are read-only.
 */

type Json = Record<string, unknown>;

const list = <T>(v: T[]): T[] => (v.length === 0 ? EMPTY_LIST : v);

/** A string unique to one entity (ids, URLs, times): not pooled. */
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
/** Creation times: an alert's evidence mostly share one instant, often the alert's own (see `createRunSharer`). */
const sameTime = createRunSharer();
const time = (v: unknown): string | null => (typeof v === "string" ? sameTime(v) : null);
/**
 * Incident links: every alert of an incident and the incident itself carry the same one, and they are synced close
 * together. Too many distinct values for the string pool (one per incident), so a bounded memo of recent ones.
 */
const recentUrl = rememberRecent((url: string) => url, 16_384);
const incidentUrl = (v: unknown): string | null => (typeof v === "string" ? recentUrl(v) : null);
/** Alert ids, which an incident lists again (`alertIds`) when synced after its alerts: the same kind of memo. */
const recentAlertId = rememberRecent((id: string) => id, 16_384);
/** A string that repeats across entities: pooled. */
const pooled = (v: unknown): string | null => (typeof v === "string" ? sharedStrings(v) : null);
const num = (v: unknown): number | null =>
  typeof v === "number" && Number.isFinite(v)
    ? v
    : typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))
      ? Number(v)
      : null;
/**
 * The strings of `v` as a pooled list (`sharedLists`): the same short lists recur across alerts (roles, addresses,
 * MITRE techniques), and the index keeps them for an alert's lifetime. Non-strings are dropped.
 */
const strings = (v: unknown): string[] => {
  if (!Array.isArray(v) || v.length === 0) return EMPTY_LIST;
  return sharedLists(v.every((x) => typeof x === "string") ? v : v.filter((x): x is string => typeof x === "string"));
};
const obj = (v: unknown): Json | null => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : null);

export function graphComment(c: GraphReceived<GraphAlertComment>): SecurityComment {
  return {
    comment: c.comment ?? "",
    createdByDisplayName: sharedStrings(c.createdByDisplayName ?? null),
    createdDateTime: c.createdDateTime ?? null,
  };
}

function fileDetails(v: unknown): SecurityFileDetails | null {
  const f = obj(v);
  if (!f) return null;
  return {
    sha1: str(f.sha1),
    sha256: str(f.sha256),
    fileName: pooled(f.fileName),
    filePath: pooled(f.filePath),
    fileSize: num(f.fileSize),
    filePublisher: pooled(f.filePublisher),
    signer: pooled(f.signer),
    issuer: pooled(f.issuer),
  };
}

function userAccount(v: unknown): SecurityUserAccount | null {
  const u = obj(v);
  if (!u) return null;
  return {
    accountName: pooled(u.accountName),
    domainName: pooled(u.domainName),
    userSid: pooled(u.userSid),
    azureAdUserId: pooled(u.azureAdUserId),
    userPrincipalName: pooled(u.userPrincipalName),
    displayName: pooled(u.displayName),
  };
}

/** `#microsoft.graph.security.fileEvidence` → `fileEvidence` (a handful of distinct types: remembered). */
const evidenceTypes = new Map<string, string>();
const evidenceType = (odataType: string) => {
  let t = evidenceTypes.get(odataType);
  if (t === undefined) {
    t = odataType.replace(/^#?microsoft\.graph\.security\./i, "");
    if (evidenceTypes.size < 256) evidenceTypes.set(odataType, t);
  }
  return t;
};

/**
 * The fields every evidence kind shares, then `kind`, as one object literal. Each kind's own fields are added with
 * `Object.assign`: an object spread followed by a dozen fields (`{ ...common, kind, … }`) cost V8 about 30 µs and a
 * dictionary-mode object per evidence, most of the backfill's mapping time and a good part of an alert's memory.
 */
function evidenceOf<K extends SecurityEvidence["kind"], F extends object>(e: Json, kind: K, fields: F): EvidenceCommon & { kind: K } & F {
  const verdict = EvidenceVerdictMap.fromGraph(str(e.verdict));
  const common: EvidenceCommon & { kind: K } = {
    createdDateTime: time(e.createdDateTime),
    verdict: verdict.value,
    verdictRaw: sharedStrings(verdict.raw),
    remediationStatus: pooled(e.remediationStatus),
    roles: strings(e.roles),
    detailedRoles: strings(e.detailedRoles),
    tags: strings(e.tags),
    kind,
  };
  return Object.assign(common, fields);
}

export function graphEvidence(evidence: GraphReceived<GraphEvidence> | Json): SecurityEvidence {
  // read as plain JSON: the kind's documented fields may be missing, and a kind we do not model keeps all its fields
  const e = evidence as Json;
  const type = typeof e["@odata.type"] === "string" ? e["@odata.type"] : "";
  switch (evidenceType(type)) {
    case "deviceEvidence":
      return evidenceOf(e, "device", {
        mdeDeviceId: pooled(e.mdeDeviceId),
        azureAdDeviceId: pooled(e.azureAdDeviceId),
        deviceDnsName: pooled(e.deviceDnsName),
        osPlatform: pooled(e.osPlatform),
        osBuild: num(e.osBuild),
        version: pooled(e.version),
        healthStatus: pooled(e.healthStatus),
        riskScore: pooled(e.riskScore),
        rbacGroupId: num(e.rbacGroupId),
        rbacGroupName: pooled(e.rbacGroupName),
        onboardingStatus: pooled(e.onboardingStatus),
        defenderAvStatus: pooled(e.defenderAvStatus),
        // an interface is an address or an object holding one; empty ones are left out
        ipAddresses: strings(
          (Array.isArray(e.ipInterfaces) ? e.ipInterfaces : []).map((i) => (typeof i === "string" ? i : obj(i)?.ipAddress) || null),
        ),
        loggedOnUsers: list(
          (Array.isArray(e.loggedOnUsers) ? e.loggedOnUsers : []).map((u) => ({
            accountName: pooled(obj(u)?.accountName),
            domainName: pooled(obj(u)?.domainName),
          })),
        ),
      });
    case "fileEvidence":
      return evidenceOf(e, "file", {
        fileDetails: fileDetails(e.fileDetails) ?? EMPTY_FILE_DETAILS,
        detectionStatus: pooled(e.detectionStatus),
        mdeDeviceId: pooled(e.mdeDeviceId),
      });
    case "processEvidence":
      return evidenceOf(e, "process", {
        processId: num(e.processId),
        parentProcessId: num(e.parentProcessId),
        processCommandLine: pooled(e.processCommandLine),
        processCreationDateTime: str(e.processCreationDateTime),
        parentProcessCreationDateTime: str(e.parentProcessCreationDateTime),
        imageFile: fileDetails(e.imageFile),
        parentProcessImageFile: fileDetails(e.parentProcessImageFile),
        userAccount: userAccount(e.userAccount),
        detectionStatus: pooled(e.detectionStatus),
        mdeDeviceId: pooled(e.mdeDeviceId),
      });
    case "userEvidence":
      return evidenceOf(e, "user", { userAccount: userAccount(e.userAccount) ?? EMPTY_USER_ACCOUNT });
    case "ipEvidence":
      return evidenceOf(e, "ip", { ipAddress: pooled(e.ipAddress), countryLetterCode: pooled(e.countryLetterCode) });
    case "urlEvidence":
      return evidenceOf(e, "url", { url: pooled(e.url) });
    case "registryKeyEvidence":
      return evidenceOf(e, "registryKey", { registryKey: pooled(e.registryKey), registryHive: pooled(e.registryHive) });
    case "registryValueEvidence":
      return evidenceOf(e, "registryValue", {
        registryKey: pooled(e.registryKey),
        registryHive: pooled(e.registryHive),
        registryValueName: pooled(e.registryValueName),
        registryValue: pooled(e.registryValue),
        registryValueType: pooled(e.registryValueType),
        mdeDeviceId: pooled(e.mdeDeviceId),
      });
    case "mailboxEvidence":
      return evidenceOf(e, "mailbox", {
        primaryAddress: pooled(e.primaryAddress),
        displayName: pooled(e.displayName),
        userAccount: userAccount(e.userAccount),
      });
    default:
      return evidenceOf(e, "generic", { type: type || "unknown", raw: { ...e } });
  }
}

export function graphAlert(a: GraphReceived<GraphAlert>): SecurityAlert {
  const status = AlertStatusMap.fromGraph(a.status);
  const severity = AlertSeverityMap.fromGraph(a.severity);
  const classification = AlertClassificationMap.fromGraph(a.classification);
  const determination = AlertDeterminationMap.fromGraph(a.determination);
  const serviceSource = ServiceSourceMap.fromGraph(a.serviceSource);
  const detectionSource = DetectionSourceMap.fromGraph(a.detectionSource);
  return {
    source: "graph",
    id: recentAlertId(a.id),
    tenantId: sharedStrings(a.tenantId ?? null),
    // often the alert id itself: then one string, not two
    providerAlertId: a.providerAlertId === a.id ? a.id : (a.providerAlertId ?? null),
    incidentId: a.incidentId ?? null,
    status: status.value,
    statusRaw: sharedStrings(status.raw),
    severity: severity.value,
    severityRaw: sharedStrings(severity.raw),
    classification: classification.value,
    classificationRaw: sharedStrings(classification.raw),
    determination: determination.value,
    determinationRaw: sharedStrings(determination.raw),
    serviceSource: serviceSource.value,
    serviceSourceRaw: sharedStrings(serviceSource.raw),
    detectionSource: detectionSource.value,
    detectionSourceRaw: sharedStrings(detectionSource.raw),
    productName: sharedStrings(a.productName ?? null),
    detectorId: sharedStrings(a.detectorId ?? null),
    title: sharedStrings(a.title ?? ""),
    description: sharedStrings(a.description ?? null),
    recommendedActions: sharedStrings(a.recommendedActions ?? null),
    category: sharedStrings(a.category ?? null),
    assignedTo: sharedStrings(a.assignedTo ?? null),
    alertWebUrl: a.alertWebUrl ?? null,
    incidentWebUrl: incidentUrl(a.incidentWebUrl),
    actorDisplayName: sharedStrings(a.actorDisplayName ?? null),
    threatDisplayName: sharedStrings(a.threatDisplayName ?? null),
    threatFamilyName: sharedStrings(a.threatFamilyName ?? null),
    mitreTechniques: strings(a.mitreTechniques),
    createdDateTime: time(a.createdDateTime),
    lastUpdateDateTime: a.lastUpdateDateTime ?? null,
    resolvedDateTime: a.resolvedDateTime ?? null,
    firstActivityDateTime: a.firstActivityDateTime ?? null,
    lastActivityDateTime: a.lastActivityDateTime ?? null,
    systemTags: strings(a.systemTags),
    comments: list((a.comments ?? []).map(graphComment)),
    evidence: list((a.evidence ?? []).filter((e) => obj(e) !== null).map(graphEvidence)),
    investigationState: null,
    investigationId: null,
  };
}

export function graphIncident(i: GraphReceived<GraphIncident>): SecurityIncident {
  const status = IncidentStatusMap.fromGraph(i.status);
  const severity = AlertSeverityMap.fromGraph(i.severity);
  const classification = AlertClassificationMap.fromGraph(i.classification);
  const determination = AlertDeterminationMap.fromGraph(i.determination);
  return {
    source: "graph",
    id: i.id,
    tenantId: pooled(i.tenantId),
    // titles and descriptions repeat across incidents of one kind ("… involving one device")
    displayName: pooled(i.displayName),
    description: pooled(i.description),
    incidentWebUrl: incidentUrl(i.incidentWebUrl),
    redirectIncidentId: i.redirectIncidentId ?? null,
    status: status.value,
    statusRaw: sharedStrings(status.raw),
    severity: severity.value,
    severityRaw: sharedStrings(severity.raw),
    classification: classification.value,
    classificationRaw: sharedStrings(classification.raw),
    determination: determination.value,
    determinationRaw: sharedStrings(determination.raw),
    assignedTo: pooled(i.assignedTo),
    createdDateTime: i.createdDateTime ?? null,
    lastUpdateDateTime: i.lastUpdateDateTime ?? null,
    customTags: strings(i.customTags),
    systemTags: strings(i.systemTags),
    comments: list((i.comments ?? []).map(graphComment)),
    lastModifiedBy: pooled(i.lastModifiedBy),
    priorityScore: num(i.priorityScore),
    alertIds: list(
      (i.alerts ?? [])
        .map((a) => a.id)
        .filter((id): id is string => typeof id === "string")
        .map(recentAlertId),
    ),
  };
}
