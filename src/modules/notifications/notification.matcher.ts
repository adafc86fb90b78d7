import { createHash } from "node:crypto";
import type { DefenderAlert } from "../../upstream/defender.types.js";
import { AlertSeverity } from "../alerts/alert.enums.js";
import { NotificationChannel, type StoredNotificationRule } from "./notification.model.js";

/** One recipient (email address or webhook) a matching alert goes to. */
export interface DeliveryTarget {
  channel: NotificationChannel;
  /** Email address or webhook URL. */
  recipient: string;
  webhookId: string | null;
}

/** When the alert was raised: Defender's `alertCreationTime`, else the time the gateway saw it. */
export const raisedAt = (alert: DefenderAlert, seenAt: string): number => {
  const t = alert.alertCreationTime ? Date.parse(alert.alertCreationTime) : Number.NaN;
  return Number.isNaN(t) ? Date.parse(seenAt) : t;
};

/** Severity and device-group condition of a rule (enabled rules only). */
export function ruleMatches(rule: StoredNotificationRule, alert: DefenderAlert): boolean {
  if (!rule.enabled) return false;
  const severity = AlertSeverity.toGraphQL(alert.severity);
  if (!severity || !rule.severities.includes(severity)) return false;
  if (rule.deviceGroups.length === 0) return true;
  const group = alert.rbacGroupName?.toLowerCase();
  return group !== undefined && rule.deviceGroups.some((g) => g.toLowerCase() === group);
}

/**
 * Recipients of a matching rule that should get this alert: those added at or before the time the
 * alert was raised (Defender: "new recipients are notified only about alerts raised after they were added").
 */
export function targetsFor(rule: StoredNotificationRule, alert: DefenderAlert, seenAt: string): DeliveryTarget[] {
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
