import { ErrorCode } from "../errors/errors.js";
import type { DefenderClient } from "./defender.client.js";
import { createDefenderAlertFeed, type DefenderFeedOptions } from "./defender.feed.js";
import { defenderAlert, defenderComment } from "./defender.mapper.js";
import { idFilters } from "./defender.odata.js";
import {
  DEFENDER_BATCH_UPDATE_MAX_IDS,
  type DefenderAlertPatch,
  type DefenderClassification,
  type DefenderUpdateDetermination,
} from "./defender.types.js";
import { mapPages } from "./page.stream.js";
import type { ApiSource } from "./graph.source.js";
import { AlertClassificationMap, AlertDeterminationMap, AlertStatusMap } from "./upstream.enums.js";
import { newUpstreamError } from "./upstream.errors.js";
import type { BatchResult, SecurityAlert, SecurityAlertPatch, SecurityIncident, UpstreamPriority } from "./upstream.types.js";

/** Legacy body of an alert PATCH, in the update API's spellings. */
export function defenderAlertPatch(p: SecurityAlertPatch): DefenderAlertPatch {
  const body: DefenderAlertPatch = {};
  if (p.status) body.status = AlertStatusMap.toDefender(p.status) as DefenderAlertPatch["status"];
  if (p.classification) body.classification = AlertClassificationMap.toDefender(p.classification) as DefenderClassification;
  if (p.determination) body.determination = AlertDeterminationMap.toDefender(p.determination) as DefenderUpdateDetermination;
  if (p.assignedTo !== undefined) body.assignedTo = p.assignedTo;
  if (p.comment !== undefined) body.comment = p.comment;
  return body;
}

const noIncidents = (tenantId: string) =>
  newUpstreamError(
    ErrorCode.UPSTREAM_BAD_REQUEST,
    "this tenant is on the legacy Defender for Endpoint API, which has no incidents; switch it to Graph",
    tenantId,
  );

const notUpdated = (tenantId: string) =>
  newUpstreamError(
    ErrorCode.UPSTREAM_BAD_REQUEST,
    "Defender answered 404 to the batch update of this alert (another alert of the batch may be unknown upstream); it was not changed",
    tenantId,
  );

/**
 * Tenants still on the legacy Defender for Endpoint API (until 2027-02-01). Alerts come through the windowed feed;
 * by-id reads are `id eq … or …` filters (the API has no batching); incidents do not exist here.
 */
export function createDefenderSource(client: DefenderClient, feed: DefenderFeedOptions = {}): ApiSource {
  const raw = createDefenderAlertFeed(client, feed);

  const getAlerts = async (tenantId: string, ids: readonly string[], priority: UpstreamPriority = "read") => {
    const found = new Map<string, BatchResult<SecurityAlert>>();
    // one call per id chunk; a failing chunk fails only its own ids
    await Promise.all(
      idFilters(ids).map(async (filter) => {
        const chunkIds = [...filter.matchAll(/id eq '((?:[^']|'')*)'/g)].map((m) => m[1].replace(/''/g, "'"));
        try {
          for (const a of await client.listAlerts(tenantId, { filter, expandEvidence: true }, priority)) found.set(a.id, defenderAlert(a));
        } catch (e) {
          for (const id of chunkIds) found.set(id, e as Error);
        }
      }),
    );
    return ids.map((id) => found.get(id) ?? null);
  };

  return {
    alerts: {
      id: (a) => a.id,
      updatedAt: (a) => a.lastUpdateDateTime,
      changedSince: (tenantId, q) => mapPages(raw.changedSince(tenantId, q), (page) => page.map(defenderAlert)),
    },
    incidents: {
      id: (i) => i.id,
      updatedAt: (i) => i.lastUpdateDateTime,
      // eslint-disable-next-line @typescript-eslint/require-await, require-yield -- an empty feed: the legacy API has no incidents
      async *changedSince(): AsyncIterable<SecurityIncident[]> {
        return;
      },
    },
    getAlerts,
    getIncidents: (_tenantId, ids) => Promise.resolve(ids.map(() => null)),
    async updateAlert(tenantId, id, patch) {
      const updated = await client.updateAlert(tenantId, id, defenderAlertPatch(patch));
      return updated ? defenderAlert(updated) : null;
    },
    updateIncident: (tenantId) => Promise.reject(noIncidents(tenantId)),
    async addAlertComment(tenantId, id, comment) {
      const updated = await client.updateAlert(tenantId, id, { comment });
      return updated ? (updated.comments ?? []).map(defenderComment) : null;
    },
    addIncidentComment: (tenantId) => Promise.reject(noIncidents(tenantId)),
    /**
     * `batchUpdate` per 100 ids, then the alerts are read again (it answers with an empty body). A chunk whose
     * batchUpdate fails fails all its ids with that error; chunks run one after another on the endpoint's own budget.
     */
    async updateAlerts(tenantId, ids, patch) {
      const body = defenderAlertPatch(patch);
      const out: BatchResult<SecurityAlert>[] = [];
      for (let i = 0; i < ids.length; i += DEFENDER_BATCH_UPDATE_MAX_IDS) {
        const chunk = ids.slice(i, i + DEFENDER_BATCH_UPDATE_MAX_IDS);
        let applied: boolean;
        try {
          applied = await client.batchUpdateAlerts(tenantId, chunk, body);
        } catch (e) {
          out.push(...chunk.map(() => e as Error));
          continue;
        }
        const fresh = await getAlerts(tenantId, chunk, "write");
        out.push(...fresh.map((r) => (applied || r === null || r instanceof Error ? r : notUpdated(tenantId))));
      }
      return out;
    },
    updateIncidents: (tenantId, ids) => Promise.resolve(ids.map(() => noIncidents(tenantId))),
    budgetLeft: (tenantId) => client.budgetLeft(tenantId),
    state: (tenantId) => client.state(tenantId),
    close: () => client.close(),
  };
}
