/**
 * The Graph face's view of the world: a Defender for Endpoint alert (stored in the legacy API's spelling) seen as
 * an `alerts_v2` alert, and Graph's camelCase enum members turned back into the Defender spelling on updates.
 * Pure functions of the stored alert and the tenant's machines, so both faces always show the same world.
 */
import { createHash } from "node:crypto";
import type { DefenderAlert, DefenderEvidence, DefenderMachine } from "../upstream/defender.types.js";
import {
  GRAPH_EVIDENCE_TYPES,
  UNKNOWN_FUTURE_VALUE,
  evolvableMembers,
  type GraphAlert,
  type GraphEvidence,
  type GraphEvidenceBase,
  type GraphFileDetails,
  type GraphUserAccount,
} from "../upstream/graph.types.js";
import type { SimTenant } from "./simulator.types.js";

const PORTAL = "https://security.microsoft.com";

const DETECTION_SOURCES: Record<string, string> = {
  WindowsDefenderAtp: "microsoftDefenderForEndpoint",
  WindowsDefenderAv: "antivirus",
  WindowsDefenderSmartScreen: "smartScreen",
  CustomerTI: "customTi",
  OfficeATP: "microsoftDefenderForOffice365",
  AutomatedInvestigation: "automatedInvestigation",
  ThreatExperts: "microsoftThreatExperts",
  CustomDetection: "customDetection",
  MTP: "microsoft365Defender",
};

const RECOMMENDED_ACTIONS: Record<string, string> = {
  CredentialAccess: "Isolate the device, reset the credentials of signed-in accounts and look for lateral movement.",
  Ransomware: "Isolate the device at once, check backups and look for the same file on other devices.",
  Malware: "Run a full antivirus scan and verify the file was quarantined.",
  CommandAndControl: "Block the remote IP address and collect an investigation package from the device.",
};

/** "InProgress" → "inProgress"; "UnSpecified" severity → "unknown". Null stays null. */
export function camel(value: string | null): string | null {
  if (value === null) return null;
  if (value === "UnSpecified") return "unknown";
  return value.charAt(0).toLowerCase() + value.slice(1);
}

/** "inProgress" → "InProgress": every documented Graph member maps this way onto the Defender spelling. */
export function pascal(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}

/** Graph's evolvable-enum rule: a member after `unknownFutureValue` only for callers who opted in. */
export function presentEnum(value: string, members: readonly string[], includeUnknown: boolean): string {
  return !includeUnknown && evolvableMembers(members).includes(value) ? UNKNOWN_FUTURE_VALUE : value;
}

const shortHash = (s: string): number => createHash("sha1").update(s).digest().readUInt32BE(0);

// Kinds add their fields with `Object.assign(evidenceBase(…), { … })`, not `{ ...evidenceBase(…), … }`: V8 (Node 20)
// adds each field after a spread on a slow path (≈ 2 µs a field), and the simulator maps every alert it generates.
const evidenceBase = (
  type: string,
  created: string | null,
  verdict: string,
  remediationStatus: string,
  roles: string[] = [],
): GraphEvidenceBase => ({
  "@odata.type": type,
  createdDateTime: created,
  verdict,
  remediationStatus,
  remediationStatusDetails: null,
  roles,
  detailedRoles: [],
  tags: [],
});

const remediation = (detectionStatus: string | null): string =>
  detectionStatus === "Blocked" ? "blocked" : detectionStatus === "Prevented" ? "prevented" : "none";

function fileDetails(e: DefenderEvidence): GraphFileDetails {
  return {
    sha1: e.sha1,
    sha256: e.sha256,
    fileName: e.fileName,
    filePath: e.filePath,
    fileSize: null,
    filePublisher: null,
    signer: null,
    issuer: null,
  };
}

export function userAccount(
  accountName: string | null,
  domainName: string | null,
  upn: string | null,
  sid: string | null = null,
  aadId: string | null = null,
): GraphUserAccount {
  return { accountName, domainName, userSid: sid, azureAdUserId: aadId, userPrincipalName: upn, displayName: accountName };
}

/** One Defender evidence row as Graph's typed evidence. */
function fromDefenderEvidence(e: DefenderEvidence, alert: DefenderAlert): GraphEvidence {
  const created = e.evidenceCreationTime;
  const malicious = e.detectionStatus !== null ? "malicious" : "suspicious";
  switch (e.entityType) {
    case "Process":
      return Object.assign(evidenceBase(GRAPH_EVIDENCE_TYPES.process, created, malicious, remediation(e.detectionStatus)), {
        "@odata.type": GRAPH_EVIDENCE_TYPES.process,
        processId: e.processId,
        parentProcessId: e.parentProcessId,
        processCommandLine: e.processCommandLine,
        processCreationDateTime: e.processCreationTime,
        parentProcessCreationDateTime: e.parentProcessCreationTime,
        detectionStatus: camel(e.detectionStatus),
        mdeDeviceId: alert.machineId,
        imageFile: fileDetails(e),
        parentProcessImageFile: e.parentProcessFileName
          ? Object.assign(fileDetails(e), {
              sha1: null,
              sha256: null,
              fileName: e.parentProcessFileName,
              filePath: e.parentProcessFilePath,
            })
          : null,
        userAccount: alert.relatedUser ? userAccount(alert.relatedUser.userName, alert.relatedUser.domainName, null) : null,
      });
    case "File":
      return Object.assign(evidenceBase(GRAPH_EVIDENCE_TYPES.file, created, malicious, remediation(e.detectionStatus)), {
        "@odata.type": GRAPH_EVIDENCE_TYPES.file,
        fileDetails: fileDetails(e),
        detectionStatus: camel(e.detectionStatus),
        mdeDeviceId: alert.machineId,
      });
    case "User":
      return Object.assign(evidenceBase(GRAPH_EVIDENCE_TYPES.user, created, "suspicious", "none", ["compromised"]), {
        "@odata.type": GRAPH_EVIDENCE_TYPES.user,
        userAccount: userAccount(e.accountName, e.domainName, e.userPrincipalName, e.userSid, e.aadUserId),
      });
    case "Ip":
      return Object.assign(evidenceBase(GRAPH_EVIDENCE_TYPES.ip, created, "malicious", "none", ["destination"]), {
        "@odata.type": GRAPH_EVIDENCE_TYPES.ip,
        ipAddress: e.ipAddress ?? "",
        countryLetterCode: null,
      });
    case "Url":
      return Object.assign(evidenceBase(GRAPH_EVIDENCE_TYPES.url, created, "malicious", remediation(e.detectionStatus)), {
        "@odata.type": GRAPH_EVIDENCE_TYPES.url,
        url: e.url ?? "",
      });
    case "Registry":
      // Rows with a value are registry values; Graph keeps keys and values apart.
      if (e.registryValue !== null) {
        return Object.assign(evidenceBase(GRAPH_EVIDENCE_TYPES.registryValue, created, "suspicious", remediation(e.detectionStatus)), {
          "@odata.type": GRAPH_EVIDENCE_TYPES.registryValue,
          mdeDeviceId: alert.machineId,
          registryKey: e.registryKey,
          registryHive: e.registryHive,
          registryValue: e.registryValue,
          registryValueName: "DisableAntiSpyware",
          registryValueType: e.registryValueType,
        });
      }
      return Object.assign(evidenceBase(GRAPH_EVIDENCE_TYPES.registryKey, created, "suspicious", "none"), {
        "@odata.type": GRAPH_EVIDENCE_TYPES.registryKey,
        registryKey: e.registryKey,
        registryHive: e.registryHive,
      });
    default:
      return { ...evidenceBase(`#microsoft.graph.security.${camel(e.entityType) ?? "unknown"}Evidence`, created, "unknown", "none") };
  }
}

/** The device an MDE alert fired on, as `deviceEvidence` (Graph has no top-level machine fields). */
export function deviceEvidence(machine: DefenderMachine, alert: DefenderAlert | null, created: string | null): GraphEvidence {
  return Object.assign(evidenceBase(GRAPH_EVIDENCE_TYPES.device, created, "unknown", "none"), {
    "@odata.type": GRAPH_EVIDENCE_TYPES.device,
    mdeDeviceId: machine.id,
    azureAdDeviceId: machine.aadDeviceId,
    deviceDnsName: machine.computerDnsName,
    osPlatform: machine.osPlatform,
    osBuild: machine.osBuild,
    version: machine.version,
    healthStatus: camel(machine.healthStatus),
    riskScore: camel(machine.riskScore),
    rbacGroupId: machine.rbacGroupId,
    rbacGroupName: machine.rbacGroupName,
    onboardingStatus: camel(machine.onboardingStatus),
    defenderAvStatus: "updated",
    firstSeenDateTime: machine.firstSeen,
    ipInterfaces: machine.ipAddresses.map((ip) => ip.ipAddress),
    loggedOnUsers: alert?.relatedUser ? [{ accountName: alert.relatedUser.userName, domainName: alert.relatedUser.domainName }] : [],
    vmMetadata: null,
  });
}

/** A Defender for Endpoint alert as `alerts_v2` shows it, with every enum in Graph's full (opted-in) spelling. */
export function toGraphAlert(alert: DefenderAlert, tenant: SimTenant, machines: readonly DefenderMachine[]): GraphAlert {
  const machine = alert.machineId ? machines.find((m) => m.id === alert.machineId) : undefined;
  const evidence: GraphEvidence[] = [];
  if (machine) evidence.push(deviceEvidence(machine, alert, alert.alertCreationTime));
  for (const e of alert.evidence) {
    const mapped = fromDefenderEvidence(e, alert);
    // Graph reports the key of a changed registry value as evidence of its own.
    if (mapped["@odata.type"] === GRAPH_EVIDENCE_TYPES.registryValue)
      evidence.push(fromDefenderEvidence(Object.assign({}, e, { registryValue: null }), alert));
    evidence.push(mapped);
  }
  // Real alerts carry kinds a client may not know yet; every ~fourth alert has one.
  if (shortHash(alert.id) % 4 === 0) {
    evidence.push(
      Object.assign<GraphEvidenceBase, Record<string, unknown>>(
        evidenceBase("#microsoft.graph.security.cloudLogonSessionEvidence", alert.alertCreationTime, "unknown", "none"),
        {
          sessionId: `${alert.id}-session`,
          browser: "Edge 126.0",
          startUtcDateTime: alert.firstEventTime,
        },
      ),
    );
  }
  const incidentId = alert.incidentId === null ? null : String(alert.incidentId);
  return {
    id: alert.id,
    providerAlertId: alert.id,
    incidentId,
    status: camel(alert.status) ?? "unknown",
    severity: camel(alert.severity) ?? "unknown",
    classification: camel(alert.classification) ?? "unknown",
    determination: defenderToGraphDetermination(alert.determination),
    serviceSource: "microsoftDefenderForEndpoint",
    detectionSource: DETECTION_SOURCES[alert.detectionSource ?? ""] ?? "unknown",
    productName: "Microsoft Defender for Endpoint",
    detectorId: alert.detectorId,
    tenantId: tenant.id,
    title: alert.title,
    description: alert.description,
    recommendedActions: RECOMMENDED_ACTIONS[alert.category ?? ""] ?? "Investigate the device's timeline around the alert.",
    category: alert.category,
    assignedTo: alert.assignedTo,
    alertWebUrl: `${PORTAL}/alerts/${encodeURIComponent(alert.id)}?tid=${tenant.id}`,
    incidentWebUrl: incidentId === null ? null : `${PORTAL}/incidents/${incidentId}?tid=${tenant.id}`,
    actorDisplayName: alert.threatFamilyName === "LockBit" ? "Storm-0501" : null,
    threatDisplayName: alert.threatName,
    threatFamilyName: alert.threatFamilyName,
    mitreTechniques: [...alert.mitreTechniques],
    createdDateTime: alert.alertCreationTime ?? alert.lastUpdateTime ?? "",
    lastUpdateDateTime: alert.lastUpdateTime ?? "",
    resolvedDateTime: alert.resolvedTime,
    firstActivityDateTime: alert.firstEventTime,
    lastActivityDateTime: alert.lastEventTime,
    comments: alert.comments.map((c) => ({ comment: c.comment, createdByDisplayName: c.createdBy, createdDateTime: c.createdTime })),
    evidence,
    systemTags: alert.detectionSource === "CustomDetection" ? ["Custom detection"] : [],
    customDetails: alert.detectionSource === "CustomDetection" ? { ChangeWindow: "outside", Rule: alert.detectorId } : null,
    additionalData: {},
  };
}

/** Defender determinations → Graph v1.0 members; the update page's spellings fold onto the entity page's. */
export function defenderToGraphDetermination(value: string | null): string {
  if (value === null) return "unknown";
  if (value === "NotMalicious") return "clean";
  if (value === "ConfirmedActivity") return "confirmedUserActivity";
  return camel(value) ?? "unknown";
}

/** Graph determination → what the Defender store keeps (`unknown` clears it). */
export function graphToDefenderDetermination(value: string): string | null {
  return value === "unknown" ? null : pascal(value);
}
