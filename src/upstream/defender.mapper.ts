import type { DefenderAlert, DefenderComment, DefenderEvidence } from "./defender.types.js";
import { AlertClassificationMap, AlertDeterminationMap, AlertSeverityMap, AlertStatusMap, DetectionSourceMap } from "./upstream.enums.js";
import {
  EMPTY_USER_ACCOUNT,
  type EvidenceCommon,
  type SecurityAlert,
  type SecurityComment,
  type SecurityEvidence,
  type SecurityFileDetails,
  type SecurityUserAccount,
} from "./upstream.types.js";

/** Pure legacy Defender API → model mapping. The legacy API has no verdicts, roles or tags: those stay empty. */

export const defenderComment = (c: DefenderComment): SecurityComment => ({
  comment: c.comment ?? "",
  createdByDisplayName: c.createdBy ?? null,
  createdDateTime: c.createdTime ?? null,
});

const common = (createdDateTime: string | null): EvidenceCommon => ({
  createdDateTime,
  verdict: null,
  verdictRaw: null,
  remediationStatus: null,
  roles: [],
  detailedRoles: [],
  tags: [],
});

const file = (sha1: string | null, sha256: string | null, fileName: string | null, filePath: string | null): SecurityFileDetails => ({
  sha1,
  sha256,
  fileName,
  filePath,
  fileSize: null,
  filePublisher: null,
  signer: null,
  issuer: null,
});

const account = (e: DefenderEvidence): SecurityUserAccount | null =>
  e.accountName || e.userSid || e.aadUserId || e.userPrincipalName
    ? {
        accountName: e.accountName ?? null,
        domainName: e.domainName ?? null,
        userSid: e.userSid ?? null,
        azureAdUserId: e.aadUserId ?? null,
        userPrincipalName: e.userPrincipalName ?? null,
        displayName: null,
      }
    : null;

/** Legacy evidence rows are flat; `entityType` says which columns matter (File, Process, User, Ip, Url, Registry, MailBox…). */
export function defenderEvidence(e: DefenderEvidence, machineId: string | null): SecurityEvidence {
  const base = common(e.evidenceCreationTime ?? null);
  switch ((e.entityType ?? "").toLowerCase()) {
    case "file":
      return {
        ...base,
        kind: "file",
        fileDetails: file(e.sha1, e.sha256, e.fileName, e.filePath),
        detectionStatus: e.detectionStatus ?? null,
        mdeDeviceId: machineId,
      };
    case "process":
      return {
        ...base,
        kind: "process",
        processId: e.processId ?? null,
        parentProcessId: e.parentProcessId ?? null,
        processCommandLine: e.processCommandLine ?? null,
        processCreationDateTime: e.processCreationTime ?? null,
        parentProcessCreationDateTime: e.parentProcessCreationTime ?? null,
        imageFile: e.fileName || e.sha1 || e.sha256 ? file(e.sha1, e.sha256, e.fileName, e.filePath) : null,
        parentProcessImageFile: e.parentProcessFileName ? file(null, null, e.parentProcessFileName, e.parentProcessFilePath) : null,
        userAccount: account(e),
        detectionStatus: e.detectionStatus ?? null,
        mdeDeviceId: machineId,
      };
    case "user":
      return {
        ...base,
        kind: "user",
        userAccount: account(e) ?? EMPTY_USER_ACCOUNT,
      };
    case "ip":
      return { ...base, kind: "ip", ipAddress: e.ipAddress ?? null, countryLetterCode: null };
    case "url":
      return { ...base, kind: "url", url: e.url ?? null };
    case "registry":
      return e.registryValue !== null && e.registryValue !== undefined
        ? {
            ...base,
            kind: "registryValue",
            registryKey: e.registryKey ?? null,
            registryHive: e.registryHive ?? null,
            registryValueName: null,
            registryValue: e.registryValue,
            registryValueType: e.registryValueType ?? null,
            mdeDeviceId: machineId,
          }
        : { ...base, kind: "registryKey", registryKey: e.registryKey ?? null, registryHive: e.registryHive ?? null };
    case "mailbox":
      return {
        ...base,
        kind: "mailbox",
        primaryAddress: e.userPrincipalName ?? null,
        displayName: e.accountName ?? null,
        userAccount: account(e),
      };
    default:
      return { ...base, kind: "generic", type: e.entityType || "unknown", raw: { ...e } };
  }
}

export function defenderAlert(a: DefenderAlert): SecurityAlert {
  const status = AlertStatusMap.fromDefender(a.status);
  const severity = AlertSeverityMap.fromDefender(a.severity);
  const classification = AlertClassificationMap.fromDefender(a.classification);
  const determination = AlertDeterminationMap.fromDefender(a.determination);
  const detectionSource = DetectionSourceMap.fromDefender(a.detectionSource);
  // The legacy alert names its device at the top level; Graph puts it in a deviceEvidence. One shape for both.
  const device: SecurityEvidence[] =
    a.machineId || a.computerDnsName
      ? [
          {
            ...common(a.alertCreationTime ?? null),
            kind: "device",
            mdeDeviceId: a.machineId ?? null,
            azureAdDeviceId: null,
            deviceDnsName: a.computerDnsName ?? null,
            osPlatform: null,
            osBuild: null,
            version: null,
            healthStatus: null,
            riskScore: null,
            rbacGroupId: null,
            rbacGroupName: a.rbacGroupName ?? null,
            onboardingStatus: null,
            defenderAvStatus: null,
            ipAddresses: [],
            loggedOnUsers: a.relatedUser
              ? [{ accountName: a.relatedUser.userName ?? null, domainName: a.relatedUser.domainName ?? null }]
              : [],
          },
        ]
      : [];
  return {
    source: "defender",
    id: a.id,
    tenantId: a.aadTenantId ?? null,
    providerAlertId: null,
    incidentId: a.incidentId === null || a.incidentId === undefined ? null : String(a.incidentId),
    status: status.value,
    statusRaw: status.raw,
    severity: severity.value,
    severityRaw: severity.raw,
    classification: classification.value,
    classificationRaw: classification.raw,
    determination: determination.value,
    determinationRaw: determination.raw,
    // The MDE API serves Defender for Endpoint's alerts; it has no serviceSource field to say otherwise.
    serviceSource: "MICROSOFT_DEFENDER_FOR_ENDPOINT",
    serviceSourceRaw: null,
    detectionSource: detectionSource.value,
    detectionSourceRaw: detectionSource.raw,
    productName: null,
    detectorId: a.detectorId ?? null,
    title: a.title ?? "",
    description: a.description ?? null,
    recommendedActions: null,
    category: a.category ?? null,
    assignedTo: a.assignedTo ?? null,
    alertWebUrl: null,
    incidentWebUrl: null,
    actorDisplayName: null,
    threatDisplayName: a.threatName ?? null,
    threatFamilyName: a.threatFamilyName ?? null,
    mitreTechniques: Array.isArray(a.mitreTechniques) ? a.mitreTechniques : [],
    createdDateTime: a.alertCreationTime ?? null,
    lastUpdateDateTime: a.lastUpdateTime ?? null,
    resolvedDateTime: a.resolvedTime ?? null,
    firstActivityDateTime: a.firstEventTime ?? null,
    lastActivityDateTime: a.lastEventTime ?? null,
    systemTags: [],
    comments: (a.comments ?? []).map(defenderComment),
    evidence: [...device, ...(a.evidence ?? []).map((e) => defenderEvidence(e, a.machineId ?? null))],
    investigationState: a.investigationState ?? null,
    investigationId: a.investigationId === null || a.investigationId === undefined ? null : String(a.investigationId),
  };
}
