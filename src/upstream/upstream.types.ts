/**
 * The one upstream contract: what the sync loop, the on-demand loaders and the mutations use, whatever API a tenant
 * is on (Microsoft Graph security API by default, the legacy Defender for Endpoint API until it retires on
 * 2027-02-01). Nothing above `src/upstream` imports a wire type; both sources map into the models below.
 */
import type { BudgetLeft, UpstreamPriority } from "./budget.limiter.js";
import type { UpstreamState } from "./resilient.types.js";
import type {
  AlertClassification,
  AlertDetermination,
  AlertSeverity,
  AlertStatus,
  DetectionSource,
  EvidenceVerdict,
  IncidentStatus,
  ServiceSource,
  Unknown,
} from "./upstream.enums.js";

export type { BudgetLeft, UpstreamPriority } from "./budget.limiter.js";
export type { UpstreamState } from "./defender.client.js";

/** Which API a tenant is synced from. `graph` is the default; `defender` is the legacy MDE API. */
export const UPSTREAM_APIS = ["graph", "defender"] as const;
export type UpstreamApi = (typeof UPSTREAM_APIS)[number];

/** The day Microsoft switches the Defender for Endpoint API off (MC1220762). */
export const DEFENDER_API_RETIREMENT = "2027-02-01";

export interface SecurityComment {
  comment: string;
  /** Who wrote it as upstream names them: a UPN, a display name, "Automation"… */
  createdByDisplayName: string | null;
  /** ISO time; null when upstream omits it. */
  createdDateTime: string | null;
}

/** An account as evidence names it; every part may be missing in real data. */
export interface SecurityUserAccount {
  accountName: string | null;
  domainName: string | null;
  userSid: string | null;
  azureAdUserId: string | null;
  userPrincipalName: string | null;
  displayName: string | null;
}

/** An account with nothing known: what user evidence without an account holds (frozen, shared). */
export const EMPTY_USER_ACCOUNT: Readonly<SecurityUserAccount> = Object.freeze({
  accountName: null,
  domainName: null,
  userSid: null,
  azureAdUserId: null,
  userPrincipalName: null,
  displayName: null,
});

export interface SecurityFileDetails {
  sha1: string | null;
  sha256: string | null;
  fileName: string | null;
  filePath: string | null;
  /** Bytes. */
  fileSize: number | null;
  filePublisher: string | null;
  signer: string | null;
  issuer: string | null;
}

/** File details with nothing known (frozen, shared). */
export const EMPTY_FILE_DETAILS: Readonly<SecurityFileDetails> = Object.freeze({
  sha1: null,
  sha256: null,
  fileName: null,
  filePath: null,
  fileSize: null,
  filePublisher: null,
  signer: null,
  issuer: null,
});

/** Fields every evidence kind has (Graph's `alertEvidence`). */
export interface EvidenceCommon {
  createdDateTime: string | null;
  verdict: EvidenceVerdict | Unknown | null;
  verdictRaw: string | null;
  /** Graph spelling, e.g. `remediated`, `prevented`; null from the legacy API. */
  remediationStatus: string | null;
  roles: string[];
  detailedRoles: string[];
  tags: string[];
}

export interface DeviceEvidence extends EvidenceCommon {
  kind: "device";
  mdeDeviceId: string | null;
  azureAdDeviceId: string | null;
  /** May be a short host name in real data. */
  deviceDnsName: string | null;
  osPlatform: string | null;
  osBuild: number | null;
  version: string | null;
  healthStatus: string | null;
  riskScore: string | null;
  rbacGroupId: number | null;
  /** Null is common in real data (device in no group). */
  rbacGroupName: string | null;
  onboardingStatus: string | null;
  defenderAvStatus: string | null;
  ipAddresses: string[];
  loggedOnUsers: { accountName: string | null; domainName: string | null }[];
}

export interface FileEvidence extends EvidenceCommon {
  kind: "file";
  fileDetails: SecurityFileDetails;
  /** e.g. `detected`, `blocked`, `prevented` (Graph) or `Detected` (legacy). */
  detectionStatus: string | null;
  mdeDeviceId: string | null;
}

export interface ProcessEvidence extends EvidenceCommon {
  kind: "process";
  processId: number | null;
  parentProcessId: number | null;
  processCommandLine: string | null;
  processCreationDateTime: string | null;
  parentProcessCreationDateTime: string | null;
  imageFile: SecurityFileDetails | null;
  parentProcessImageFile: SecurityFileDetails | null;
  userAccount: SecurityUserAccount | null;
  detectionStatus: string | null;
  mdeDeviceId: string | null;
}

export interface UserEvidence extends EvidenceCommon {
  kind: "user";
  userAccount: SecurityUserAccount;
}

export interface IpEvidence extends EvidenceCommon {
  kind: "ip";
  ipAddress: string | null;
  countryLetterCode: string | null;
}

export interface UrlEvidence extends EvidenceCommon {
  kind: "url";
  url: string | null;
}

export interface RegistryKeyEvidence extends EvidenceCommon {
  kind: "registryKey";
  registryKey: string | null;
  registryHive: string | null;
}

export interface RegistryValueEvidence extends EvidenceCommon {
  kind: "registryValue";
  registryKey: string | null;
  registryHive: string | null;
  registryValueName: string | null;
  registryValue: string | null;
  registryValueType: string | null;
  mdeDeviceId: string | null;
}

export interface MailboxEvidence extends EvidenceCommon {
  kind: "mailbox";
  primaryAddress: string | null;
  displayName: string | null;
  userAccount: SecurityUserAccount | null;
}

/** Any evidence kind this gateway does not model (yet): the type name and the upstream JSON as it came. */
export interface GenericEvidence extends EvidenceCommon {
  kind: "generic";
  /** Graph `@odata.type` (e.g. `#microsoft.graph.security.cloudApplicationEvidence`) or legacy `entityType`. */
  type: string;
  raw: Record<string, unknown>;
}

export type SecurityEvidence =
  | DeviceEvidence
  | FileEvidence
  | ProcessEvidence
  | UserEvidence
  | IpEvidence
  | UrlEvidence
  | RegistryKeyEvidence
  | RegistryValueEvidence
  | MailboxEvidence
  | GenericEvidence;
export type EvidenceKind = SecurityEvidence["kind"];

/**
 * One alert, source-independent. Every enum field has a `…Raw` twin holding upstream's spelling (null when upstream
 * sent null), so a value this gateway maps to `UNKNOWN` is never lost. Times are ISO strings as upstream sent them.
 */
export interface SecurityAlert {
  /** Which API this copy came from. */
  source: UpstreamApi;
  id: string;
  /** The customer's Entra tenant (Graph `tenantId`, legacy `aadTenantId`); null when upstream omits it. */
  tenantId: string | null;
  providerAlertId: string | null;
  /** A string in Graph; the legacy API's number is turned into its decimal string. */
  incidentId: string | null;
  status: AlertStatus | Unknown | null;
  statusRaw: string | null;
  severity: AlertSeverity | Unknown | null;
  severityRaw: string | null;
  classification: AlertClassification | Unknown | null;
  classificationRaw: string | null;
  determination: AlertDetermination | Unknown | null;
  determinationRaw: string | null;
  serviceSource: ServiceSource | Unknown | null;
  serviceSourceRaw: string | null;
  detectionSource: DetectionSource | Unknown | null;
  detectionSourceRaw: string | null;
  productName: string | null;
  detectorId: string | null;
  title: string;
  description: string | null;
  recommendedActions: string | null;
  category: string | null;
  /** Free text: a UPN, a display name, or e.g. "Automation". */
  assignedTo: string | null;
  alertWebUrl: string | null;
  incidentWebUrl: string | null;
  actorDisplayName: string | null;
  /** Graph `threatDisplayName`, legacy `threatName`. */
  threatDisplayName: string | null;
  threatFamilyName: string | null;
  mitreTechniques: string[];
  /** Graph `createdDateTime`, legacy `alertCreationTime`. */
  createdDateTime: string | null;
  /** Graph `lastUpdateDateTime`, legacy `lastUpdateTime`: the sync watermark. */
  lastUpdateDateTime: string | null;
  resolvedDateTime: string | null;
  /** Graph `firstActivityDateTime`, legacy `firstEventTime`. */
  firstActivityDateTime: string | null;
  /** Graph `lastActivityDateTime`, legacy `lastEventTime`. */
  lastActivityDateTime: string | null;
  systemTags: string[];
  comments: SecurityComment[];
  /** Legacy alerts get a `device` evidence built from `machineId`/`computerDnsName`/`rbacGroupName`. */
  evidence: SecurityEvidence[];
  /** Legacy only (Graph v1.0 does not expose the automated investigation); raw spelling. */
  investigationState: string | null;
  investigationId: string | null;
}

export interface SecurityIncident {
  source: UpstreamApi;
  id: string;
  tenantId: string | null;
  displayName: string | null;
  description: string | null;
  incidentWebUrl: string | null;
  /** Set when status is REDIRECTED: the incident this one was merged into (its alerts now belong there). */
  redirectIncidentId: string | null;
  status: IncidentStatus | Unknown | null;
  statusRaw: string | null;
  severity: AlertSeverity | Unknown | null;
  severityRaw: string | null;
  classification: AlertClassification | Unknown | null;
  classificationRaw: string | null;
  determination: AlertDetermination | Unknown | null;
  determinationRaw: string | null;
  assignedTo: string | null;
  createdDateTime: string | null;
  lastUpdateDateTime: string | null;
  customTags: string[];
  systemTags: string[];
  comments: SecurityComment[];
  lastModifiedBy: string | null;
  priorityScore: number | null;
  /** Ids of its alerts when upstream sent them (`$expand=alerts`); empty otherwise. */
  alertIds: string[];
  /**
   * Products involved (its alerts' `serviceSource`), when known: Graph incidents do not carry it, so it comes from
   * `$expand=alerts` or from the alert index at sync time. Absent ⇒ unknown (the index's service-source filter skips it).
   */
  serviceSources?: (ServiceSource | Unknown)[];
}

/** What an analyst may change on an alert. Omitted fields keep their values. */
export interface SecurityAlertPatch {
  status?: "NEW" | "IN_PROGRESS" | "RESOLVED";
  classification?: AlertClassification;
  determination?: AlertDetermination;
  assignedTo?: string;
  /** Added as a comment (Graph: a second call to `/comments`; legacy: part of the PATCH). */
  comment?: string;
}

export interface SecurityIncidentPatch {
  status?: "ACTIVE" | "RESOLVED" | "IN_PROGRESS" | "AWAITING_ACTION";
  classification?: AlertClassification;
  determination?: AlertDetermination;
  assignedTo?: string;
  customTags?: string[];
  description?: string;
  /** Added as a comment (Graph: its own call to `/comments`). */
  comment?: string;
}

export interface ChangedSinceQuery {
  /** Inclusive lower bound on the last-update time, epoch ms (the sync passes watermark − overlap). */
  sinceMs: number;
  /** Page size wish; a source clamps it to its API's limits and may shrink it (legacy backfill timeouts). */
  pageSize?: number;
  /** Default "sync". */
  priority?: UpstreamPriority;
}

/**
 * Items changed since a time, page by page, as upstream delivers them. Pages may overlap (the same item twice, or an
 * older copy after a newer one): consumers de-duplicate by id and last-update time. Iteration throws `UpstreamError`.
 */
export interface ChangeFeed<T> {
  changedSince(tenantId: string, q: ChangedSinceQuery): AsyncIterable<T[]>;
  /** Key of an item within its tenant. */
  id(item: T): string;
  /** Its last-update time (ISO), or null when upstream omitted it. */
  updatedAt(item: T): string | null;
}

/** Per-key outcome of a batched read: the item, null when upstream does not know the id, or that key's own error. */
export type BatchResult<T> = T | null | Error;

/**
 * One upstream per customer tenant, whichever API it speaks. Every method throws (or, for batched reads, returns per
 * key) only `UpstreamError` with `extensions.tenantId`: UPSTREAM_UNAVAILABLE, UPSTREAM_THROTTLED (with
 * `retryAfterSeconds`), UPSTREAM_AUTH_FAILED, UPSTREAM_BAD_REQUEST. Reads default to "read" priority, writes are
 * always "write". Get/update methods resolve null when upstream does not know the id.
 */
export interface UpstreamSource {
  /** The API the tenant is on (per-tenant override, else the deployment default). */
  apiOf(tenantId: string): UpstreamApi;
  alerts: ChangeFeed<SecurityAlert>;
  /** Legacy tenants yield no incidents: the MDE API has none (its XDR incidents API retires with it). */
  incidents: ChangeFeed<SecurityIncident>;
  /** DataLoader-shaped: one result per id, in order. Graph sends one `$batch` per 20 ids. */
  getAlerts(tenantId: string, ids: readonly string[], priority?: UpstreamPriority): Promise<BatchResult<SecurityAlert>[]>;
  getIncidents(tenantId: string, ids: readonly string[], priority?: UpstreamPriority): Promise<BatchResult<SecurityIncident>[]>;
  updateAlert(tenantId: string, id: string, patch: SecurityAlertPatch): Promise<SecurityAlert | null>;
  /** Legacy tenants: UPSTREAM_BAD_REQUEST (no incidents there). */
  updateIncident(tenantId: string, id: string, patch: SecurityIncidentPatch): Promise<SecurityIncident | null>;
  /** The alert's comments after adding one, or null when the alert is unknown. */
  addAlertComment(tenantId: string, id: string, comment: string): Promise<SecurityComment[] | null>;
  addIncidentComment(tenantId: string, id: string, comment: string): Promise<SecurityComment[] | null>;
  /**
   * Bulk triage: one patch for many alerts of one tenant; one result per id, in order: the updated alert, null when
   * upstream does not know the id, or that id's own `UpstreamError`. Graph: ≤ 20 PATCHes per `$batch`, a comment as
   * further inner POSTs (one per id, then a re-read of each commented id for its new version); legacy: `POST
   * /api/alerts/batchUpdate` (its own budget, 10 calls/min upstream) for up to 100 ids, then one re-read per 50 ids.
   * Fails fast: a spent budget or an upstream `Retry-After` makes those ids UPSTREAM_THROTTLED with
   * `retryAfterSeconds` at once, never a wait.
   */
  updateAlerts(tenantId: string, ids: readonly string[], patch: SecurityAlertPatch): Promise<BatchResult<SecurityAlert>[]>;
  /** `updateAlerts` for incidents (Graph only; legacy tenants: every id UPSTREAM_BAD_REQUEST). */
  updateIncidents(tenantId: string, ids: readonly string[], patch: SecurityIncidentPatch): Promise<BatchResult<SecurityIncident>[]>;
  /** Calls left in the tenant's budget of the API it is on. */
  budgetLeft(tenantId: string): Promise<BudgetLeft>;
  state(tenantId: string): UpstreamState;
  close(): Promise<void>;
}
