import type { Principal } from "../../auth/principal.js";
import type { AccessScope } from "../../auth/roles.js";
import type { IndexedIncident } from "../../store/incident.types.js";
import type { IndexedAlert } from "../../store/store.types.js";
import type { SecurityAlert, SecurityAlertPatch, SecurityIncident, SecurityIncidentPatch } from "../../upstream/upstream.types.js";
import { toAlertPatch } from "../alerts/alert-patch.mapper.js";
import { toIncidentPatch } from "./incident-patch.mapper.js";
import { toItemKeys } from "./triage-items.mapper.js";
import type { UpdateAlertsInput, UpdateIncidentsInput } from "./triage.input.js";
import { alertKind, incidentKind, type TriageTarget } from "./triage.kinds.js";
import { runBulk, type BulkRunDeps } from "./triage.runner.js";
import type { UpdateAlertsResult, UpdateIncidentsResult } from "./triage.type.js";

export interface TriageServiceDeps extends BulkRunDeps {
  alerts: TriageTarget<SecurityAlert, IndexedAlert, SecurityAlertPatch>;
  incidents: TriageTarget<SecurityIncident, IndexedIncident, SecurityIncidentPatch>;
}

export type TriageService = ReturnType<typeof createTriageService>;

/**
 * Bulk triage: one change for up to 500 alerts (or incidents) across tenants, with a result per item (see `runBulk`).
 * Input errors (no items, too many, an empty or invalid patch) refuse the whole call with BAD_USER_INPUT before
 * anything is sent; everything after that is reported per item, never as an error of the call.
 */
export function createTriageService(deps: TriageServiceDeps) {
  const alerts = alertKind(deps.alerts);
  const incidents = incidentKind(deps.incidents);
  return {
    updateAlerts(scope: AccessScope, input: UpdateAlertsInput, author?: Principal): Promise<UpdateAlertsResult> {
      const keys = toItemKeys(input.items);
      return runBulk(alerts, scope, keys, toAlertPatch(input.patch, author, "input.patch"), deps);
    },
    updateIncidents(scope: AccessScope, input: UpdateIncidentsInput, author?: Principal): Promise<UpdateIncidentsResult> {
      const keys = toItemKeys(input.items);
      return runBulk(incidents, scope, keys, toIncidentPatch(input.patch, author, "input.patch"), deps);
    },
  };
}
