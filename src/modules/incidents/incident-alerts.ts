import DataLoader from "dataloader";
import { timeKey, ZERO_TIME_KEY } from "../../store/alert-query.js";
import { comparePositions, decodePageCursor, encodePageCursor, type SortPosition } from "../../store/alert-keyset.js";
import type { AlertIndex, IndexedAlert } from "../../store/store.types.js";
import { sharedLists } from "../../upstream/string-pool.js";
import type { SecurityAlert, SecurityIncident } from "../../upstream/upstream.types.js";
import { fromIndexed } from "../alerts/alert.mapper.js";
import { connectionOf, PAGE_SIZE, pageSize } from "../common/connection.page.js";
import type { AlertConnection } from "../alerts/alert.type.js";
import { machineFromEvidence } from "../machines/machine.service.js";
import type { Machine } from "../machines/machine.type.js";

/**
 * The alerts of incidents, from the alert index (zero upstream calls): an incident's alerts are the indexed alerts whose
 * `incidentId` is its id, in its tenant. Read for many incidents at once: one index query per tenant, however many
 * incidents of it a response resolves.
 */

export interface IncidentKey {
  tenantId: string;
  id: string;
}
export const incidentKeyOf = (k: IncidentKey) => `${k.tenantId}\u0000${k.id}`;

/** Alerts per index call while reading the alerts of incidents. */
const READ_PAGE = 1_000;

/**
 * Every indexed alert of these incidents of one tenant, by incident id, newest `lastUpdateDateTime` first (the order
 * and cursors of `alerts(orderBy: LAST_UPDATE_TIME DESC)`). Incidents without alerts are absent. Reads all of them:
 * an incident's alerts are bounded by the tenant's, and Defender stops adding alerts to an incident long before that.
 */
export async function readIncidentAlerts(
  index: AlertIndex,
  tenantId: string,
  incidentIds: readonly string[],
): Promise<Map<string, IndexedAlert[]>> {
  const out = new Map<string, IndexedAlert[]>();
  if (incidentIds.length === 0) return out;
  let after: string | undefined;
  for (;;) {
    const page = await index.query({
      filter: { tenantIds: [tenantId], incidentIds: [...new Set(incidentIds)] },
      orderBy: { field: "lastUpdateDateTime", direction: "DESC" },
      first: READ_PAGE,
      after,
      endCursorOnly: true,
    });
    for (const item of page.items) {
      const id = String(item.alert.incidentId);
      const list = out.get(id);
      if (list) list.push(item);
      else out.set(id, [item]);
    }
    if (!page.hasNextPage || page.cursors.length === 0) return out;
    after = page.cursors.at(-1);
  }
}

/** The incident ids of a batch, by tenant (one index call per tenant). */
function idsByTenant(keys: readonly IncidentKey[]): Map<string, string[]> {
  const byTenant = new Map<string, string[]>();
  for (const k of keys) {
    const ids = byTenant.get(k.tenantId);
    if (ids) ids.push(k.id);
    else byTenant.set(k.tenantId, [k.id]);
  }
  return byTenant;
}

/** Per request: the alerts of every incident a response resolves, one index query per tenant (batched). */
export function createIncidentAlertsLoader(index: AlertIndex): DataLoader<IncidentKey, IndexedAlert[], string> {
  return new DataLoader<IncidentKey, IndexedAlert[], string>(
    async (keys) => {
      const byTenant = idsByTenant(keys);
      const found = new Map<string, IndexedAlert[]>();
      await Promise.all(
        [...byTenant].map(async ([tenantId, ids]) => {
          for (const [id, alerts] of await readIncidentAlerts(index, tenantId, ids)) found.set(incidentKeyOf({ tenantId, id }), alerts);
        }),
      );
      return keys.map((k) => found.get(incidentKeyOf(k)) ?? []);
    },
    { cacheKeyFn: incidentKeyOf, maxBatchSize: 500 },
  );
}

/**
 * Per request: how many indexed alerts each incident a response resolves has (what `readIncidentAlerts` would find),
 * counted by the index without reading the alerts; one index call per tenant (batched).
 */
export function createIncidentAlertCountLoader(index: AlertIndex): DataLoader<IncidentKey, number, string> {
  return new DataLoader<IncidentKey, number, string>(
    async (keys) => {
      const byTenant = idsByTenant(keys);
      const counts = new Map<string, Map<string, number>>();
      await Promise.all([...byTenant].map(async ([tenantId, ids]) => counts.set(tenantId, await index.countByIncident(tenantId, ids))));
      return keys.map((k) => counts.get(k.tenantId)?.get(k.id) ?? 0);
    },
    { cacheKeyFn: incidentKeyOf, maxBatchSize: 500 },
  );
}

const positionOf = (i: IndexedAlert): SortPosition => ({
  key: timeKey(i.alert.lastUpdateDateTime) ?? ZERO_TIME_KEY,
  tenantId: i.tenantId,
  id: i.alert.id,
});

/**
 * A page of an incident's alerts (newest first) as a connection. Cursors are the alert index's own (ordered by last
 * update, descending), so an incident's page continues the same way the `alerts` query with `incidentId` would.
 * BAD_USER_INPUT for a bad `first` or `after`.
 */
export function alertPage(alerts: readonly IndexedAlert[], args: { first?: number | null; after?: string | null }): AlertConnection {
  const first = pageSize(args.first, PAGE_SIZE);
  const after = args.after ? decodePageCursor(args.after, "lastUpdateDateTime", "DESC") : null;
  const rest = after ? alerts.filter((a) => comparePositions(positionOf(a), after) < 0) : alerts;
  const items = rest.slice(0, first);
  const cursors = items.map((a) => encodePageCursor("lastUpdateDateTime", "DESC", positionOf(a)));
  return {
    ...connectionOf(items, cursors, fromIndexed, { hasNextPage: rest.length > first, after: args.after }),
    totalCount: alerts.length,
  };
}

/** The products of these alerts, each once, in order of first appearance (legacy alerts are Defender for Endpoint's). */
export function serviceSourcesOf(alerts: readonly SecurityAlert[]): NonNullable<SecurityAlert["serviceSource"]>[] {
  const out = new Set<NonNullable<SecurityAlert["serviceSource"]>>();
  for (const a of alerts) {
    const s = a.serviceSource ?? (a.source === "defender" ? "MICROSOFT_DEFENDER_FOR_ENDPOINT" : null);
    if (s) out.add(s);
  }
  // a handful of distinct lists across all incidents: shared (kept by the incident index for its lifetime)
  return sharedLists([...out]);
}

/** The devices of these alerts' device evidence, each once (by device id, else Entra device id, else name). */
export function devicesOf(tenantId: string, alerts: readonly SecurityAlert[]): Machine[] {
  const out = new Map<string, Machine>();
  for (const a of alerts)
    for (const e of a.evidence) {
      if (e.kind !== "device") continue;
      const machine = machineFromEvidence(tenantId, e);
      const key = machine.id.toLowerCase();
      if (key && !out.has(key)) out.set(key, machine);
    }
  return [...out.values()];
}

/**
 * Incidents with `serviceSources` filled in from their indexed alerts where upstream left it out (Graph incidents do not
 * carry it), so the incident index can filter by product. Called where incidents are recorded (sync and writes), after
 * the poll's alerts are indexed; one alert-index read per call. Incidents that carry it already are left as they are.
 */
export async function withServiceSources(
  index: AlertIndex,
  tenantId: string,
  incidents: readonly SecurityIncident[],
): Promise<SecurityIncident[]> {
  const missing = incidents.filter((i) => i.serviceSources === undefined).map((i) => i.id);
  if (missing.length === 0) return [...incidents];
  const alerts = await readIncidentAlerts(index, tenantId, missing);
  return incidents.map((i) =>
    i.serviceSources !== undefined ? i : withSources(i, serviceSourcesOf((alerts.get(i.id) ?? []).map((a) => a.alert))),
  );
}

/**
 * `i` with `serviceSources`, built as one object literal. The index keeps these objects for their lifetime, and V8 gives
 * an object spread from an incident (26 fields) a map of its own and one built by `Object.assign` a dictionary: about
 * 1.1 and 1.6 KB per incident measured, against none for a literal, whose objects all share one map. Every field is
 * listed: the compiler checks the required ones, a unit test that none is dropped.
 */
export function withSources(i: SecurityIncident, serviceSources: SecurityIncident["serviceSources"]): SecurityIncident {
  return {
    source: i.source,
    id: i.id,
    tenantId: i.tenantId,
    displayName: i.displayName,
    description: i.description,
    incidentWebUrl: i.incidentWebUrl,
    redirectIncidentId: i.redirectIncidentId,
    status: i.status,
    statusRaw: i.statusRaw,
    severity: i.severity,
    severityRaw: i.severityRaw,
    classification: i.classification,
    classificationRaw: i.classificationRaw,
    determination: i.determination,
    determinationRaw: i.determinationRaw,
    assignedTo: i.assignedTo,
    createdDateTime: i.createdDateTime,
    lastUpdateDateTime: i.lastUpdateDateTime,
    customTags: i.customTags,
    systemTags: i.systemTags,
    comments: i.comments,
    lastModifiedBy: i.lastModifiedBy,
    priorityScore: i.priorityScore,
    alertIds: i.alertIds,
    serviceSources,
  };
}
