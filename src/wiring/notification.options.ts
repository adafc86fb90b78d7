import type { Env } from "../config/config.js";
import type { NotificationsOptions } from "../modules/notifications/notification.module.js";

/** The notifications domain's settings from the config (`SMTP_*`, `NOTIFY_*`, `MSSP_NAME`). */
export function notificationOptionsFrom(env: Env): NotificationsOptions {
  return {
    smtp: {
      host: env.SMTP_HOST ?? null,
      port: env.SMTP_PORT,
      secure: env.SMTP_SECURE,
      requireTls: env.SMTP_REQUIRE_TLS,
      user: env.SMTP_USER ?? null,
      password: env.SMTP_PASSWORD ?? null,
      from: env.SMTP_FROM,
      timeoutMs: env.SMTP_TIMEOUT_MS,
    },
    webhooks: { timeoutMs: env.NOTIFY_WEBHOOK_TIMEOUT_MS, allowPrivate: env.NOTIFY_WEBHOOK_ALLOW_PRIVATE },
    msspName: env.MSSP_NAME,
    testSends: { perCallerPerHour: env.NOTIFY_TEST_SENDS_PER_CALLER_PER_HOUR, perRulePerHour: env.NOTIFY_TEST_SENDS_PER_RULE_PER_HOUR },
    delivery: {
      maxAttempts: env.NOTIFY_MAX_ATTEMPTS,
      retryBaseMs: env.NOTIFY_RETRY_BASE_MS,
      retryMaxMs: env.NOTIFY_RETRY_MAX_MS,
      leaseMs: env.NOTIFY_LEASE_MS,
      sweepIntervalMs: env.NOTIFY_SWEEP_INTERVAL_MS,
      dedupeTtlMs: env.NOTIFY_DEDUPE_TTL_HOURS * 3_600_000,
      ruleCacheMs: env.NOTIFY_RULE_CACHE_MS,
      logMaxPerRule: env.NOTIFY_LOG_MAX_PER_RULE,
    },
  };
}
