import { type StoredDelivery, type StoredNotificationRule, triggersOf } from "./notification.model.js";
import type { NotificationDelivery } from "./notification-delivery.type.js";
import type { RuleStanding } from "./notification-rule.owner.js";
import { type NotificationRule, NotificationRuleState } from "./notification-rule.type.js";

const date = (iso: string | null) => (iso ? new Date(iso) : null);

/** Stored rule and its owner's standing → GraphQL. Webhook secrets are reduced to a hint here and nowhere else. */
export function toGraphQLRule(r: StoredNotificationRule, standing: RuleStanding): NotificationRule {
  return {
    id: r.id,
    tenantId: r.tenantId,
    name: r.name,
    description: r.description,
    enabled: r.enabled,
    includeOrganizationName: r.includeOrganizationName,
    includeTenantPortalLink: r.includeTenantPortalLink,
    includeDeviceInformation: r.includeDeviceInformation,
    deviceGroups: [...r.deviceGroups],
    severities: [...r.severities],
    recipients: r.recipients.map((x) => x.address),
    recipientDetails: r.recipients.map((x) => ({ address: x.address, addedAt: new Date(x.addedAt) })),
    webhooks: r.webhooks.map((w) => ({
      id: w.id,
      url: w.url,
      secretSet: w.secret.length > 0,
      secretHint: `…${w.secret.slice(-4)}`,
      addedAt: new Date(w.addedAt),
    })),
    onlyFirstOccurrencePerIncident: r.onlyFirstOccurrencePerIncident,
    triggers: [...triggersOf(r)],
    state: standing.suspended ? NotificationRuleState.SUSPENDED : NotificationRuleState.ACTIVE,
    suspendedReason: standing.reason,
    owner: r.owner ? { ...r.owner } : null,
    createdBy: r.createdBy,
    createdAt: new Date(r.createdAt),
    updatedBy: r.updatedBy,
    updatedAt: new Date(r.updatedAt),
  };
}

export function toGraphQLDelivery(d: StoredDelivery): NotificationDelivery {
  return {
    id: d.id,
    ruleId: d.ruleId,
    tenantId: d.tenantId,
    alertId: d.alertId,
    incidentId: d.incidentId ?? null,
    trigger: d.trigger ?? (d.test ? null : "ALERT_CREATED"),
    test: d.test,
    channel: d.channel,
    recipient: d.recipient,
    status: d.status,
    attempts: d.attempts,
    lastError: d.lastError,
    sentAt: date(d.sentAt),
    nextAttemptAt: date(d.nextAttemptAt),
    createdAt: new Date(d.createdAt),
    updatedAt: new Date(d.updatedAt),
  };
}
