import { PORTAL } from "../common/portal.urls.js";
import { incidentPortalUrl } from "../incidents/incident.mapper.js";
import { type MessageRule, type NotificationMessage, readable } from "./notification.message.js";
import { NotificationTrigger } from "./notification.model.js";
import type { IncidentNotice } from "./notification-incident.notice.js";

/** What an incident message is about. */
export interface IncidentMessageInput {
  deliveryId: string;
  rule: MessageRule;
  tenantName: string;
  msspName: string;
  notice: IncidentNotice;
  /** A test send previewing this kind of message (`type: "notification.test"`, `previewOf` the real type). */
  test?: boolean;
}

/** Webhook `type` of each incident trigger. */
export const INCIDENT_PAYLOAD_TYPE = {
  [NotificationTrigger.INCIDENT_CREATED]: "incident.created",
  [NotificationTrigger.INCIDENT_SEVERITY_RAISED]: "incident.severity_raised",
} as const;

const incidentLink = (rule: MessageRule, incidentId: string) =>
  rule.includeTenantPortalLink ? incidentPortalUrl(rule.tenantId, incidentId) : `${PORTAL}/incidents/${encodeURIComponent(incidentId)}`;

const fact = (label: string, value: string): [string, string][] => [[label, value]];

/**
 * Builds the content of one incident notification: the incident, its alert count and devices, and the portal link.
 * Device names, ids and groups appear only with `includeDeviceInformation` (otherwise only how many); the customer
 * name only with `includeOrganizationName`, as in alert messages.
 */
export function buildIncidentMessage(m: IncidentMessageInput): NotificationMessage {
  const { rule, notice } = m;
  const { incident } = notice;
  const organizationName = rule.includeOrganizationName ? m.tenantName : null;
  const org = organizationName ? ` (${organizationName})` : "";
  const raised = notice.trigger === NotificationTrigger.INCIDENT_SEVERITY_RAISED;
  const severity = incident.severity ?? "UNKNOWN";
  const previousSeverity = notice.previousSeverity ?? "UNKNOWN";
  const name = incident.displayName ?? `Incident ${incident.id}`;
  const link = incidentLink(rule, incident.id);
  const devices = rule.includeDeviceInformation ? notice.devices : null;
  const deviceNames = (devices ?? []).map((d) => `${d.computerDnsName ?? d.machineId ?? "-"}${d.deviceGroup ? ` (${d.deviceGroup})` : ""}`);
  const more = notice.deviceCount - deviceNames.length;
  const facts: [string, string][] = [
    ...(organizationName ? fact("Organization", organizationName) : []),
    ["Incident", name],
    ["Incident id", incident.id],
    ["Severity", raised ? `${readable(severity)} (was ${readable(previousSeverity)})` : readable(severity)],
    ["Status", readable(incident.status ?? "UNKNOWN")],
    ["Alerts", String(notice.alertCount)],
    devices
      ? ["Devices", deviceNames.length > 0 ? `${deviceNames.join(", ")}${more > 0 ? ` and ${more} more` : ""}` : "-"]
      : ["Devices", String(notice.deviceCount)],
    ["Created", incident.createdDateTime ?? "-"],
    ["Rule", rule.name],
    ...(m.test ? fact("Message", "This is a test notification with an example incident. Matching incidents will be sent like this.") : []),
  ];
  const what = raised ? `Incident severity raised from ${readable(previousSeverity)}` : "New incident";
  const type = INCIDENT_PAYLOAD_TYPE[notice.trigger];
  return {
    subject: `${m.test ? "[Test] " : ""}[${readable(severity)}] ${what}: ${name}${org}`,
    organizationName,
    link,
    facts,
    payload: {
      type: m.test ? "notification.test" : type,
      ...(m.test ? { previewOf: type } : {}),
      deliveryId: m.deliveryId,
      rule: { id: rule.id, name: rule.name },
      tenantId: rule.tenantId,
      ...(organizationName ? { organizationName } : {}),
      incident: {
        id: incident.id,
        displayName: incident.displayName,
        severity,
        ...(raised ? { previousSeverity } : {}),
        status: incident.status ?? "UNKNOWN",
        createdDateTime: incident.createdDateTime,
        lastUpdateDateTime: incident.lastUpdateDateTime,
        portalUrl: link,
        alertCount: notice.alertCount,
        deviceCount: notice.deviceCount,
        ...(devices ? { devices } : {}),
      },
      sentBy: m.msspName,
    },
  };
}
