import type { Principal } from "./auth/principal.js";
import type { AccessScope } from "./auth/roles.js";
import type { AccessGrantService } from "./modules/access-grants/access-grant.service.js";
import type { AlertService } from "./modules/alerts/alert.service.js";
import type { IncidentService } from "./modules/incidents/incident.service.js";
import type { MachineService } from "./modules/machines/machine.service.js";
import type { NotificationRuleService } from "./modules/notifications/notification-rule.service.js";
import type { AlertEventService } from "./modules/subscriptions/alert-event.service.js";
import type { SharedIndicatorService } from "./modules/indicators/shared-indicator.service.js";
import type { IncidentEventService } from "./modules/subscriptions/incident-event.service.js";
import type { TenantService } from "./modules/tenants/tenant.service.js";
import type { TriageService } from "./modules/triage/triage.service.js";

/** Long-lived services built once in app.ts and handed to every request through the context. */
export interface Services {
  access: { scopeFor(principal: Principal): Promise<AccessScope> };
  tenants: TenantService;
  alerts: AlertService;
  /** Bulk changes of alerts and incidents across tenants. */
  triage: TriageService;
  /** The incident queue, single incidents and their alerts, incident writes. */
  incidents: IncidentService;
  machines: MachineService;
  /** Alert event feed: pull pages and live streams (fan-out lives in the hub). */
  alertEvents: AlertEventService;
  /** Incident event feed: pull pages and live streams (fan-out lives in the incident hub). */
  incidentEvents: IncidentEventService;
  accessGrants: AccessGrantService;
  /** Notification rules, their delivery log and test sends. */
  notifications: NotificationRuleService;
  /** Indicators seen at several of the caller's tenants. */
  sharedIndicators: SharedIndicatorService;
}
