import type { DefenderAlert } from "../../upstream/defender.types.js";
import { AlertSeverity } from "../alerts/alert.enums.js";
import { alertPortalUrl, PORTAL, tenantPortalUrl } from "../common/portal.urls.js";
import type { StoredNotificationRule } from "./notification.model.js";

/** What a message is about: one alert, or a test of the rule. */
export interface MessageInput {
  deliveryId: string;
  rule: Pick<
    StoredNotificationRule,
    "id" | "name" | "tenantId" | "includeOrganizationName" | "includeTenantPortalLink" | "includeDeviceInformation"
  >;
  tenantName: string;
  msspName: string;
  /** Null for a test notification. */
  alert: DefenderAlert | null;
}

/** Channel-neutral content: the email renderer formats it, the webhook sender serializes `payload`. */
export interface NotificationMessage {
  subject: string;
  /** Customer name, only when the rule includes it. */
  organizationName: string | null;
  /** Portal link; tenant-specific (`?tid=`) only when the rule says so. */
  link: string;
  /** Label/value lines of the body, in order. */
  facts: [string, string][];
  /** The webhook's JSON body (before signing). */
  payload: Record<string, unknown>;
}

const alertLink = (rule: MessageInput["rule"], alertId: string) =>
  rule.includeTenantPortalLink ? alertPortalUrl(rule.tenantId, alertId) : `${PORTAL}/alerts/${encodeURIComponent(alertId)}`;

/**
 * Builds the content of one notification. Device name and group appear only with
 * `includeDeviceInformation`; the customer name only with `includeOrganizationName`.
 */
export function buildMessage(m: MessageInput): NotificationMessage {
  const { rule, alert } = m;
  const organizationName = rule.includeOrganizationName ? m.tenantName : null;
  const org = organizationName ? ` (${organizationName})` : "";
  if (!alert) {
    const link = rule.includeTenantPortalLink ? tenantPortalUrl(rule.tenantId) : `${PORTAL}/`;
    return {
      subject: `[Test] Notification rule "${rule.name}"${org}`,
      organizationName,
      link,
      facts: [
        ["Rule", rule.name],
        ...(organizationName ? ([["Organization", organizationName]] as [string, string][]) : []),
        ["Message", "This is a test notification. Alerts matching the rule will be sent like this."],
      ],
      payload: {
        type: "notification.test",
        deliveryId: m.deliveryId,
        rule: { id: rule.id, name: rule.name },
        tenantId: rule.tenantId,
        ...(organizationName ? { organizationName } : {}),
        portalUrl: link,
        sentBy: m.msspName,
      },
    };
  }
  const severity = AlertSeverity.toGraphQL(alert.severity) ?? "UNKNOWN";
  const link = alertLink(rule, alert.id);
  const device = rule.includeDeviceInformation
    ? { machineId: alert.machineId, computerDnsName: alert.computerDnsName, deviceGroup: alert.rbacGroupName }
    : null;
  const facts: [string, string][] = [
    ...(organizationName ? ([["Organization", organizationName]] as [string, string][]) : []),
    ["Alert", alert.title],
    ["Severity", alert.severity],
    ["Category", alert.category ?? "-"],
    ["Detection source", alert.detectionSource ?? "-"],
    ["Raised", alert.alertCreationTime ?? "-"],
    ...(alert.incidentId !== null ? ([["Incident", String(alert.incidentId)]] as [string, string][]) : []),
    ...(device
      ? ([
          ["Device", device.computerDnsName ?? device.machineId ?? "-"],
          ["Device group", device.deviceGroup ?? "-"],
        ] as [string, string][])
      : []),
    ["Rule", rule.name],
  ];
  return {
    subject: `[${alert.severity}] ${alert.title}${org}`,
    organizationName,
    link,
    facts,
    payload: {
      type: "alert.created",
      deliveryId: m.deliveryId,
      rule: { id: rule.id, name: rule.name },
      tenantId: rule.tenantId,
      ...(organizationName ? { organizationName } : {}),
      alert: {
        id: alert.id,
        title: alert.title,
        severity,
        status: alert.status,
        category: alert.category,
        detectionSource: alert.detectionSource,
        incidentId: alert.incidentId,
        alertCreationTime: alert.alertCreationTime,
        portalUrl: link,
        ...(device ?? {}),
      },
      sentBy: m.msspName,
    },
  };
}
