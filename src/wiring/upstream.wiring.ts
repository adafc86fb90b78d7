import type { Env, TenantConfig } from "../config/config.js";
import type { Logger } from "../logger.js";
import type { TenantRegistry } from "../modules/tenants/tenant.registry.js";
import { recordUpstreamCall } from "../observability/metrics.js";
import type { RedisConnections } from "../store/redis.connections.js";
import { createDefenderClient, type DefenderClient } from "../upstream/defender.client.js";
import { createDefenderSource } from "../upstream/defender.source.js";
import { createGraphClient } from "../upstream/graph.client.js";
import { createGraphSource } from "../upstream/graph.source.js";
import { GRAPH_SCOPE } from "../upstream/graph.types.js";
import { createUpstreamSource, upstreamApiOf, warnLegacyTenants } from "../upstream/upstream.source.js";
import type { UpstreamSource } from "../upstream/upstream.types.js";
import type { UpstreamEnvironment } from "./upstream.environment.types.js";

export interface Upstream {
  /** Every tenant's alerts and incidents, on the API the tenant is on (its `upstreamApi`, else `UPSTREAM_API`). */
  source: UpstreamSource;
  /** The legacy client, for what only it has: device lookups of tenants still on the Defender API. */
  defender: DefenderClient;
  /** Tenants still on the legacy API (logged once at start with the retirement date). */
  legacyTenants: string[];
}

/**
 * Both upstream clients with the same credentials, timeouts, retries and breaker settings, each with its own budget per
 * tenant (Microsoft counts the APIs separately: Graph 150/min per app per tenant on `/security`, the legacy API
 * 100/min and 1,500/h), shared across replicas in Redis when there is one.
 */
export function createUpstream(
  env: Env,
  environment: UpstreamEnvironment,
  registry: TenantRegistry,
  redis: RedisConnections | null,
  logger: Logger,
): Upstream {
  const { upstream } = environment;
  const tenantOf = (tenantId: string): TenantConfig => registry.get(tenantId) ?? { id: tenantId, name: tenantId, region: "" };
  const shared = {
    authorityHost: upstream.authorityHost,
    clientId: upstream.clientId,
    clientSecret: upstream.clientSecret,
    certificatePath: upstream.certificatePath,
    caPem: upstream.caPem,
    timeoutMs: env.UPSTREAM_TIMEOUT_MS,
    maxAttempts: env.UPSTREAM_MAX_ATTEMPTS,
    maxRetryWaitMs: env.UPSTREAM_MAX_RETRY_WAIT_MS,
    breaker: { consecutiveFailures: env.UPSTREAM_BREAKER_FAILURES, halfOpenAfterMs: env.UPSTREAM_BREAKER_RESET_MS },
    redis: redis?.commands ?? null,
    keyPrefix: env.REDIS_KEY_PREFIX,
    onCall: recordUpstreamCall,
    onRedisError: (err: unknown) =>
      logger.warn({ err: (err as Error).message }, "upstream budget falls back to this replica alone: Redis did not answer"),
  };
  const defender = createDefenderClient({
    ...shared,
    baseUrlFor: (tenantId) => upstream.apiBase(tenantOf(tenantId)),
    budget: { perMinute: env.UPSTREAM_BUDGET_PER_MINUTE, perHour: env.UPSTREAM_BUDGET_PER_HOUR },
  });
  const graph = createGraphClient({
    ...shared,
    scope: GRAPH_SCOPE,
    baseUrlFor: (tenantId) => upstream.graphBase(tenantOf(tenantId)),
    // Graph has no documented hourly cap on /security: the hour budget only bounds a runaway loop.
    budget: { perMinute: env.UPSTREAM_GRAPH_BUDGET_PER_MINUTE, perHour: env.UPSTREAM_GRAPH_BUDGET_PER_MINUTE * 60 },
    logger,
  });
  const apiOf = (tenantId: string) => upstreamApiOf(registry.get(tenantId), env.UPSTREAM_API);
  const source = createUpstreamSource({
    apiOf,
    graph: createGraphSource(graph),
    defender: createDefenderSource(defender, { logger }),
  });
  return { source, defender, legacyTenants: warnLegacyTenants(registry.list(), env.UPSTREAM_API, logger) };
}
