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
  onlyFirstOccurrencePerIncident: boolean;
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

/** One message to one recipient (email address or webhook) for one alert, or a test message. */
export interface StoredDelivery {
  id: string;
  ruleId: string;
  tenantId: string;
  /** Null for test notifications. */
  alertId: string | null;
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
/** Deliveries are kept per rule so the log of one rule is listed without scanning the others. */
export const deliveriesCollection = (ruleId: string) => `notification-deliveries:${ruleId}`;
