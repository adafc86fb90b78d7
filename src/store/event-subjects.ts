import { upcastAlert } from "./alert.upcast.js";
import type { ChangeSubject } from "./change-log.types.js";
import type { IncidentEventRecord } from "./incident.types.js";
import type { AlertEventRecord } from "./store.types.js";

/** What the event logs know of their subjects: an alert or an incident, versioned by its last-update time. */

export const alertEvents: ChangeSubject<AlertEventRecord> = {
  name: "alert",
  id: (e) => e.alertId,
  version: (e) => e.alert.lastUpdateDateTime,
  record: (e, cursor, at) => ({ cursor, kind: e.kind, tenantId: e.tenantId, alertId: e.alertId, at, alert: e.alert }),
  // Events appended before the Graph switch hold the legacy wire alert.
  revive: (e) => ({ ...e, alert: upcastAlert(e.alert) }),
};

export const incidentEvents: ChangeSubject<IncidentEventRecord> = {
  name: "incident",
  id: (e) => e.incidentId,
  version: (e) => e.incident.lastUpdateDateTime,
  record: (e, cursor, at) => ({ cursor, kind: e.kind, tenantId: e.tenantId, incidentId: e.incidentId, at, incident: e.incident }),
};
