/**
 * Wire shapes of the Microsoft Defender for Endpoint API (`/api/alerts`, `/api/machines`), exactly as
 * the service spells them (PascalCase enum values, nullable timestamps as ISO strings).
 * Shared by the simulator (which produces them) and the upstream client (which consumes them).
 * No GraphQL imports here: the GraphQL mappers translate these into schema types.
 */

export const DEFENDER_SEVERITIES = ["UnSpecified", "Informational", "Low", "Medium", "High"] as const;
export type DefenderSeverity = (typeof DEFENDER_SEVERITIES)[number];

export const DEFENDER_STATUSES = ["Unknown", "New", "InProgress", "Resolved"] as const;
export type DefenderStatus = (typeof DEFENDER_STATUSES)[number];

export const DEFENDER_CLASSIFICATIONS = ["TruePositive", "InformationalExpectedActivity", "FalsePositive"] as const;
export type DefenderClassification = (typeof DEFENDER_CLASSIFICATIONS)[number];

export const DEFENDER_DETERMINATIONS = [
  "MultiStagedAttack",
  "MaliciousUserActivity",
  "CompromisedUser",
  "Malware",
  "Phishing",
  "UnwantedSoftware",
  "SecurityTesting",
  "LineOfBusinessApplication",
  "ConfirmedUserActivity",
  "Clean",
  "InsufficientData",
  "Other",
  // deprecated upstream (Aug 2022) but still present on old alerts
  "Apt",
  "SecurityPersonnel",
] as const;
export type DefenderDetermination = (typeof DEFENDER_DETERMINATIONS)[number];

export const DEFENDER_INVESTIGATION_STATES = [
  "Unknown",
  "Terminated",
  "SuccessfullyRemediated",
  "Benign",
  "Failed",
  "PartiallyRemediated",
  "Running",
  "PendingApproval",
  "PendingResource",
  "PartiallyInvestigated",
  "TerminatedByUser",
  "TerminatedBySystem",
  "Queued",
  "InnerFailure",
  "PreexistingAlert",
  "UnsupportedOs",
  "UnsupportedAlertType",
  "SuppressedAlert",
] as const;
export type DefenderInvestigationState = (typeof DEFENDER_INVESTIGATION_STATES)[number];

export const DEFENDER_DETECTION_SOURCES = [
  "ThirdPartySensors",
  "WindowsDefenderAv",
  "AutomatedInvestigation",
  "CustomDetection",
  "CustomerTI",
  "WindowsDefenderAtp",
  "MTP",
  "OfficeATP",
  "ThreatExperts",
  "WindowsDefenderSmartScreen",
] as const;

export interface DefenderComment {
  comment: string;
  createdBy: string;
  createdTime: string;
}

export interface DefenderEvidence {
  entityType: string;
  evidenceCreationTime: string | null;
  sha1: string | null;
  sha256: string | null;
  fileName: string | null;
  filePath: string | null;
  processId: number | null;
  processCommandLine: string | null;
  processCreationTime: string | null;
  parentProcessId: number | null;
  parentProcessCreationTime: string | null;
  parentProcessFileName: string | null;
  parentProcessFilePath: string | null;
  ipAddress: string | null;
  url: string | null;
  registryKey: string | null;
  registryHive: string | null;
  registryValueType: string | null;
  registryValue: string | null;
  accountName: string | null;
  domainName: string | null;
  userSid: string | null;
  aadUserId: string | null;
  userPrincipalName: string | null;
  detectionStatus: string | null;
}

/**
 * One alert as returned by `GET /api/alerts` (with `$expand=evidence`). Enum-typed fields are typed as
 * `string` on purpose: upstream may add values at any time and the gateway must not drop them.
 */
export interface DefenderAlert {
  id: string;
  incidentId: number | null;
  investigationId: number | null;
  assignedTo: string | null;
  severity: string;
  status: string;
  classification: string | null;
  determination: string | null;
  investigationState: string | null;
  detectionSource: string | null;
  detectorId: string | null;
  category: string | null;
  threatFamilyName: string | null;
  threatName: string | null;
  title: string;
  description: string | null;
  alertCreationTime: string | null;
  firstEventTime: string | null;
  lastEventTime: string | null;
  lastUpdateTime: string | null;
  resolvedTime: string | null;
  machineId: string | null;
  computerDnsName: string | null;
  rbacGroupName: string | null;
  aadTenantId: string | null;
  mitreTechniques: string[];
  relatedUser: { userName: string; domainName: string } | null;
  comments: DefenderComment[];
  evidence: DefenderEvidence[];
}

export interface DefenderMachineIp {
  ipAddress: string;
  macAddress: string | null;
  operationalStatus: string | null;
}

/** One machine as returned by `GET /api/machines`. */
export interface DefenderMachine {
  id: string;
  computerDnsName: string;
  firstSeen: string | null;
  lastSeen: string | null;
  osPlatform: string | null;
  version: string | null;
  osBuild: number | null;
  osArchitecture: string | null;
  onboardingStatus: string | null;
  lastIpAddress: string | null;
  lastExternalIpAddress: string | null;
  healthStatus: string | null;
  rbacGroupName: string | null;
  rbacGroupId: number | null;
  riskScore: string | null;
  exposureLevel: string | null;
  deviceValue: string | null;
  aadDeviceId: string | null;
  isAadJoined: boolean | null;
  machineTags: string[];
  ipAddresses: DefenderMachineIp[];
}

/**
 * Determination spellings of the update API (`PATCH /api/alerts/{id}`): two differ from the alert page's
 * (`ConfirmedActivity` for `ConfirmedUserActivity`, `NotMalicious` for `Clean`). Case-sensitive upstream.
 */
export const DEFENDER_UPDATE_DETERMINATIONS = [
  "MultiStagedAttack",
  "MaliciousUserActivity",
  "CompromisedUser",
  "Malware",
  "Phishing",
  "UnwantedSoftware",
  "SecurityTesting",
  "LineOfBusinessApplication",
  "ConfirmedActivity",
  "NotMalicious",
  "InsufficientData",
  "Other",
] as const;
export type DefenderUpdateDetermination = (typeof DEFENDER_UPDATE_DETERMINATIONS)[number];

const UPDATE_SPELLING: Partial<Record<string, DefenderUpdateDetermination>> = {
  ConfirmedUserActivity: "ConfirmedActivity",
  Clean: "NotMalicious",
};

/** Alert-page spelling → update-API spelling (others pass unchanged). */
export const toUpdateDetermination = (
  d: DefenderDetermination | DefenderUpdateDetermination,
): DefenderDetermination | DefenderUpdateDetermination => UPDATE_SPELLING[d] ?? d;

const ENTITY_SPELLING: Partial<Record<string, DefenderDetermination>> = {
  ConfirmedActivity: "ConfirmedUserActivity",
  NotMalicious: "Clean",
};

/** Update-API spelling → alert-page spelling, the one `batchUpdate` documents (others pass unchanged). */
export const toEntityDetermination = (
  d: DefenderDetermination | DefenderUpdateDetermination,
): DefenderDetermination | DefenderUpdateDetermination => ENTITY_SPELLING[d] ?? d;

/**
 * Body of `PATCH /api/alerts/{id}`. Case-sensitive upstream; omitted fields keep their values. `determination` may
 * be given in either spelling: the client always sends the update API's.
 */
export interface DefenderAlertPatch {
  status?: "New" | "InProgress" | "Resolved";
  assignedTo?: string;
  classification?: DefenderClassification;
  determination?: DefenderDetermination | DefenderUpdateDetermination;
  comment?: string;
}

/**
 * Body of `POST /api/alerts/batchUpdate`: the alerts plus the PATCH fields (a comment with or without them). Answered
 * 200 with an empty body. Its documented determinations are the alert page's spellings (`Clean`,
 * `ConfirmedUserActivity`); the client sends those.
 */
export interface DefenderBatchUpdate extends DefenderAlertPatch {
  alertIds: string[];
}

/** Ids per `batchUpdate` call. Upstream documents no maximum (only a `MaximumBatchSizeExceeded` error): kept modest. */
export const DEFENDER_BATCH_UPDATE_MAX_IDS = 100;

/** Documented limits of `batchUpdate`, per app+tenant and apart from the other calls' (calls). */
export const DEFENDER_BATCH_UPDATE_LIMITS = { perMinute: 10, perHour: 500 } as const;

/** Every OData list response: `{"@odata.context": "...", "value": [...]}`. No `@odata.nextLink` upstream. */
export interface ODataList<T> {
  "@odata.context": string;
  value: T[];
}

/** Error body of every non-2xx Defender response. */
export interface DefenderErrorBody {
  error: { code: string; message: string; target: string };
}

/** Defender API paths: the only place that spells them. */
export const DefenderPaths = {
  alerts: "/api/alerts",
  alert: (id: string) => `/api/alerts/${encodeURIComponent(id)}`,
  alertsBatchUpdate: "/api/alerts/batchUpdate",
  machines: "/api/machines",
} as const;

/** Scope of the client-credentials token for every customer tenant. */
export const DEFENDER_SCOPE = "https://api.securitycenter.microsoft.com/.default";

/** Documented per app+tenant limits (calls). */
export const DEFENDER_LIMITS = { perMinute: 100, perHour: 1500 } as const;
