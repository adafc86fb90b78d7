import type { ApiSource } from "./graph.source.js";
import { DEFENDER_API_RETIREMENT, type ChangeFeed, type UpstreamApi, type UpstreamSource } from "./upstream.types.js";

export interface UpstreamSourceDeps {
  /** The API of a tenant: its `upstreamApi` in the tenants file, else `UPSTREAM_API`. */
  apiOf(tenantId: string): UpstreamApi;
  graph: ApiSource;
  defender: ApiSource;
}

/** One `UpstreamSource` over both APIs: every call goes to the API the tenant is on, decided per call. */
export function createUpstreamSource(deps: UpstreamSourceDeps): UpstreamSource {
  const pick = (tenantId: string): ApiSource => (deps.apiOf(tenantId) === "defender" ? deps.defender : deps.graph);
  const feed = <T>(of: (s: ApiSource) => ChangeFeed<T>): ChangeFeed<T> => ({
    id: (item) => of(deps.graph).id(item),
    updatedAt: (item) => of(deps.graph).updatedAt(item),
    changedSince: (tenantId, q) => of(pick(tenantId)).changedSince(tenantId, q),
  });
  return {
    apiOf: (tenantId) => deps.apiOf(tenantId),
    alerts: feed((s) => s.alerts),
    incidents: feed((s) => s.incidents),
    getAlerts: (tenantId, ids, priority) => pick(tenantId).getAlerts(tenantId, ids, priority),
    getIncidents: (tenantId, ids, priority) => pick(tenantId).getIncidents(tenantId, ids, priority),
    updateAlert: (tenantId, id, patch) => pick(tenantId).updateAlert(tenantId, id, patch),
    updateIncident: (tenantId, id, patch) => pick(tenantId).updateIncident(tenantId, id, patch),
    addAlertComment: (tenantId, id, comment) => pick(tenantId).addAlertComment(tenantId, id, comment),
    addIncidentComment: (tenantId, id, comment) => pick(tenantId).addIncidentComment(tenantId, id, comment),
    updateAlerts: (tenantId, ids, patch) => pick(tenantId).updateAlerts(tenantId, ids, patch),
    updateIncidents: (tenantId, ids, patch) => pick(tenantId).updateIncidents(tenantId, ids, patch),
    budgetLeft: (tenantId) => pick(tenantId).budgetLeft(tenantId),
    state: (tenantId) => pick(tenantId).state(tenantId),
    async close() {
      await Promise.all([deps.graph.close(), deps.defender.close()]);
    },
  };
}

/** The API a configured tenant is on: its own `upstreamApi` (tenants file), else the deployment's `UPSTREAM_API`. */
export const upstreamApiOf = (tenant: { upstreamApi?: UpstreamApi } | undefined, fallback: UpstreamApi): UpstreamApi =>
  tenant?.upstreamApi ?? fallback;

/** Logs one warning per tenant still on the legacy API, with the date it stops working; returns those tenant ids. */
export function warnLegacyTenants(
  tenants: readonly { id: string; upstreamApi?: UpstreamApi }[],
  fallback: UpstreamApi,
  logger: { warn(obj: Record<string, unknown>, msg: string): void },
): string[] {
  const legacy = tenants.filter((t) => upstreamApiOf(t, fallback) === "defender").map((t) => t.id);
  for (const tenantId of legacy)
    logger.warn(
      { tenantId, upstreamApi: "defender", retiresAfter: DEFENDER_API_RETIREMENT },
      `tenant uses the legacy Defender for Endpoint API, which stops working after ${DEFENDER_API_RETIREMENT}; switch it to Graph (upstreamApi: "graph")`,
    );
  return legacy;
}
