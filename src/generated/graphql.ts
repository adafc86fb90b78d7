/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A date-time string at UTC, such as 2007-12-03T10:15:30Z, compliant with the `date-time` format outlined in section 5.6 of the RFC 3339 profile of the ISO 8601 standard for representation of dates and times using the Gregorian calendar.This scalar is serialized to a string in ISO 8601 format and parsed from a string in ISO 8601 format. */
  DateTimeISO: { input: string; output: string; }
  /** The `SafeInt` scalar type represents non-fractional signed whole numeric values that are considered safe as defined by the ECMAScript specification. */
  SafeInt: { input: number; output: number; }
};

/** A Microsoft Defender for Endpoint alert of one customer tenant, served from the gateway's alert index. */
export type Alert = {
  __typename?: 'Alert';
  /** Entra tenant id as Defender reports it. */
  aadTenantId?: Maybe<Scalars['String']['output']>;
  /** When the alert was created (UTC). */
  alertCreationTime?: Maybe<Scalars['DateTimeISO']['output']>;
  /** Owner of the alert (UPN). */
  assignedTo?: Maybe<Scalars['String']['output']>;
  /** Category, e.g. Execution, CredentialAccess. */
  category?: Maybe<Scalars['String']['output']>;
  /** Classification set by an analyst; null until set. */
  classification?: Maybe<AlertClassification>;
  /** Analyst comments, oldest first. */
  comments: Array<AlertComment>;
  /** Device FQDN. */
  computerDnsName?: Maybe<Scalars['String']['output']>;
  /** Alert description. */
  description?: Maybe<Scalars['String']['output']>;
  /** Detection source. */
  detectionSource?: Maybe<DetectionSource>;
  /** Detection source exactly as Defender spells it (useful when `detectionSource` is UNKNOWN). */
  detectionSourceRaw?: Maybe<Scalars['String']['output']>;
  /** Id of the detector that raised the alert. */
  detectorId?: Maybe<Scalars['String']['output']>;
  /** Determination set by an analyst; null until set. */
  determination?: Maybe<AlertDetermination>;
  /** Evidence (files, processes, users…) of the alert. */
  evidence: Array<AlertEvidence>;
  /** First occurrence of the activity on the device. */
  firstEventTime?: Maybe<Scalars['DateTimeISO']['output']>;
  /** Defender alert id (unique within its tenant). */
  id: Scalars['ID']['output'];
  /** Incident the alert belongs to. */
  incidentId?: Maybe<Scalars['SafeInt']['output']>;
  /** Automated investigation id. */
  investigationId?: Maybe<Scalars['SafeInt']['output']>;
  /** State of the automated investigation. */
  investigationState?: Maybe<InvestigationState>;
  /** Last occurrence of the activity on the device. */
  lastEventTime?: Maybe<Scalars['DateTimeISO']['output']>;
  /** Last time the alert changed upstream. */
  lastUpdateTime?: Maybe<Scalars['DateTimeISO']['output']>;
  /** The device of the alert, fetched from Defender on demand (batched per tenant, cached). Null with an error naming the tenant when its upstream fails. */
  machine?: Maybe<Machine>;
  /** Id of the device (see `machine`). */
  machineId?: Maybe<Scalars['String']['output']>;
  /** MITRE ATT&CK technique ids. */
  mitreTechniques: Array<Scalars['String']['output']>;
  /** Link that opens the alert in the customer's Defender portal (`https://security.microsoft.com/alerts/{id}?tid={tenant}`). */
  portalUrl: Scalars['String']['output'];
  /** Device group name (matched by notification rules). */
  rbacGroupName?: Maybe<Scalars['String']['output']>;
  /** User account related to the alert. */
  relatedUser?: Maybe<RelatedUser>;
  /** When the alert was resolved. */
  resolvedTime?: Maybe<Scalars['DateTimeISO']['output']>;
  /** Severity. */
  severity: AlertSeverity;
  /** Status. */
  status: AlertStatus;
  /** When the gateway last synced this alert from Defender (data freshness). */
  syncedAt: Scalars['DateTimeISO']['output'];
  /** The customer tenant of the alert. */
  tenant: Tenant;
  /** Entra tenant id of the customer the alert belongs to. */
  tenantId: Scalars['ID']['output'];
  /** Threat family name. */
  threatFamilyName?: Maybe<Scalars['String']['output']>;
  /** Threat name. */
  threatName?: Maybe<Scalars['String']['output']>;
  /** Alert title. */
  title: Scalars['String']['output'];
};

/** Analyst classification of an alert (Defender `classification`). */
export type AlertClassification =
  | 'FALSE_POSITIVE'
  | 'INFORMATIONAL_EXPECTED_ACTIVITY'
  | 'TRUE_POSITIVE'
  /** A value Defender returned that this gateway version does not know yet. */
  | 'UNKNOWN';

/** An analyst comment on an alert. */
export type AlertComment = {
  __typename?: 'AlertComment';
  /** Comment text. */
  comment: Scalars['String']['output'];
  /** Who wrote it (UPN or app). */
  createdBy: Scalars['String']['output'];
  /** When it was written (UTC). */
  createdTime?: Maybe<Scalars['DateTimeISO']['output']>;
};

/** A page of alerts across the caller's tenants. */
export type AlertConnection = {
  __typename?: 'AlertConnection';
  /** The alerts of this page. */
  edges: Array<AlertEdge>;
  /** Paging state. */
  pageInfo: PageInfo;
  /** Number of alerts matching the filter across all pages. */
  totalCount: Scalars['Int']['output'];
};

/** Open (not resolved) alerts of a tenant by severity. */
export type AlertCounts = {
  __typename?: 'AlertCounts';
  /** High severity. */
  high: Scalars['Int']['output'];
  /** Informational. */
  informational: Scalars['Int']['output'];
  /** Low severity. */
  low: Scalars['Int']['output'];
  /** Medium severity. */
  medium: Scalars['Int']['output'];
  /** Unspecified or unknown severity. */
  other: Scalars['Int']['output'];
  /** All open alerts. */
  total: Scalars['Int']['output'];
};

/** Analyst determination of an alert (Defender `determination`). `APT` and `SECURITY_PERSONNEL` are deprecated upstream. */
export type AlertDetermination =
  | 'APT'
  | 'CLEAN'
  | 'COMPROMISED_USER'
  | 'CONFIRMED_USER_ACTIVITY'
  | 'INSUFFICIENT_DATA'
  | 'LINE_OF_BUSINESS_APPLICATION'
  | 'MALICIOUS_USER_ACTIVITY'
  | 'MALWARE'
  | 'MULTI_STAGED_ATTACK'
  | 'OTHER'
  | 'PHISHING'
  | 'SECURITY_PERSONNEL'
  | 'SECURITY_TESTING'
  /** A value Defender returned that this gateway version does not know yet. */
  | 'UNKNOWN'
  | 'UNWANTED_SOFTWARE';

/** An alert in a connection. */
export type AlertEdge = {
  __typename?: 'AlertEdge';
  /** Opaque cursor of this alert; pass it as `after`. */
  cursor: Scalars['String']['output'];
  /** The alert. */
  node: Alert;
};

/** One piece of evidence of an alert (file, process, user, IP, URL, registry…). Fields that do not apply are null. */
export type AlertEvidence = {
  __typename?: 'AlertEvidence';
  /** Entra user object id. */
  aadUserId?: Maybe<Scalars['String']['output']>;
  /** Account name. */
  accountName?: Maybe<Scalars['String']['output']>;
  /** Detection status, e.g. Detected, Blocked, Prevented. */
  detectionStatus?: Maybe<Scalars['String']['output']>;
  /** Account domain. */
  domainName?: Maybe<Scalars['String']['output']>;
  /** Kind of entity: File, Process, User, Ip, Url, Registry… */
  entityType: Scalars['String']['output'];
  /** When the evidence was recorded. */
  evidenceCreationTime?: Maybe<Scalars['DateTimeISO']['output']>;
  /** File name. */
  fileName?: Maybe<Scalars['String']['output']>;
  /** Folder of the file. */
  filePath?: Maybe<Scalars['String']['output']>;
  /** IP address. */
  ipAddress?: Maybe<Scalars['String']['output']>;
  /** Parent process start time. */
  parentProcessCreationTime?: Maybe<Scalars['DateTimeISO']['output']>;
  /** Parent process file name. */
  parentProcessFileName?: Maybe<Scalars['String']['output']>;
  /** Parent process folder. */
  parentProcessFilePath?: Maybe<Scalars['String']['output']>;
  /** Parent process id. */
  parentProcessId?: Maybe<Scalars['SafeInt']['output']>;
  /** Process command line. */
  processCommandLine?: Maybe<Scalars['String']['output']>;
  /** Process start time. */
  processCreationTime?: Maybe<Scalars['DateTimeISO']['output']>;
  /** Process id. */
  processId?: Maybe<Scalars['SafeInt']['output']>;
  /** Registry hive. */
  registryHive?: Maybe<Scalars['String']['output']>;
  /** Registry key. */
  registryKey?: Maybe<Scalars['String']['output']>;
  /** Registry value. */
  registryValue?: Maybe<Scalars['String']['output']>;
  /** Registry value type. */
  registryValueType?: Maybe<Scalars['String']['output']>;
  /** SHA-1 of the file. */
  sha1?: Maybe<Scalars['String']['output']>;
  /** SHA-256 of the file. */
  sha256?: Maybe<Scalars['String']['output']>;
  /** URL. */
  url?: Maybe<Scalars['String']['output']>;
  /** User principal name. */
  userPrincipalName?: Maybe<Scalars['String']['output']>;
  /** Account SID. */
  userSid?: Maybe<Scalars['String']['output']>;
};

/** Narrows an alert list. All conditions must hold (AND); list values match any of them (OR). */
export type AlertFilter = {
  /** Assigned to any of these owners (UPN, case-insensitive). */
  assignedTo?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Any of these categories (exact, as Defender spells them, e.g. `Execution`). */
  categories?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Created at or after this time. */
  createdSince?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** Created at or before this time. */
  createdUntil?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** Any of these detection sources. */
  detectionSources?: InputMaybe<Array<DetectionSource>>;
  /** Only alerts of this incident. */
  incidentId?: InputMaybe<Scalars['SafeInt']['input']>;
  /** Only alerts of this device id. */
  machineId?: InputMaybe<Scalars['String']['input']>;
  /** Case-insensitive text contained in the title or description. */
  search?: InputMaybe<Scalars['String']['input']>;
  /** Any of these severities. */
  severities?: InputMaybe<Array<AlertSeverity>>;
  /** Any of these statuses. */
  statuses?: InputMaybe<Array<AlertStatus>>;
  /** Only these tenants (ignored for tenants you cannot see). */
  tenantIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** Last updated at or after this time. */
  updatedSince?: InputMaybe<Scalars['DateTimeISO']['input']>;
};

/** Sort order of an alert list. Default: newest `lastUpdateTime` first. */
export type AlertOrder = {
  /** Direction. */
  direction?: OrderDirection;
  /** Sort key. */
  field?: AlertOrderField;
};

/** What to sort alerts by. */
export type AlertOrderField =
  | 'ALERT_CREATION_TIME'
  | 'LAST_UPDATE_TIME';

/** Alert severity (Defender `severity`). */
export type AlertSeverity =
  | 'HIGH'
  | 'INFORMATIONAL'
  | 'LOW'
  | 'MEDIUM'
  /** A value Defender returned that this gateway version does not know yet. */
  | 'UNKNOWN'
  | 'UNSPECIFIED';

/** Alert status (Defender `status`). */
export type AlertStatus =
  | 'IN_PROGRESS'
  | 'NEW'
  | 'RESOLVED'
  /** A value Defender returned that this gateway version does not know yet. */
  | 'UNKNOWN';

/** Which product or sensor raised the alert (Defender `detectionSource`). */
export type DetectionSource =
  | 'AUTOMATED_INVESTIGATION'
  | 'CUSTOMER_TI'
  | 'CUSTOM_DETECTION'
  | 'MTP'
  | 'OFFICE_ATP'
  | 'THIRD_PARTY_SENSORS'
  | 'THREAT_EXPERTS'
  /** A value Defender returned that this gateway version does not know yet. */
  | 'UNKNOWN'
  | 'WINDOWS_DEFENDER_ATP'
  | 'WINDOWS_DEFENDER_AV'
  | 'WINDOWS_DEFENDER_SMART_SCREEN';

/** State of the automated investigation linked to the alert (Defender `investigationState`). */
export type InvestigationState =
  | 'BENIGN'
  | 'FAILED'
  | 'INNER_FAILURE'
  | 'PARTIALLY_INVESTIGATED'
  | 'PARTIALLY_REMEDIATED'
  | 'PENDING_APPROVAL'
  | 'PENDING_RESOURCE'
  | 'PREEXISTING_ALERT'
  | 'QUEUED'
  | 'RUNNING'
  | 'SUCCESSFULLY_REMEDIATED'
  | 'SUPPRESSED_ALERT'
  | 'TERMINATED'
  | 'TERMINATED_BY_SYSTEM'
  | 'TERMINATED_BY_USER'
  /** A value Defender returned that this gateway version does not know yet. */
  | 'UNKNOWN'
  | 'UNSUPPORTED_ALERT_TYPE'
  | 'UNSUPPORTED_OS';

/** A device onboarded to Defender for Endpoint. Fetched on demand from Defender (batched per tenant, cached briefly). */
export type Machine = {
  __typename?: 'Machine';
  /** Entra device id. */
  aadDeviceId?: Maybe<Scalars['String']['output']>;
  /** Device FQDN. */
  computerDnsName: Scalars['String']['output'];
  /** Device value: Normal, Low, High. */
  deviceValue?: Maybe<Scalars['String']['output']>;
  /** Exposure level: None, Low, Medium, High. */
  exposureLevel?: Maybe<Scalars['String']['output']>;
  /** First seen by Defender. */
  firstSeen?: Maybe<Scalars['DateTimeISO']['output']>;
  /** Sensor health: Active, Inactive, ImpairedCommunication… */
  healthStatus?: Maybe<Scalars['String']['output']>;
  /** Device id. */
  id: Scalars['ID']['output'];
  /** Network interfaces. */
  ipAddresses: Array<MachineIpAddress>;
  /** Last external IP address. */
  lastExternalIpAddress?: Maybe<Scalars['String']['output']>;
  /** Last internal IP address. */
  lastIpAddress?: Maybe<Scalars['String']['output']>;
  /** Last full device report (usually daily). */
  lastSeen?: Maybe<Scalars['DateTimeISO']['output']>;
  /** Device tags. */
  machineTags: Array<Scalars['String']['output']>;
  /** Onboarding status. */
  onboardingStatus?: Maybe<Scalars['String']['output']>;
  /** 32-bit or 64-bit. */
  osArchitecture?: Maybe<Scalars['String']['output']>;
  /** OS build. */
  osBuild?: Maybe<Scalars['SafeInt']['output']>;
  /** Operating system platform. */
  osPlatform?: Maybe<Scalars['String']['output']>;
  /** Device group name. */
  rbacGroupName?: Maybe<Scalars['String']['output']>;
  /** Risk score: None, Informational, Low, Medium, High. */
  riskScore?: Maybe<Scalars['String']['output']>;
  /** Tenant of the device. */
  tenantId: Scalars['ID']['output'];
  /** OS version. */
  version?: Maybe<Scalars['String']['output']>;
};

/** A network interface address of a device. */
export type MachineIpAddress = {
  __typename?: 'MachineIpAddress';
  /** IP address. */
  ipAddress: Scalars['String']['output'];
  /** MAC address. */
  macAddress?: Maybe<Scalars['String']['output']>;
  /** Interface state, e.g. Up. */
  operationalStatus?: Maybe<Scalars['String']['output']>;
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Updates an alert in Defender (status, owner, classification, determination, comment). Needs TIER2_ANALYST. */
  updateAlert: Alert;
};


export type MutationUpdateAlertArgs = {
  input: UpdateAlertInput;
};

/** Sort direction. */
export type OrderDirection =
  | 'ASC'
  | 'DESC';

/** Relay-style paging state of a connection. */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** Cursor of the last edge; pass it as `after` for the next page. Null on an empty page. */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** True when another page follows `endCursor`. */
  hasNextPage: Scalars['Boolean']['output'];
};

export type Query = {
  __typename?: 'Query';
  /** One alert; null when it does not exist or you may not read its tenant. */
  alert?: Maybe<Alert>;
  /** Alerts across every tenant you may read, from the gateway's index (no upstream cost). */
  alerts: AlertConnection;
  /** Who the caller is, and the caller's roles per tenant. */
  me: Viewer;
  /** One tenant; null when it does not exist or you hold no role on it. */
  tenant?: Maybe<Tenant>;
  /** Tenants you hold a role on (all tenants for gateway admins). */
  tenants: Array<Tenant>;
};


export type QueryAlertArgs = {
  id: Scalars['ID']['input'];
  tenantId: Scalars['ID']['input'];
};


export type QueryAlertsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<AlertFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<AlertOrder>;
};


export type QueryTenantArgs = {
  id: Scalars['ID']['input'];
};

/** The user account related to an alert. */
export type RelatedUser = {
  __typename?: 'RelatedUser';
  /** Account domain (NetBIOS). */
  domainName: Scalars['String']['output'];
  /** Account name (sAMAccountName). */
  userName: Scalars['String']['output'];
};

/** A customer tenant (one Entra tenant with Defender for Endpoint) served by this MSSP. */
export type Tenant = {
  __typename?: 'Tenant';
  /** Open alerts by severity; null when you may not read this tenant's alerts. */
  alertCounts?: Maybe<AlertCounts>;
  /** This tenant's alerts (empty when you may not read them). */
  alerts: AlertConnection;
  /** Entra tenant id. */
  id: Scalars['ID']['output'];
  /** Customer name. */
  name: Scalars['String']['output'];
  /** Tenant-specific Defender portal link (`https://security.microsoft.com/?tid=…`). */
  portalUrl: Scalars['String']['output'];
  /** Defender API region (`us`, `eu`, `uk`…; empty for the global host). */
  region: Scalars['String']['output'];
  /** Freshness of the gateway's copy of this tenant's alerts. */
  sync: TenantSync;
};


/** A customer tenant (one Entra tenant with Defender for Endpoint) served by this MSSP. */
export type TenantAlertsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<AlertFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<AlertOrder>;
};

/** Role on one customer tenant, granted through an access grant. */
export type TenantRole =
  /** Decides access requests for the tenant. */
  | 'APPROVER'
  /** Reads alerts, devices and notification rules. */
  | 'TIER1_ANALYST'
  /** Tier 1 plus updating alerts and managing notification rules. */
  | 'TIER2_ANALYST';

/** The caller's roles on one tenant (from active access grants). */
export type TenantRoles = {
  __typename?: 'TenantRoles';
  /** Roles held on the tenant. */
  roles: Array<TenantRole>;
  /** The tenant (null if it left the registry). */
  tenant?: Maybe<Tenant>;
  /** Tenant id. */
  tenantId: Scalars['ID']['output'];
};

/** Freshness of the gateway's copy of a tenant's alerts. */
export type TenantSync = {
  __typename?: 'TenantSync';
  /** True once the initial backfill window has been read. */
  backfilled: Scalars['Boolean']['output'];
  /** Upstream calls left in the current hour of the gateway's budget. */
  budgetLeftThisHour?: Maybe<Scalars['Int']['output']>;
  /** Upstream calls left in the current minute of the gateway's budget. */
  budgetLeftThisMinute?: Maybe<Scalars['Int']['output']>;
  /** Alerts in the gateway's index for this tenant. */
  indexedAlerts: Scalars['Int']['output'];
  /** Seconds since the last successful poll (null before the first). */
  lagSeconds?: Maybe<Scalars['Int']['output']>;
  /** When the last poll was attempted. */
  lastAttemptAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** Last sync error, if the last poll failed. */
  lastError?: Maybe<Scalars['String']['output']>;
  /** When the last poll succeeded. */
  lastSuccessAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** Replica currently syncing this tenant. */
  syncedBy?: Maybe<Scalars['String']['output']>;
  /** Upstream health as seen by the sync. */
  upstreamState: UpstreamState;
};

/** Changes to one alert; omitted fields keep their values. Sent to Defender first, then visible at once. */
export type UpdateAlertInput = {
  /** New owner (UPN). */
  assignedTo?: InputMaybe<Scalars['String']['input']>;
  /** Classification. */
  classification?: InputMaybe<AlertClassification>;
  /** A comment to append (max 1,000 characters). */
  comment?: InputMaybe<Scalars['String']['input']>;
  /** Determination. */
  determination?: InputMaybe<AlertDetermination>;
  /** Alert id. */
  id: Scalars['ID']['input'];
  /** New status (NEW, IN_PROGRESS or RESOLVED). */
  status?: InputMaybe<AlertStatus>;
  /** Tenant of the alert. */
  tenantId: Scalars['ID']['input'];
};

/** How the tenant's Defender API answered the gateway's sync most recently. */
export type UpstreamState =
  /** The gateway could not authenticate to this tenant (consent missing or revoked?). */
  | 'AUTH_FAILED'
  /** The last poll failed, but earlier data is served from the index. */
  | 'DEGRADED'
  /** The last poll succeeded. */
  | 'HEALTHY'
  /** No poll has completed yet. */
  | 'PENDING'
  /** Upstream or the gateway's budget throttled the last poll. */
  | 'THROTTLED'
  /** Upstream is failing or its circuit breaker is open. */
  | 'UNAVAILABLE';

/** Who the caller is, as the gateway sees it. */
export type Viewer = {
  __typename?: 'Viewer';
  /** Client application id of the token. */
  appId?: Maybe<Scalars['String']['output']>;
  /** App roles in the token. */
  appRoles: Array<Scalars['String']['output']>;
  /** Display name. */
  displayName: Scalars['String']['output'];
  /** Entra group ids in the token. */
  groups: Array<Scalars['String']['output']>;
  /** Entra object id of the user, or `app:<appId>` for an application. */
  id: Scalars['ID']['output'];
  /** Holds the gateway-wide `Gateway.Admin` app role. */
  isAdmin: Scalars['Boolean']['output'];
  /** Roles per tenant from active access grants. */
  tenantRoles: Array<TenantRoles>;
  /** User principal name. */
  username?: Maybe<Scalars['String']['output']>;
};

/** Analyst classification of an alert (Defender `classification`). */
export type AlertClassification =
  | 'FALSE_POSITIVE'
  | 'INFORMATIONAL_EXPECTED_ACTIVITY'
  | 'TRUE_POSITIVE'
  /** A value Defender returned that this gateway version does not know yet. */
  | 'UNKNOWN';

/** Analyst determination of an alert (Defender `determination`). `APT` and `SECURITY_PERSONNEL` are deprecated upstream. */
export type AlertDetermination =
  | 'APT'
  | 'CLEAN'
  | 'COMPROMISED_USER'
  | 'CONFIRMED_USER_ACTIVITY'
  | 'INSUFFICIENT_DATA'
  | 'LINE_OF_BUSINESS_APPLICATION'
  | 'MALICIOUS_USER_ACTIVITY'
  | 'MALWARE'
  | 'MULTI_STAGED_ATTACK'
  | 'OTHER'
  | 'PHISHING'
  | 'SECURITY_PERSONNEL'
  | 'SECURITY_TESTING'
  /** A value Defender returned that this gateway version does not know yet. */
  | 'UNKNOWN'
  | 'UNWANTED_SOFTWARE';

/** Narrows an alert list. All conditions must hold (AND); list values match any of them (OR). */
export type AlertFilter = {
  /** Assigned to any of these owners (UPN, case-insensitive). */
  assignedTo?: Array<string> | null | undefined;
  /** Any of these categories (exact, as Defender spells them, e.g. `Execution`). */
  categories?: Array<string> | null | undefined;
  /** Created at or after this time. */
  createdSince?: string | null | undefined;
  /** Created at or before this time. */
  createdUntil?: string | null | undefined;
  /** Any of these detection sources. */
  detectionSources?: Array<DetectionSource> | null | undefined;
  /** Only alerts of this incident. */
  incidentId?: number | null | undefined;
  /** Only alerts of this device id. */
  machineId?: string | null | undefined;
  /** Case-insensitive text contained in the title or description. */
  search?: string | null | undefined;
  /** Any of these severities. */
  severities?: Array<AlertSeverity> | null | undefined;
  /** Any of these statuses. */
  statuses?: Array<AlertStatus> | null | undefined;
  /** Only these tenants (ignored for tenants you cannot see). */
  tenantIds?: Array<string | number> | null | undefined;
  /** Last updated at or after this time. */
  updatedSince?: string | null | undefined;
};

/** Sort order of an alert list. Default: newest `lastUpdateTime` first. */
export type AlertOrder = {
  /** Direction. */
  direction?: OrderDirection;
  /** Sort key. */
  field?: AlertOrderField;
};

/** What to sort alerts by. */
export type AlertOrderField =
  | 'ALERT_CREATION_TIME'
  | 'LAST_UPDATE_TIME';

/** Alert severity (Defender `severity`). */
export type AlertSeverity =
  | 'HIGH'
  | 'INFORMATIONAL'
  | 'LOW'
  | 'MEDIUM'
  /** A value Defender returned that this gateway version does not know yet. */
  | 'UNKNOWN'
  | 'UNSPECIFIED';

/** Alert status (Defender `status`). */
export type AlertStatus =
  | 'IN_PROGRESS'
  | 'NEW'
  | 'RESOLVED'
  /** A value Defender returned that this gateway version does not know yet. */
  | 'UNKNOWN';

/** Which product or sensor raised the alert (Defender `detectionSource`). */
export type DetectionSource =
  | 'AUTOMATED_INVESTIGATION'
  | 'CUSTOMER_TI'
  | 'CUSTOM_DETECTION'
  | 'MTP'
  | 'OFFICE_ATP'
  | 'THIRD_PARTY_SENSORS'
  | 'THREAT_EXPERTS'
  /** A value Defender returned that this gateway version does not know yet. */
  | 'UNKNOWN'
  | 'WINDOWS_DEFENDER_ATP'
  | 'WINDOWS_DEFENDER_AV'
  | 'WINDOWS_DEFENDER_SMART_SCREEN';

/** State of the automated investigation linked to the alert (Defender `investigationState`). */
export type InvestigationState =
  | 'BENIGN'
  | 'FAILED'
  | 'INNER_FAILURE'
  | 'PARTIALLY_INVESTIGATED'
  | 'PARTIALLY_REMEDIATED'
  | 'PENDING_APPROVAL'
  | 'PENDING_RESOURCE'
  | 'PREEXISTING_ALERT'
  | 'QUEUED'
  | 'RUNNING'
  | 'SUCCESSFULLY_REMEDIATED'
  | 'SUPPRESSED_ALERT'
  | 'TERMINATED'
  | 'TERMINATED_BY_SYSTEM'
  | 'TERMINATED_BY_USER'
  /** A value Defender returned that this gateway version does not know yet. */
  | 'UNKNOWN'
  | 'UNSUPPORTED_ALERT_TYPE'
  | 'UNSUPPORTED_OS';

/** Sort direction. */
export type OrderDirection =
  | 'ASC'
  | 'DESC';

/** Role on one customer tenant, granted through an access grant. */
export type TenantRole =
  /** Decides access requests for the tenant. */
  | 'APPROVER'
  /** Reads alerts, devices and notification rules. */
  | 'TIER1_ANALYST'
  /** Tier 1 plus updating alerts and managing notification rules. */
  | 'TIER2_ANALYST';

/** Changes to one alert; omitted fields keep their values. Sent to Defender first, then visible at once. */
export type UpdateAlertInput = {
  /** New owner (UPN). */
  assignedTo?: string | null | undefined;
  /** Classification. */
  classification?: AlertClassification | null | undefined;
  /** A comment to append (max 1,000 characters). */
  comment?: string | null | undefined;
  /** Determination. */
  determination?: AlertDetermination | null | undefined;
  /** Alert id. */
  id: string | number;
  /** New status (NEW, IN_PROGRESS or RESOLVED). */
  status?: AlertStatus | null | undefined;
  /** Tenant of the alert. */
  tenantId: string | number;
};

/** How the tenant's Defender API answered the gateway's sync most recently. */
export type UpstreamState =
  /** The gateway could not authenticate to this tenant (consent missing or revoked?). */
  | 'AUTH_FAILED'
  /** The last poll failed, but earlier data is served from the index. */
  | 'DEGRADED'
  /** The last poll succeeded. */
  | 'HEALTHY'
  /** No poll has completed yet. */
  | 'PENDING'
  /** Upstream or the gateway's budget throttled the last poll. */
  | 'THROTTLED'
  /** Upstream is failing or its circuit breaker is open. */
  | 'UNAVAILABLE';

export type AlertQueryVariables = Exact<{
  tenantId: string | number;
  id: string | number;
}>;


export type AlertQuery = { alert: { id: string, title: string, description: string | null, severity: AlertSeverity, status: AlertStatus, classification: AlertClassification | null, determination: AlertDetermination | null, investigationState: InvestigationState | null, incidentId: number | null, detectionSource: DetectionSource | null, category: string | null, threatName: string | null, mitreTechniques: Array<string>, syncedAt: string, portalUrl: string, relatedUser: { userName: string, domainName: string } | null, comments: Array<{ comment: string, createdBy: string, createdTime: string | null }>, evidence: Array<{ entityType: string, fileName: string | null, sha256: string | null, processCommandLine: string | null, ipAddress: string | null, url: string | null }> } | null };

export type AlertsQueryVariables = Exact<{
  filter?: AlertFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  orderBy?: AlertOrder | null | undefined;
}>;


export type AlertsQuery = { alerts: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, tenantId: string, title: string, severity: AlertSeverity, status: AlertStatus, category: string | null, assignedTo: string | null, alertCreationTime: string | null, lastUpdateTime: string | null, portalUrl: string, tenant: { name: string }, machine: { computerDnsName: string, osPlatform: string | null, healthStatus: string | null } | null } }> } };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { id: string, displayName: string, isAdmin: boolean, tenantRoles: Array<{ tenantId: string, roles: Array<TenantRole>, tenant: { name: string } | null }> } };

export type TenantsQueryVariables = Exact<{ [key: string]: never; }>;


export type TenantsQuery = { tenants: Array<{ id: string, name: string, region: string, portalUrl: string, sync: { lastSuccessAt: string | null, lagSeconds: number | null, upstreamState: UpstreamState, indexedAlerts: number, budgetLeftThisMinute: number | null }, alertCounts: { high: number, medium: number, low: number, total: number } | null }> };

export type UpdateAlertMutationVariables = Exact<{
  input: UpdateAlertInput;
}>;


export type UpdateAlertMutation = { updateAlert: { id: string, status: AlertStatus, assignedTo: string | null, classification: AlertClassification | null, determination: AlertDetermination | null, lastUpdateTime: string | null, comments: Array<{ comment: string, createdBy: string }> } };


export const AlertDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Alert"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"tenantId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"alert"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"tenantId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"tenantId"}}},{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"severity"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"classification"}},{"kind":"Field","name":{"kind":"Name","value":"determination"}},{"kind":"Field","name":{"kind":"Name","value":"investigationState"}},{"kind":"Field","name":{"kind":"Name","value":"incidentId"}},{"kind":"Field","name":{"kind":"Name","value":"detectionSource"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"threatName"}},{"kind":"Field","name":{"kind":"Name","value":"mitreTechniques"}},{"kind":"Field","name":{"kind":"Name","value":"relatedUser"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"userName"}},{"kind":"Field","name":{"kind":"Name","value":"domainName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"comments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"comment"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"}},{"kind":"Field","name":{"kind":"Name","value":"createdTime"}}]}},{"kind":"Field","name":{"kind":"Name","value":"evidence"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entityType"}},{"kind":"Field","name":{"kind":"Name","value":"fileName"}},{"kind":"Field","name":{"kind":"Name","value":"sha256"}},{"kind":"Field","name":{"kind":"Name","value":"processCommandLine"}},{"kind":"Field","name":{"kind":"Name","value":"ipAddress"}},{"kind":"Field","name":{"kind":"Name","value":"url"}}]}},{"kind":"Field","name":{"kind":"Name","value":"syncedAt"}},{"kind":"Field","name":{"kind":"Name","value":"portalUrl"}}]}}]}}]} as unknown as DocumentNode<AlertQuery, AlertQueryVariables>;
export const AlertsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Alerts"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"AlertFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"AlertOrder"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"alerts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"tenantId"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"severity"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"assignedTo"}},{"kind":"Field","name":{"kind":"Name","value":"alertCreationTime"}},{"kind":"Field","name":{"kind":"Name","value":"lastUpdateTime"}},{"kind":"Field","name":{"kind":"Name","value":"portalUrl"}},{"kind":"Field","name":{"kind":"Name","value":"tenant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"machine"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"computerDnsName"}},{"kind":"Field","name":{"kind":"Name","value":"osPlatform"}},{"kind":"Field","name":{"kind":"Name","value":"healthStatus"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<AlertsQuery, AlertsQueryVariables>;
export const MeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"isAdmin"}},{"kind":"Field","name":{"kind":"Name","value":"tenantRoles"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tenantId"}},{"kind":"Field","name":{"kind":"Name","value":"roles"}},{"kind":"Field","name":{"kind":"Name","value":"tenant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<MeQuery, MeQueryVariables>;
export const TenantsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Tenants"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tenants"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"portalUrl"}},{"kind":"Field","name":{"kind":"Name","value":"sync"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lastSuccessAt"}},{"kind":"Field","name":{"kind":"Name","value":"lagSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"upstreamState"}},{"kind":"Field","name":{"kind":"Name","value":"indexedAlerts"}},{"kind":"Field","name":{"kind":"Name","value":"budgetLeftThisMinute"}}]}},{"kind":"Field","name":{"kind":"Name","value":"alertCounts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"high"}},{"kind":"Field","name":{"kind":"Name","value":"medium"}},{"kind":"Field","name":{"kind":"Name","value":"low"}},{"kind":"Field","name":{"kind":"Name","value":"total"}}]}}]}}]}}]} as unknown as DocumentNode<TenantsQuery, TenantsQueryVariables>;
export const UpdateAlertDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateAlert"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateAlertInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateAlert"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"assignedTo"}},{"kind":"Field","name":{"kind":"Name","value":"classification"}},{"kind":"Field","name":{"kind":"Name","value":"determination"}},{"kind":"Field","name":{"kind":"Name","value":"lastUpdateTime"}},{"kind":"Field","name":{"kind":"Name","value":"comments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"comment"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"}}]}}]}}]}}]} as unknown as DocumentNode<UpdateAlertMutation, UpdateAlertMutationVariables>;