import type { SecurityAlert } from "../../upstream/upstream.types.js";
import { deviceGroupsOf } from "./notification.matcher.js";
import { alertPortalUrl, PORTAL, tenantPortalUrl } from "../common/portal.urls.js";
import type { StoredNotificationRule } from "./notification.model.js";

/** The parts of a rule a message reads. */
export type MessageRule = Pick<
  StoredNotificationRule,
  "id" | "name" | "tenantId" | "includeOrganizationName" | "includeTenantPortalLink" | "includeDeviceInformation"
>;

/** What a message is about: one alert, or a test of the rule. */
export interface MessageInput {
  deliveryId: string;
  rule: MessageRule;
  tenantName: string;
  msspName: string;
  /** Null for a test notification. */
  alert: SecurityAlert | null;
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

/** `IN_PROGRESS` → `In progress`: enum values as a person reads them in a subject line. */
export const readable = (v: string) => v.charAt(0) + v.slice(1).toLowerCase().replace(/_/g, " ");

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
  const severity = alert.severity ?? "UNKNOWN";
  const link = alertLink(rule, alert.id);
  const firstDevice = alert.evidence.find((e) => e.kind === "device");
  const device = rule.includeDeviceInformation
    ? {
        machineId: firstDevice?.mdeDeviceId ?? null,
        computerDnsName: firstDevice?.deviceDnsName ?? null,
        deviceGroup: deviceGroupsOf(alert)[0] ?? null,
      }
    : null;
  const incidentNumber = alert.incidentId !== null && /^\d+$/.test(alert.incidentId) ? Number(alert.incidentId) : null;
  const facts: [string, string][] = [
    ...(organizationName ? ([["Organization", organizationName]] as [string, string][]) : []),
    ["Alert", alert.title],
    ["Severity", readable(severity)],
    ["Category", alert.category ?? "-"],
    ["Detection source", alert.detectionSourceRaw ?? alert.detectionSource ?? "-"],
    ...(alert.productName ? ([["Product", alert.productName]] as [string, string][]) : []),
    ["Raised", alert.createdDateTime ?? "-"],
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
    subject: `[${readable(severity)}] ${alert.title}${org}`,
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
        status: alert.status ?? "UNKNOWN",
        category: alert.category,
        detectionSource: alert.detectionSource,
        serviceSource: alert.serviceSource,
        incidentId: incidentNumber,
        incidentWebUrl: alert.incidentWebUrl,
        alertCreationTime: alert.createdDateTime,
        portalUrl: link,
        ...(device ?? {}),
      },
      sentBy: m.msspName,
    },
  };
}
