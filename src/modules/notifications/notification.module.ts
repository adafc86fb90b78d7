import type { Env } from "../../config/config.js";
import type { Logger } from "../../logger.js";
import type { Store } from "../../store/store.types.js";
import type { DefenderAlert } from "../../upstream/defender.types.js";
import { createDispatcher } from "./notification.dispatcher.js";
import { createNotificationWorker, type NotificationWorker } from "./notification.worker.js";
import { createDeliveryLog } from "./notification-delivery.log.js";
import { createEmailSender } from "./notification-email.sender.js";
import { createTestSendLimiter } from "./notification-test.limit.js";
import { createNotificationRuleService, type NotificationRuleService } from "./notification-rule.service.js";
import { createRuleStore } from "./notification-rule.store.js";
import { createWebhookSender } from "./notification-webhook.sender.js";

export interface NotificationsDeps {
  env: Env;
  store: Pick<Store, "kind" | "documents" | "events">;
  /** Alert snapshot from the index (deliveries resumed after a replica stopped). */
  alert(tenantId: string, alertId: string): Promise<DefenderAlert | null>;
  tenantName(tenantId: string): string | null;
  replicaId: string;
  logger: Logger;
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
  const { env, store } = deps;
  const logger = deps.logger.child({ component: "notifications" });
  const rules = createRuleStore(store.documents, { cacheMs: env.NOTIFY_RULE_CACHE_MS });
  const log = createDeliveryLog(store.documents, { maxPerRule: env.NOTIFY_LOG_MAX_PER_RULE });
  const email = createEmailSender({
    host: env.SMTP_HOST ?? null,
    port: env.SMTP_PORT,
    secure: env.SMTP_SECURE,
    requireTls: env.SMTP_REQUIRE_TLS,
    user: env.SMTP_USER ?? null,
    password: env.SMTP_PASSWORD ?? null,
    from: env.SMTP_FROM,
    timeoutMs: env.SMTP_TIMEOUT_MS,
  });
  const webhook = createWebhookSender({
    timeoutMs: env.NOTIFY_WEBHOOK_TIMEOUT_MS,
    allowPrivate: env.NOTIFY_WEBHOOK_ALLOW_PRIVATE,
    userAgent: "mssp-alert-gateway-webhooks/1",
  });
  const dispatcher = createDispatcher({
    documents: store.documents,
    rules,
    log,
    email,
    webhook,
    alert: deps.alert,
    tenantName: (id) => deps.tenantName(id) ?? id,
    msspName: env.MSSP_NAME,
    replicaId: deps.replicaId,
    logger,
    settings: {
      maxAttempts: env.NOTIFY_MAX_ATTEMPTS,
      retryBaseMs: env.NOTIFY_RETRY_BASE_MS,
      retryMaxMs: env.NOTIFY_RETRY_MAX_MS,
      leaseMs: env.NOTIFY_LEASE_MS,
      sweepIntervalMs: env.NOTIFY_SWEEP_INTERVAL_MS,
    },
  });
  const worker = createNotificationWorker({
    events: store.events,
    documents: store.documents,
    rules,
    log,
    dispatcher,
    logger,
    settings: {
      dedupeTtlMs: env.NOTIFY_DEDUPE_TTL_HOURS * 3_600_000,
      durablePosition: store.kind === "redis",
      positionFlushMs: 1_000,
    },
  });
  const service = createNotificationRuleService({
    rules,
    log,
    dispatcher,
    tenantExists: (id) => deps.tenantName(id) !== null,
    allowPrivateWebhooks: env.NOTIFY_WEBHOOK_ALLOW_PRIVATE,
    admitTest: createTestSendLimiter({ perCallerPerHour: env.NOTIFY_TEST_SENDS_PER_CALLER_PER_HOUR, perRulePerHour: env.NOTIFY_TEST_SENDS_PER_RULE_PER_HOUR }),
  });
  return { service, worker, emailConfigured: email.configured };
}
