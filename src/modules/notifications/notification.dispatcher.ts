import type { Logger } from "../../logger.js";
import type { DocumentStore } from "../../store/store.types.js";
import type { SecurityAlert } from "../../upstream/upstream.types.js";
import { DeliveryError } from "./delivery.error.js";
import {
  DeliveryStatus,
  isIncidentTrigger,
  OUTBOX_COLLECTION,
  type OutboxEntry,
  type StoredDelivery,
  type StoredNotificationRule,
} from "./notification.model.js";
import { buildMessage } from "./notification.message.js";
import { buildIncidentMessage } from "./notification-incident.message.js";
import { type IncidentNotice, sampleIncidentNotice } from "./notification-incident.notice.js";
import type { DeliveryLog } from "./notification-delivery.log.js";
import { renderEmail } from "./notification-email.renderer.js";
import type { EmailSender } from "./notification-email.sender.js";
import type { RuleStanding } from "./notification-rule.owner.js";
import type { RuleStore } from "./notification-rule.store.js";
import type { WebhookSender } from "./notification-webhook.sender.js";

/** What a delivery tells about: a new alert, or an incident event (new incident, severity rise). */
export type DeliverySubject = { kind: "alert"; alert: SecurityAlert } | { kind: "incident"; notice: IncidentNotice };

export interface DispatcherSettings {
  /** Attempts per delivery, first one included. */
  maxAttempts: number;
  /** First retry delay; doubles per attempt (with jitter) up to `retryMaxMs`. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** How long a replica owns an in-flight delivery past its next due time before others may resume it. */
  leaseMs: number;
  /** How often to look for deliveries orphaned by a stopped replica; 0 = never. */
  sweepIntervalMs: number;
}

/** Counters the dispatcher reports to (injected: the domain does not know Prometheus). */
export interface DeliveryMetrics {
  /** One finished attempt: channel `email`/`webhook`, resulting status in lower case. */
  deliveryAttempted(channel: string, status: string): void;
}

export interface DispatcherDeps {
  documents: DocumentStore;
  rules: RuleStore;
  log: DeliveryLog;
  email: EmailSender;
  webhook: WebhookSender;
  /** Whether the rule's owner still holds the access it needs; checked before every alert or incident delivery attempt. */
  standing(rule: StoredNotificationRule): Promise<RuleStanding>;
  /** What a delivery resumed from the outbox tells about, from the index (null when it is gone). */
  subject(delivery: StoredDelivery): Promise<DeliverySubject | null>;
  tenantName(tenantId: string): string;
  msspName: string;
  replicaId: string;
  logger: Logger;
  settings: DispatcherSettings;
  metrics?: DeliveryMetrics;
  now?: () => number;
}

/** Sends deliveries: one attempt now, retries with backoff, bookkeeping in the delivery log and outbox. */
export interface Dispatcher {
  /** Takes a freshly claimed delivery (already created in the log) and sends it, retrying on failure. */
  dispatch(delivery: StoredDelivery, subject: DeliverySubject): Promise<void>;
  /** One attempt per delivery, no retries, awaited (test notifications; an incident `trigger` previews an example incident). */
  sendOnce(delivery: StoredDelivery, rule: StoredNotificationRule): Promise<StoredDelivery>;
  start(): void;
  /** Cancels timers (deliveries stay in the outbox for another replica or the next start) and waits for attempts in flight. */
  stop(): Promise<void>;
  /** Resolves when no attempt is running or scheduled (tests). */
  idle(): Promise<void>;
}

export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const { settings, log, documents, logger } = deps;
  const now = deps.now ?? Date.now;
  const iso = () => new Date(now()).toISOString();
  /** Scheduled retries owned by this replica: delivery id → timer and due time. */
  const timers = new Map<string, { timer: NodeJS.Timeout; ruleId: string; due: number }>();
  const running = new Set<Promise<unknown>>();
  let sweeper: NodeJS.Timeout | null = null;
  let stopped = false;

  const track = <T>(p: Promise<T>): Promise<T> => {
    running.add(p);
    void p.finally(() => running.delete(p)).catch(() => undefined);
    return p;
  };

  const backoff = (attempts: number) => {
    const ceiling = Math.min(settings.retryMaxMs, settings.retryBaseMs * 2 ** Math.max(0, attempts - 1));
    return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
  };

  /** The message itself. Throws DeliveryError. Returns SKIPPED_NOT_CONFIGURED when email is off. */
  async function send(d: StoredDelivery, rule: StoredNotificationRule, subject: DeliverySubject | null): Promise<DeliveryStatus> {
    const common = { deliveryId: d.id, rule, tenantName: deps.tenantName(d.tenantId), msspName: deps.msspName };
    const message =
      subject?.kind === "incident"
        ? buildIncidentMessage({ ...common, notice: subject.notice, test: d.test })
        : buildMessage({ ...common, alert: subject?.alert ?? null });
    if (d.channel === "EMAIL") {
      if (!deps.email.configured) return DeliveryStatus.SKIPPED_NOT_CONFIGURED;
      if (!d.test && !rule.recipients.some((r) => r.address.toLowerCase() === d.recipient.toLowerCase()))
        throw new DeliveryError("the recipient was removed from the rule", true);
      await deps.email.send({
        to: d.recipient,
        ...renderEmail(message, deps.msspName),
        messageId: `<${d.id}@mssp-alert-gateway>`,
        headers: {
          "X-Gateway-Rule-Id": rule.id,
          "X-Gateway-Delivery": d.id,
          ...(d.alertId ? { "X-Gateway-Alert-Id": d.alertId } : {}),
          ...(d.incidentId ? { "X-Gateway-Incident-Id": d.incidentId } : {}),
          ...(isIncidentTrigger(d.trigger) ? { "X-Gateway-Trigger": d.trigger } : {}),
        },
      });
      return DeliveryStatus.SENT;
    }
    const hook = rule.webhooks.find((w) => w.id === d.webhookId);
    if (!hook) throw new DeliveryError("the webhook was removed from the rule", true);
    await deps.webhook.send({ url: hook.url, secret: hook.secret, deliveryId: d.id, payload: message.payload });
    return DeliveryStatus.SENT;
  }

  /** Runs one attempt and records its outcome; returns the updated record. */
  async function attempt(
    d: StoredDelivery,
    subject: DeliverySubject | null,
    rule: StoredNotificationRule | null,
    retry: boolean,
  ): Promise<StoredDelivery> {
    let next: StoredDelivery;
    try {
      if (!rule) throw new DeliveryError("the rule was deleted", true);
      if (!d.test && !rule.enabled) throw new DeliveryError("the rule was disabled", true);
      if (!d.test && !subject) throw new DeliveryError(`the ${d.incidentId ? "incident" : "alert"} is no longer in the index`, true);
      if (!d.test) {
        const standing = await deps.standing(rule);
        if (standing.suspended) throw new DeliveryError(`the rule is suspended: ${standing.reason ?? "its owner lost access"}`, true);
      }
      const status = await send(d, rule, subject);
      const sent = status === DeliveryStatus.SENT;
      next = {
        ...d,
        status,
        attempts: d.attempts + (sent ? 1 : 0),
        lastError: sent ? null : "SMTP is not configured (SMTP_HOST)",
        sentAt: sent ? iso() : null,
        nextAttemptAt: null,
        updatedAt: iso(),
      };
    } catch (e) {
      const err = e instanceof DeliveryError ? e : new DeliveryError(String((e as Error)?.message ?? e), false, { cause: e });
      const attempts = d.attempts + 1;
      const again = retry && !err.permanent && attempts < settings.maxAttempts && !stopped;
      const delay = again ? backoff(attempts) : 0;
      next = {
        ...d,
        status: again ? DeliveryStatus.RETRYING : DeliveryStatus.FAILED,
        attempts,
        lastError: err.message,
        nextAttemptAt: again ? new Date(now() + delay).toISOString() : null,
        updatedAt: iso(),
      };
      logger.warn(
        { deliveryId: d.id, ruleId: d.ruleId, channel: d.channel, attempts, retry: again, err: err.message },
        "notification delivery failed",
      );
    }
    await log.save(next);
    deps.metrics?.deliveryAttempted(d.channel.toLowerCase(), next.status.toLowerCase());
    return next;
  }

  const outboxPut = (entry: OutboxEntry, expectedVersion?: number) =>
    documents.put(OUTBOX_COLLECTION, entry.deliveryId, entry, expectedVersion);

  /** Attempt + reschedule loop of one delivery owned by this replica. */
  async function run(d: StoredDelivery, subject: DeliverySubject | null): Promise<void> {
    const rule = (await deps.rules.get(d.ruleId))?.value ?? null;
    const next = await attempt(d, subject, rule, true);
    if (next.status !== DeliveryStatus.RETRYING) {
      await documents.delete(OUTBOX_COLLECTION, d.id);
      return;
    }
    const due = Date.parse(next.nextAttemptAt!);
    // When stopping, the lease ends at the due time so another replica (or the next start) resumes it on time.
    await outboxPut({ deliveryId: d.id, ruleId: d.ruleId, owner: deps.replicaId, leaseUntil: stopped ? due : due + settings.leaseMs });
    if (stopped) return;
    const timer = setTimeout(
      () => {
        timers.delete(d.id);
        if (!stopped) void track(run(next, subject).catch((e) => logger.error({ err: e, deliveryId: d.id }, "notification retry crashed")));
      },
      Math.max(0, due - now()),
    );
    timers.set(d.id, { timer, ruleId: d.ruleId, due });
  }

  /** Resumes deliveries whose owner's lease expired (the owner stopped or died). */
  async function sweep(): Promise<void> {
    const entries = await documents.list<OutboxEntry>(OUTBOX_COLLECTION);
    for (const { value: entry, version } of entries) {
      if (stopped) return;
      if (entry.leaseUntil > now() || timers.has(entry.deliveryId)) continue;
      try {
        await outboxPut({ ...entry, owner: deps.replicaId, leaseUntil: now() + settings.leaseMs }, version);
      } catch {
        continue; // another replica took it first
      }
      const d = await log.get(entry.ruleId, entry.deliveryId);
      if (!d || d.status === "SENT" || d.status === "FAILED" || d.status === "SKIPPED_NOT_CONFIGURED") {
        await documents.delete(OUTBOX_COLLECTION, entry.deliveryId);
        continue;
      }
      const subject = await deps.subject(d);
      logger.info({ deliveryId: d.id, from: entry.owner }, "resuming orphaned notification delivery");
      void track(run(d, subject).catch((e) => logger.error({ err: e, deliveryId: d.id }, "resumed notification crashed")));
    }
  }

  return {
    async dispatch(d, subject) {
      await outboxPut({ deliveryId: d.id, ruleId: d.ruleId, owner: deps.replicaId, leaseUntil: now() + settings.leaseMs });
      void track(run(d, subject).catch((e) => logger.error({ err: e, deliveryId: d.id }, "notification delivery crashed")));
    },
    sendOnce: (d, rule) => {
      const preview =
        d.test && isIncidentTrigger(d.trigger) ? { kind: "incident" as const, notice: sampleIncidentNotice(rule, d.trigger) } : null;
      return track(attempt(d, preview, rule, false));
    },
    start() {
      if (settings.sweepIntervalMs <= 0) return;
      const tick = () => {
        sweeper = setTimeout(() => {
          void track(sweep().catch((e) => logger.warn({ err: e }, "notification outbox sweep failed"))).finally(() => {
            if (!stopped) tick();
          });
        }, settings.sweepIntervalMs);
        sweeper.unref();
      };
      tick();
    },
    async stop() {
      stopped = true;
      if (sweeper) clearTimeout(sweeper);
      const released = [...timers.entries()];
      for (const [, t] of released) clearTimeout(t.timer);
      timers.clear();
      await Promise.allSettled([
        ...running,
        ...released.map(([deliveryId, t]) => outboxPut({ deliveryId, ruleId: t.ruleId, owner: deps.replicaId, leaseUntil: t.due })),
      ]);
      deps.email.close();
    },
    async idle() {
      while (running.size > 0 || timers.size > 0) {
        if (running.size > 0) await Promise.allSettled([...running]);
        else await new Promise((r) => setTimeout(r, 10));
      }
    },
  };
}
