import type { Logger } from "../../logger.js";
import type { AlertEventRecord, DocumentStore, EventLog } from "../../store/store.types.js";
import { DeliveryStatus, type StoredDelivery, type StoredNotificationRule, WORKER_COLLECTION } from "./notification.model.js";
import { deliveryIdFor, targetsFor } from "./notification.matcher.js";
import type { Dispatcher } from "./notification.dispatcher.js";
import type { DeliveryLog } from "./notification-delivery.log.js";
import type { RuleStanding } from "./notification-rule.owner.js";
import type { RuleStore } from "./notification-rule.store.js";

export interface NotificationWorkerDeps {
  events: EventLog;
  documents: DocumentStore;
  rules: RuleStore;
  log: DeliveryLog;
  dispatcher: Dispatcher;
  /** Whether a rule's owner still holds the access it needs; suspended rules match nothing. */
  standing(rule: StoredNotificationRule): Promise<RuleStanding>;
  logger: Logger;
  settings: {
    /** How long exactly-once claims live; keep it longer than the event log's retention. */
    dedupeTtlMs: number;
    /**
     * Resume from a position stored in the DocumentStore after a restart (shared mode, where the event
     * log survives restarts). Off: start at the live end of the log.
     */
    durablePosition: boolean;
    /** How often the position is written, at most. */
    positionFlushMs: number;
  };
  now?: () => number;
}

/** Turns CREATED alert events into deliveries: match rules, claim each (rule, alert, recipient) once, dispatch. */
export interface NotificationWorker {
  start(): Promise<void>;
  /** Stops consuming, flushes the position, stops the dispatcher. Idempotent. */
  stop(): Promise<void>;
  /** Handles one event (the live feed calls it; exposed for tests). */
  handle(event: AlertEventRecord): Promise<void>;
  /** Resolves once every event seen so far is matched and no delivery attempt is running or scheduled (tests). */
  idle(): Promise<void>;
}

const POSITION_ID = "position";
const CATCH_UP_PAGE = 500;

const cursorParts = (c: string) => c.split("-").map(Number) as [number, number];
/** Event-log cursor order (`<ms>-<seq>`, numeric). */
const newer = (a: string, b: string | null) => {
  if (b === null) return true;
  const [am, as] = cursorParts(a);
  const [bm, bs] = cursorParts(b);
  return am > bm || (am === bm && as > bs);
};

export function createNotificationWorker(deps: NotificationWorkerDeps): NotificationWorker {
  const { documents, logger, settings } = deps;
  const now = deps.now ?? Date.now;
  let chain: Promise<void> = Promise.resolve();
  let unsubscribe: (() => void) | null = null;
  let flushTimer: NodeJS.Timeout | null = null;
  let position: string | null = null;
  let flushed: string | null = null;
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
        const at = new Date(now()).toISOString();
        const delivery: StoredDelivery = {
          id,
          ruleId: rule.id,
          tenantId: event.tenantId,
          alertId: event.alertId,
          test: false,
          channel: target.channel,
          recipient: target.recipient,
          webhookId: target.webhookId,
          status: DeliveryStatus.PENDING,
          attempts: 0,
          lastError: null,
          createdAt: at,
          updatedAt: at,
          sentAt: null,
          nextAttemptAt: null,
        };
        // The log record is a second guard: it exists once per id even if a claim expired and the event is replayed.
        if (!(await deps.log.create(delivery))) continue;
        await deps.dispatcher.dispatch(delivery, event.alert);
      }
    }
  }

  /** Serializes events in log order; a failing event is logged and does not block the next ones. */
  const enqueue = (event: AlertEventRecord) => {
    chain = chain
      .then(() => handle(event))
      .then(
        () => {
          if (newer(event.cursor, position)) position = event.cursor;
        },
        (e) => logger.error({ err: e, cursor: event.cursor, alertId: event.alertId }, "notification matching failed"),
      );
    return chain;
  };

  async function flushPosition() {
    if (!settings.durablePosition || position === null || position === flushed) return;
    const cursor = position;
    await documents.put(WORKER_COLLECTION, POSITION_ID, { cursor, at: new Date(now()).toISOString() });
    flushed = cursor;
  }

  /** Replays events appended while no replica was consuming (shared mode only). */
  async function catchUp(from: string) {
    let after = from;
    for (;;) {
      const page = await deps.events.read(after, CATCH_UP_PAGE);
      for (const e of page) await enqueue(e);
      if (page.length < CATCH_UP_PAGE) return;
      after = page[page.length - 1].cursor;
    }
  }

  return {
    handle,
    async idle() {
      await chain;
      await deps.dispatcher.idle();
    },
    async start() {
      const buffered: AlertEventRecord[] = [];
      let live = false;
      unsubscribe = deps.events.listen((e) => (live ? void enqueue(e) : buffered.push(e)));
      if (settings.durablePosition) {
        const saved = (await documents.get<{ cursor: string }>(WORKER_COLLECTION, POSITION_ID))?.value.cursor ?? null;
        if (saved) {
          try {
            await catchUp(saved);
          } catch (e) {
            logger.warn({ err: e, cursor: saved }, "notification catch-up skipped: stored position is not readable (expired?)");
          }
        }
      }
      for (const e of buffered) if (newer(e.cursor, position)) void enqueue(e);
      live = true;
      if (settings.durablePosition && position === null) {
        // First start against this store: begin at the live end (history is never notified).
        const latest = await deps.events.latestCursor();
        if (latest && position === null) position = latest;
      }
      deps.dispatcher.start();
      if (settings.durablePosition) {
        const tick = () => {
          flushTimer = setTimeout(
            () =>
              void flushPosition()
                .catch((e) => logger.warn({ err: e }, "saving notification position failed"))
                .finally(() => stopping || tick()),
            settings.positionFlushMs,
          );
          flushTimer.unref();
        };
        tick();
      }
    },
    stop: () =>
      (stopping ??= (async () => {
        unsubscribe?.();
        if (flushTimer) clearTimeout(flushTimer);
        await chain;
        await flushPosition().catch(() => undefined);
        await deps.dispatcher.stop();
      })()),
  };
}
