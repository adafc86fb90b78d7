import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { GRAPHQL_PATH, SSE_PATH } from "../transport/transport.constants.js";

/**
 * The gateway's Prometheus metrics: one registry per process (one process = one replica), small
 * recording functions any module may call, and sources for gauges read at scrape time.
 * Label values are bounded: tenant ids (configured tenants), route templates, outcome enums.
 */
export const registry = new Registry();
// Standard names (`process_*`, `nodejs_*`) and no constant label, so stock Node.js dashboards work unchanged;
// Prometheus' own `job`/`instance` labels tell services and replicas apart.
collectDefaultMetrics({ register: registry });

const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const httpDuration = new Histogram({
  name: "gateway_http_request_duration_seconds",
  help: "HTTP request latency, by method, route and status",
  labelNames: ["method", "route", "status"] as const,
  buckets: SECONDS,
  registers: [registry],
});

const graphqlDuration = new Histogram({
  name: "gateway_graphql_request_duration_seconds",
  help: "GraphQL operation latency over HTTP (context to response), by operation type and outcome",
  labelNames: ["operation_type", "operation_name", "outcome"] as const,
  buckets: SECONDS,
  registers: [registry],
});

const graphqlErrors = new Counter({
  name: "gateway_graphql_errors_total",
  help: "GraphQL errors returned to clients, by extensions.code",
  labelNames: ["code"] as const,
  registers: [registry],
});

const fastPathRequests = new Counter({
  name: "gateway_http_fast_path_requests_total",
  help: "GraphQL POSTs the query fast path took, by outcome: served there, or handed to the full path (full_path)",
  labelNames: ["outcome"] as const,
  registers: [registry],
});

const upstreamCalls = new Counter({
  name: "gateway_upstream_calls_total",
  help: "Upstream (Graph or legacy Defender API) call attempts (and local refusals), by tenant, route and outcome",
  labelNames: ["tenant", "route", "outcome"] as const,
  registers: [registry],
});

const upstreamErrors = new Counter({
  name: "gateway_upstream_errors_total",
  help: "Failed upstream call attempts (anything but ok/notFound), by tenant and outcome",
  labelNames: ["tenant", "outcome"] as const,
  registers: [registry],
});

const upstreamThrottled = new Counter({
  name: "gateway_upstream_throttled_total",
  help: "Throttled upstream calls: HTTP 429 from upstream, or refused by our own budget",
  labelNames: ["tenant", "source"] as const,
  registers: [registry],
});

const upstreamDuration = new Histogram({
  name: "gateway_upstream_call_duration_seconds",
  help: "Wall time of upstream HTTP exchanges (Graph or legacy Defender API), by route",
  labelNames: ["route"] as const,
  buckets: SECONDS,
  registers: [registry],
});

const syncPolls = new Counter({
  name: "gateway_sync_polls_total",
  help: "Sync polls of a tenant by this replica, by outcome",
  labelNames: ["tenant", "outcome"] as const,
  registers: [registry],
});

const alertEvents = new Counter({
  name: "gateway_alert_events_total",
  help: "Alert events appended to the event log by this replica (rate() gives events/s), by kind",
  labelNames: ["kind"] as const,
  registers: [registry],
});

const notificationDeliveries = new Counter({
  name: "gateway_notification_deliveries_total",
  help: "Notification delivery attempts, by channel and outcome",
  labelNames: ["channel", "outcome"] as const,
  registers: [registry],
});

const rejectedRequests = new Counter({
  name: "gateway_requests_rejected_total",
  help: "Requests refused before execution, by reason (rate_limited, query_too_complex, payload_too_large, bad_request)",
  labelNames: ["reason"] as const,
  registers: [registry],
});

/** Values read at scrape time from the live parts of an app (registered in app.ts, removed on close). */
export interface MetricSource {
  /** Calls left in each tenant's sliding minute and hour. */
  budgets?(): Promise<{ tenantId: string; minute: number; hour: number }[]>;
  /** Seconds since each tenant's last successful sync (null when it never synced). */
  syncLag?(): Promise<{ tenantId: string; lagSeconds: number | null }[]>;
  /** Live subscriptions of this process. */
  subscribers?(): number;
  /** Open live connections of this process. */
  connections?(): { webSockets: number; sseStreams: number };
}

const sources = new Set<MetricSource>();

/** Adds a scrape-time source; returns its removal. */
export function registerMetricSource(source: MetricSource): () => void {
  sources.add(source);
  return () => sources.delete(source);
}

new Gauge({
  name: "gateway_upstream_budget_remaining",
  help: "Upstream calls left in the tenant's sliding window, on the API the tenant uses (Graph or the legacy Defender API; gateway-side budget, below Microsoft's limit)",
  labelNames: ["tenant", "window"] as const,
  registers: [registry],
  async collect() {
    this.reset();
    for (const s of sources) {
      for (const b of (await s.budgets?.().catch(() => [])) ?? []) {
        this.set({ tenant: b.tenantId, window: "minute" }, b.minute);
        this.set({ tenant: b.tenantId, window: "hour" }, b.hour);
      }
    }
  },
});

new Gauge({
  name: "gateway_sync_lag_seconds",
  help: "Seconds since the tenant's last successful sync (any replica); -1 before the first",
  labelNames: ["tenant"] as const,
  registers: [registry],
  async collect() {
    this.reset();
    for (const s of sources) {
      for (const l of (await s.syncLag?.().catch(() => [])) ?? []) this.set({ tenant: l.tenantId }, l.lagSeconds ?? -1);
    }
  },
});

new Gauge({
  name: "gateway_subscribers",
  help: "Live subscriptions (alertEvents and incidentEvents) on this replica",
  registers: [registry],
  collect() {
    let n = 0;
    for (const s of sources) n += s.subscribers?.() ?? 0;
    this.set(n);
  },
});

new Gauge({
  name: "gateway_live_connections",
  help: "Open live connections on this replica, by transport",
  labelNames: ["transport"] as const,
  registers: [registry],
  collect() {
    let ws = 0;
    let sse = 0;
    for (const s of sources) {
      const c = s.connections?.();
      ws += c?.webSockets ?? 0;
      sse += c?.sseStreams ?? 0;
    }
    this.set({ transport: "websocket" }, ws);
    this.set({ transport: "sse" }, sse);
  },
});

/** Route template of an HTTP path (bounded label values). */
export function routeOf(path: string): string {
  if (path === GRAPHQL_PATH || path === `${GRAPHQL_PATH}/`) return GRAPHQL_PATH;
  if (path.startsWith(SSE_PATH)) return SSE_PATH;
  if (path === "/metrics" || path === "/healthz" || path === "/readyz" || path === "/dev/token") return path;
  return "other";
}

export function observeHttpRequest(method: string, path: string, status: number, seconds: number): void {
  httpDuration.observe({ method, route: routeOf(path), status: String(status) }, seconds);
}

export function observeGraphQLRequest(
  operationType: string,
  operationName: string,
  outcome: "ok" | "error" | "rejected",
  seconds: number,
): void {
  graphqlDuration.observe({ operation_type: operationType, operation_name: operationName, outcome }, seconds);
}

export function countGraphQLError(code: string): void {
  graphqlErrors.inc({ code });
}

/** One request the query fast path took: answered there (`served`) or handed on to the full path (`full_path`). */
export function countFastPathRequest(outcome: "served" | "full_path"): void {
  fastPathRequests.inc({ outcome });
}

export function countRejectedRequest(reason: "rate_limited" | "query_too_complex" | "payload_too_large" | "bad_request"): void {
  rejectedRequests.inc({ reason });
}

/** Shape of the upstream client's `onCall` event (kept structural so this module has no upstream import). */
export interface UpstreamCallSample {
  tenantId: string;
  route: string;
  status: number | null;
  durationMs: number;
  outcome: string;
}

export function recordUpstreamCall(e: UpstreamCallSample): void {
  upstreamCalls.inc({ tenant: e.tenantId, route: e.route, outcome: e.outcome });
  if (e.outcome !== "ok" && e.outcome !== "notFound") upstreamErrors.inc({ tenant: e.tenantId, outcome: e.outcome });
  if (e.status === 429) upstreamThrottled.inc({ tenant: e.tenantId, source: "upstream" });
  else if (e.outcome === "budgetSpent") upstreamThrottled.inc({ tenant: e.tenantId, source: "budget" });
  if (e.status !== null) upstreamDuration.observe({ route: e.route }, e.durationMs / 1000);
}

export function recordSyncPoll(tenantId: string, ok: boolean): void {
  syncPolls.inc({ tenant: tenantId, outcome: ok ? "ok" : "error" });
}

export function countAlertEvents(kind: string, n = 1): void {
  if (n > 0) alertEvents.inc({ kind }, n);
}

/** Call once per delivery attempt; `channel` e.g. "email", "webhook"; `outcome` e.g. "sent", "failed", "retry", "skipped". */
export function countNotificationDelivery(channel: string, outcome: string): void {
  notificationDeliveries.inc({ channel, outcome });
}
