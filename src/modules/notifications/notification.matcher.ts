import { createHash } from "node:crypto";
import type { SecurityAlert } from "../../upstream/upstream.types.js";
import { NotificationChannel, type StoredNotificationRule } from "./notification.model.js";

/** One recipient (email address or webhook) a matching alert goes to. */
export interface DeliveryTarget {
  channel: NotificationChannel;
  /** Email address or webhook URL. */
  recipient: string;
  webhookId: string | null;
}

/** When the alert was raised: upstream's `createdDateTime`, else the time the gateway saw it. */
export const raisedAt = (alert: SecurityAlert, seenAt: string): number => {
  const t = alert.createdDateTime ? Date.parse(alert.createdDateTime) : Number.NaN;
  return Number.isNaN(t) ? Date.parse(seenAt) : t;
};

/** Severity and device-group condition of a rule (enabled rules only). */
export function ruleMatches(rule: StoredNotificationRule, alert: SecurityAlert): boolean {
  if (!rule.enabled) return false;
  if (!alert.severity || !rule.severities.includes(alert.severity)) return false;
  if (rule.deviceGroups.length === 0) return true;
  // Any of the alert's devices counts (Graph alerts may name several; a device in no group has a null group).
  const groups = deviceGroupsOf(alert).map((g) => g.toLowerCase());
  return rule.deviceGroups.some((g) => groups.includes(g.toLowerCase()));
}

/** Device groups (`rbacGroupName`) of the alert's device evidence. */
export const deviceGroupsOf = (alert: SecurityAlert): string[] =>
  alert.evidence.flatMap((e) => (e.kind === "device" && e.rbacGroupName ? [e.rbacGroupName] : []));

/**
 * Recipients of a matching rule that should get this alert: those added at or before the time the
 * alert was raised (Defender: "new recipients are notified only about alerts raised after they were added").
 */
export function targetsFor(rule: StoredNotificationRule, alert: SecurityAlert, seenAt: string): DeliveryTarget[] {
  if (!ruleMatches(rule, alert)) return [];
  const raised = raisedAt(alert, seenAt);
  const addedBefore = (addedAt: string) => Date.parse(addedAt) <= raised;
  return [
    ...rule.recipients
      .filter((r) => addedBefore(r.addedAt))
      .map((r) => ({ channel: NotificationChannel.EMAIL, recipient: r.address, webhookId: null })),
    ...rule.webhooks
      .filter((w) => addedBefore(w.addedAt))
      .map((w) => ({ channel: NotificationChannel.WEBHOOK, recipient: w.url, webhookId: w.id })),
  ];
}

/**
 * Deterministic id of the delivery of one alert to one recipient under one rule: every replica derives
 * the same id, so it doubles as the exactly-once claim key.
 */
export function deliveryIdFor(ruleId: string, tenantId: string, alertId: string, target: DeliveryTarget): string {
  const key = [ruleId, tenantId, alertId, target.channel, target.webhookId ?? target.recipient.toLowerCase()].join("\u0000");
  return `nd_${createHash("sha256").update(key).digest("hex").slice(0, 32)}`;
}
