import { randomUUID } from "node:crypto";
import { principalId, type Principal } from "../auth/principal.js";
import type { Logger } from "../logger.js";

/** Transports a subscription can run over, as the access log names them. */
export type LiveTransportName = "websocket" | "sse" | "multipart";

/**
 * Why a subscription ended: `client` (completed it or went away), `slow_consumer` (shed, 1013 /
 * SLOW_CONSUMER), `token_expired`, `shutdown` (1001 / stream cut while draining), `error` (e.g.
 * CURSOR_EXPIRED; `code` says which).
 */
export type SubscriptionEndReason = "client" | "slow_consumer" | "token_expired" | "shutdown" | "error";

export interface SubscriptionLogEntry {
  /** Counts one event sent to the client. */
  sent(): void;
  /** Writes the "subscription ended" line; only the first call counts. */
  end(reason: SubscriptionEndReason, code?: string): void;
}

/** What a subscription logs when its access log is off (level above `info`): nothing, and it keeps nothing. */
const UNLOGGED: SubscriptionLogEntry = {
  sent() {},
  end() {},
};

/**
 * The access log of live subscriptions (WebSocket and SSE/multipart alike): one "subscription started"
 * line and one "subscription ended" line per subscription, with the caller, operation, transport, and at
 * the end the duration, the events sent and the reason. Headers and variables are never logged. With the
 * log level above `info` a subscription keeps no log state at all (thousands of subscribers, no lines).
 */
export function createSubscriptionLog(logger: Logger) {
  const log = logger.child({ component: "live" });
  return {
    started(e: {
      transport: LiveTransportName;
      principal: Principal;
      operationName: string | null;
      requestId?: string;
    }): SubscriptionLogEntry {
      if (!log.isLevelEnabled("info")) return UNLOGGED;
      const base = {
        subscriptionId: randomUUID(),
        ...(e.requestId ? { requestId: e.requestId } : {}),
        transport: e.transport,
        caller: principalId(e.principal),
        operation: { type: "subscription", name: e.operationName },
      };
      const started = process.hrtime.bigint();
      let events = 0;
      let ended = false;
      log.info(base, "subscription started");
      return {
        sent: () => void events++,
        end(reason, code) {
          if (ended) return;
          ended = true;
          const durationMs = Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10;
          log.info({ ...base, durationMs, events, reason, ...(code ? { code } : {}) }, "subscription ended");
        },
      };
    },
  };
}

export type SubscriptionLog = ReturnType<typeof createSubscriptionLog>;
