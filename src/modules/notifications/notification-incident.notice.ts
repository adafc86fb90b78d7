import type { AlertIndex } from "../../store/store.types.js";
import type { SecurityAlert, SecurityIncident } from "../../upstream/upstream.types.js";
import { type IncidentTrigger, NotificationTrigger, type StoredNotificationRule } from "./notification.model.js";
import { SEVERITY_ORDER, severityRank } from "./notification-incident.matcher.js";

/** A device of an incident's alerts, as messages name it (only with `includeDeviceInformation`). */
export interface NoticeDevice {
  machineId: string | null;
  computerDnsName: string | null;
  deviceGroup: string | null;
}

/** What an incident's alerts in the index say about it. */
export interface IncidentAlertFacts {
  /** Alerts of the incident in the index (at least as many as the incident's own `alertIds` name). */
  alertCount: number;
  /** Distinct devices of their device evidence, first seen first, at most `NOTICE_DEVICES_MAX`. */
  devices: NoticeDevice[];
  /** Distinct devices in all (may exceed `devices.length`). */
  deviceCount: number;
  /** Distinct device groups of all those devices (for the rule's device-group condition). */
  deviceGroups: string[];
}

/** One incident event as a notification tells it. */
export interface IncidentNotice extends IncidentAlertFacts {
  tenantId: string;
  trigger: IncidentTrigger;
  incident: SecurityIncident;
  /** `INCIDENT_SEVERITY_RAISED`: the severity before the rise (null = none or unknown); null otherwise. */
  previousSeverity: string | null;
}

/** Devices named in one message; the rest are counted. */
export const NOTICE_DEVICES_MAX = 20;
/** Alerts read per incident: enough for the devices of any incident a person reads about; the count stays exact. */
const ALERTS_MAX = 1_000;
const PAGE = 200;

/** Reads an incident's alerts from the alert index (within its tenant) and sums up their devices. */
export function createIncidentAlertFacts(index: Pick<AlertIndex, "query">) {
  return async (tenantId: string, incident: SecurityIncident): Promise<IncidentAlertFacts> => {
    const alerts: SecurityAlert[] = [];
    for (let after: string | undefined; ;) {
      const page = await index.query({
        filter: { tenantIds: [tenantId], incidentId: incident.id },
        orderBy: { field: "createdDateTime", direction: "ASC" },
        first: PAGE,
        after,
        endCursorOnly: true,
      });
      alerts.push(...page.items.map((i) => i.alert));
      if (!page.hasNextPage || alerts.length >= ALERTS_MAX)
        return { ...devicesOf(alerts), alertCount: Math.max(page.totalCount, incident.alertIds.length) };
      after = page.cursors[page.cursors.length - 1];
    }
  };
}

/** Distinct devices (by device id, else host name) and groups of the alerts' device evidence. */
export function devicesOf(alerts: readonly SecurityAlert[]): Omit<IncidentAlertFacts, "alertCount"> {
  const seen = new Set<string>();
  const devices: NoticeDevice[] = [];
  const groups = new Map<string, string>();
  for (const alert of alerts) {
    for (const e of alert.evidence) {
      if (e.kind !== "device") continue;
      if (e.rbacGroupName) groups.set(e.rbacGroupName.toLowerCase(), e.rbacGroupName);
      const key = e.mdeDeviceId ?? e.deviceDnsName?.toLowerCase();
      if (!key || seen.has(key)) continue;
      seen.add(key);
      devices.push({ machineId: e.mdeDeviceId, computerDnsName: e.deviceDnsName, deviceGroup: e.rbacGroupName });
    }
  }
  return { devices: devices.slice(0, NOTICE_DEVICES_MAX), deviceCount: devices.length, deviceGroups: [...groups.values()] };
}

/**
 * A made-up incident for test sends that preview an incident message: clearly an example (no customer data), shaped
 * by the rule (its severities and first device group) so the preview looks like what the rule would send.
 */
export function sampleIncidentNotice(
  rule: Pick<StoredNotificationRule, "tenantId" | "severities" | "deviceGroups">,
  trigger: IncidentTrigger,
) {
  const ranked = [...rule.severities].sort((a, b) => severityRank(a) - severityRank(b));
  const raised = trigger === NotificationTrigger.INCIDENT_SEVERITY_RAISED;
  const severity = (raised ? ranked[0] : ranked[ranked.length - 1]) ?? "HIGH";
  const now = new Date().toISOString();
  const incident: SecurityIncident = {
    source: "graph",
    id: "example",
    tenantId: rule.tenantId,
    displayName: "Example incident: multi-stage attack on one endpoint",
    description: "An example the gateway made up for a test notification.",
    incidentWebUrl: null,
    redirectIncidentId: null,
    status: "ACTIVE",
    statusRaw: "active",
    severity: severity as SecurityIncident["severity"],
    severityRaw: severity.toLowerCase(),
    classification: null,
    classificationRaw: null,
    determination: null,
    determinationRaw: null,
    assignedTo: null,
    createdDateTime: now,
    lastUpdateDateTime: now,
    customTags: [],
    systemTags: [],
    comments: [],
    lastModifiedBy: null,
    priorityScore: null,
    alertIds: [],
  };
  const device: NoticeDevice = {
    machineId: "0000000000000000000000000000000000000000",
    computerDnsName: "example-device.contoso.local",
    deviceGroup: rule.deviceGroups[0] ?? null,
  };
  const below = SEVERITY_ORDER[severityRank(severity) - 1];
  return {
    tenantId: rule.tenantId,
    trigger,
    incident,
    previousSeverity: raised ? (below ?? null) : null,
    alertCount: 2,
    devices: [device],
    deviceCount: 1,
    deviceGroups: device.deviceGroup ? [device.deviceGroup] : [],
  } satisfies IncidentNotice;
}
