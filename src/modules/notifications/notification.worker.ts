import type { Logger } from "../../logger.js";
import type { IncidentEventLog, IncidentEventRecord } from "../../store/incident.types.js";
import type { AlertEventRecord, DocumentStore, EventLog } from "../../store/store.types.js";
import type { SecurityIncident } from "../../upstream/upstream.types.js";
import type { SeverityTrail } from "./incident-severity.trail.js";
import { NotificationTrigger, pendingDelivery, type StoredNotificationRule } from "./notification.model.js";
import { deliveryIdFor, targetsFor } from "./notification.matcher.js";
import type { Dispatcher } from "./notification.dispatcher.js";
import type { DeliveryLog } from "./notification-delivery.log.js";
import { createIncidentHandler } from "./notification-incident.handler.js";
import type { IncidentAlertFacts } from "./notification-incident.notice.js";
import { createLogFollower } from "./notification-log.follower.js";
import type { RuleStanding } from "./notification-rule.owner.js";
import type { RuleStore } from "./notification-rule.store.js";

export interface NotificationWorkerDeps {
  events: EventLog;
  /** The incident event log; absent: incident triggers never fire. */
  incidentEvents?: IncidentEventLog;
  documents: DocumentStore;
  rules: RuleStore;
  log: DeliveryLog;
  dispatcher: Dispatcher;
  /** Recent severities per incident, to tell a rise. */
  trail: SeverityTrail;
  /** Alert count, devices and device groups of an incident's alerts (the alert index). */
  incidentAlertFacts(tenantId: string, incident: SecurityIncident): Promise<IncidentAlertFacts>;
  /** Whether a rule's owner still holds the access it needs; suspended rules match nothing. */
  standing(rule: StoredNotificationRule): Promise<RuleStanding>;
  logger: Logger;
  settings: {
    /** How long exactly-once claims live; keep it longer than the event logs' retention. */
    dedupeTtlMs: number;
    /**
     * Resume from positions stored in the DocumentStore after a restart (shared mode, where the event logs
     * survive restarts). Off: start at the live end of each log.
     */
    durablePosition: boolean;
    /** How often the positions are written, at most. */
    positionFlushMs: number;
    /** How often one replica (whichever claims it) prunes the severity trail, ms (0 = never); checked hourly at most. */
    trailPruneIntervalMs: number;
  };
  now?: () => number;
}

/**
 * Turns CREATED alert events and incident events into deliveries: match rules, claim each (rule, subject,
 * recipient) once, dispatch. Alerts and incidents are followed in two independent chains, each in log order.
 */
export interface NotificationWorker {
  start(): Promise<void>;
  /** Stops consuming, flushes the positions, stops the dispatcher. Idempotent. */
  stop(): Promise<void>;
  /** Handles one alert event (the live feed calls it; exposed for tests). */
  handle(event: AlertEventRecord): Promise<void>;
  /** Handles one incident event (exposed for tests). */
  handleIncident(event: IncidentEventRecord): Promise<void>;
  /** Resolves once every event seen so far is matched and no delivery attempt is running or scheduled (tests). */
  idle(): Promise<void>;
}

/** Ids of the stored positions: the alert log's kept its name from before incidents. */
const POSITION_ID = { alert: "position", incident: "incident-position" } as const;
const PRUNE_CHECK_MS = 3_600_000;

export function createNotificationWorker(deps: NotificationWorkerDeps): NotificationWorker {
  const { documents, logger, settings } = deps;
  const now = deps.now ?? Date.now;
  let pruneTimer: NodeJS.Timeout | null = null;
  let stopping: Promise<void> | null = null;

  async function handle(event: AlertEventRecord): Promise<void> {
    if (event.kind !== "CREATED") return;
    const rules = await deps.rules.forTenant(event.tenantId);
    for (const rule of rules) {
      const targets = targetsFor(rule, event.alert, event.at);
      if (targets.length === 0) continue;
      // Checked per event, like a subscriber's scope: a revoked owner's rule stops within the grant cache's age.
      if ((await deps.standing(rule)).suspended) continue;
      const incidentId = event.alert.incidentId;
      if (rule.onlyFirstOccurrencePerIncident && incidentId !== null) {
        // The first matching alert of an incident wins the claim (on whichever replica sees it first); later ones are skipped.
        const first = await documents.claim(`notify:first:${rule.id}:${event.tenantId}:${incidentId}`, settings.dedupeTtlMs);
        if (!first) continue;
      }
      for (const target of targets) {
        const id = deliveryIdFor(rule.id, event.tenantId, event.alertId, target);
        if (!(await documents.claim(`notify:${id}`, settings.dedupeTtlMs))) continue;
        const delivery = pendingDelivery(
          { id, ruleId: rule.id, tenantId: event.tenantId, alertId: event.alertId, trigger: NotificationTrigger.ALERT_CREATED, ...target },
          new Date(now()).toISOString(),
        );
        // The log record is a second guard: it exists once per id even if a claim expired and the event is replayed.
        if (!(await deps.log.create(delivery))) continue;
        await deps.dispatcher.dispatch(delivery, { kind: "alert", alert: event.alert });
      }
    }
  }

  const handleIncident = createIncidentHandler({
    documents,
    rules: deps.rules,
    log: deps.log,
    dispatcher: deps.dispatcher,
    trail: deps.trail,
    alertFacts: (tenantId, incident) => deps.incidentAlertFacts(tenantId, incident),
    standing: (rule) => deps.standing(rule),
    dedupeTtlMs: settings.dedupeTtlMs,
    now,
  });

  const followerSettings = { durablePosition: settings.durablePosition, positionFlushMs: settings.positionFlushMs };
  const alerts = createLogFollower({
    log: deps.events,
    name: "alert",
    positionId: POSITION_ID.alert,
    documents,
    handle,
    logger,
    settings: followerSettings,
    now,
  });
  const incidents = deps.incidentEvents
    ? createLogFollower({
        log: deps.incidentEvents,
        name: "incident",
        positionId: POSITION_ID.incident,
        documents,
        handle: handleIncident,
        logger,
        settings: followerSettings,
        now,
      })
    : null;

  /**
   * One replica per interval (the claim) drops trails of incidents silent for long. Checked more often than it runs,
   * so replicas that restart more often than the interval still prune.
   */
  function schedulePrune() {
    const every = settings.trailPruneIntervalMs;
    if (every <= 0) return;
    pruneTimer = setTimeout(
      () => {
        void documents
          .claim(`notify:trail-prune:${Math.floor(now() / every)}`, every)
          .then((mine) => (mine ? deps.trail.prune() : 0))
          .then((n) => n > 0 && logger.info({ pruned: n }, "pruned incident severity trails"))
          .catch((e) => logger.warn({ err: e }, "pruning incident severity trails failed"))
          .finally(() => stopping || schedulePrune());
      },
      Math.min(every, PRUNE_CHECK_MS),
    );
    pruneTimer.unref();
  }

  return {
    handle,
    handleIncident,
    async idle() {
      await Promise.all([alerts.idle(), incidents?.idle()]);
      await deps.dispatcher.idle();
    },
    async start() {
      await Promise.all([alerts.start(), incidents?.start()]);
      deps.dispatcher.start();
      schedulePrune();
    },
    stop: () =>
      (stopping ??= (async () => {
        if (pruneTimer) clearTimeout(pruneTimer);
        await Promise.all([alerts.stop(), incidents?.stop()]);
        await deps.dispatcher.stop();
      })()),
  };
}
