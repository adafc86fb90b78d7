/**
 * Wire shapes of the Microsoft Graph security API v1.0 (`/security/alerts_v2`, `/security/incidents`, `/$batch`),
 * exactly as Graph spells them (camelCase evolvable enums, ISO timestamps, polymorphic evidence by `@odata.type`).
 * The one definition shared by the simulator's Graph face (which produces the full shapes) and the upstream client
 * (which consumes them through `GraphReceived`, reading every field defensively).
 * No GraphQL imports here: the GraphQL mappers translate these into schema types.
 *
 * Enum lists are in Graph's declaration order. Members after `unknownFutureValue` are "evolvable": Graph returns
 * them only to callers that send `Prefer: include-unknown-enum-members`, and `unknownFutureValue` to everyone else.
 * Enum-typed fields are typed `string` on purpose: Graph adds members at any time and a client must not drop them.
 */

/** Sentinel Graph returns in place of an evolvable member the caller did not opt into. */
export const UNKNOWN_FUTURE_VALUE = "unknownFutureValue";
/** Header (and value) that opts into evolvable enum members. */
export const PREFER_HEADER = "Prefer";
export const PREFER_INCLUDE_UNKNOWN_ENUM_MEMBERS = "include-unknown-enum-members";

export const GRAPH_SEVERITIES = ["unknown", "informational", "low", "medium", "high", "unknownFutureValue"] as const;
export const GRAPH_ALERT_STATUSES = ["unknown", "new", "inProgress", "resolved", "unknownFutureValue"] as const;
export const GRAPH_CLASSIFICATIONS = [
  "unknown",
  "falsePositive",
  "truePositive",
  "informationalExpectedActivity",
  "unknownFutureValue",
] as const;
export const GRAPH_DETERMINATIONS = [
  "unknown",
  "apt",
  "malware",
  "securityPersonnel",
  "securityTesting",
  "unwantedSoftware",
  "other",
  "multiStagedAttack",
  "compromisedUser",
  "phishing",
  "maliciousUserActivity",
  "clean",
  "insufficientData",
  "confirmedUserActivity",
  "lineOfBusinessApplication",
  "unknownFutureValue",
] as const;
export const GRAPH_SERVICE_SOURCES = [
  "unknown",
  "microsoftDefenderForEndpoint",
  "microsoftDefenderForIdentity",
  "microsoftDefenderForCloudApps",
  "microsoftDefenderForOffice365",
  "microsoft365Defender",
  "azureAdIdentityProtection",
  "microsoftAppGovernance",
  "dataLossPrevention",
  "unknownFutureValue",
  "microsoftDefenderForCloud",
  "microsoftSentinel",
] as const;
export const GRAPH_DETECTION_SOURCES = [
  "unknown",
  "microsoftDefenderForEndpoint",
  "antivirus",
  "smartScreen",
  "customTi",
  "microsoftDefenderForOffice365",
  "automatedInvestigation",
  "microsoftThreatExperts",
  "customDetection",
  "microsoftDefenderForIdentity",
  "cloudAppSecurity",
  "microsoft365Defender",
  "azureAdIdentityProtection",
  "manual",
  "microsoftDataLossPrevention",
  "appGovernancePolicy",
  "appGovernanceDetection",
  "unknownFutureValue",
  "microsoftDefenderForCloud",
  "microsoftSentinel",
] as const;
export const GRAPH_INCIDENT_STATUSES = ["active", "resolved", "inProgress", "redirected", "unknownFutureValue", "awaitingAction"] as const;
export const GRAPH_EVIDENCE_VERDICTS = ["unknown", "suspicious", "malicious", "noThreatsFound", "unknownFutureValue"] as const;
export const GRAPH_EVIDENCE_REMEDIATION_STATUSES = [
  "none",
  "remediated",
  "prevented",
  "blocked",
  "notFound",
  "unknownFutureValue",
] as const;

/** Members a caller gets only with `Prefer: include-unknown-enum-members` (those after `unknownFutureValue`). */
export function evolvableMembers(members: readonly string[]): readonly string[] {
  const i = members.indexOf(UNKNOWN_FUTURE_VALUE);
  return i < 0 ? [] : members.slice(i + 1);
}

/** `@odata.type` values of the evidence kinds Graph documents (prefix `#microsoft.graph.security.`). */
export const GRAPH_EVIDENCE_TYPES = {
  device: "#microsoft.graph.security.deviceEvidence",
  file: "#microsoft.graph.security.fileEvidence",
  process: "#microsoft.graph.security.processEvidence",
  user: "#microsoft.graph.security.userEvidence",
  ip: "#microsoft.graph.security.ipEvidence",
  url: "#microsoft.graph.security.urlEvidence",
  registryKey: "#microsoft.graph.security.registryKeyEvidence",
  registryValue: "#microsoft.graph.security.registryValueEvidence",
  mailbox: "#microsoft.graph.security.mailboxEvidence",
  analyzedMessage: "#microsoft.graph.security.analyzedMessageEvidence",
  cloudApplication: "#microsoft.graph.security.cloudApplicationEvidence",
} as const;

/** Fields every evidence kind has. */
export interface GraphEvidenceBase {
  "@odata.type": string;
  createdDateTime: string | null;
  verdict: string;
  remediationStatus: string;
  remediationStatusDetails: string | null;
  roles: string[];
  detailedRoles: string[];
  tags: string[];
}

export interface GraphUserAccount {
  accountName: string | null;
  domainName: string | null;
  userSid: string | null;
  azureAdUserId: string | null;
  userPrincipalName: string | null;
  displayName: string | null;
}

export interface GraphFileDetails {
  sha1: string | null;
  sha256: string | null;
  fileName: string | null;
  filePath: string | null;
  fileSize: number | null;
  filePublisher: string | null;
  signer: string | null;
  issuer: string | null;
}

export interface GraphLoggedOnUser {
  accountName: string | null;
  domainName: string | null;
}

export interface GraphVmMetadata {
  vmId: string | null;
  resourceId: string | null;
  cloudProvider: string | null;
  subscriptionId: string | null;
}

export interface GraphDeviceEvidence extends GraphEvidenceBase {
  "@odata.type": typeof GRAPH_EVIDENCE_TYPES.device;
  mdeDeviceId: string | null;
  azureAdDeviceId: string | null;
  deviceDnsName: string | null;
  osPlatform: string | null;
  osBuild: number | null;
  version: string | null;
  healthStatus: string | null;
  riskScore: string | null;
  rbacGroupId: number | null;
  rbacGroupName: string | null;
  onboardingStatus: string | null;
  defenderAvStatus: string | null;
  firstSeenDateTime: string | null;
  ipInterfaces: string[];
  loggedOnUsers: GraphLoggedOnUser[];
  vmMetadata: GraphVmMetadata | null;
}

export interface GraphFileEvidence extends GraphEvidenceBase {
  "@odata.type": typeof GRAPH_EVIDENCE_TYPES.file;
  fileDetails: GraphFileDetails;
  detectionStatus: string | null;
  mdeDeviceId: string | null;
}

export interface GraphProcessEvidence extends GraphEvidenceBase {
  "@odata.type": typeof GRAPH_EVIDENCE_TYPES.process;
  processId: number | null;
  parentProcessId: number | null;
  processCommandLine: string | null;
  processCreationDateTime: string | null;
  parentProcessCreationDateTime: string | null;
  detectionStatus: string | null;
  mdeDeviceId: string | null;
  imageFile: GraphFileDetails | null;
  parentProcessImageFile: GraphFileDetails | null;
  userAccount: GraphUserAccount | null;
}

export interface GraphUserEvidence extends GraphEvidenceBase {
  "@odata.type": typeof GRAPH_EVIDENCE_TYPES.user;
  userAccount: GraphUserAccount;
}

export interface GraphIpEvidence extends GraphEvidenceBase {
  "@odata.type": typeof GRAPH_EVIDENCE_TYPES.ip;
  ipAddress: string;
  countryLetterCode: string | null;
}

export interface GraphUrlEvidence extends GraphEvidenceBase {
  "@odata.type": typeof GRAPH_EVIDENCE_TYPES.url;
  url: string;
}

export interface GraphRegistryKeyEvidence extends GraphEvidenceBase {
  "@odata.type": typeof GRAPH_EVIDENCE_TYPES.registryKey;
  registryKey: string | null;
  registryHive: string | null;
}

export interface GraphRegistryValueEvidence extends GraphEvidenceBase {
  "@odata.type": typeof GRAPH_EVIDENCE_TYPES.registryValue;
  mdeDeviceId: string | null;
  registryKey: string | null;
  registryHive: string | null;
  registryValue: string | null;
  registryValueName: string | null;
  registryValueType: string | null;
}

export interface GraphMailboxEvidence extends GraphEvidenceBase {
  "@odata.type": typeof GRAPH_EVIDENCE_TYPES.mailbox;
  displayName: string | null;
  primaryAddress: string | null;
  userAccount: GraphUserAccount | null;
}

/** A kind this file does not model (e.g. `analyzedMessageEvidence`, or one Graph adds later): keep it as raw JSON. */
export interface GraphOtherEvidence extends GraphEvidenceBase {
  [key: string]: unknown;
}

export type GraphEvidence =
  | GraphDeviceEvidence
  | GraphFileEvidence
  | GraphProcessEvidence
  | GraphUserEvidence
  | GraphIpEvidence
  | GraphUrlEvidence
  | GraphRegistryKeyEvidence
  | GraphRegistryValueEvidence
  | GraphMailboxEvidence
  | GraphOtherEvidence;

export interface GraphAlertComment {
  comment: string;
  createdByDisplayName: string | null;
  createdDateTime: string;
}

/**
 * What a consumer may rely on in an answer: the documented shape with every field (but an entity's `id`) possibly missing or null.
 * Graph omits fields per product and tenant and adds new ones; the client maps through this type so that a missing
 * field becomes null or empty, never an exception. The simulator produces the full `T`, which is assignable to it.
 */
export type GraphReceived<T> = { [K in keyof T]?: Received<T[K]> | null } & (T extends { id: string } ? { id: string } : unknown);
/** Nested objects and array elements of an answer are as lenient as its top level. */
type Received<V> = V extends (infer E)[] ? Received<E>[] : V extends object ? GraphReceived<V> : V;

/** One alert of `GET /security/alerts_v2` (v1.0). */
export interface GraphAlert {
  id: string;
  providerAlertId: string | null;
  /** A string in Graph, unlike the Defender API's number; null when not (yet) correlated. */
  incidentId: string | null;
  status: string;
  severity: string;
  classification: string | null;
  determination: string | null;
  serviceSource: string;
  detectionSource: string;
  productName: string | null;
  detectorId: string | null;
  tenantId: string;
  title: string;
  description: string | null;
  recommendedActions: string | null;
  category: string | null;
  /** Free text: a UPN, a display name or e.g. "Automation"; null when unassigned. */
  assignedTo: string | null;
  alertWebUrl: string;
  incidentWebUrl: string | null;
  actorDisplayName: string | null;
  threatDisplayName: string | null;
  threatFamilyName: string | null;
  mitreTechniques: string[];
  createdDateTime: string;
  lastUpdateDateTime: string;
  resolvedDateTime: string | null;
  firstActivityDateTime: string | null;
  lastActivityDateTime: string | null;
  comments: GraphAlertComment[];
  evidence: GraphEvidence[];
  systemTags: string[];
  customDetails: Record<string, unknown> | null;
  additionalData: Record<string, unknown> | null;
}

/** One incident of `GET /security/incidents`; `alerts` only with `$expand=alerts`. */
export interface GraphIncident {
  id: string;
  tenantId: string;
  displayName: string;
  description: string | null;
  incidentWebUrl: string;
  /** Set when this incident was merged into another (status `redirected`). */
  redirectIncidentId: string | null;
  createdDateTime: string;
  lastUpdateDateTime: string;
  assignedTo: string | null;
  classification: string;
  determination: string;
  status: string;
  severity: string;
  customTags: string[];
  systemTags: string[];
  comments: GraphAlertComment[];
  lastModifiedBy: string | null;
  priorityScore: number | null;
  alerts?: GraphAlert[];
}

/** Body of `PATCH /security/alerts_v2/{id}`. Omitted fields keep their values; `assignedTo: null` unassigns. */
export interface GraphAlertPatch {
  status?: string;
  classification?: string;
  determination?: string;
  assignedTo?: string | null;
}

/** Body of `PATCH /security/incidents/{id}`. */
export interface GraphIncidentPatch extends GraphAlertPatch {
  customTags?: string[];
  description?: string;
  displayName?: string;
}

/** Body of `POST …/comments`. The answer is the full comment list (`{ value: GraphAlertComment[] }`). */
export interface GraphCommentBody {
  "@odata.type"?: "microsoft.graph.security.alertComment";
  comment: string;
}

export const graphCommentBody = (comment: string): GraphCommentBody => ({
  "@odata.type": "microsoft.graph.security.alertComment",
  comment,
});

/** The comment list a `POST …/comments` answers: documented as `{ value: [...] }`; a bare array or a single comment is tolerated. */
export function graphCommentList(body: unknown): GraphReceived<GraphAlertComment>[] {
  if (Array.isArray(body)) return body as GraphReceived<GraphAlertComment>[];
  const value = (body as { value?: unknown } | null)?.value;
  if (Array.isArray(value)) return value as GraphReceived<GraphAlertComment>[];
  if (body && typeof body === "object" && typeof (body as { comment?: unknown }).comment === "string") return [body];
  return [];
}

/** A collection page. Follow `@odata.nextLink` (an absolute URL) until it is absent. */
export interface GraphList<T> {
  "@odata.context": string;
  "@odata.count"?: number;
  "@odata.nextLink"?: string;
  value: T[];
}

/** Error body of every non-2xx Graph response. */
export interface GraphErrorBody {
  error: {
    code: string;
    message: string;
    innerError: { "request-id": string; date: string; "client-request-id"?: string };
  };
}

/** One request of `POST /$batch`; `url` is relative to the version (`/security/alerts_v2/{id}`). */
export interface GraphBatchRequestItem {
  id: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  dependsOn?: string[];
}

export interface GraphBatchRequest {
  requests: GraphBatchRequestItem[];
}

/** One inner response; answers may come in any order: match them by `id`. */
export interface GraphBatchResponseItem {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface GraphBatchResponse {
  responses: GraphBatchResponseItem[];
}

/** Graph security API paths, relative to the version base (`https://graph.microsoft.com/v1.0`). */
export const GraphPaths = {
  alerts: "/security/alerts_v2",
  alert: (id: string) => `/security/alerts_v2/${encodeURIComponent(id)}`,
  alertComments: (id: string) => `/security/alerts_v2/${encodeURIComponent(id)}/comments`,
  incidents: "/security/incidents",
  incident: (id: string) => `/security/incidents/${encodeURIComponent(id)}`,
  incidentComments: (id: string) => `/security/incidents/${encodeURIComponent(id)}/comments`,
  batch: "/$batch",
} as const;

/** Default base URL of Graph v1.0 (national clouds have their own hosts). */
export const GRAPH_BASE_URL = "https://graph.microsoft.com/v1.0";
/** Audience of Graph tokens. */
export const GRAPH_AUDIENCE = "https://graph.microsoft.com";
/** Scope of the client-credentials token for every customer tenant. */
export const GRAPH_SCOPE = "https://graph.microsoft.com/.default";
/** Application permissions the MSSP app needs in each customer tenant. */
export const GRAPH_APP_ROLES = ["SecurityAlert.ReadWrite.All", "SecurityIncident.ReadWrite.All"] as const;
/** Documented per app+tenant limit on `/security` (requests per minute; inner `$batch` requests count one each). */
export const GRAPH_LIMITS = { perMinute: 150 } as const;
/** Most requests one `$batch` may hold. */
export const GRAPH_BATCH_MAX_REQUESTS = 20;
/** Properties `alerts_v2` documents for `$filter`; anything else answers 400. */
export const GRAPH_ALERT_FILTER_PROPERTIES = [
  "assignedTo",
  "classification",
  "determination",
  "createdDateTime",
  "lastUpdateDateTime",
  "severity",
  "serviceSource",
  "status",
] as const;
/** Properties `incidents` documents for `$filter`. */
export const GRAPH_INCIDENT_FILTER_PROPERTIES = [
  "assignedTo",
  "classification",
  "createdDateTime",
  "determination",
  "lastUpdateDateTime",
  "severity",
  "status",
] as const;
