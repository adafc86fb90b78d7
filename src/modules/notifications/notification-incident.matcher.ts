import { timeKey } from "../../store/alert-query.js";
import type { ChangeKind } from "../../store/change-log.types.js";
import type { SecurityIncident } from "../../upstream/upstream.types.js";
import { type DeliveryTarget, deviceGroupsMatch, hashedDeliveryId, recipientsAddedBy, targetKey } from "./notification.matcher.js";
import { type IncidentTrigger, NotificationTrigger, type StoredNotificationRule, triggersOf } from "./notification.model.js";

/** Severities in rising order, for thresholds. */
export const SEVERITY_ORDER: readonly string[] = ["UNSPECIFIED", "INFORMATIONAL", "LOW", "MEDIUM", "HIGH"];
/** Index in `SEVERITY_ORDER`; `UNKNOWN`, a null severity and spellings this version does not know rank -1 (below all). */
export const severityRank = (severity: string | null | undefined): number => (severity ? SEVERITY_ORDER.indexOf(severity) : -1);

/** The trigger an incident event can fire: a CREATED event a new incident, an UPDATED one a severity rise. */
export const incidentTriggerOf = (kind: ChangeKind): IncidentTrigger =>
  kind === "CREATED" ? NotificationTrigger.INCIDENT_CREATED : NotificationTrigger.INCIDENT_SEVERITY_RAISED;

/** Merged into another incident: its alerts and any further news belong to the target, so it notifies nobody. */
export const isRedirected = (incident: SecurityIncident): boolean =>
  incident.status === "REDIRECTED" || incident.redirectIncidentId !== null;

/** What matching an incident needs beyond its snapshot. */
export interface IncidentMatchFacts {
  /** Device groups of its alerts' device evidence (from the alert index); only read when the rule names groups. */
  deviceGroups: readonly string[];
  /**
   * Severity of the incident's previous version (GraphQL spelling; null = it had none). `undefined`: no previous
   * version is known (the first version the gateway saw), so nothing counts as a rise.
   */
  previousSeverity?: string | null;
}

/**
 * The rise: the previous version was below the rule's lowest selected severity (its threshold) and this one is at
 * or above it. A rule selecting MEDIUM and HIGH fires for LOW → MEDIUM and LOW → HIGH, not for MEDIUM → HIGH.
 */
export function severityRaised(
  rule: Pick<StoredNotificationRule, "severities">,
  previous: string | null | undefined,
  current: string | null,
): boolean {
  if (previous === undefined || rule.severities.length === 0) return false;
  const threshold = Math.min(...rule.severities.map(severityRank));
  return severityRank(previous) < threshold && severityRank(current) >= threshold;
}

/** Whether an enabled rule fires `trigger` for this incident (severity or rise, then device groups). */
export function incidentRuleMatches(
  rule: StoredNotificationRule,
  trigger: IncidentTrigger,
  incident: SecurityIncident,
  facts: IncidentMatchFacts,
): boolean {
  if (!rule.enabled || !triggersOf(rule).includes(trigger) || isRedirected(incident)) return false;
  const severityOk =
    trigger === NotificationTrigger.INCIDENT_CREATED
      ? incident.severity !== null && rule.severities.includes(incident.severity)
      : severityRaised(rule, facts.previousSeverity, incident.severity);
  return severityOk && deviceGroupsMatch(rule, facts.deviceGroups);
}

/**
 * When the news happened, for the recipients' `addedAt` check: the incident's creation for a new incident, the
 * version's last update for a rise; the time the gateway saw it when upstream gave none.
 */
export function incidentRaisedAt(trigger: IncidentTrigger, incident: SecurityIncident, seenAt: string): number {
  const at = trigger === NotificationTrigger.INCIDENT_CREATED ? incident.createdDateTime : incident.lastUpdateDateTime;
  const t = at ? Date.parse(at) : Number.NaN;
  return Number.isNaN(t) ? Date.parse(seenAt) : t;
}

/** Recipients of a matching rule for this incident event: those added at or before the news (as for alerts). */
export function incidentTargetsFor(
  rule: StoredNotificationRule,
  trigger: IncidentTrigger,
  incident: SecurityIncident,
  facts: IncidentMatchFacts,
  seenAt: string,
): DeliveryTarget[] {
  if (!incidentRuleMatches(rule, trigger, incident, facts)) return [];
  return recipientsAddedBy(rule, incidentRaisedAt(trigger, incident, seenAt));
}

/**
 * Deterministic id of one incident delivery, the exactly-once claim key on every replica. It names the trigger (so
 * it never equals an alert's or the other trigger's id) and, for a rise, the version that rose: an incident that
 * falls back and rises again is news again, a replay of the same event is not.
 */
export function incidentDeliveryIdFor(
  ruleId: string,
  tenantId: string,
  trigger: IncidentTrigger,
  incident: Pick<SecurityIncident, "id" | "lastUpdateDateTime">,
  target: DeliveryTarget,
): string {
  const version = trigger === NotificationTrigger.INCIDENT_SEVERITY_RAISED ? (timeKey(incident.lastUpdateDateTime) ?? "") : "";
  return hashedDeliveryId([ruleId, tenantId, trigger, incident.id, version, target.channel, targetKey(target)]);
}
