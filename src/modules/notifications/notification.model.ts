/**
 * Stored shapes of the notifications domain (no GraphQL imports): what the DocumentStore holds for
 * rules, deliveries and the retry outbox. Times are ISO strings; severities use GraphQL spelling.
 */

/** One email recipient of a rule and when it was added (it only gets alerts raised after that). */
export interface StoredRecipient {
  address: string;
  addedAt: string;
}

/** One webhook endpoint of a rule. `secret` never leaves the server (not in GraphQL, not in logs). */
export interface StoredWebhook {
  /** Stable id of this endpoint within the rule (kept while the URL stays the same). */
  id: string;
  url: string;
  secret: string;
  addedAt: string;
}

/**
 * On whose access a rule stands: the grant subject (user, group or app) through which its last writer held
 * WRITE_RULES on the tenant, or `GATEWAY_ADMIN` when only the gateway-admin role gave it (that role is in
 * tokens, not grants, so such rules cannot be checked at delivery and never suspend).
 */
export interface StoredRuleOwner {
  kind: "USER" | "GROUP" | "APP" | "GATEWAY_ADMIN";
  id: string;
  displayName: string | null;
}

/**
 * What a rule fires on. `ALERT_CREATED` is what every rule did before triggers existed (rules stored without
 * `triggers` mean `[ALERT_CREATED]`); the incident triggers follow the incident event log.
 */
export const NotificationTrigger = {
  ALERT_CREATED: "ALERT_CREATED",
  INCIDENT_CREATED: "INCIDENT_CREATED",
  INCIDENT_SEVERITY_RAISED: "INCIDENT_SEVERITY_RAISED",
} as const;
export type NotificationTrigger = (typeof NotificationTrigger)[keyof typeof NotificationTrigger];
export type IncidentTrigger = Exclude<NotificationTrigger, "ALERT_CREATED">;
export const NOTIFICATION_TRIGGERS = Object.values(NotificationTrigger);
export const isIncidentTrigger = (t: NotificationTrigger | null | undefined): t is IncidentTrigger =>
  t === NotificationTrigger.INCIDENT_CREATED || t === NotificationTrigger.INCIDENT_SEVERITY_RAISED;

/** A rule's triggers, with the default for rules saved before triggers existed. */
export const triggersOf = (rule: Pick<StoredNotificationRule, "triggers">): NotificationTrigger[] =>
  rule.triggers ?? [NotificationTrigger.ALERT_CREATED];

export interface StoredNotificationRule {
  id: string;
  tenantId: string;
  name: string;
  description: string | null;
  enabled: boolean;
  includeOrganizationName: boolean;
  includeTenantPortalLink: boolean;
  includeDeviceInformation: boolean;
  /** Device groups matched case-insensitively against the alert's `rbacGroupName`; empty = all devices. */
  deviceGroups: string[];
  /** GraphQL `AlertSeverity` values (never `UNKNOWN`). */
  severities: string[];
  recipients: StoredRecipient[];
  webhooks: StoredWebhook[];
  /** Applies to `ALERT_CREATED` only. */
  onlyFirstOccurrencePerIncident: boolean;
  /** What the rule fires on; absent on rules saved before triggers existed (= `[ALERT_CREATED]`, see `triggersOf`). */
  triggers?: NotificationTrigger[];
  /** Absent on rules saved before owners were recorded: those stay active until their next update. */
  owner?: StoredRuleOwner;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

export const NotificationChannel = { EMAIL: "EMAIL", WEBHOOK: "WEBHOOK" } as const;
export type NotificationChannel = (typeof NotificationChannel)[keyof typeof NotificationChannel];

export const DeliveryStatus = {
  PENDING: "PENDING",
  RETRYING: "RETRYING",
  SENT: "SENT",
  FAILED: "FAILED",
  SKIPPED_NOT_CONFIGURED: "SKIPPED_NOT_CONFIGURED",
} as const;
export type DeliveryStatus = (typeof DeliveryStatus)[keyof typeof DeliveryStatus];

export const isTerminal = (s: DeliveryStatus): boolean => s === "SENT" || s === "FAILED" || s === "SKIPPED_NOT_CONFIGURED";

/** One message to one recipient (email address or webhook) for one alert or incident, or a test message. */
export interface StoredDelivery {
  id: string;
  ruleId: string;
  tenantId: string;
  /** The alert of an `ALERT_CREATED` delivery; null for incident deliveries and test notifications. */
  alertId: string | null;
  /** The incident of an incident delivery; null (or absent, on records older than incident triggers) otherwise. */
  incidentId?: string | null;
  /**
   * What fired it; for a test, the trigger whose message it previews (null: the generic test message). Absent on
   * records older than triggers (they are alert deliveries or generic tests).
   */
  trigger?: NotificationTrigger | null;
  /** `INCIDENT_SEVERITY_RAISED` only: the incident's severity before the rise (GraphQL spelling, null = unknown). */
  previousSeverity?: string | null;
  test: boolean;
  channel: NotificationChannel;
  /** Email address, or the webhook URL. */
  recipient: string;
  /** Webhook id within the rule (webhook deliveries only). */
  webhookId: string | null;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
  /** When the next attempt is due (RETRYING only). */
  nextAttemptAt: string | null;
}

/** Retry bookkeeping for a delivery still in flight: lets another replica resume it when its owner dies. */
export interface OutboxEntry {
  deliveryId: string;
  ruleId: string;
  owner: string;
  /** Epoch ms after which any replica may take the delivery over. */
  leaseUntil: number;
}

export const RULES_COLLECTION = "notification-rules";
export const OUTBOX_COLLECTION = "notification-outbox";
export const WORKER_COLLECTION = "notification-worker";
/** Recent severities per incident (`<tenantId>:<incidentId>`), to tell a severity rise (see incident-severity.trail.ts). */
export const SEVERITY_TRAIL_COLLECTION = "notification-incident-severity";
/** Deliveries are kept per rule so the log of one rule is listed without scanning the others. */
export const deliveriesCollection = (ruleId: string) => `notification-deliveries:${ruleId}`;

/** A freshly claimed delivery, before its first attempt. */
export function pendingDelivery(
  fields: Pick<StoredDelivery, "id" | "ruleId" | "tenantId" | "alertId" | "channel" | "recipient" | "webhookId"> &
    Partial<Pick<StoredDelivery, "incidentId" | "trigger" | "previousSeverity">>,
  at: string,
): StoredDelivery {
  return {
    ...fields,
    test: false,
    status: DeliveryStatus.PENDING,
    attempts: 0,
    lastError: null,
    createdAt: at,
    updatedAt: at,
    sentAt: null,
    nextAttemptAt: null,
  };
}
