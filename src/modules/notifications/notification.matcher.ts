import { createHash } from "node:crypto";
import type { SecurityAlert } from "../../upstream/upstream.types.js";
import { NotificationChannel, NotificationTrigger, type StoredNotificationRule, triggersOf } from "./notification.model.js";

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

/** Severity and device-group condition of a rule (enabled rules with the `ALERT_CREATED` trigger only). */
export function ruleMatches(rule: StoredNotificationRule, alert: SecurityAlert): boolean {
  if (!rule.enabled || !triggersOf(rule).includes(NotificationTrigger.ALERT_CREATED)) return false;
  if (!alert.severity || !rule.severities.includes(alert.severity)) return false;
  // Any of the alert's devices counts (Graph alerts may name several; a device in no group has a null group).
  return deviceGroupsMatch(rule, deviceGroupsOf(alert));
}

/** The rule's device-group condition over the groups of some devices: empty rule groups match all, else any in common. */
export function deviceGroupsMatch(rule: Pick<StoredNotificationRule, "deviceGroups">, groups: readonly string[]): boolean {
  if (rule.deviceGroups.length === 0) return true;
  const lower = groups.map((g) => g.toLowerCase());
  return rule.deviceGroups.some((g) => lower.includes(g.toLowerCase()));
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
  return recipientsAddedBy(rule, raisedAt(alert, seenAt));
}

/** The rule's email recipients and webhooks added at or before `raised` (epoch ms), emails first. */
export function recipientsAddedBy(rule: StoredNotificationRule, raised: number): DeliveryTarget[] {
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
  // Alert ids keep the shape they had before triggers (no trigger part), so claims taken before an upgrade still hold.
  return hashedDeliveryId([ruleId, tenantId, alertId, target.channel, targetKey(target)]);
}

/** How a target is named inside a delivery id: the webhook's id, or the address in lower case. */
export const targetKey = (target: DeliveryTarget) => target.webhookId ?? target.recipient.toLowerCase();

/** `nd_` + 32 hex digits of the SHA-256 of the parts (NUL-joined, so parts cannot run into each other). */
export const hashedDeliveryId = (parts: readonly string[]): string =>
  `nd_${createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 32)}`;
