import "reflect-metadata"; // type-graphql decorators run while this module graph loads (tests import createApp directly)
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import { principalId } from "./auth/principal.js";
import { buildAccessScope, Permission } from "./auth/roles.js";
import { createTokenVerifier } from "./auth/token-verifier.js";
import type { Config, Env, SeedGrant, TenantConfig } from "./config/config.js";
import { createCallerRateLimiter } from "./limits/caller-rate-limit.js";
import { createQueryLimits } from "./limits/query-limits.js";
import { createLogger, type Logger } from "./logger.js";
import { createAccessGrantService } from "./modules/access-grants/access-grant.service.js";
import { createAccessGrantSource } from "./modules/access-grants/access-grant.source.js";
import { createAlertService } from "./modules/alerts/alert.service.js";
import { createMachineService } from "./modules/machines/machine.service.js";
import { createNotifications, type Notifications, type NotificationsOptions } from "./modules/notifications/notification.module.js";
import { createAlertEventService } from "./modules/subscriptions/alert-event.service.js";
import { createContext } from "./context.js";
import { createAlertEventHub } from "./live/event.hub.js";
import { createReplayGate } from "./live/replay.gate.js";
import { createTenantService } from "./modules/tenants/tenant.service.js";
import { observabilityPlugin } from "./observability/graphql.plugin.js";
import { countAlertEvents, countNotificationDelivery, recordSyncPoll, recordUpstreamCall, registerMetricSource } from "./observability/metrics.js";
import { mountMetricsRoute } from "./observability/metrics.route.js";
import { requestObservability } from "./observability/request-log.js";
import { recordSyncPollOutcome, startTracing, tracingPlugin } from "./observability/tracing.js";
import { responseCachePlugin } from "./cache/response-cache.plugin.js";
import { buildGatewaySchema } from "./schema.js";
import { createServer, type GatewayServer } from "./server.js";
import { attachLiveTransports, type LiveTransports } from "./transport/live.transports.js";
import type { OperationLimits } from "./transport/operation.prepare.js";
import type { Services } from "./services.js";
import { createSimulator, demoUserId, type Simulator } from "./simulator/index.js";
import { demoTokensAllowed, isLoopbackHost } from "./auth/demo-exposure.js";
import { createRefusedIpLimiter } from "./limits/refused-ip.limit.js";
import { recordAlertChanges, recordPendingAlertChanges } from "./store/alert-changes.js";
import { createStore } from "./store/store.js";
import type { FenceToken, Store } from "./store/store.types.js";
import { createSyncManager, type SyncManager } from "./sync/sync.loop.js";
import { SYNC_STATUS_COLLECTION, type SyncStatus } from "./sync/sync.types.js";
import { createTenantRegistry, type TenantRegistry } from "./tenants/tenant.registry.js";
import { createDefenderClient, type DefenderClient } from "./upstream/defender.client.js";
import { createDefenderAlertFeed } from "./upstream/defender.feed.js";
import type { DefenderAlert } from "./upstream/defender.types.js";

export interface App {
  url: string;
  port: number;
  server: GatewayServer;
  store: Store;
  sync: SyncManager;
  client: DefenderClient;
  registry: TenantRegistry;
  logger: Logger;
  /** The in-process simulator (embedded mode only). */
  simulator: Simulator | null;
  /** This replica's id (lease holder, logs). */
  replicaId: string;
  /** Notification rules service and delivery worker (started before the sync, stopped before the store closes). */
  notifications: Notifications;
  /** Drains HTTP and sockets, stops sync and releases leases, closes the store. Idempotent. */
  close(): Promise<void>;
}

/** Demo analysts of the embedded default (see README): alice TIER2 everywhere, bob TIER1 on the first tenant, carol APPROVER everywhere. */
export function demoSeedGrants(tenants: readonly TenantConfig[]): SeedGrant[] {
  const user = (name: string) => ({ kind: "USER" as const, id: demoUserId(name), displayName: name[0]!.toUpperCase() + name.slice(1) });
  return [
    { tenantId: "*", subject: user("alice"), role: "TIER2_ANALYST" },
    ...(tenants[0] ? [{ tenantId: tenants[0].id, subject: user("bob"), role: "TIER1_ANALYST" as const }] : []),
    { tenantId: "*", subject: user("carol"), role: "APPROVER" },
  ];
}

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

const DEFENDER_GLOBAL = "https://api.security.microsoft.com";
/** Defender's geo host of a tenant's region ("eu" → eu.api.security.microsoft.com), or the global host. */
const regionalBase = (t: TenantConfig) => (t.region ? `https://${t.region}.api.security.microsoft.com` : DEFENDER_GLOBAL);

/** Composition root: builds every long-lived part once, in dependency order. Never reads process.env. */
export async function createApp(config: Config): Promise<App> {
  const env = config.env;
  const replicaId = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const logger = createLogger(env.LOG_LEVEL, { replica: replicaId });
  const tracing = startTracing(env);

  let simulator: Simulator | null = null;
  let tenants: TenantConfig[] = config.tenants;
  let seedGrants: SeedGrant[] = config.seedGrants;
  let upstream: { authorityHost: string; apiBase: (t: TenantConfig) => string; clientId: string; clientSecret?: string; certificatePath?: string; caPem?: string };
  let auth: { issuer: string; jwksUrl: string; audience: string };

  if (config.embedded) {
    simulator = await createSimulator({
      seed: env.SIM_SEED,
      tenantCount: env.SIM_TENANTS,
      alertsPerTenant: env.SIM_ALERTS_PER_TENANT,
      generateIntervalMs: env.SIM_GENERATE_INTERVAL_MS,
      host: "127.0.0.1",
      httpPort: env.SIM_HTTP_PORT,
      httpsPort: env.SIM_HTTPS_PORT,
    });
    const sim = simulator;
    tenants = [...sim.tenants.map((t) => ({ id: t.id, name: t.name, region: t.region, apiBaseUrl: sim.httpUrl! })), ...config.tenants];
    seedGrants = [...demoSeedGrants(tenants), ...config.seedGrants];
    upstream = {
      authorityHost: sim.httpsUrl!,
      apiBase: (t) => t.apiBaseUrl ?? sim.httpUrl!,
      clientId: sim.clientId,
      clientSecret: sim.clientSecret,
      caPem: sim.caCertPem ?? undefined,
    };
    auth = { issuer: sim.userTokenIssuer, jwksUrl: sim.jwksUrl, audience: sim.gatewayAppId };
  } else {
    upstream = {
      authorityHost: env.AUTHORITY_HOST!,
      // Per tenant override first (GCC hosts), then one URL for all (a standalone simulator), then the geo host.
      apiBase: (t) => t.apiBaseUrl ?? env.DEFENDER_API_URL ?? regionalBase(t),
      clientId: env.UPSTREAM_CLIENT_ID!,
      clientSecret: env.UPSTREAM_CLIENT_SECRET,
      certificatePath: env.UPSTREAM_CERTIFICATE_PATH,
      caPem: env.UPSTREAM_CA_FILE ? readFileSync(env.UPSTREAM_CA_FILE, "utf8") : undefined,
    };
    auth = { issuer: env.AUTH_ISSUER!, jwksUrl: env.AUTH_JWKS_URL!, audience: env.AUTH_AUDIENCE! };
  }

  const registry = createTenantRegistry(tenants);
  const store = await createStore({
    redisUrl: env.REDIS_URL ?? null,
    redisCluster: env.REDIS_CLUSTER,
    keyPrefix: env.REDIS_KEY_PREFIX,
    dataFile: env.DATA_FILE || null,
    eventLog: { maxLen: env.EVENT_LOG_MAX_LEN, maxAgeMs: env.EVENT_LOG_MAX_AGE_HOURS * 3_600_000 },
  });

  const client = createDefenderClient({
    authorityHost: upstream.authorityHost,
    clientId: upstream.clientId,
    clientSecret: upstream.clientSecret,
    certificatePath: upstream.certificatePath,
    caPem: upstream.caPem,
    baseUrlFor: (tenantId) => {
      const t = registry.get(tenantId);
      return t ? upstream.apiBase(t) : DEFENDER_GLOBAL;
    },
    timeoutMs: env.UPSTREAM_TIMEOUT_MS,
    maxAttempts: env.UPSTREAM_MAX_ATTEMPTS,
    maxRetryWaitMs: env.UPSTREAM_MAX_RETRY_WAIT_MS,
    budget: { perMinute: env.UPSTREAM_BUDGET_PER_MINUTE, perHour: env.UPSTREAM_BUDGET_PER_HOUR },
    breaker: { consecutiveFailures: env.UPSTREAM_BREAKER_FAILURES, halfOpenAfterMs: env.UPSTREAM_BREAKER_RESET_MS },
    redisUrl: env.REDIS_URL ?? null,
    redisCluster: env.REDIS_CLUSTER,
    keyPrefix: env.REDIS_KEY_PREFIX,
    onCall: recordUpstreamCall,
  });

  // Config seeds plus the stored grants, cached ≤ 1 s so grant changes apply on every replica within seconds.
  const grantSource = createAccessGrantSource({ documents: store.documents, seeds: seedGrants, tenantIds: () => registry.ids() });
  const record = (tenantId: string, alerts: DefenderAlert[], fence?: FenceToken) =>
    recordAlertChanges(store, tenantId, alerts, { fence }).then((events) => {
      for (const e of events) countAlertEvents(e.kind);
      return events;
    });

  // One event-log listener per process; subscribers are authorized per event against their current scope.
  const liveHub = createAlertEventHub(
    {
      events: store.events,
      scopeFor: (principal) => services.access.scopeFor(principal),
      canRead: (scope, tenantId) => scope.can(tenantId, Permission.READ_ALERTS),
      replayGate: createReplayGate({ maxConcurrent: env.LIVE_MAX_CONCURRENT_REPLAYS, maxPerCaller: env.LIVE_MAX_REPLAYS_PER_CALLER }),
      logger,
    },
    { scopeTtlMs: env.SUBSCRIPTION_SCOPE_TTL_MS, replayPageSize: env.SUBSCRIPTION_REPLAY_PAGE_SIZE, replayBufferMax: 10_000 },
  );

  const notifications = createNotifications({
    options: notificationOptionsFrom(env),
    store,
    grants: grantSource,
    metrics: { deliveryAttempted: countNotificationDelivery },
    alert: async (tenantId, id) => (await store.index.get(tenantId, id))?.alert ?? null,
    tenantName: (id) => registry.get(id)?.name ?? null,
    replicaId,
    logger,
  });

  const services: Services = {
    access: { scopeFor: async (principal) => buildAccessScope(principal, await grantSource.activeGrants(), { tenantIds: () => registry.ids() }) },
    tenants: createTenantService({ registry, documents: store.documents, index: store.index, budgetLeft: (t) => client.budgetLeft(t) }),
    alerts: createAlertService({
      index: store.index,
      patchUpstream: (tenantId, id, patch) => client.updateAlert(tenantId, id, patch),
      recordChanges: (tenantId, alerts) => record(tenantId, alerts),
    }),
    machines: createMachineService({
      fetchMachines: (tenantId, ids) => client.listMachines(tenantId, { ids }),
      cacheTtlMs: env.MACHINE_CACHE_TTL_MS,
      requestDeadlineMs: env.UPSTREAM_REQUEST_DEADLINE_MS,
    }),
    alertEvents: createAlertEventService({ events: store.events }),
    accessGrants: createAccessGrantService({
      documents: store.documents,
      source: grantSource,
      tenantExists: (id) => registry.get(id) !== undefined,
      defaultTtlMs: env.GRANT_DEFAULT_TTL_DAYS * 86_400_000,
      onChange: (g) => {
        const last = g.history.at(-1);
        logger.info({ grantId: g.id, tenantId: g.tenantId, subject: `${g.subject.kind}:${g.subject.id}`, role: g.role, from: last?.from, to: g.status, by: last?.by.id }, "access grant changed");
      },
    }),
    notifications: notifications.service,
  };

  const sync = createSyncManager(
    {
      pollIntervalMs: env.SYNC_POLL_INTERVAL_MS,
      backfillMs: env.SYNC_BACKFILL_HOURS * 3_600_000,
      overlapMs: env.SYNC_OVERLAP_MS,
      pageSize: env.SYNC_PAGE_SIZE,
      leaseMs: env.SYNC_LEASE_MS,
    },
    {
      tenantIds: () => registry.ids(),
      alerts: createDefenderAlertFeed(client, { logger }),
      record: (tenantId, alerts, fence) => record(tenantId, alerts, fence),
      recordPending: (tenantId, fence) =>
        recordPendingAlertChanges(store, tenantId, { fence }).then((events) => {
          for (const e of events) countAlertEvents(e.kind);
          return events;
        }),
      documents: store.documents,
      leases: store.leases,
      holder: replicaId,
      logger,
      onPoll: (tenantId, outcome) => {
        recordSyncPoll(tenantId, outcome.ok);
        recordSyncPollOutcome(outcome);
      },
    },
  );

  const verifier = createTokenVerifier({ ...auth, clockToleranceSeconds: env.AUTH_CLOCK_TOLERANCE_S, adminRole: env.AUTH_ADMIN_ROLE });
  const schema = await buildGatewaySchema();
  // One set of query limits for HTTP, WebSocket and SSE.
  const limits = createQueryLimits({
    maxDepth: env.LIMIT_MAX_DEPTH,
    maxAliases: env.LIMIT_MAX_ALIASES,
    maxDirectives: env.LIMIT_MAX_DIRECTIVES,
    maxTokens: env.LIMIT_MAX_TOKENS,
    maxCost: env.LIMIT_MAX_COST,
    maxRootFields: env.LIMIT_MAX_ROOT_FIELDS,
    maxVariablesDepth: env.LIMIT_MAX_VARIABLES_DEPTH,
  });
  const rateLimiter = createCallerRateLimiter({
    points: env.RATE_LIMIT_PER_CALLER,
    durationSec: env.RATE_LIMIT_WINDOW_S,
    redisUrl: env.REDIS_URL ?? null,
    redisCluster: env.REDIS_CLUSTER,
    keyPrefix: env.REDIS_KEY_PREFIX,
  });
  // Subscriptions over WebSocket/SSE pass the same query limits and the same per-caller allowance as HTTP.
  const liveLimits: OperationLimits = { ...limits, admit: (principal) => rateLimiter.admit(principalId(principal)) };
  let live: LiveTransports | null = null;
  const server = await createServer({
    schema,
    services,
    verifier,
    logger,
    development: env.NODE_ENV === "development",
    devTokens: simulator && demoTokensAllowed(env) ? (req) => simulator!.mintUserToken(req) : undefined,
    ready: async () => ({ store: await store.ping() }),
    limits,
    admit: (principal) => rateLimiter.admit(principalId(principal)),
    plugins: [tracingPlugin(), observabilityPlugin(), responseCachePlugin({ ttlMs: env.RESPONSE_CACHE_TTL_MS, dataVersion: () => store.events.latestCursor() })],
    bodyLimitBytes: env.HTTP_BODY_LIMIT_BYTES,
    http: { headersTimeoutMs: env.HTTP_HEADERS_TIMEOUT_MS, requestTimeoutMs: env.HTTP_BODY_TIMEOUT_MS, maxConnections: env.HTTP_MAX_CONNECTIONS },
    preAuth: createRefusedIpLimiter({ perMinute: env.AUTH_REFUSALS_PER_IP_PER_MIN }),
    cors: { origins: env.CORS_ORIGINS, maxAgeSec: env.CORS_MAX_AGE_S },
    compressionMinBytes: env.COMPRESSION_MIN_BYTES,
    graphiql: { audience: config.embedded ? undefined : auth.audience },
    routes: (app) => {
      app.use(requestObservability(logger));
      mountMetricsRoute(app, {
        bearerToken: env.METRICS_BEARER_TOKEN,
        // Off loopback, the metrics (tenant ids, traffic) need a bearer: the scrape token, else an admin's token.
        authorize: isLoopbackHost(env.HOST) ? undefined : async (header) => (await verifier.verifyHeader(header).catch(() => null))?.isAdmin === true,
      });
    },
    attach: (httpServer, app) =>
      (live = attachLiveTransports(httpServer, app, {
        schema,
        verifier,
        hub: liveHub,
        contextFor: (principal, requestId, scope) => createContext(services, principal, requestId, scope),
        parseArgs: async (principal, args) => services.alertEvents.parseRequest(await services.access.scopeFor(principal), args),
        logger,
        development: env.NODE_ENV === "development",
        limits: liveLimits,
        ws: { initTimeoutMs: env.WS_INIT_TIMEOUT_MS, keepAliveMs: env.WS_KEEPALIVE_MS, maxMessageBytes: env.WS_MAX_MESSAGE_BYTES, maxBufferedBytes: env.WS_MAX_BUFFERED_BYTES },
        sse: {
          bodyLimitBytes: env.HTTP_BODY_LIMIT_BYTES,
          maxPendingEvents: env.SUBSCRIPTION_MAX_PENDING_EVENTS,
          maxBufferedBytes: env.SSE_MAX_BUFFERED_BYTES,
          keepAliveMs: env.SSE_KEEPALIVE_MS,
        },
        maxBufferedBytes: env.LIVE_MAX_BUFFERED_BYTES,
      })),
  });
  const unregisterMetrics = registerMetricSource({
    budgets: () => Promise.all(registry.ids().map(async (tenantId) => ({ tenantId, ...(await client.budgetLeft(tenantId)) }))),
    syncLag: async () => {
      const statuses = new Map((await store.documents.list<SyncStatus>(SYNC_STATUS_COLLECTION)).map((d) => [d.value.tenantId, d.value]));
      const now = Date.now();
      return registry.ids().map((tenantId) => {
        const at = statuses.get(tenantId)?.lastSuccessAt;
        return { tenantId, lagSeconds: at ? Math.max(0, (now - Date.parse(at)) / 1000) : null };
      });
    },
    subscribers: () => liveHub.stats().subscribers,
    connections: () => live?.stats() ?? { webSockets: 0, sseStreams: 0 },
  });

  const { url, port } = await server.listen(env.PORT, env.HOST);
  // Listen to the event log before the sync appends to it, so no CREATED event is missed.
  await notifications.worker.start();
  sync.start();
  logger.info({ url, mode: config.embedded ? "embedded" : "remote", store: store.kind, tenants: registry.ids().length }, "gateway listening");

  let closing: Promise<void> | null = null;
  return {
    url,
    port,
    server,
    store,
    sync,
    client,
    registry,
    logger,
    simulator,
    replicaId,
    notifications,
    close: () =>
      (closing ??= (async () => {
        // Drain HTTP and sockets (1001) while releasing leases, so another replica takes over at once.
        unregisterMetrics();
        await Promise.all([server.close(), sync.stop()]);
        await rateLimiter.close();
        await liveHub.close();
        await notifications.worker.stop();
        await store.close();
        await client.close?.();
        await simulator?.close();
        await tracing.shutdown();
      })()),
  };
}
