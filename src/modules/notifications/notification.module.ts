import type { GrantSource } from "../../auth/roles.js";
import type { Logger } from "../../logger.js";
import { createMemoryDocuments } from "../../store/memory.documents.js";
import type { Store } from "../../store/store.types.js";
import type { SecurityAlert, SecurityIncident } from "../../upstream/upstream.types.js";
import { createSeverityTrail } from "./incident-severity.trail.js";
import { isIncidentTrigger, type StoredDelivery } from "./notification.model.js";
import { createDispatcher, type DeliveryMetrics, type DeliverySubject } from "./notification.dispatcher.js";
import { createIncidentAlertFacts, type IncidentAlertFacts } from "./notification-incident.notice.js";
import { createNotificationWorker, type NotificationWorker } from "./notification.worker.js";
import { createDeliveryLog } from "./notification-delivery.log.js";
import { createEmailSender, type SmtpSettings } from "./notification-email.sender.js";
import { createRuleStanding } from "./notification-rule.owner.js";
import { createTestSendLimiter } from "./notification-test.limit.js";
import { createNotificationRuleService, type NotificationRuleService } from "./notification-rule.service.js";
import { createRuleStore } from "./notification-rule.store.js";
import { createWebhookSender } from "./notification-webhook.sender.js";

/** Settings of the notifications domain (the composition root fills them from the config). */
export interface NotificationsOptions {
  /** SMTP server; `host: null` records email deliveries as SKIPPED_NOT_CONFIGURED. */
  smtp: SmtpSettings;
  webhooks: {
    /** Per request, ms. */
    timeoutMs: number;
    /** Allow loopback/private/link-local targets (tests, on-premises receivers). */
    allowPrivate: boolean;
  };
  /** The MSSP's name in messages. */
  msspName: string;
  /** Test sends allowed per hour, per caller and per rule (a test send emails real recipients). */
  testSends: { perCallerPerHour: number; perRulePerHour: number };
  delivery: {
    /** Attempts per delivery, first included. */
    maxAttempts: number;
    /** First retry delay, ms; doubles per attempt up to `retryMaxMs`. */
    retryBaseMs: number;
    retryMaxMs: number;
    /** How long past its due time a retry stays owned by its replica, ms. */
    leaseMs: number;
    /** How often orphaned retries are looked for, ms (0 = never). */
    sweepIntervalMs: number;
    /** How long exactly-once claims live, ms (keep above the event log's retention). */
    dedupeTtlMs: number;
    /** Age up to which the worker reuses its copy of the rules, ms. */
    ruleCacheMs: number;
    /** Finished deliveries kept per rule. */
    logMaxPerRule: number;
    /**
     * Days an incident's recent severities are kept after its last event (to tell a severity rise). Default 30: an
     * incident silent for longer has no known previous version, so its next change is not a rise.
     */
    incidentSeverityMemoryDays?: number;
  };
}

export interface NotificationsDeps {
  options: NotificationsOptions;
  /**
   * The store. Incident triggers need `incidentEvents` (and read `incidents` and the alert `index` for message
   * content); without them incident rules are kept but never fire.
   */
  store: Pick<Store, "kind" | "documents" | "events"> & Partial<Pick<Store, "index" | "incidents" | "incidentEvents">>;
  /** Active grants: a rule delivers only while its owner still holds WRITE_RULES on its tenant. */
  grants: GrantSource;
  /** Alert snapshot from the index (deliveries resumed after a replica stopped). */
  alert(tenantId: string, alertId: string): Promise<SecurityAlert | null>;
  tenantName(tenantId: string): string | null;
  replicaId: string;
  logger: Logger;
  /** Delivery outcome counters (Prometheus in production). Default: none. */
  metrics?: DeliveryMetrics;
}

/** The notifications domain, built once in app.ts: the GraphQL-facing service and the delivery worker. */
export interface Notifications {
  service: NotificationRuleService;
  /** Start after the store is ready; stop before the store closes. */
  worker: NotificationWorker;
  /** True when SMTP is configured (otherwise email deliveries are recorded SKIPPED_NOT_CONFIGURED). */
  emailConfigured: boolean;
}

export function createNotifications(deps: NotificationsDeps): Notifications {
  const { options, store } = deps;
  const logger = deps.logger.child({ component: "notifications" });
  const rules = createRuleStore(store.documents, { cacheMs: options.delivery.ruleCacheMs });
  const log = createDeliveryLog(store.documents, { maxPerRule: options.delivery.logMaxPerRule });
  const email = createEmailSender(options.smtp);
  const webhook = createWebhookSender({
    timeoutMs: options.webhooks.timeoutMs,
    allowPrivate: options.webhooks.allowPrivate,
    userAgent: "mssp-alert-gateway-webhooks/1",
  });
  const standing = createRuleStanding(deps.grants);
  const alertFacts = store.index
    ? createIncidentAlertFacts(store.index)
    : (_t: string, i: SecurityIncident): Promise<IncidentAlertFacts> =>
        Promise.resolve({ alertCount: i.alertIds.length, devices: [], deviceCount: 0, deviceGroups: [] });
  /** What a delivery resumed from the outbox tells about, read again from the indexes. */
  const subject = async (d: StoredDelivery): Promise<DeliverySubject | null> => {
    if (d.alertId) {
      const alert = await deps.alert(d.tenantId, d.alertId);
      return alert ? { kind: "alert", alert } : null;
    }
    if (!d.incidentId || !isIncidentTrigger(d.trigger) || !store.incidents) return null;
    const indexed = await store.incidents.get(d.tenantId, d.incidentId);
    if (!indexed) return null;
    const facts = await alertFacts(d.tenantId, indexed.incident);
    const notice = { tenantId: d.tenantId, trigger: d.trigger, incident: indexed.incident, previousSeverity: d.previousSeverity ?? null };
    return { kind: "incident", notice: { ...notice, ...facts } };
  };
  const dispatcher = createDispatcher({
    documents: store.documents,
    rules,
    log,
    email,
    webhook,
    standing,
    subject,
    tenantName: (id) => deps.tenantName(id) ?? id,
    msspName: options.msspName,
    replicaId: deps.replicaId,
    logger,
    metrics: deps.metrics,
    settings: {
      maxAttempts: options.delivery.maxAttempts,
      retryBaseMs: options.delivery.retryBaseMs,
      retryMaxMs: options.delivery.retryMaxMs,
      leaseMs: options.delivery.leaseMs,
      sweepIntervalMs: options.delivery.sweepIntervalMs,
    },
  });
  const worker = createNotificationWorker({
    events: store.events,
    incidentEvents: store.incidentEvents,
    documents: store.documents,
    // Embedded mode restarts with an empty event log and index, so every incident comes back as a CREATED event and
    // nothing from before a restart is ever compared: the trail stays in process memory (no data-file write per event).
    trail: createSeverityTrail(store.kind === "memory" ? createMemoryDocuments(null) : store.documents, {
      maxAgeMs: (options.delivery.incidentSeverityMemoryDays ?? 30) * 86_400_000,
    }),
    incidentAlertFacts: alertFacts,
    rules,
    log,
    dispatcher,
    standing,
    logger,
    settings: {
      dedupeTtlMs: options.delivery.dedupeTtlMs,
      durablePosition: store.kind === "redis",
      positionFlushMs: 1_000,
      trailPruneIntervalMs: 86_400_000,
    },
  });
  const service = createNotificationRuleService({
    rules,
    log,
    dispatcher,
    standing,
    tenantExists: (id) => deps.tenantName(id) !== null,
    allowPrivateWebhooks: options.webhooks.allowPrivate,
    admitTest: createTestSendLimiter(options.testSends),
  });
  return { service, worker, emailConfigured: email.configured };
}
