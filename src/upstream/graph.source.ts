import type { UpstreamPriority } from "./budget.limiter.js";
import { runGraphBatch, type BatchItem } from "./graph.batch.js";
import { GRAPH_BULK_TARGETS, patchGraphEntities } from "./graph.bulk.js";
import type { GraphClient } from "./graph.client.js";
import { graphAlert, graphComment, graphIncident } from "./graph.mapper.js";
import { mapPages } from "./page.stream.js";
import { GraphPaths, type GraphAlert, type GraphIncident, type GraphReceived } from "./graph.types.js";
import { AlertClassificationMap, AlertDeterminationMap, AlertStatusMap, IncidentStatusMap } from "./upstream.enums.js";
import type {
  BatchResult,
  SecurityAlert,
  SecurityAlertPatch,
  SecurityIncident,
  SecurityIncidentPatch,
  UpstreamSource,
} from "./upstream.types.js";

/** The per-API part of an upstream source: everything but `apiOf`. */
export type ApiSource = Omit<UpstreamSource, "apiOf">;

const mapBatch = <W, T>(results: BatchResult<unknown>[], map: (w: W) => T): BatchResult<T>[] =>
  results.map((r) => (r === null || r instanceof Error ? r : map(r as W)));

/** Graph body of an alert PATCH: only the fields given, in Graph's camelCase spellings. */
export function graphAlertPatch(p: SecurityAlertPatch): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (p.status) body.status = AlertStatusMap.toGraph(p.status);
  if (p.classification) body.classification = AlertClassificationMap.toGraph(p.classification);
  if (p.determination) body.determination = AlertDeterminationMap.toGraph(p.determination);
  if (p.assignedTo !== undefined) body.assignedTo = p.assignedTo;
  return body;
}

export function graphIncidentPatch(p: SecurityIncidentPatch): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (p.status) body.status = IncidentStatusMap.toGraph(p.status);
  if (p.classification) body.classification = AlertClassificationMap.toGraph(p.classification);
  if (p.determination) body.determination = AlertDeterminationMap.toGraph(p.determination);
  if (p.assignedTo !== undefined) body.assignedTo = p.assignedTo;
  if (p.customTags !== undefined) body.customTags = p.customTags;
  if (p.description !== undefined) body.description = p.description;
  return body;
}

const mapped = <W, T>(pages: AsyncIterable<W[]>, map: (w: W) => T): AsyncIterable<T[]> => mapPages(pages, (page) => page.map(map));

/** Tenants on the Graph security API: lists follow nextLink, by-id reads go through `$batch` (≤ 20 per call). */
export function createGraphSource(client: GraphClient): ApiSource {
  const getMany = (tenantId: string, ids: readonly string[], priority: UpstreamPriority, path: (id: string) => string, route: string) =>
    runGraphBatch(
      client,
      tenantId,
      ids.map((id): BatchItem => ({ method: "GET", url: path(id), route })),
      priority,
    );

  return {
    alerts: {
      id: (a) => a.id,
      updatedAt: (a) => a.lastUpdateDateTime,
      changedSince: (tenantId, q) =>
        mapped(client.alertsChangedSince(tenantId, q.sinceMs, { top: q.pageSize, priority: q.priority ?? "sync" }), graphAlert),
    },
    incidents: {
      id: (i) => i.id,
      updatedAt: (i) => i.lastUpdateDateTime,
      changedSince: (tenantId, q) =>
        mapped(client.incidentsChangedSince(tenantId, q.sinceMs, { top: q.pageSize, priority: q.priority ?? "sync" }), graphIncident),
    },
    async getAlerts(tenantId, ids, priority = "read") {
      return mapBatch<GraphReceived<GraphAlert>, SecurityAlert>(
        await getMany(tenantId, ids, priority, GraphPaths.alert, "GET /security/alerts_v2/{id}"),
        graphAlert,
      );
    },
    async getIncidents(tenantId, ids, priority = "read") {
      return mapBatch<GraphReceived<GraphIncident>, SecurityIncident>(
        await getMany(tenantId, ids, priority, GraphPaths.incident, "GET /security/incidents/{id}"),
        graphIncident,
      );
    },
    async updateAlert(tenantId, id, patch) {
      const body = graphAlertPatch(patch);
      let alert = Object.keys(body).length > 0 ? await client.updateAlert(tenantId, id, body) : null;
      if (Object.keys(body).length > 0 && !alert) return null;
      // Graph has no comment field on the alert PATCH: a comment is its own call. It changes the alert's
      // lastUpdateDateTime, so the alert is read again afterwards: the index keeps versions, not comment lists.
      if (patch.comment !== undefined) {
        if ((await client.addAlertComment(tenantId, id, patch.comment)) === null) return null;
        alert = await client.getAlert(tenantId, id, "write");
      }
      return alert ? graphAlert(alert) : null;
    },
    async updateIncident(tenantId, id, patch) {
      const incident = await client.updateIncident(tenantId, id, graphIncidentPatch(patch));
      return incident ? graphIncident(incident) : null;
    },
    async addAlertComment(tenantId, id, comment) {
      const comments = await client.addAlertComment(tenantId, id, comment);
      return comments ? comments.map(graphComment) : null;
    },
    async addIncidentComment(tenantId, id, comment) {
      const comments = await client.addIncidentComment(tenantId, id, comment);
      return comments ? comments.map(graphComment) : null;
    },
    async updateAlerts(tenantId, ids, patch) {
      const bulk = { body: graphAlertPatch(patch), comment: patch.comment };
      return mapBatch(
        await patchGraphEntities<GraphReceived<GraphAlert>>(client, tenantId, ids, GRAPH_BULK_TARGETS.alert, bulk),
        graphAlert,
      );
    },
    async updateIncidents(tenantId, ids, patch) {
      const bulk = { body: graphIncidentPatch(patch), comment: patch.comment };
      return mapBatch(
        await patchGraphEntities<GraphReceived<GraphIncident>>(client, tenantId, ids, GRAPH_BULK_TARGETS.incident, bulk),
        graphIncident,
      );
    },
    budgetLeft: (tenantId) => client.budgetLeft(tenantId),
    state: (tenantId) => client.state(tenantId),
    close: () => client.close(),
  };
}
