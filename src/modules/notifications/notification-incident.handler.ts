import type { IncidentEventRecord } from "../../store/incident.types.js";
import type { DocumentStore } from "../../store/store.types.js";
import type { SecurityIncident } from "../../upstream/upstream.types.js";
import type { SeverityTrail } from "./incident-severity.trail.js";
import { NotificationTrigger, pendingDelivery, type StoredNotificationRule, triggersOf } from "./notification.model.js";
import type { Dispatcher } from "./notification.dispatcher.js";
import type { DeliveryLog } from "./notification-delivery.log.js";
import { incidentDeliveryIdFor, incidentTargetsFor, incidentTriggerOf, isRedirected } from "./notification-incident.matcher.js";
import type { IncidentAlertFacts, IncidentNotice } from "./notification-incident.notice.js";
import type { RuleStanding } from "./notification-rule.owner.js";
import type { RuleStore } from "./notification-rule.store.js";

export interface IncidentHandlerDeps {
  documents: DocumentStore;
  rules: RuleStore;
  log: DeliveryLog;
  dispatcher: Pick<Dispatcher, "dispatch">;
  trail: SeverityTrail;
  /** Alert count, devices and device groups of the incident's alerts (the alert index). */
  alertFacts(tenantId: string, incident: SecurityIncident): Promise<IncidentAlertFacts>;
  standing(rule: StoredNotificationRule): Promise<RuleStanding>;
  /** How long exactly-once claims live, ms. */
  dedupeTtlMs: number;
  now: () => number;
}

/**
 * Turns incident events into deliveries: a CREATED event can fire `INCIDENT_CREATED`, an UPDATED one
 * `INCIDENT_SEVERITY_RAISED` (against the previous version's severity from the trail); each (rule, trigger,
 * incident[, rising version], recipient) is claimed once across replicas and dispatched by the winner.
 */
export function createIncidentHandler(deps: IncidentHandlerDeps): (event: IncidentEventRecord) => Promise<void> {
  return async (event) => {
    const { incident, tenantId } = event;
    // Every version goes into the trail whatever the rules say, so a rule made later still sees an older incident rise.
    const previous = await deps.trail.previous(tenantId, incident);
    const trigger = incidentTriggerOf(event.kind);
    const rules = (await deps.rules.forTenant(tenantId)).filter((r) => r.enabled && triggersOf(r).includes(trigger));
    if (rules.length === 0 || isRedirected(incident)) return;
    const previousSeverity = trigger === NotificationTrigger.INCIDENT_SEVERITY_RAISED ? previous : undefined;
    let facts: IncidentAlertFacts | null = null;
    for (const rule of rules) {
      facts ??= await deps.alertFacts(tenantId, incident);
      const targets = incidentTargetsFor(rule, trigger, incident, { deviceGroups: facts.deviceGroups, previousSeverity }, event.at);
      if (targets.length === 0) continue;
      // Checked per event, as for alerts: a rule whose owner lost access to the tenant tells nobody about it.
      if ((await deps.standing(rule)).suspended) continue;
      const notice: IncidentNotice = { tenantId, trigger, incident, previousSeverity: previousSeverity ?? null, ...facts };
      for (const target of targets) {
        const id = incidentDeliveryIdFor(rule.id, tenantId, trigger, incident, target);
        if (!(await deps.documents.claim(`notify:${id}`, deps.dedupeTtlMs))) continue;
        const delivery = pendingDelivery(
          {
            id,
            ruleId: rule.id,
            tenantId,
            alertId: null,
            incidentId: incident.id,
            trigger,
            previousSeverity: notice.previousSeverity,
            ...target,
          },
          new Date(deps.now()).toISOString(),
        );
        // As for alerts: the log record exists once per id even if a claim expired and the event is replayed.
        if (!(await deps.log.create(delivery))) continue;
        await deps.dispatcher.dispatch(delivery, { kind: "incident", notice });
      }
    }
  };
}
