import "reflect-metadata"; // type-graphql decorators run while this module graph loads (tests import createApp directly)
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { principalId, type Principal } from "./auth/principal.js";
import { createTokenVerifier } from "./auth/token-verifier.js";
import { demoTokensAllowed, isLoopbackHost } from "./auth/demo-exposure.js";
import type { Config } from "./config/config.js";
import type { GraphQLSchema } from "graphql";
import { createContext, type GatewayContext } from "./context.js";
import { serviceUnavailablePlugin } from "./errors/unavailable.plugin.js";
import { createCallerRateLimiter } from "./limits/caller-rate-limit.js";
import { createQueryLimits } from "./limits/query-limits.js";
import { createRefusedIpLimiter } from "./limits/refused-ip.limit.js";
import { createLogger, resolveLogFormat, type Logger } from "./logger.js";
import type { Notifications } from "./modules/notifications/notification.module.js";
import { createTenantRegistry, type TenantRegistry } from "./modules/tenants/tenant.registry.js";
import { observabilityPlugin } from "./observability/graphql.plugin.js";
import { recordSyncPoll, registerMetricSource } from "./observability/metrics.js";
import { mountMetricsRoute } from "./observability/metrics.route.js";
import { recordSyncPollOutcome, startTracing, tracingPlugin } from "./observability/tracing.js";
import { responseCachePlugin } from "./cache/response-cache.plugin.js";
import { createResponseCache } from "./cache/response.cache.js";
import { buildGatewaySchema } from "./schema.js";
import { createServer, type GatewayServer } from "./server.js";
import { createExecutionEngine } from "./execution/execution.engine.js";
import type { Simulator } from "./simulator/index.js";
import { createRedisConnections, type RedisConnections } from "./store/redis.connections.js";
import { backfillIndicatorsOnce } from "./store/indicator-backfill.js";
import { createStore } from "./store/store.js";
import type { Store } from "./store/store.types.js";
import { syncLagSeconds } from "./sync/sync.lag.js";
import { createSyncManager, type SyncManager } from "./sync/sync.loop.js";
import { SYNC_STATUS_COLLECTION, type SyncStatus } from "./sync/sync.types.js";
import { liveField } from "./live/subscription.executor.js";
import { attachLiveTransports, type LiveTransports } from "./transport/live.transports.js";
import type { DefenderClient } from "./upstream/defender.client.js";
import type { UpstreamSource } from "./upstream/upstream.types.js";
import { createUpstream } from "./wiring/upstream.wiring.js";
import { createDomain } from "./wiring/services.wiring.js";
import { listenError } from "./wiring/startup.error.js";
import { createUpstreamEnvironment } from "./wiring/upstream.environment.js";

export interface App {
  url: string;
  port: number;
  server: GatewayServer;
  store: Store;
  sync: SyncManager;
  /** The legacy Defender client (device lookups of legacy tenants). */
  client: DefenderClient;
  /** Every tenant's upstream, on the API the tenant is on. */
  upstream: UpstreamSource;
  registry: TenantRegistry;
  logger: Logger;
  /** The in-process simulator (embedded mode only). */
  simulator: Simulator | null;
  /** This replica's id (lease holder, logs). */
  replicaId: string;
  /** Notification rules service and delivery worker (started before the sync, stopped before the store closes). */
  notifications: Notifications;
  /** What HTTP operations execute against: the schema, and the request context an `Authorization` header gets (tests compare execution engines with it). */
  graphql: { schema: GraphQLSchema; contextFor(authorization: string): Promise<GatewayContext> };
  /** Drains HTTP and sockets, stops sync and releases leases, flushes the notification position, closes the store. Idempotent. */
  close(): Promise<void>;
}

export interface AppOptions {
  /** Whether stdout is a terminal (LOG_FORMAT=auto picks pretty logs there in development). Default false. */
  stdoutIsTTY?: boolean;
}

/**
 * Composition root: builds every long-lived part once, in dependency order, and nothing else. Never
 * reads process.env. On a startup failure whatever was already started is closed again before the
 * error is rethrown (a taken port, Redis not answering: see StartupError, RedisUnreachableError).
 */
export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  const env = config.env;
  const replicaId = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const logger = createLogger(
    env.LOG_LEVEL,
    { replica: replicaId },
    { format: resolveLogFormat(env.LOG_FORMAT, env.NODE_ENV, options.stdoutIsTTY ?? false) },
  );
  for (const warning of config.warnings) logger.warn(warning);
  const tracing = startTracing(env);

  const undo: (() => Promise<unknown>)[] = [() => tracing.shutdown()];
  try {
    // Where tokens and alerts come from: the in-process simulator, or Entra and Defender.
    const environment = await createUpstreamEnvironment(config, logger);
    undo.push(() => environment.close());
    const registry = createTenantRegistry(environment.tenants);

    // One Redis connection factory for the store, the upstream budgets and the caller rate limiter.
    const redis: RedisConnections | null = env.REDIS_URL
      ? createRedisConnections({
          url: env.REDIS_URL,
          cluster: env.REDIS_CLUSTER,
          keyPrefix: env.REDIS_KEY_PREFIX,
          commandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS,
          logger,
        })
      : null;
    if (redis) undo.push(() => redis.close());
    const store = await createStore({
      redis,
      keyPrefix: env.REDIS_KEY_PREFIX,
      startupTimeoutMs: env.REDIS_CONNECT_TIMEOUT_MS,
      dataFile: env.DATA_FILE || null,
      eventLog: { maxLen: env.EVENT_LOG_MAX_LEN, maxAgeMs: env.EVENT_LOG_MAX_AGE_HOURS * 3_600_000 },
      logger,
      readMirror: env.READ_MIRROR === "on",
    });
    undo.push(() => store.close());

    // Graph by default, the legacy Defender API for tenants still on it; one source the sync, loaders and mutations use.
    const upstream = createUpstream(env, environment, registry, redis, logger);
    undo.push(() => upstream.source.close());

    const domain = createDomain({
      env,
      store,
      upstream: upstream.source,
      machines: upstream.defender,
      registry,
      seedGrants: environment.seedGrants,
      replicaId,
      logger,
    });
    const { services, liveHub, incidentHub, notifications } = domain;
    undo.push(
      () => notifications.worker.stop(),
      () => liveHub.close(),
      () => incidentHub.close(),
    );

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
        alerts: upstream.source.alerts,
        apiOf: (tenantId) => upstream.source.apiOf(tenantId),
        incidents: upstream.source.incidents,
        recordIncidents: (tenantId, incidents, fence) => domain.recordIncidents(tenantId, incidents, fence),
        recordPendingIncidents: (tenantId, fence) => domain.recordPendingIncidents(tenantId, fence),
        record: (tenantId, alerts, fence) => domain.record(tenantId, alerts, fence),
        recordPending: (tenantId, fence) => domain.recordPending(tenantId, fence),
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
    undo.push(() => sync.stop());

    // The HTTP face: GraphQL over HTTP, WebSocket and SSE with one set of limits and one per-caller allowance.
    const verifier = createTokenVerifier({
      ...environment.auth,
      clockToleranceSeconds: env.AUTH_CLOCK_TOLERANCE_S,
      adminRole: env.AUTH_ADMIN_ROLE,
    });
    const schema = await buildGatewaySchema();
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
      redis: redis?.commands ?? null,
      keyPrefix: env.REDIS_KEY_PREFIX,
    });
    const admit = (principal: Principal) => rateLimiter.admit(principalId(principal));
    const responseCache = createResponseCache({
      ttlMs: env.RESPONSE_CACHE_TTL_MS,
      // Alerts and incidents: a change to either shows at once.
      dataVersion: async () => `${await store.events.latestCursor()}|${await store.incidentEvents.latestCursor()}`,
    });
    let live: LiveTransports | null = null;
    // One budget of refused requests per client address for HTTP and the live transports.
    const preAuth = createRefusedIpLimiter({ perMinute: env.AUTH_REFUSALS_PER_IP_PER_MIN });
    const server = await createServer({
      schema,
      services,
      verifier,
      logger,
      development: env.NODE_ENV === "development",
      devTokens: demoTokensAllowed(env) ? environment.devTokens : undefined,
      // With the read mirror, a replica is ready once it answers reads from memory.
      ready: async () => ({ store: await store.ping(), ...(store.mirror && { mirror: store.mirror.ready() }) }),
      limits,
      admit,
      execution: { engine: env.EXECUTION_ENGINE, maxCompiledQueries: env.EXECUTION_CACHE_MAX_ENTRIES },
      plugins: [tracingPlugin(), observabilityPlugin(), serviceUnavailablePlugin(), responseCachePlugin(responseCache)],
      responseCache,
      fastPath: env.HTTP_FAST_PATH === "on",
      bodyLimitBytes: env.HTTP_BODY_LIMIT_BYTES,
      // In-flight requests get most of the shutdown deadline; the rest is for leases, positions and the store.
      drainGraceMs: Math.floor(env.SHUTDOWN_TIMEOUT_MS * 0.8),
      http: {
        headersTimeoutMs: env.HTTP_HEADERS_TIMEOUT_MS,
        requestTimeoutMs: env.HTTP_BODY_TIMEOUT_MS,
        maxConnections: env.HTTP_MAX_CONNECTIONS,
      },
      preAuth,
      cors: { origins: env.CORS_ORIGINS, maxAgeSec: env.CORS_MAX_AGE_S },
      compressionMinBytes: env.COMPRESSION_MIN_BYTES,
      graphiql: { audience: config.embedded ? undefined : environment.auth.audience },
      routes: (app) => {
        mountMetricsRoute(app, {
          bearerToken: env.METRICS_BEARER_TOKEN,
          // Off loopback, the metrics (tenant ids, traffic) need a bearer: the scrape token, else an admin's token.
          authorize: isLoopbackHost(env.HOST)
            ? undefined
            : async (header) => (await verifier.verifyHeader(header).catch(() => null))?.isAdmin === true,
        });
      },
      attach: (httpServer, app) =>
        (live = attachLiveTransports(httpServer, app, {
          schema,
          verifier,
          fields: {
            alertEvents: liveField(liveHub, async (principal, args) =>
              services.alertEvents.parseRequest(await services.access.scopeFor(principal), args),
            ),
            incidentEvents: liveField(incidentHub, (_principal, args) => Promise.resolve(services.incidentEvents.parseRequest(args))),
          },
          contextFor: (principal, requestId, scope) => createContext(services, principal, requestId, scope),
          // events render with the engine HTTP operations run on (its own cache of compiled subscription documents)
          engine: createExecutionEngine(schema, { engine: env.EXECUTION_ENGINE, maxCompiledQueries: env.EXECUTION_CACHE_MAX_ENTRIES }),
          logger,
          development: env.NODE_ENV === "development",
          limits: { ...limits, admit },
          ws: {
            initTimeoutMs: env.WS_INIT_TIMEOUT_MS,
            keepAliveMs: env.WS_KEEPALIVE_MS,
            maxMessageBytes: env.WS_MAX_MESSAGE_BYTES,
            maxBufferedBytes: env.WS_MAX_BUFFERED_BYTES,
          },
          sse: {
            bodyLimitBytes: env.HTTP_BODY_LIMIT_BYTES,
            maxPendingEvents: env.SUBSCRIPTION_MAX_PENDING_EVENTS,
            maxBufferedBytes: env.SSE_MAX_BUFFERED_BYTES,
            keepAliveMs: env.SSE_KEEPALIVE_MS,
          },
          maxBufferedBytes: env.LIVE_MAX_BUFFERED_BYTES,
          preAuth,
        })),
    });
    undo.push(() => server.close());

    const unregisterMetrics = registerMetricSource({
      budgets: () => Promise.all(registry.ids().map(async (tenantId) => ({ tenantId, ...(await upstream.source.budgetLeft(tenantId)) }))),
      syncLag: async () => {
        const statuses = new Map((await store.documents.list<SyncStatus>(SYNC_STATUS_COLLECTION)).map((d) => [d.value.tenantId, d.value]));
        const now = Date.now();
        return registry.ids().map((tenantId) => ({ tenantId, lagSeconds: syncLagSeconds(statuses.get(tenantId), now) }));
      },
      subscribers: () => liveHub.stats().subscribers + incidentHub.stats().subscribers,
      connections: () => live?.stats() ?? { webSockets: 0, sseStreams: 0 },
    });
    undo.push(() => Promise.resolve(unregisterMetrics()));

    const { url, port } = await server.listen(env.PORT, env.HOST).catch((e: unknown) => {
      throw listenError(e, env.HOST, env.PORT);
    });
    // Listen to the event log before the sync appends to it, so no CREATED event is missed.
    await notifications.worker.start();
    sync.start();
    // Alerts indexed before the shared-indicator aggregate existed (an upgraded Redis) are counted once, in the background.
    for (const tenantId of registry.ids())
      void backfillIndicatorsOnce(store, tenantId).catch((err: unknown) =>
        logger.warn({ err: (err as Error).message, tenantId }, "shared-indicator backfill failed; it runs again on the next start"),
      );
    logger.info({ url, mode: config.mode, store: store.kind, tenants: registry.ids().length }, "gateway listening");

    let closing: Promise<void> | null = null;
    return {
      url,
      port,
      server,
      store,
      sync,
      client: upstream.defender,
      upstream: upstream.source,
      registry,
      logger,
      simulator: environment.simulator,
      replicaId,
      notifications,
      graphql: {
        schema,
        contextFor: async (authorization) => createContext(services, await verifier.verifyHeader(authorization), randomUUID()),
      },
      close: () =>
        (closing ??= (async () => {
          // Drain HTTP and sockets (1001) while releasing leases, so another replica takes over at once.
          unregisterMetrics();
          await Promise.all([server.close(), sync.stop()]);
          await rateLimiter.close();
          await Promise.all([liveHub.close(), incidentHub.close()]);
          // Flushes the notification position before the store (and its Redis) goes away.
          await notifications.worker.stop();
          await store.close();
          await upstream.source.close();
          await redis?.close();
          await environment.close();
          await tracing.shutdown();
        })()),
    };
  } catch (e) {
    for (const step of undo.reverse()) await step().catch(() => undefined);
    throw e;
  }
}
