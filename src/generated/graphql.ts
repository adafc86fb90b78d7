/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Where an access grant comes from. */
export type AccessGrantOrigin =
  /** Seeded by the gateway configuration (bootstrap): always active, never expires, changed only in the configuration. */
  | 'CONFIG'
  /** Requested and decided through this API. */
  | 'REQUEST';

/** A tenant's access grant policy. */
export type AccessGrantPolicyInput = {
  /** Lifetime of grants approved from now on, in seconds (1 s to 10 years); null resets to the gateway default. */
  grantTtlSeconds?: number | null | undefined;
  /** Entra tenant id. */
  tenantId: string | number;
};

/** Where an access grant is in its lifecycle. Only APPROVED grants authorize. */
export type AccessGrantStatus =
  /** Approved and not yet expired: the subject holds the role on the tenant. */
  | 'APPROVED'
  /** An approver turned the request down. */
  | 'DENIED'
  /** Reached `expiresAt`; a new request is needed (like an access package's automatic expiry). */
  | 'EXPIRED'
  /** Requested, waiting for an approver of the tenant (or a gateway admin). */
  | 'PENDING'
  /** Withdrawn by its owner, or taken away by an approver or admin. */
  | 'REVOKED';

/** The identity to request access for (gateway admins only; omit it to request for yourself). */
export type AccessSubjectInput = {
  /** Display name to show in lists and audit trails. */
  displayName?: string | null | undefined;
  /** Entra object id of the user or group, or the app (client) id. */
  id: string | number;
  /** User, group or app. */
  kind: AccessSubjectKind;
};

/** Kind of identity an access grant applies to. */
export type AccessSubjectKind =
  /** An application using client-credentials (app-only) tokens: matches `azp`/`appid`. */
  | 'APP'
  /** An Entra security group: matches any id in the token's `groups` claim. */
  | 'GROUP'
  /** One Entra user: matches the token's `oid`. */
  | 'USER';

/** Analyst classification of an alert (`classification`; null until set). */
export type AlertClassification =
  /** Raised wrongly: no such activity, or a detection error. */
  | 'FALSE_POSITIVE'
  /** Real activity that is expected or harmless here (e.g. a security test, a sanctioned tool). */
  | 'INFORMATIONAL_EXPECTED_ACTIVITY'
  /** A real threat. */
  | 'TRUE_POSITIVE'
  /** A value upstream returned that this gateway version does not know yet (see the `…Raw` field). */
  | 'UNKNOWN';

/** Analyst determination of an alert (`determination`). `APT` and `SECURITY_PERSONNEL` are deprecated upstream. */
export type AlertDetermination =
  /** Deprecated upstream (2022): advanced persistent threat. Found on old alerts; cannot be set. */
  | 'APT'
  /** False positive: nothing malicious (Graph `clean`; the Defender update API: `NotMalicious`). */
  | 'CLEAN'
  /** True positive: a user account was compromised (Graph `compromisedUser`, also read as `compromisedAccount`). */
  | 'COMPROMISED_USER'
  /** Expected activity: the user confirmed they did it (Graph `confirmedUserActivity`; the Defender update API: `ConfirmedActivity`). */
  | 'CONFIRMED_USER_ACTIVITY'
  /** False positive: not enough data to decide (Graph `insufficientData`, also read as `notEnoughDataToValidate`). */
  | 'INSUFFICIENT_DATA'
  /** Expected activity: a line-of-business application behaving as designed. */
  | 'LINE_OF_BUSINESS_APPLICATION'
  /** True positive: a user acting with malicious intent. */
  | 'MALICIOUS_USER_ACTIVITY'
  /** True positive: malware. */
  | 'MALWARE'
  /** True positive: several stages of an attack. */
  | 'MULTI_STAGED_ATTACK'
  /** Any other determination. */
  | 'OTHER'
  /** True positive: phishing. */
  | 'PHISHING'
  /** Deprecated upstream (2022): activity by security personnel. Found on old alerts; cannot be set. */
  | 'SECURITY_PERSONNEL'
  /** Expected activity: a security test (red team, penetration test). */
  | 'SECURITY_TESTING'
  /** A value upstream returned that this gateway version does not know yet (see the `…Raw` field). */
  | 'UNKNOWN'
  /** True positive: potentially unwanted software. */
  | 'UNWANTED_SOFTWARE';

/** What happened to the alert. */
export type AlertEventKind =
  /** The gateway saw the alert for the first time. */
  | 'CREATED'
  /** The alert changed upstream or through `updateAlert` (newer `lastUpdateTime`). */
  | 'UPDATED';

/** Narrows an alert list. All conditions must hold (AND); list values match any of them (OR). */
export type AlertFilter = {
  /** Assigned to any of these owners (exact, case-insensitive: a UPN, a display name…). */
  assignedTo?: Array<string> | null | undefined;
  /** Any of these categories (exact, as Defender spells them, e.g. `Execution`). */
  categories?: Array<string> | null | undefined;
  /** Created at or after this time. */
  createdSince?: string | null | undefined;
  /** Created at or before this time. */
  createdUntil?: string | null | undefined;
  /** Any of these detection sources. */
  detectionSources?: Array<DetectionSource> | null | undefined;
  /** Raised by any of these detectors (`Alert.detectorId`, case-insensitive), e.g. a `SharedIndicator` of kind DETECTOR. */
  detectorIds?: Array<string> | null | undefined;
  /** Only alerts whose evidence shows these indicators (a file hash, IP, URL or domain, account, device), across tenants. */
  evidence?: EvidenceFilter | null | undefined;
  /** Only alerts of this incident. */
  incidentId?: number | null | undefined;
  /** Only alerts with this device id (`mdeDeviceId`) among their device evidence. */
  machineId?: string | null | undefined;
  /** Case-insensitive text contained in the title or description. */
  search?: string | null | undefined;
  /** Any of these products (legacy Defender for Endpoint alerts are `MICROSOFT_DEFENDER_FOR_ENDPOINT`). */
  serviceSources?: Array<ServiceSource> | null | undefined;
  /** Any of these severities. */
  severities?: Array<AlertSeverity> | null | undefined;
  /** Any of these statuses. */
  statuses?: Array<AlertStatus> | null | undefined;
  /** Only these tenants (ignored for tenants you cannot see). */
  tenantIds?: Array<string | number> | null | undefined;
  /** Last updated at or after this time. */
  updatedSince?: string | null | undefined;
};

/** Sort order of an alert list. Default: newest `lastUpdateDateTime` first. */
export type AlertOrder = {
  /** Direction. */
  direction?: OrderDirection;
  /** Sort key. */
  field?: AlertOrderField;
};

/** What to sort alerts by. */
export type AlertOrderField =
  /** When upstream created the alert, `createdDateTime`. */
  | 'ALERT_CREATION_TIME'
  /** When upstream last changed the alert, `lastUpdateDateTime` (the default). */
  | 'LAST_UPDATE_TIME';

/** Alert severity (Graph and Defender `severity`). */
export type AlertSeverity =
  /** Likely an active attack that can do significant harm; act first on these. */
  | 'HIGH'
  /** Not a threat by itself; context for an investigation. */
  | 'INFORMATIONAL'
  /** Suspicious activity that is usually not harmful (e.g. prevalent tools, unusual but benign behaviour). */
  | 'LOW'
  /** Anomalous behaviour that may be part of an attack (e.g. suspicious registry changes); investigate. */
  | 'MEDIUM'
  /** A value upstream returned that this gateway version does not know yet (see the `…Raw` field). */
  | 'UNKNOWN'
  /** Upstream gave no severity (Graph `unknown`, Defender `UnSpecified`). */
  | 'UNSPECIFIED';

/** Alert status (Graph and Defender `status`). */
export type AlertStatus =
  /** An analyst is working on it. */
  | 'IN_PROGRESS'
  /** Not yet picked up by an analyst. */
  | 'NEW'
  /** Closed; see `classification` and `determination` for the verdict. */
  | 'RESOLVED'
  /** Upstream reported no status, or one this gateway version does not know (see `statusRaw`). */
  | 'UNKNOWN';

/** What a bulk change sets on every alert; omitted fields keep their values. At least one field. */
export type BulkAlertPatchInput = {
  /** New owner (free text upstream; a UPN by convention). */
  assignedTo?: string | null | undefined;
  /** Classification. */
  classification?: AlertClassification | null | undefined;
  /** A comment to add to every alert (max 1,000 characters), signed with your name. Not added twice to an alert that has it. */
  comment?: string | null | undefined;
  /** Determination (not the deprecated APT or SECURITY_PERSONNEL). */
  determination?: AlertDetermination | null | undefined;
  /** New status (NEW, IN_PROGRESS or RESOLVED). */
  status?: AlertStatus | null | undefined;
};

/** What a bulk change sets on every incident; omitted fields keep their values. At least one field. */
export type BulkIncidentPatchInput = {
  /** New owner (free text upstream; a UPN by convention). */
  assignedTo?: string | null | undefined;
  /** Classification. */
  classification?: AlertClassification | null | undefined;
  /** A comment to add to every incident (max 1,000 characters), signed with your name. Not added twice to an incident that has it. */
  comment?: string | null | undefined;
  /** Replaces the analysts' tags (at most 50, each 1 to 128 characters; `[]` clears them). */
  customTags?: Array<string> | null | undefined;
  /** Determination (not the deprecated APT or SECURITY_PERSONNEL). */
  determination?: AlertDetermination | null | undefined;
  /** New status (ACTIVE, IN_PROGRESS, RESOLVED or AWAITING_ACTION). */
  status?: IncidentStatus | null | undefined;
};

/** One alert or incident of a bulk change: its tenant and its id. */
export type BulkItemInput = {
  /** Alert or incident id. */
  id: string | number;
  /** Tenant of the item. */
  tenantId: string | number;
};

/** Which product or sensor raised the alert (`detectionSource`; Graph's values map onto the Defender-era names where they mean the same). */
export type DetectionSource =
  /** An app governance detection. */
  | 'APP_GOVERNANCE_DETECTION'
  /** An app governance policy. */
  | 'APP_GOVERNANCE_POLICY'
  /** Defender's automated investigation and response. */
  | 'AUTOMATED_INVESTIGATION'
  /** Microsoft Entra ID Protection. */
  | 'AZURE_AD_IDENTITY_PROTECTION'
  /** Microsoft Defender for Cloud Apps. */
  | 'CLOUD_APP_SECURITY'
  /** The customer's own threat-intelligence indicators (Graph `customTi`). */
  | 'CUSTOMER_TI'
  /** A custom detection rule (advanced hunting) of the customer. */
  | 'CUSTOM_DETECTION'
  /** Created by hand. */
  | 'MANUAL'
  /** Microsoft Purview data loss prevention. */
  | 'MICROSOFT_DATA_LOSS_PREVENTION'
  /** Microsoft Defender for API Management. */
  | 'MICROSOFT_DEFENDER_FOR_API_MANAGEMENT'
  /** Microsoft Defender for App Service. */
  | 'MICROSOFT_DEFENDER_FOR_APP_SERVICE'
  /** Microsoft Defender for Cloud. */
  | 'MICROSOFT_DEFENDER_FOR_CLOUD'
  /** Microsoft Defender for Containers. */
  | 'MICROSOFT_DEFENDER_FOR_CONTAINERS'
  /** Microsoft Defender for Databases. */
  | 'MICROSOFT_DEFENDER_FOR_DATABASES'
  /** Microsoft Defender for DNS. */
  | 'MICROSOFT_DEFENDER_FOR_DNS'
  /** Microsoft Defender for Identity. */
  | 'MICROSOFT_DEFENDER_FOR_IDENTITY'
  /** Microsoft Defender for IoT. */
  | 'MICROSOFT_DEFENDER_FOR_IOT'
  /** Microsoft Defender for Key Vault. */
  | 'MICROSOFT_DEFENDER_FOR_KEY_VAULT'
  /** Microsoft Defender for Network. */
  | 'MICROSOFT_DEFENDER_FOR_NETWORK'
  /** Microsoft Defender for Resource Manager. */
  | 'MICROSOFT_DEFENDER_FOR_RESOURCE_MANAGER'
  /** Microsoft Defender for Servers. */
  | 'MICROSOFT_DEFENDER_FOR_SERVERS'
  /** Microsoft Defender for Storage. */
  | 'MICROSOFT_DEFENDER_FOR_STORAGE'
  /** Microsoft Defender XDR (formerly Microsoft Threat Protection; Graph `microsoft365Defender`). */
  | 'MTP'
  /** Microsoft Defender for Office 365. */
  | 'OFFICE_ATP'
  /** A third-party sensor integrated with Defender. */
  | 'THIRD_PARTY_SENSORS'
  /** Microsoft Defender Experts (threat experts notification). */
  | 'THREAT_EXPERTS'
  /** A value upstream returned that this gateway version does not know yet (see the `…Raw` field). */
  | 'UNKNOWN'
  /** Microsoft Defender for Endpoint (EDR; Graph `microsoftDefenderForEndpoint`). */
  | 'WINDOWS_DEFENDER_ATP'
  /** Microsoft Defender Antivirus (Graph `antivirus`). */
  | 'WINDOWS_DEFENDER_AV'
  /** Microsoft Defender SmartScreen. */
  | 'WINDOWS_DEFENDER_SMART_SCREEN';

/** Finds alerts by what their evidence contains, across all tenants you can read. Every given condition must hold (AND), each on any evidence of the alert; matching ignores case. Malformed values are rejected with BAD_USER_INPUT (`extensions.field` = `filter.evidence.<field>`). At most 200 indicators are indexed per alert (the first in evidence order). */
export type EvidenceFilter = {
  /** An account of user, process or mailbox evidence: account name, `DOMAIN\name`, user principal name or mailbox address. */
  accountName?: string | null | undefined;
  /** A device DNS name of device evidence, full (`pc-17.contoso.local`) or its short host name (`pc-17`). */
  deviceName?: string | null | undefined;
  /** A host name: matches URL evidence on that host or any host below it (`contoso.com` finds `https://login.contoso.com/x`). Not an IP address (use `ipAddress`) nor a URL. */
  domain?: string | null | undefined;
  /** An IPv4 or IPv6 address (any notation) of IP evidence or of a device's network interfaces. */
  ipAddress?: string | null | undefined;
  /** SHA-1 (40 hex digits) of a file, a process image or its parent's image. */
  sha1?: string | null | undefined;
  /** SHA-256 (64 hex digits) of a file, a process image or its parent's image. */
  sha256?: string | null | undefined;
  /** A URL of URL evidence, exactly as recorded (only case is ignored; at most 2,048 characters). Use `domain` for partial matches. */
  url?: string | null | undefined;
};

/** Microsoft's verdict on one piece of evidence (Graph `verdict`). The legacy Defender API gives none (null). */
export type EvidenceVerdict =
  /** Microsoft judged the entity malicious. */
  | 'MALICIOUS'
  /** Microsoft found no threat in the entity. */
  | 'NO_THREATS_FOUND'
  /** Microsoft judged the entity suspicious: it may be malicious; investigate. */
  | 'SUSPICIOUS'
  /** A verdict Microsoft returned that this gateway version does not know yet (see `verdictRaw`). */
  | 'UNKNOWN';

/** What happened to the incident. */
export type IncidentEventKind =
  /** The gateway saw the incident for the first time. */
  | 'CREATED'
  /** The incident changed upstream or through `updateIncident`/`addIncidentComment` (newer `lastUpdateDateTime`), merges included. */
  | 'UPDATED';

/** Narrows an incident list. All conditions must hold (AND); list values match any of them (OR). Incidents merged into another (status REDIRECTED) are left out unless `includeRedirected` is true or `statuses` names REDIRECTED. */
export type IncidentFilter = {
  /** Assigned to any of these owners (exact, case-insensitive: a UPN, a display name…). With `unassigned: true`, also nobody's. */
  assignedTo?: Array<string> | null | undefined;
  /** Any of these classifications; `null` in the list matches incidents not classified yet. */
  classifications?: Array<AlertClassification | null | undefined> | null | undefined;
  /** Created at or after this time. */
  createdSince?: string | null | undefined;
  /** Created at or before this time. */
  createdUntil?: string | null | undefined;
  /** Any of these determinations; `null` in the list matches incidents without one. */
  determinations?: Array<AlertDetermination | null | undefined> | null | undefined;
  /** Also list incidents merged into another (status REDIRECTED, `redirectIncidentId` set; their alerts belong to the target now). Default false. */
  includeRedirected?: boolean | null | undefined;
  /** Case-insensitive text contained in the name or description. */
  search?: string | null | undefined;
  /** Involving any of these products (the service sources of its alerts, as known when the incident was last synced). */
  serviceSources?: Array<ServiceSource> | null | undefined;
  /** Any of these severities. */
  severities?: Array<AlertSeverity> | null | undefined;
  /** Any of these statuses. */
  statuses?: Array<IncidentStatus> | null | undefined;
  /** Carrying any of these tags, custom or system (exact, case-insensitive). */
  tags?: Array<string> | null | undefined;
  /** Only these tenants (ignored for tenants you cannot see). */
  tenantIds?: Array<string | number> | null | undefined;
  /** true: only incidents nobody is assigned to (or those and `assignedTo`'s: "mine or nobody's"); false: only assigned ones. */
  unassigned?: boolean | null | undefined;
  /** Last updated at or after this time. */
  updatedSince?: string | null | undefined;
  /** Last updated at or before this time. */
  updatedUntil?: string | null | undefined;
};

/** Sort order of an incident list. Default: newest `lastUpdateDateTime` first. */
export type IncidentOrder = {
  /** Direction. */
  direction?: OrderDirection;
  /** Sort key. */
  field?: IncidentOrderField;
};

/** What to sort incidents by. */
export type IncidentOrderField =
  /** When upstream created the incident, `createdDateTime`. */
  | 'CREATED_DATE_TIME'
  /** When upstream last changed the incident, `lastUpdateDateTime` (the default). */
  | 'LAST_UPDATE_DATE_TIME';

/** Incident status (Graph `status`). */
export type IncidentStatus =
  /** Open: nobody has started on it yet. */
  | 'ACTIVE'
  /** Waiting for someone's action (e.g. a customer's approval). */
  | 'AWAITING_ACTION'
  /** An analyst is working on it. */
  | 'IN_PROGRESS'
  /** Merged into another incident (see `redirectIncidentId`); its alerts now belong there. */
  | 'REDIRECTED'
  /** Closed; see `classification` and `determination` for the verdict. */
  | 'RESOLVED'
  /** A value upstream returned that this gateway version does not know yet (see the `…Raw` field). */
  | 'UNKNOWN';

/** State of the automated investigation linked to the alert (legacy Defender API `investigationState`; Graph v1.0 has none). */
export type InvestigationState =
  /** No threat was found. */
  | 'BENIGN'
  /** The investigation failed. */
  | 'FAILED'
  /** Failed inside one of its steps. */
  | 'INNER_FAILURE'
  /** Only part of the entities could be investigated. */
  | 'PARTIALLY_INVESTIGATED'
  /** Some threats were remediated, others remain. */
  | 'PARTIALLY_REMEDIATED'
  /** Remediation actions wait for an analyst's approval in the Defender portal. */
  | 'PENDING_APPROVAL'
  /** Waiting for a device or resource to become available. */
  | 'PENDING_RESOURCE'
  /** Not investigated: the alert existed before automated investigation was enabled. */
  | 'PREEXISTING_ALERT'
  /** Waiting to start. */
  | 'QUEUED'
  /** The investigation is running. */
  | 'RUNNING'
  /** Threats were found and remediated. */
  | 'SUCCESSFULLY_REMEDIATED'
  /** Not investigated: the alert is suppressed. */
  | 'SUPPRESSED_ALERT'
  /** The investigation was stopped. */
  | 'TERMINATED'
  /** Stopped by Defender (e.g. a timeout). */
  | 'TERMINATED_BY_SYSTEM'
  /** Stopped by a user. */
  | 'TERMINATED_BY_USER'
  /** A value Defender returned that this gateway version does not know yet. */
  | 'UNKNOWN'
  /** Not investigated: this alert type is not supported by automated investigation. */
  | 'UNSUPPORTED_ALERT_TYPE'
  /** Not investigated: the device's operating system is not supported. */
  | 'UNSUPPORTED_OS';

/** How a notification is delivered. */
export type NotificationChannel =
  /** Email through the gateway's SMTP server. */
  | 'EMAIL'
  /** Signed JSON POST to a webhook endpoint. */
  | 'WEBHOOK';

/** Where a delivery stands. */
export type NotificationDeliveryStatus =
  /** Gave up: a permanent error, or every attempt failed. See `lastError`. */
  | 'FAILED'
  /** Claimed by a replica; the first attempt has not finished yet. */
  | 'PENDING'
  /** An attempt failed; another one is scheduled at `nextAttemptAt`. */
  | 'RETRYING'
  /** Accepted by the SMTP server or answered 2xx by the webhook. */
  | 'SENT'
  /** Email is not configured on this gateway (no `SMTP_HOST`), so nothing was sent. */
  | 'SKIPPED_NOT_CONFIGURED';

/** Everything a notification rule says. Used whole on create and on update (update replaces the rule's settings). */
export type NotificationRuleInput = {
  /** Free text, up to 1,000 characters. */
  description?: string | null | undefined;
  /** Device groups (matched case-insensitively against the alert's `rbacGroupName`). Omitted or empty: all devices. */
  deviceGroups?: Array<string> | null | undefined;
  /** Disabled rules keep their settings but send nothing. */
  enabled?: boolean;
  /** Put the device name and group into messages (mail may be processed by servers outside the tenant's data geography). */
  includeDeviceInformation?: boolean;
  /** Put the customer (tenant) name into messages. MSSPs need it. */
  includeOrganizationName?: boolean;
  /** Links carry `?tid=<tenantId>` so they open the right tenant directly. MSSPs need it. */
  includeTenantPortalLink?: boolean;
  /** Rule name, 1 to 100 characters. */
  name: string;
  /** Notify only for the first matching alert of each incident (`ALERT_CREATED` only). */
  onlyFirstOccurrencePerIncident?: boolean;
  /** Email addresses (up to 50). May be empty only when `webhooks` has at least one entry. */
  recipients: Array<string>;
  /** Severities that trigger the rule (at least one; `UNKNOWN` is not accepted): of the alert, or of the incident for incident triggers. For `INCIDENT_SEVERITY_RAISED` the lowest one selected is the threshold. */
  severities: Array<AlertSeverity>;
  /** Tenant whose alerts and incidents the rule watches. Cannot change on update. */
  tenantId: string | number;
  /** What the rule fires on (at least one when given). Omitted: `[ALERT_CREATED]` on create, the rule's current triggers on update. */
  triggers?: Array<NotificationTrigger> | null | undefined;
  /** Webhook endpoints (up to 10). */
  webhooks?: Array<WebhookInput> | null | undefined;
};

/** What a notification rule fires on. */
export type NotificationTrigger =
  /** A new alert of the tenant whose severity (and device group) the rule selects. The default, and what rules did before triggers. */
  | 'ALERT_CREATED'
  /** A new incident of the tenant whose severity the rule selects (and, with `deviceGroups`, one of whose alerts has a device in them). Merged (redirected) incidents never fire. */
  | 'INCIDENT_CREATED'
  /** An incident whose severity rose to or past the rule's lowest selected severity, compared with its previous version (e.g. LOW → HIGH fires a rule selecting MEDIUM and HIGH; MEDIUM → HIGH does not, it was already there). */
  | 'INCIDENT_SEVERITY_RAISED';

/** Sort direction. */
export type OrderDirection =
  /** Oldest (smallest) first. */
  | 'ASC'
  /** Newest (largest) first (the default). */
  | 'DESC';

/** A request for a role on one tenant; it stays PENDING until an approver decides it. */
export type RequestAccessInput = {
  /** Why access is needed (1–1000 characters); shown to approvers and kept in the audit trail. */
  justification: string;
  /** Role wanted on the tenant. */
  role: TenantRole;
  /** Who gets the role; default the caller. Only gateway admins may name another user, a group or an app. */
  subject?: AccessSubjectInput | null | undefined;
  /** Entra tenant id of the customer. */
  tenantId: string | number;
};

/** Which Microsoft security product the alert comes from (Graph `serviceSource`; legacy Defender for Endpoint alerts are `MICROSOFT_DEFENDER_FOR_ENDPOINT`). */
export type ServiceSource =
  /** Microsoft Entra ID Protection (risky sign-ins and users). */
  | 'AZURE_AD_IDENTITY_PROTECTION'
  /** Microsoft Purview data loss prevention. */
  | 'DATA_LOSS_PREVENTION'
  /** Microsoft Defender XDR itself (cross-product detections). */
  | 'MICROSOFT365_DEFENDER'
  /** App governance (OAuth app behaviour). */
  | 'MICROSOFT_APP_GOVERNANCE'
  /** Microsoft Defender for Cloud (workloads in Azure and other clouds). */
  | 'MICROSOFT_DEFENDER_FOR_CLOUD'
  /** Microsoft Defender for Cloud Apps (SaaS and OAuth apps). */
  | 'MICROSOFT_DEFENDER_FOR_CLOUD_APPS'
  /** Microsoft Defender for Endpoint (devices). */
  | 'MICROSOFT_DEFENDER_FOR_ENDPOINT'
  /** Microsoft Defender for Identity (on-premises Active Directory). */
  | 'MICROSOFT_DEFENDER_FOR_IDENTITY'
  /** Microsoft Defender for Office 365 (mail and collaboration). */
  | 'MICROSOFT_DEFENDER_FOR_OFFICE365'
  /** Microsoft Sentinel (SIEM analytics rules). */
  | 'MICROSOFT_SENTINEL'
  /** Microsoft Threat Intelligence. */
  | 'MICROSOFT_THREAT_INTELLIGENCE'
  /** A value upstream returned that this gateway version does not know yet (see the `…Raw` field). */
  | 'UNKNOWN';

/** Narrows the shared indicators. All conditions must hold (AND); list values match any of them (OR). */
export type SharedIndicatorFilter = {
  /** Only these kinds (default: all). */
  kinds?: Array<SharedIndicatorKind> | null | undefined;
  /** Fewest of your tenants that must have seen the indicator: 2 (the default) to 1,000. Tenants you cannot read never count. */
  minTenants?: number | null | undefined;
  /** Only tenants that saw the indicator at or after this time (their `lastSeen`) count. */
  seenSince?: string | null | undefined;
  /** Only tenants that saw the indicator at or before this time (their `firstSeen`) count. With `seenSince`: tenants whose first–last seen span overlaps the window. */
  seenUntil?: string | null | undefined;
  /** Only these tenants count (ignored for tenants you cannot read). */
  tenantIds?: Array<string | number> | null | undefined;
};

/** What a shared indicator is. */
export type SharedIndicatorKind =
  /** The detector that raised the alerts (`Alert.detectorId`, lower case). */
  | 'DETECTOR'
  /** A host name of URL evidence, and each parent domain down to two labels (`a.b.contoso.com`, `b.contoso.com`, `contoso.com`). */
  | 'DOMAIN'
  /** SHA-256 of a file, a process image or its parent's image (64 hex digits, lower case). */
  | 'FILE_SHA256'
  /** An IP address of IP evidence or of a device's interfaces (IPv6 in compressed form). Private, CGNAT, loopback, link-local and unique local addresses are left out: they name a different host at every customer. */
  | 'IP_ADDRESS'
  /** A URL of URL evidence, as recorded (lower case). */
  | 'URL';

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
  /** New owner (free text upstream; a UPN by convention). */
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

/** Up to 500 alerts, across any tenants you hold TIER2_ANALYST on, and one change for all of them. Duplicate items count once. */
export type UpdateAlertsInput = {
  /** The alerts (1 to 500 distinct). */
  items: Array<BulkItemInput>;
  /** The change. */
  patch: BulkAlertPatchInput;
};

/** Changes to one incident; omitted fields keep their values. Sent to Microsoft Graph first, then visible at once. */
export type UpdateIncidentInput = {
  /** New owner (free text upstream; a UPN by convention). */
  assignedTo?: string | null | undefined;
  /** Classification. */
  classification?: AlertClassification | null | undefined;
  /** A comment to append (max 1,000 characters), attributed to you: `[<your name> via gateway] <comment>` upstream. */
  comment?: string | null | undefined;
  /** Replaces the custom tags (at most 50, each 1 to 128 characters; `[]` removes them all). */
  customTags?: Array<string> | null | undefined;
  /** Determination. */
  determination?: AlertDetermination | null | undefined;
  /** Incident id. */
  id: string | number;
  /** New status (ACTIVE, IN_PROGRESS, AWAITING_ACTION or RESOLVED). */
  status?: IncidentStatus | null | undefined;
  /** Tenant of the incident. */
  tenantId: string | number;
};

/** Up to 500 incidents, across any tenants you hold TIER2_ANALYST on, and one change for all of them. Duplicate items count once. */
export type UpdateIncidentsInput = {
  /** The incidents (1 to 500 distinct). */
  items: Array<BulkItemInput>;
  /** The change. */
  patch: BulkIncidentPatchInput;
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

/** A webhook endpoint that receives matching alerts as signed JSON POSTs (see the README, Notifications). */
export type WebhookInput = {
  /** HMAC-SHA256 signing secret, 16 to 256 characters. Required for a new URL; omit it on update to keep the secret already stored for the same URL. */
  secret?: string | null | undefined;
  /** Absolute http(s) URL. Private, loopback and link-local addresses are refused unless the gateway allows them. */
  url: string;
};

export type AccessGrantsQueryVariables = Exact<{
  tenantId?: string | number | null | undefined;
  status?: AccessGrantStatus | null | undefined;
}>;


export type AccessGrantsQuery = { accessGrants: Array<{ id: string, tenantId: string, role: TenantRole, status: AccessGrantStatus, active: boolean, origin: AccessGrantOrigin, justification: string, requestedAt: string, decidedAt: string | null, decisionReason: string | null, expiresAt: string | null, tenant: { name: string } | null, subject: { kind: AccessSubjectKind, id: string, displayName: string | null }, requestedBy: { id: string, displayName: string }, decidedBy: { id: string, displayName: string } | null, history: Array<{ at: string, from: AccessGrantStatus | null, to: AccessGrantStatus, reason: string | null, by: { id: string, displayName: string } }> }> };

export type AddAlertCommentMutationVariables = Exact<{
  tenantId: string | number;
  id: string | number;
  comment: string;
}>;


export type AddAlertCommentMutation = { addAlertComment: { id: string, lastUpdateDateTime: string | null, comments: Array<{ comment: string, author: string, viaGateway: boolean, createdTime: string | null }> } };

export type AddIncidentCommentMutationVariables = Exact<{
  tenantId: string | number;
  id: string | number;
  comment: string;
}>;


export type AddIncidentCommentMutation = { addIncidentComment: { id: string, lastUpdateDateTime: string | null, comments: Array<{ comment: string, author: string, viaGateway: boolean, createdTime: string | null }> } };

export type AlertEventsSinceQueryVariables = Exact<{
  after?: string | null | undefined;
  first?: number | null | undefined;
  filter?: AlertFilter | null | undefined;
}>;


export type AlertEventsSinceQuery = { alertEventsSince: { edges: Array<{ cursor: string, node: { cursor: string, kind: AlertEventKind, tenantId: string, recordedAt: string, alert: { id: string, title: string, severity: AlertSeverity, status: AlertStatus, assignedTo: string | null, lastUpdateDateTime: string | null, portalUrl: string } } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type AlertEventsSubscriptionVariables = Exact<{
  filter?: AlertFilter | null | undefined;
  after?: string | null | undefined;
}>;


export type AlertEventsSubscription = { alertEvents: { cursor: string, kind: AlertEventKind, tenantId: string, recordedAt: string, alert: { id: string, title: string, severity: AlertSeverity, status: AlertStatus, assignedTo: string | null, lastUpdateDateTime: string | null, portalUrl: string } } };

export type AlertQueryVariables = Exact<{
  tenantId: string | number;
  id: string | number;
}>;


export type AlertQuery = { alert: { id: string, title: string, description: string | null, severity: AlertSeverity, status: AlertStatus, classification: AlertClassification | null, determination: AlertDetermination | null, investigationState: InvestigationState | null, incidentId: number | null, detectionSource: DetectionSource | null, category: string | null, threatDisplayName: string | null, mitreTechniques: Array<string>, syncedAt: string, portalUrl: string, relatedUser: { userName: string, domainName: string } | null, comments: Array<{ comment: string, author: string, createdBy: string, createdTime: string | null }>, evidence: Array<
      | { __typename: 'DeviceEvidence', deviceDnsName: string | null, osPlatform: string | null, verdict: EvidenceVerdict | null, roles: Array<string> }
      | { __typename: 'FileEvidence', verdict: EvidenceVerdict | null, roles: Array<string>, fileDetails: { fileName: string | null, filePath: string | null, sha256: string | null } }
      | { __typename: 'GenericEvidence', verdict: EvidenceVerdict | null, roles: Array<string> }
      | { __typename: 'IpEvidence', ipAddress: string | null, verdict: EvidenceVerdict | null, roles: Array<string> }
      | { __typename: 'MailboxEvidence', verdict: EvidenceVerdict | null, roles: Array<string> }
      | { __typename: 'ProcessEvidence', processCommandLine: string | null, verdict: EvidenceVerdict | null, roles: Array<string>, imageFile: { fileName: string | null } | null }
      | { __typename: 'RegistryKeyEvidence', verdict: EvidenceVerdict | null, roles: Array<string> }
      | { __typename: 'RegistryValueEvidence', verdict: EvidenceVerdict | null, roles: Array<string> }
      | { __typename: 'UrlEvidence', url: string | null, verdict: EvidenceVerdict | null, roles: Array<string> }
      | { __typename: 'UserEvidence', verdict: EvidenceVerdict | null, roles: Array<string>, userAccount: { accountName: string | null, userPrincipalName: string | null } }
    > } | null };

export type AlertsQueryVariables = Exact<{
  filter?: AlertFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  orderBy?: AlertOrder | null | undefined;
}>;


export type AlertsQuery = { alerts: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, tenantId: string, title: string, severity: AlertSeverity, status: AlertStatus, category: string | null, assignedTo: string | null, createdDateTime: string | null, lastUpdateDateTime: string | null, portalUrl: string, tenant: { name: string }, machine: { computerDnsName: string, osPlatform: string | null, healthStatus: string | null } | null } }> } };

export type ApproveAccessMutationVariables = Exact<{
  id: string | number;
}>;


export type ApproveAccessMutation = { approveAccess: { id: string, status: AccessGrantStatus, active: boolean, decidedAt: string | null, expiresAt: string | null, decidedBy: { id: string, displayName: string } | null } };

export type CreateNotificationRuleMutationVariables = Exact<{
  input: NotificationRuleInput;
}>;


export type CreateNotificationRuleMutation = { createNotificationRule: { id: string, name: string, enabled: boolean, severities: Array<AlertSeverity>, triggers: Array<NotificationTrigger>, deviceGroups: Array<string>, recipients: Array<string>, includeOrganizationName: boolean, includeTenantPortalLink: boolean, includeDeviceInformation: boolean, onlyFirstOccurrencePerIncident: boolean, createdBy: string, createdAt: string, webhooks: Array<{ id: string, url: string, secretSet: boolean, secretHint: string }> } };

export type DeleteNotificationRuleMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteNotificationRuleMutation = { deleteNotificationRule: boolean };

export type DenyAccessMutationVariables = Exact<{
  id: string | number;
  reason?: string | null | undefined;
}>;


export type DenyAccessMutation = { denyAccess: { id: string, status: AccessGrantStatus, decidedAt: string | null, decisionReason: string | null, decidedBy: { id: string, displayName: string } | null } };

export type IncidentEventsSinceQueryVariables = Exact<{
  after?: string | null | undefined;
  first?: number | null | undefined;
  filter?: IncidentFilter | null | undefined;
}>;


export type IncidentEventsSinceQuery = { incidentEventsSince: { edges: Array<{ cursor: string, node: { cursor: string, kind: IncidentEventKind, tenantId: string, recordedAt: string, incident: { id: string, displayName: string | null, severity: AlertSeverity, status: IncidentStatus, assignedTo: string | null, redirectIncidentId: string | null, lastUpdateDateTime: string | null, portalUrl: string } } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type IncidentEventsSubscriptionVariables = Exact<{
  filter?: IncidentFilter | null | undefined;
  after?: string | null | undefined;
}>;


export type IncidentEventsSubscription = { incidentEvents: { cursor: string, kind: IncidentEventKind, tenantId: string, recordedAt: string, incident: { id: string, displayName: string | null, severity: AlertSeverity, status: IncidentStatus, assignedTo: string | null, redirectIncidentId: string | null, lastUpdateDateTime: string | null, portalUrl: string } } };

export type IncidentQueryVariables = Exact<{
  tenantId: string | number;
  id: string | number;
  alertsFirst?: number | null | undefined;
  alertsAfter?: string | null | undefined;
}>;


export type IncidentQuery = { incident: { id: string, displayName: string | null, description: string | null, severity: AlertSeverity, status: IncidentStatus, classification: AlertClassification | null, determination: AlertDetermination | null, assignedTo: string | null, customTags: Array<string>, systemTags: Array<string>, priorityScore: number | null, createdDateTime: string | null, lastUpdateDateTime: string | null, portalUrl: string, serviceSources: Array<ServiceSource>, alertCount: number, redirectIncident: { id: string, displayName: string | null, status: IncidentStatus } | null, comments: Array<{ comment: string, author: string, viaGateway: boolean, createdTime: string | null }>, tenant: { name: string }, devices: Array<{ id: string, computerDnsName: string, osPlatform: string | null, rbacGroupName: string | null }>, alerts: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, title: string, severity: AlertSeverity, status: AlertStatus, serviceSource: ServiceSource | null, category: string | null, createdDateTime: string | null, evidence: Array<
            | { __typename: 'DeviceEvidence', mdeDeviceId: string | null, deviceDnsName: string | null, verdict: EvidenceVerdict | null }
            | { __typename: 'FileEvidence', verdict: EvidenceVerdict | null, fileDetails: { fileName: string | null, sha256: string | null } }
            | { __typename: 'GenericEvidence', verdict: EvidenceVerdict | null }
            | { __typename: 'IpEvidence', ipAddress: string | null, verdict: EvidenceVerdict | null }
            | { __typename: 'MailboxEvidence', verdict: EvidenceVerdict | null }
            | { __typename: 'ProcessEvidence', verdict: EvidenceVerdict | null }
            | { __typename: 'RegistryKeyEvidence', verdict: EvidenceVerdict | null }
            | { __typename: 'RegistryValueEvidence', verdict: EvidenceVerdict | null }
            | { __typename: 'UrlEvidence', verdict: EvidenceVerdict | null }
            | { __typename: 'UserEvidence', verdict: EvidenceVerdict | null, userAccount: { userPrincipalName: string | null } }
          >, incident: { id: string } | null } }> } } | null };

export type IncidentsQueryVariables = Exact<{
  filter?: IncidentFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  orderBy?: IncidentOrder | null | undefined;
}>;


export type IncidentsQuery = { incidents: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, tenantId: string, displayName: string | null, severity: AlertSeverity, status: IncidentStatus, classification: AlertClassification | null, determination: AlertDetermination | null, assignedTo: string | null, customTags: Array<string>, systemTags: Array<string>, createdDateTime: string | null, lastUpdateDateTime: string | null, redirectIncidentId: string | null, portalUrl: string, alertCount: number, serviceSources: Array<ServiceSource>, devices: Array<{ id: string, computerDnsName: string }>, tenant: { name: string } } }> } };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { id: string, displayName: string, isAdmin: boolean, tenantRoles: Array<{ tenantId: string, roles: Array<TenantRole>, tenant: { name: string } | null }> } };

export type NotificationDeliveriesQueryVariables = Exact<{
  ruleId: string | number;
  first?: number | null | undefined;
  status?: NotificationDeliveryStatus | null | undefined;
}>;


export type NotificationDeliveriesQuery = { notificationDeliveries: Array<{ id: string, alertId: string | null, test: boolean, channel: NotificationChannel, recipient: string, status: NotificationDeliveryStatus, attempts: number, lastError: string | null, sentAt: string | null, nextAttemptAt: string | null, createdAt: string, updatedAt: string }> };

export type NotificationRulesQueryVariables = Exact<{
  tenantId?: string | number | null | undefined;
}>;


export type NotificationRulesQuery = { notificationRules: Array<{ id: string, name: string, description: string | null, enabled: boolean, severities: Array<AlertSeverity>, triggers: Array<NotificationTrigger>, deviceGroups: Array<string>, recipients: Array<string>, includeOrganizationName: boolean, includeTenantPortalLink: boolean, includeDeviceInformation: boolean, onlyFirstOccurrencePerIncident: boolean, createdBy: string, createdAt: string, updatedBy: string, updatedAt: string, tenant: { id: string, name: string }, recipientDetails: Array<{ address: string, addedAt: string }>, webhooks: Array<{ id: string, url: string, secretSet: boolean, secretHint: string, addedAt: string }>, deliveries: Array<{ id: string, alertId: string | null, incidentId: string | null, trigger: NotificationTrigger | null, channel: NotificationChannel, recipient: string, status: NotificationDeliveryStatus, attempts: number, lastError: string | null, sentAt: string | null }> }> };

export type RequestAccessMutationVariables = Exact<{
  input: RequestAccessInput;
}>;


export type RequestAccessMutation = { requestAccess: { id: string, tenantId: string, role: TenantRole, status: AccessGrantStatus, justification: string, requestedAt: string, subject: { kind: AccessSubjectKind, id: string, displayName: string | null }, requestedBy: { id: string, displayName: string } } };

export type RevokeAccessMutationVariables = Exact<{
  id: string | number;
  reason?: string | null | undefined;
}>;


export type RevokeAccessMutation = { revokeAccess: { id: string, status: AccessGrantStatus, active: boolean, history: Array<{ at: string, from: AccessGrantStatus | null, to: AccessGrantStatus, reason: string | null, by: { id: string } }> } };

export type SendTestNotificationMutationVariables = Exact<{
  ruleId: string | number;
  trigger?: NotificationTrigger | null | undefined;
}>;


export type SendTestNotificationMutation = { sendTestNotification: { id: string, trigger: NotificationTrigger | null, channel: NotificationChannel, recipient: string, status: NotificationDeliveryStatus, attempts: number, lastError: string | null, sentAt: string | null } };

export type SetAccessGrantPolicyMutationVariables = Exact<{
  input: AccessGrantPolicyInput;
}>;


export type SetAccessGrantPolicyMutation = { setAccessGrantPolicy: { tenantId: string, grantTtlSeconds: number, isDefault: boolean } };

export type SharedIndicatorsQueryVariables = Exact<{
  filter?: SharedIndicatorFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type SharedIndicatorsQuery = { sharedIndicators: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, kind: SharedIndicatorKind, value: string, tenantCount: number, firstSeen: string, lastSeen: string, alertCount: number, severities: Array<{ severity: AlertSeverity, alertCount: number }>, tenants: Array<{ tenantId: string, firstSeen: string, lastSeen: string, alertCount: number, tenant: { name: string } }>, alertFilter: { tenantIds: Array<string>, detectorIds: Array<string> | null, evidence: { sha256: string | null, ipAddress: string | null, url: string | null, domain: string | null } | null } } }> } };

export type TenantsQueryVariables = Exact<{ [key: string]: never; }>;


export type TenantsQuery = { tenants: Array<{ id: string, name: string, region: string, portalUrl: string, sync: { lastSuccessAt: string | null, lagSeconds: number | null, upstreamState: UpstreamState, indexedAlerts: number, budgetLeftThisMinute: number | null }, alertCounts: { high: number, medium: number, low: number, total: number } | null }> };

export type UpdateAlertMutationVariables = Exact<{
  input: UpdateAlertInput;
}>;


export type UpdateAlertMutation = { updateAlert: { id: string, status: AlertStatus, assignedTo: string | null, classification: AlertClassification | null, determination: AlertDetermination | null, lastUpdateDateTime: string | null, comments: Array<{ comment: string, author: string, createdBy: string }> } };

export type UpdateAlertsMutationVariables = Exact<{
  input: UpdateAlertsInput;
}>;


export type UpdateAlertsMutation = { updateAlerts: { succeeded: Array<{ tenantId: string, id: string, status: AlertStatus, assignedTo: string | null, classification: AlertClassification | null, determination: AlertDetermination | null, lastUpdateDateTime: string | null, comments: Array<{ comment: string, author: string, viaGateway: boolean }> }>, failed: Array<{ tenantId: string, id: string, code: string, message: string, retryAfterSeconds: number | null }> } };

export type UpdateIncidentMutationVariables = Exact<{
  input: UpdateIncidentInput;
}>;


export type UpdateIncidentMutation = { updateIncident: { id: string, status: IncidentStatus, assignedTo: string | null, classification: AlertClassification | null, determination: AlertDetermination | null, customTags: Array<string>, lastUpdateDateTime: string | null, comments: Array<{ comment: string, author: string, viaGateway: boolean }> } };

export type UpdateIncidentsMutationVariables = Exact<{
  input: UpdateIncidentsInput;
}>;


export type UpdateIncidentsMutation = { updateIncidents: { succeeded: Array<{ tenantId: string, id: string, displayName: string | null, status: IncidentStatus, assignedTo: string | null, classification: AlertClassification | null, determination: AlertDetermination | null, customTags: Array<string>, lastUpdateDateTime: string | null, comments: Array<{ comment: string, author: string, viaGateway: boolean }> }>, failed: Array<{ tenantId: string, id: string, code: string, message: string, retryAfterSeconds: number | null }> } };

export type UpdateNotificationRuleMutationVariables = Exact<{
  id: string | number;
  input: NotificationRuleInput;
}>;


export type UpdateNotificationRuleMutation = { updateNotificationRule: { id: string, name: string, enabled: boolean, severities: Array<AlertSeverity>, triggers: Array<NotificationTrigger>, deviceGroups: Array<string>, recipients: Array<string>, updatedBy: string, updatedAt: string, recipientDetails: Array<{ address: string, addedAt: string }>, webhooks: Array<{ id: string, url: string, secretHint: string }> } };


export const AccessGrantsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AccessGrants"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"tenantId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"status"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"AccessGrantStatus"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accessGrants"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"tenantId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"tenantId"}}},{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"Variable","name":{"kind":"Name","value":"status"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"tenantId"}},{"kind":"Field","name":{"kind":"Name","value":"tenant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"subject"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"origin"}},{"kind":"Field","name":{"kind":"Name","value":"justification"}},{"kind":"Field","name":{"kind":"Name","value":"requestedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"requestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"decidedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"decidedAt"}},{"kind":"Field","name":{"kind":"Name","value":"decisionReason"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"history"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"by"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}}]}}]}}]} as unknown as DocumentNode<AccessGrantsQuery, AccessGrantsQueryVariables>;
export const AddAlertCommentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AddAlertComment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"tenantId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"comment"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addAlertComment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"tenantId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"tenantId"}}},{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"comment"},"value":{"kind":"Variable","name":{"kind":"Name","value":"comment"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"lastUpdateDateTime"}},{"kind":"Field","name":{"kind":"Name","value":"comments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"comment"}},{"kind":"Field","name":{"kind":"Name","value":"author"}},{"kind":"Field","name":{"kind":"Name","value":"viaGateway"}},{"kind":"Field","name":{"kind":"Name","value":"createdTime"}}]}}]}}]}}]} as unknown as DocumentNode<AddAlertCommentMutation, AddAlertCommentMutationVariables>;
export const AddIncidentCommentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AddIncidentComment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"tenantId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"comment"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addIncidentComment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"tenantId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"tenantId"}}},{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"comment"},"value":{"kind":"Variable","name":{"kind":"Name","value":"comment"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"lastUpdateDateTime"}},{"kind":"Field","name":{"kind":"Name","value":"comments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"comment"}},{"kind":"Field","name":{"kind":"Name","value":"author"}},{"kind":"Field","name":{"kind":"Name","value":"viaGateway"}},{"kind":"Field","name":{"kind":"Name","value":"createdTime"}}]}}]}}]}}]} as unknown as DocumentNode<AddIncidentCommentMutation, AddIncidentCommentMutationVariables>;
export const AlertEventsSinceDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AlertEventsSince"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"AlertFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"alertEventsSince"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"tenantId"}},{"kind":"Field","name":{"kind":"Name","value":"recordedAt"}},{"kind":"Field","name":{"kind":"Name","value":"alert"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"severity"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"assignedTo"}},{"kind":"Field","name":{"kind":"Name","value":"lastUpdateDateTime"}},{"kind":"Field","name":{"kind":"Name","value":"portalUrl"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<AlertEventsSinceQuery, AlertEventsSinceQueryVariables>;
export const AlertEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"AlertEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"AlertFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"alertEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"tenantId"}},{"kind":"Field","name":{"kind":"Name","value":"recordedAt"}},{"kind":"Field","name":{"kind":"Name","value":"alert"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"severity"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"assignedTo"}},{"kind":"Field","name":{"kind":"Name","value":"lastUpdateDateTime"}},{"kind":"Field","name":{"kind":"Name","value":"portalUrl"}}]}}]}}]}}]} as unknown as DocumentNode<AlertEventsSubscription, AlertEventsSubscriptionVariables>;
export const AlertDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Alert"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"tenantId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"alert"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"tenantId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"tenantId"}}},{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"severity"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"classification"}},{"kind":"Field","name":{"kind":"Name","value":"determination"}},{"kind":"Field","name":{"kind":"Name","value":"investigationState"}},{"kind":"Field","name":{"kind":"Name","value":"incidentId"}},{"kind":"Field","name":{"kind":"Name","value":"detectionSource"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"threatDisplayName"}},{"kind":"Field","name":{"kind":"Name","value":"mitreTechniques"}},{"kind":"Field","name":{"kind":"Name","value":"relatedUser"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"userName"}},{"kind":"Field","name":{"kind":"Name","value":"domainName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"comments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"comment"}},{"kind":"Field","name":{"kind":"Name","value":"author"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"}},{"kind":"Field","name":{"kind":"Name","value":"createdTime"}}]}},{"kind":"Field","name":{"kind":"Name","value":"evidence"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"verdict"}},{"kind":"Field","name":{"kind":"Name","value":"roles"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"FileEvidence"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fileDetails"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fileName"}},{"kind":"Field","name":{"kind":"Name","value":"filePath"}},{"kind":"Field","name":{"kind":"Name","value":"sha256"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ProcessEvidence"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"processCommandLine"}},{"kind":"Field","name":{"kind":"Name","value":"imageFile"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fileName"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IpEvidence"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ipAddress"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UrlEvidence"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"url"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeviceEvidence"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deviceDnsName"}},{"kind":"Field","name":{"kind":"Name","value":"osPlatform"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserEvidence"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"userAccount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accountName"}},{"kind":"Field","name":{"kind":"Name","value":"userPrincipalName"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"syncedAt"}},{"kind":"Field","name":{"kind":"Name","value":"portalUrl"}}]}}]}}]} as unknown as DocumentNode<AlertQuery, AlertQueryVariables>;
export const AlertsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Alerts"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"AlertFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"AlertOrder"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"alerts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"tenantId"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"severity"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"assignedTo"}},{"kind":"Field","name":{"kind":"Name","value":"createdDateTime"}},{"kind":"Field","name":{"kind":"Name","value":"lastUpdateDateTime"}},{"kind":"Field","name":{"kind":"Name","value":"portalUrl"}},{"kind":"Field","name":{"kind":"Name","value":"tenant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"machine"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"computerDnsName"}},{"kind":"Field","name":{"kind":"Name","value":"osPlatform"}},{"kind":"Field","name":{"kind":"Name","value":"healthStatus"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<AlertsQuery, AlertsQueryVariables>;
export const ApproveAccessDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ApproveAccess"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"approveAccess"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"decidedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"decidedAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}}]}}]} as unknown as DocumentNode<ApproveAccessMutation, ApproveAccessMutationVariables>;
export const CreateNotificationRuleDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateNotificationRule"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"NotificationRuleInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createNotificationRule"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"severities"}},{"kind":"Field","name":{"kind":"Name","value":"triggers"}},{"kind":"Field","name":{"kind":"Name","value":"deviceGroups"}},{"kind":"Field","name":{"kind":"Name","value":"recipients"}},{"kind":"Field","name":{"kind":"Name","value":"webhooks"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"secretSet"}},{"kind":"Field","name":{"kind":"Name","value":"secretHint"}}]}},{"kind":"Field","name":{"kind":"Name","value":"includeOrganizationName"}},{"kind":"Field","name":{"kind":"Name","value":"includeTenantPortalLink"}},{"kind":"Field","name":{"kind":"Name","value":"includeDeviceInformation"}},{"kind":"Field","name":{"kind":"Name","value":"onlyFirstOccurrencePerIncident"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}}]} as unknown as DocumentNode<CreateNotificationRuleMutation, CreateNotificationRuleMutationVariables>;
export const DeleteNotificationRuleDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteNotificationRule"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteNotificationRule"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}]}]}}]} as unknown as DocumentNode<DeleteNotificationRuleMutation, DeleteNotificationRuleMutationVariables>;
export const DenyAccessDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DenyAccess"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"reason"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"denyAccess"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"reason"},"value":{"kind":"Variable","name":{"kind":"Name","value":"reason"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"decidedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"decidedAt"}},{"kind":"Field","name":{"kind":"Name","value":"decisionReason"}}]}}]}}]} as unknown as DocumentNode<DenyAccessMutation, DenyAccessMutationVariables>;
export const IncidentEventsSinceDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"IncidentEventsSince"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"IncidentFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"incidentEventsSince"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"tenantId"}},{"kind":"Field","name":{"kind":"Name","value":"recordedAt"}},{"kind":"Field","name":{"kind":"Name","value":"incident"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"severity"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"assignedTo"}},{"kind":"Field","name":{"kind":"Name","value":"redirectIncidentId"}},{"kind":"Field","name":{"kind":"Name","value":"lastUpdateDateTime"}},{"kind":"Field","name":{"kind":"Name","value":"portalUrl"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<IncidentEventsSinceQuery, IncidentEventsSinceQueryVariables>;
export const IncidentEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"IncidentEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"IncidentFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"incidentEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"tenantId"}},{"kind":"Field","name":{"kind":"Name","value":"recordedAt"}},{"kind":"Field","name":{"kind":"Name","value":"incident"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"severity"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"assignedTo"}},{"kind":"Field","name":{"kind":"Name","value":"redirectIncidentId"}},{"kind":"Field","name":{"kind":"Name","value":"lastUpdateDateTime"}},{"kind":"Field","name":{"kind":"Name","value":"portalUrl"}}]}}]}}]}}]} as unknown as DocumentNode<IncidentEventsSubscription, IncidentEventsSubscriptionVariables>;
export const IncidentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Incident"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"tenantId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"alertsFirst"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"alertsAfter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"incident"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"tenantId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"tenantId"}}},{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"severity"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"classification"}},{"kind":"Field","name":{"kind":"Name","value":"determination"}},{"kind":"Field","name":{"kind":"Name","value":"assignedTo"}},{"kind":"Field","name":{"kind":"Name","value":"customTags"}},{"kind":"Field","name":{"kind":"Name","value":"systemTags"}},{"kind":"Field","name":{"kind":"Name","value":"priorityScore"}},{"kind":"Field","name":{"kind":"Name","value":"createdDateTime"}},{"kind":"Field","name":{"kind":"Name","value":"lastUpdateDateTime"}},{"kind":"Field","name":{"kind":"Name","value":"portalUrl"}},{"kind":"Field","name":{"kind":"Name","value":"redirectIncident"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"comments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"comment"}},{"kind":"Field","name":{"kind":"Name","value":"author"}},{"kind":"Field","name":{"kind":"Name","value":"viaGateway"}},{"kind":"Field","name":{"kind":"Name","value":"createdTime"}}]}},{"kind":"Field","name":{"kind":"Name","value":"tenant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"serviceSources"}},{"kind":"Field","name":{"kind":"Name","value":"devices"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"computerDnsName"}},{"kind":"Field","name":{"kind":"Name","value":"osPlatform"}},{"kind":"Field","name":{"kind":"Name","value":"rbacGroupName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"alertCount"}},{"kind":"Field","name":{"kind":"Name","value":"alerts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"alertsFirst"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"alertsAfter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"severity"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"serviceSource"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"createdDateTime"}},{"kind":"Field","name":{"kind":"Name","value":"evidence"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"verdict"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeviceEvidence"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mdeDeviceId"}},{"kind":"Field","name":{"kind":"Name","value":"deviceDnsName"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"FileEvidence"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fileDetails"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fileName"}},{"kind":"Field","name":{"kind":"Name","value":"sha256"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IpEvidence"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ipAddress"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserEvidence"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"userAccount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"userPrincipalName"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"incident"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<IncidentQuery, IncidentQueryVariables>;
export const IncidentsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Incidents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"IncidentFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"IncidentOrder"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"incidents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"tenantId"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"severity"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"classification"}},{"kind":"Field","name":{"kind":"Name","value":"determination"}},{"kind":"Field","name":{"kind":"Name","value":"assignedTo"}},{"kind":"Field","name":{"kind":"Name","value":"customTags"}},{"kind":"Field","name":{"kind":"Name","value":"systemTags"}},{"kind":"Field","name":{"kind":"Name","value":"createdDateTime"}},{"kind":"Field","name":{"kind":"Name","value":"lastUpdateDateTime"}},{"kind":"Field","name":{"kind":"Name","value":"redirectIncidentId"}},{"kind":"Field","name":{"kind":"Name","value":"portalUrl"}},{"kind":"Field","name":{"kind":"Name","value":"alertCount"}},{"kind":"Field","name":{"kind":"Name","value":"serviceSources"}},{"kind":"Field","name":{"kind":"Name","value":"devices"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"computerDnsName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"tenant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<IncidentsQuery, IncidentsQueryVariables>;
export const MeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"isAdmin"}},{"kind":"Field","name":{"kind":"Name","value":"tenantRoles"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tenantId"}},{"kind":"Field","name":{"kind":"Name","value":"roles"}},{"kind":"Field","name":{"kind":"Name","value":"tenant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<MeQuery, MeQueryVariables>;
export const NotificationDeliveriesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"NotificationDeliveries"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ruleId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"status"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"NotificationDeliveryStatus"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"notificationDeliveries"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ruleId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ruleId"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"Variable","name":{"kind":"Name","value":"status"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"alertId"}},{"kind":"Field","name":{"kind":"Name","value":"test"}},{"kind":"Field","name":{"kind":"Name","value":"channel"}},{"kind":"Field","name":{"kind":"Name","value":"recipient"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"sentAt"}},{"kind":"Field","name":{"kind":"Name","value":"nextAttemptAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]}}]} as unknown as DocumentNode<NotificationDeliveriesQuery, NotificationDeliveriesQueryVariables>;
export const NotificationRulesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"NotificationRules"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"tenantId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"notificationRules"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"tenantId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"tenantId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"tenant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"severities"}},{"kind":"Field","name":{"kind":"Name","value":"triggers"}},{"kind":"Field","name":{"kind":"Name","value":"deviceGroups"}},{"kind":"Field","name":{"kind":"Name","value":"recipients"}},{"kind":"Field","name":{"kind":"Name","value":"recipientDetails"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"address"}},{"kind":"Field","name":{"kind":"Name","value":"addedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"webhooks"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"secretSet"}},{"kind":"Field","name":{"kind":"Name","value":"secretHint"}},{"kind":"Field","name":{"kind":"Name","value":"addedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"includeOrganizationName"}},{"kind":"Field","name":{"kind":"Name","value":"includeTenantPortalLink"}},{"kind":"Field","name":{"kind":"Name","value":"includeDeviceInformation"}},{"kind":"Field","name":{"kind":"Name","value":"onlyFirstOccurrencePerIncident"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedBy"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"deliveries"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"alertId"}},{"kind":"Field","name":{"kind":"Name","value":"incidentId"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"channel"}},{"kind":"Field","name":{"kind":"Name","value":"recipient"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"sentAt"}}]}}]}}]}}]} as unknown as DocumentNode<NotificationRulesQuery, NotificationRulesQueryVariables>;
export const RequestAccessDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RequestAccess"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RequestAccessInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requestAccess"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"tenantId"}},{"kind":"Field","name":{"kind":"Name","value":"subject"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"justification"}},{"kind":"Field","name":{"kind":"Name","value":"requestedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"requestedAt"}}]}}]}}]} as unknown as DocumentNode<RequestAccessMutation, RequestAccessMutationVariables>;
export const RevokeAccessDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RevokeAccess"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"reason"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"revokeAccess"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"reason"},"value":{"kind":"Variable","name":{"kind":"Name","value":"reason"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"history"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"by"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}}]}}]}}]} as unknown as DocumentNode<RevokeAccessMutation, RevokeAccessMutationVariables>;
export const SendTestNotificationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SendTestNotification"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ruleId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"trigger"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"NotificationTrigger"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sendTestNotification"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ruleId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ruleId"}}},{"kind":"Argument","name":{"kind":"Name","value":"trigger"},"value":{"kind":"Variable","name":{"kind":"Name","value":"trigger"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"channel"}},{"kind":"Field","name":{"kind":"Name","value":"recipient"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"sentAt"}}]}}]}}]} as unknown as DocumentNode<SendTestNotificationMutation, SendTestNotificationMutationVariables>;
export const SetAccessGrantPolicyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SetAccessGrantPolicy"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AccessGrantPolicyInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setAccessGrantPolicy"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tenantId"}},{"kind":"Field","name":{"kind":"Name","value":"grantTtlSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"isDefault"}}]}}]}}]} as unknown as DocumentNode<SetAccessGrantPolicyMutation, SetAccessGrantPolicyMutationVariables>;
export const SharedIndicatorsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SharedIndicators"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"SharedIndicatorFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sharedIndicators"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"tenantCount"}},{"kind":"Field","name":{"kind":"Name","value":"firstSeen"}},{"kind":"Field","name":{"kind":"Name","value":"lastSeen"}},{"kind":"Field","name":{"kind":"Name","value":"alertCount"}},{"kind":"Field","name":{"kind":"Name","value":"severities"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"severity"}},{"kind":"Field","name":{"kind":"Name","value":"alertCount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"tenants"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tenantId"}},{"kind":"Field","name":{"kind":"Name","value":"firstSeen"}},{"kind":"Field","name":{"kind":"Name","value":"lastSeen"}},{"kind":"Field","name":{"kind":"Name","value":"alertCount"}},{"kind":"Field","name":{"kind":"Name","value":"tenant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"alertFilter"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tenantIds"}},{"kind":"Field","name":{"kind":"Name","value":"evidence"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sha256"}},{"kind":"Field","name":{"kind":"Name","value":"ipAddress"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"domain"}}]}},{"kind":"Field","name":{"kind":"Name","value":"detectorIds"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<SharedIndicatorsQuery, SharedIndicatorsQueryVariables>;
export const TenantsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Tenants"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tenants"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"portalUrl"}},{"kind":"Field","name":{"kind":"Name","value":"sync"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lastSuccessAt"}},{"kind":"Field","name":{"kind":"Name","value":"lagSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"upstreamState"}},{"kind":"Field","name":{"kind":"Name","value":"indexedAlerts"}},{"kind":"Field","name":{"kind":"Name","value":"budgetLeftThisMinute"}}]}},{"kind":"Field","name":{"kind":"Name","value":"alertCounts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"high"}},{"kind":"Field","name":{"kind":"Name","value":"medium"}},{"kind":"Field","name":{"kind":"Name","value":"low"}},{"kind":"Field","name":{"kind":"Name","value":"total"}}]}}]}}]}}]} as unknown as DocumentNode<TenantsQuery, TenantsQueryVariables>;
export const UpdateAlertDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateAlert"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateAlertInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateAlert"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"assignedTo"}},{"kind":"Field","name":{"kind":"Name","value":"classification"}},{"kind":"Field","name":{"kind":"Name","value":"determination"}},{"kind":"Field","name":{"kind":"Name","value":"lastUpdateDateTime"}},{"kind":"Field","name":{"kind":"Name","value":"comments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"comment"}},{"kind":"Field","name":{"kind":"Name","value":"author"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"}}]}}]}}]}}]} as unknown as DocumentNode<UpdateAlertMutation, UpdateAlertMutationVariables>;
export const UpdateAlertsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateAlerts"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateAlertsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateAlerts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"succeeded"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tenantId"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"assignedTo"}},{"kind":"Field","name":{"kind":"Name","value":"classification"}},{"kind":"Field","name":{"kind":"Name","value":"determination"}},{"kind":"Field","name":{"kind":"Name","value":"lastUpdateDateTime"}},{"kind":"Field","name":{"kind":"Name","value":"comments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"comment"}},{"kind":"Field","name":{"kind":"Name","value":"author"}},{"kind":"Field","name":{"kind":"Name","value":"viaGateway"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"failed"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tenantId"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<UpdateAlertsMutation, UpdateAlertsMutationVariables>;
export const UpdateIncidentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateIncident"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateIncidentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateIncident"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"assignedTo"}},{"kind":"Field","name":{"kind":"Name","value":"classification"}},{"kind":"Field","name":{"kind":"Name","value":"determination"}},{"kind":"Field","name":{"kind":"Name","value":"customTags"}},{"kind":"Field","name":{"kind":"Name","value":"lastUpdateDateTime"}},{"kind":"Field","name":{"kind":"Name","value":"comments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"comment"}},{"kind":"Field","name":{"kind":"Name","value":"author"}},{"kind":"Field","name":{"kind":"Name","value":"viaGateway"}}]}}]}}]}}]} as unknown as DocumentNode<UpdateIncidentMutation, UpdateIncidentMutationVariables>;
export const UpdateIncidentsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateIncidents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateIncidentsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateIncidents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"succeeded"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tenantId"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"assignedTo"}},{"kind":"Field","name":{"kind":"Name","value":"classification"}},{"kind":"Field","name":{"kind":"Name","value":"determination"}},{"kind":"Field","name":{"kind":"Name","value":"customTags"}},{"kind":"Field","name":{"kind":"Name","value":"lastUpdateDateTime"}},{"kind":"Field","name":{"kind":"Name","value":"comments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"comment"}},{"kind":"Field","name":{"kind":"Name","value":"author"}},{"kind":"Field","name":{"kind":"Name","value":"viaGateway"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"failed"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tenantId"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<UpdateIncidentsMutation, UpdateIncidentsMutationVariables>;
export const UpdateNotificationRuleDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateNotificationRule"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"NotificationRuleInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateNotificationRule"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"severities"}},{"kind":"Field","name":{"kind":"Name","value":"triggers"}},{"kind":"Field","name":{"kind":"Name","value":"deviceGroups"}},{"kind":"Field","name":{"kind":"Name","value":"recipients"}},{"kind":"Field","name":{"kind":"Name","value":"recipientDetails"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"address"}},{"kind":"Field","name":{"kind":"Name","value":"addedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"webhooks"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"secretHint"}}]}},{"kind":"Field","name":{"kind":"Name","value":"updatedBy"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]}}]} as unknown as DocumentNode<UpdateNotificationRuleMutation, UpdateNotificationRuleMutationVariables>;