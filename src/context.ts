import type DataLoader from "dataloader";
import type { Principal } from "./auth/principal.js";
import type { AccessScope } from "./auth/roles.js";
import type { AlertKey } from "./modules/alerts/alert.service.js";
import type { IncidentKey } from "./modules/incidents/incident-alerts.js";
import type { IndexedIncident } from "./store/incident.types.js";
import type { IndexedAlert } from "./store/store.types.js";
import type { MachineKey } from "./modules/machines/machine.service.js";
import type { SecurityAlert } from "./upstream/upstream.types.js";
import type { Machine } from "./modules/machines/machine.type.js";
import type { RequestRecord } from "./observability/request-log.js";
import type { Services } from "./services.js";

/** Per-request state: created for each HTTP request or subscription operation, then dropped. */
export interface GatewayContext {
  requestId: string;
  /** The access-log record of the HTTP request (HTTP only): the GraphQL layer fills in caller, operation and tenants. */
  request?: RequestRecord;
  principal: Principal;
  /** The caller's roles per tenant at the start of the request. */
  scope: AccessScope;
  services: Services;
  loaders: {
    machine: DataLoader<MachineKey, Machine | null, string>;
    /** Alerts missing from the index, read upstream on demand (one `$batch` of ≤ 20 per tenant on Graph); created on first use. */
    readonly alert: DataLoader<AlertKey, SecurityAlert | null, string> | null;
    /** Incidents from the index by key (`Alert.incident`, `Incident.redirectIncident`); created on first use. */
    readonly incident: DataLoader<IncidentKey, IndexedIncident | null, string>;
    /** The alerts of incidents from the alert index, one query per tenant (`Incident.alerts` and its facts); created on first use. */
    readonly incidentAlerts: DataLoader<IncidentKey, IndexedAlert[], string>;
    /** How many alerts incidents have (`Incident.alertCount`), counted by the alert index, one call per tenant; created on first use. */
    readonly incidentAlertCounts: DataLoader<IncidentKey, number, string>;
  };
}

/** `scope` may be passed when the caller already holds the principal's current scope (live event fan-out). */
export async function createContext(
  services: Services,
  principal: Principal,
  requestId: string,
  scope?: AccessScope,
): Promise<GatewayContext> {
  return {
    requestId,
    principal,
    scope: scope ?? (await services.access.scopeFor(principal)),
    services,
    loaders: {
      machine: services.machines.createLoader(),
      get alert() {
        const loader = services.alerts.createUpstreamLoader();
        Object.defineProperty(this, "alert", { value: loader });
        return loader;
      },
      get incident() {
        const loader = services.incidents.createLoader();
        Object.defineProperty(this, "incident", { value: loader });
        return loader;
      },
      get incidentAlerts() {
        const loader = services.incidents.createAlertsLoader();
        Object.defineProperty(this, "incidentAlerts", { value: loader });
        return loader;
      },
      get incidentAlertCounts() {
        const loader = services.incidents.createAlertCountLoader();
        Object.defineProperty(this, "incidentAlertCounts", { value: loader });
        return loader;
      },
    },
  };
}
