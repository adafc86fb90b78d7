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
import type {
  EvidenceCommon,
  SecurityAlert,
  SecurityComment,
  SecurityEvidence,
  SecurityFileDetails,
  SecurityIncident,
  SecurityUserAccount,
} from "./upstream.types.js";

/** Pure Graph → model mapping. Tolerant: a missing or mistyped field becomes null/empty, never an exception. */

type Json = Record<string, unknown>;

const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
const num = (v: unknown): number | null =>
  typeof v === "number" && Number.isFinite(v)
    ? v
    : typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))
      ? Number(v)
      : null;
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
const obj = (v: unknown): Json | null => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : null);

export function graphComment(c: GraphReceived<GraphAlertComment>): SecurityComment {
  return { comment: c.comment ?? "", createdByDisplayName: c.createdByDisplayName ?? null, createdDateTime: c.createdDateTime ?? null };
}

function fileDetails(v: unknown): SecurityFileDetails | null {
  const f = obj(v);
  if (!f) return null;
  return {
    sha1: str(f.sha1),
    sha256: str(f.sha256),
    fileName: str(f.fileName),
    filePath: str(f.filePath),
    fileSize: num(f.fileSize),
    filePublisher: str(f.filePublisher),
    signer: str(f.signer),
    issuer: str(f.issuer),
  };
}

function userAccount(v: unknown): SecurityUserAccount | null {
  const u = obj(v);
  if (!u) return null;
  return {
    accountName: str(u.accountName),
    domainName: str(u.domainName),
    userSid: str(u.userSid),
    azureAdUserId: str(u.azureAdUserId),
    userPrincipalName: str(u.userPrincipalName),
    displayName: str(u.displayName),
  };
}

const EMPTY_ACCOUNT: SecurityUserAccount = {
  accountName: null,
  domainName: null,
  userSid: null,
  azureAdUserId: null,
  userPrincipalName: null,
  displayName: null,
};

/** `#microsoft.graph.security.fileEvidence` → `fileEvidence`. */
const evidenceType = (odataType: string) => odataType.replace(/^#?microsoft\.graph\.security\./i, "");

export function graphEvidence(evidence: GraphReceived<GraphEvidence> | Json): SecurityEvidence {
  // read as plain JSON: the kind's documented fields may be missing, and a kind we do not model keeps all its fields
  const e: Json = { ...evidence };
  const verdict = EvidenceVerdictMap.fromGraph(str(e.verdict));
  const common: EvidenceCommon = {
    createdDateTime: str(e.createdDateTime),
    verdict: verdict.value,
    verdictRaw: verdict.raw,
    remediationStatus: str(e.remediationStatus),
    roles: strings(e.roles),
    detailedRoles: strings(e.detailedRoles),
    tags: strings(e.tags),
  };
  const type = typeof e["@odata.type"] === "string" ? e["@odata.type"] : "";
  switch (evidenceType(type)) {
    case "deviceEvidence":
      return {
        ...common,
        kind: "device",
        mdeDeviceId: str(e.mdeDeviceId),
        azureAdDeviceId: str(e.azureAdDeviceId),
        deviceDnsName: str(e.deviceDnsName),
        osPlatform: str(e.osPlatform),
        osBuild: num(e.osBuild),
        version: str(e.version),
        healthStatus: str(e.healthStatus),
        riskScore: str(e.riskScore),
        rbacGroupId: num(e.rbacGroupId),
        rbacGroupName: str(e.rbacGroupName),
        onboardingStatus: str(e.onboardingStatus),
        defenderAvStatus: str(e.defenderAvStatus),
        ipAddresses: (Array.isArray(e.ipInterfaces) ? e.ipInterfaces : [])
          .map((i) => (typeof i === "string" ? i : str(obj(i)?.ipAddress)))
          .filter((i): i is string => !!i),
        loggedOnUsers: (Array.isArray(e.loggedOnUsers) ? e.loggedOnUsers : []).map((u) => ({
          accountName: str(obj(u)?.accountName),
          domainName: str(obj(u)?.domainName),
        })),
      };
    case "fileEvidence":
      return {
        ...common,
        kind: "file",
        fileDetails: fileDetails(e.fileDetails) ?? fileDetails({})!,
        detectionStatus: str(e.detectionStatus),
        mdeDeviceId: str(e.mdeDeviceId),
      };
    case "processEvidence":
      return {
        ...common,
        kind: "process",
        processId: num(e.processId),
        parentProcessId: num(e.parentProcessId),
        processCommandLine: str(e.processCommandLine),
        processCreationDateTime: str(e.processCreationDateTime),
        parentProcessCreationDateTime: str(e.parentProcessCreationDateTime),
        imageFile: fileDetails(e.imageFile),
        parentProcessImageFile: fileDetails(e.parentProcessImageFile),
        userAccount: userAccount(e.userAccount),
        detectionStatus: str(e.detectionStatus),
        mdeDeviceId: str(e.mdeDeviceId),
      };
    case "userEvidence":
      return { ...common, kind: "user", userAccount: userAccount(e.userAccount) ?? EMPTY_ACCOUNT };
    case "ipEvidence":
      return { ...common, kind: "ip", ipAddress: str(e.ipAddress), countryLetterCode: str(e.countryLetterCode) };
    case "urlEvidence":
      return { ...common, kind: "url", url: str(e.url) };
    case "registryKeyEvidence":
      return { ...common, kind: "registryKey", registryKey: str(e.registryKey), registryHive: str(e.registryHive) };
    case "registryValueEvidence":
      return {
        ...common,
        kind: "registryValue",
        registryKey: str(e.registryKey),
        registryHive: str(e.registryHive),
        registryValueName: str(e.registryValueName),
        registryValue: str(e.registryValue),
        registryValueType: str(e.registryValueType),
        mdeDeviceId: str(e.mdeDeviceId),
      };
    case "mailboxEvidence":
      return {
        ...common,
        kind: "mailbox",
        primaryAddress: str(e.primaryAddress),
        displayName: str(e.displayName),
        userAccount: userAccount(e.userAccount),
      };
    default:
      return { ...common, kind: "generic", type: type || "unknown", raw: { ...e } };
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
    id: a.id,
    tenantId: a.tenantId ?? null,
    providerAlertId: a.providerAlertId ?? null,
    incidentId: a.incidentId ?? null,
    status: status.value,
    statusRaw: status.raw,
    severity: severity.value,
    severityRaw: severity.raw,
    classification: classification.value,
    classificationRaw: classification.raw,
    determination: determination.value,
    determinationRaw: determination.raw,
    serviceSource: serviceSource.value,
    serviceSourceRaw: serviceSource.raw,
    detectionSource: detectionSource.value,
    detectionSourceRaw: detectionSource.raw,
    productName: a.productName ?? null,
    detectorId: a.detectorId ?? null,
    title: a.title ?? "",
    description: a.description ?? null,
    recommendedActions: a.recommendedActions ?? null,
    category: a.category ?? null,
    assignedTo: a.assignedTo ?? null,
    alertWebUrl: a.alertWebUrl ?? null,
    incidentWebUrl: a.incidentWebUrl ?? null,
    actorDisplayName: a.actorDisplayName ?? null,
    threatDisplayName: a.threatDisplayName ?? null,
    threatFamilyName: a.threatFamilyName ?? null,
    mitreTechniques: strings(a.mitreTechniques),
    createdDateTime: a.createdDateTime ?? null,
    lastUpdateDateTime: a.lastUpdateDateTime ?? null,
    resolvedDateTime: a.resolvedDateTime ?? null,
    firstActivityDateTime: a.firstActivityDateTime ?? null,
    lastActivityDateTime: a.lastActivityDateTime ?? null,
    systemTags: strings(a.systemTags),
    comments: (a.comments ?? []).map(graphComment),
    evidence: (a.evidence ?? []).filter((e) => obj(e) !== null).map(graphEvidence),
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
    tenantId: i.tenantId ?? null,
    displayName: i.displayName ?? null,
    description: i.description ?? null,
    incidentWebUrl: i.incidentWebUrl ?? null,
    redirectIncidentId: i.redirectIncidentId ?? null,
    status: status.value,
    statusRaw: status.raw,
    severity: severity.value,
    severityRaw: severity.raw,
    classification: classification.value,
    classificationRaw: classification.raw,
    determination: determination.value,
    determinationRaw: determination.raw,
    assignedTo: i.assignedTo ?? null,
    createdDateTime: i.createdDateTime ?? null,
    lastUpdateDateTime: i.lastUpdateDateTime ?? null,
    customTags: strings(i.customTags),
    systemTags: strings(i.systemTags),
    comments: (i.comments ?? []).map(graphComment),
    lastModifiedBy: i.lastModifiedBy ?? null,
    priorityScore: num(i.priorityScore),
    alertIds: (i.alerts ?? []).map((a) => a.id).filter((id): id is string => typeof id === "string"),
  };
}
