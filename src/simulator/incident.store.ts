import type { GraphAlert, GraphIncident } from "../upstream/graph.types.js";
import { toGraphAlert } from "./graph.mapper.js";
import type { Prng } from "./random.prng.js";
import { notFound, SimError } from "./sim.error.js";
import type { SimIncident, TenantState } from "./tenant.state.js";

const SEVERITY_RANK = ["unknown", "informational", "low", "medium", "high"];
const PORTAL = "https://security.microsoft.com";

/** Every alert of the tenant in Graph's shape: Defender for Endpoint alerts mapped, other products as stored. */
// Every list request maps every alert of the tenant: a page walk over N alerts would map N²/pageSize of them. Mapped
// copies are reused until the alert changes (the fields compared below). Read-only.
interface Mapped {
  graph: GraphAlert;
  lastUpdateTime: string | null;
  incidentId: number | string | null;
  status: string;
  assignedTo: string | null;
  comments: number;
  machines: number;
}
type SimAlert = TenantState["alerts"] extends Map<string, infer A> ? A : never;
const mapped = new WeakMap<object, Mapped>();
const mappedCopies = new WeakSet<GraphAlert>();

/**
 * True for an endpoint alert's Graph copy, which nothing changes once made (a change to the alert makes a new copy),
 * so what is derived from it may be kept with it. Other products' alerts are stored in Graph's shape and change in place.
 */
export const isUnchanging = (a: GraphAlert): boolean => mappedCopies.has(a);
const graphOf = (a: SimAlert, state: TenantState): GraphAlert => {
  const hit = mapped.get(a);
  // Merges move alerts between incidents without a new lastUpdateTime (as upstream does): the incident is compared too.
  // Fields, not a key string: a list request checks every alert of the tenant, and a string each was most of its cost.
  if (
    hit !== undefined &&
    hit.lastUpdateTime === a.lastUpdateTime &&
    hit.incidentId === a.incidentId &&
    hit.status === a.status &&
    hit.assignedTo === a.assignedTo &&
    hit.comments === a.comments.length &&
    hit.machines === state.machines.length
  )
    return hit.graph;
  const graph = toGraphAlert(a, state.tenant, state.machines);
  mappedCopies.add(graph);
  mapped.set(a, {
    graph,
    lastUpdateTime: a.lastUpdateTime,
    incidentId: a.incidentId,
    status: a.status,
    assignedTo: a.assignedTo,
    comments: a.comments.length,
    machines: state.machines.length,
  });
  return graph;
};

/** Most recent first (`createdDateTime`, then `id`, descending), in place: the order Graph lists alerts and incidents in. */
export function byRecency<T extends { createdDateTime: string; id: string }>(rows: T[]): T[] {
  // ISO times of one format order the same by code unit as by locale, at a fraction of localeCompare's cost
  return rows.sort((a, b) =>
    a.createdDateTime < b.createdDateTime ? 1 : a.createdDateTime > b.createdDateTime ? -1 : b.id.localeCompare(a.id),
  );
}

/** A tenant's rows as last seen, and the same rows most recent first. */
interface RecencySnapshot<T> {
  seen: readonly T[];
  sorted: readonly T[];
}

/**
 * `rows` most recent first, reusing the last sort while the rows are the same objects in the same order: what a row
 * is sorted by (`createdDateTime`, `id`) never changes once it exists, so only an added, removed or re-mapped row
 * calls for a new sort. A sync pages through a tenant with `createdDateTime lt …` windows of `$top` rows each, and a
 * sort of the whole tenant per page made the simulator, on the same cores, a large share of a backfill's cost.
 */
function sortedOnce<T extends { createdDateTime: string; id: string }>(
  cache: WeakMap<TenantState, RecencySnapshot<T>>,
  state: TenantState,
  rows: readonly T[],
): readonly T[] {
  const last = cache.get(state);
  if (last && last.seen.length === rows.length && last.seen.every((r, i) => r === rows[i])) return last.sorted;
  const sorted = byRecency([...rows]);
  cache.set(state, { seen: rows, sorted });
  return sorted;
}

const alertOrder = new WeakMap<TenantState, RecencySnapshot<GraphAlert>>();
const incidentOrder = new WeakMap<TenantState, RecencySnapshot<SimIncident>>();

/** The tenant's alerts in Graph's shape, most recent first. Do not mutate (see `graphAlertsView`). */
export function graphAlertsByRecency(state: TenantState): readonly GraphAlert[] {
  return sortedOnce(alertOrder, state, graphAlertsView(state));
}

/** The tenant's incidents (as stored, not as Graph answers them), most recent first. Do not mutate the list. */
export function incidentsByRecency(state: TenantState): readonly SimIncident[] {
  return sortedOnce(incidentOrder, state, [...state.incidents.values()]);
}

/** Every alert of the tenant in Graph's shape, as copies the caller may change. */
export function graphAlerts(state: TenantState): GraphAlert[] {
  return graphAlertsView(state).map((a) => structuredClone(a));
}

/**
 * The same alerts without copies, for readers that only serialize or inspect them (list pages, incident views):
 * a list page over a large tenant would otherwise clone every alert of the tenant per request. Do not mutate.
 */
export function graphAlertsView(state: TenantState): readonly GraphAlert[] {
  const out: GraphAlert[] = [];
  for (const a of state.alerts.values()) out.push(graphOf(a, state));
  for (const a of state.xdrAlerts.values()) out.push(a);
  return out;
}

export function graphAlert(state: TenantState, id: string): GraphAlert {
  const mde = state.alerts.get(id);
  if (mde) return structuredClone(graphOf(mde, state));
  const other = state.xdrAlerts.get(id);
  if (!other) throw notFound(`Alert ${id}`);
  return structuredClone(other);
}

/** Incident ids of a tenant's alerts of other products (changed in place by merges) when its groups were built. */
interface Groups {
  incidentIds: (string | null)[];
  groups: ReadonlyMap<string, GraphAlert[]>;
}
const groupsOf = new WeakMap<readonly GraphAlert[], Groups>();

/**
 * `alertsByIncident`, kept while the tenant's alerts are the same objects and no alert of another product moved to
 * another incident: a sync lists a tenant's incidents page by page, and regrouping every alert per page was the
 * simulator's largest cost left. Read-only: for readers that only serialize the groups.
 */
export function alertsByIncidentKept(state: TenantState): ReadonlyMap<string, GraphAlert[]> {
  const sorted = graphAlertsByRecency(state);
  const xdr = [...state.xdrAlerts.values()];
  const kept = groupsOf.get(sorted);
  if (kept && kept.incidentIds.length === xdr.length && xdr.every((a, i) => a.incidentId === kept.incidentIds[i])) return kept.groups;
  const groups = alertsByIncident(state);
  groupsOf.set(sorted, { incidentIds: xdr.map((a) => a.incidentId), groups });
  return groups;
}

/** Alerts grouped by incident id, built once per request so listing incidents stays linear. */
export function alertsByIncident(state: TenantState): Map<string, GraphAlert[]> {
  const groups = new Map<string, GraphAlert[]>();
  for (const a of graphAlertsView(state)) {
    if (a.incidentId === null) continue;
    const list = groups.get(a.incidentId);
    if (list) list.push(a);
    else groups.set(a.incidentId, [a]);
  }
  return groups;
}

/** The incident as Graph answers it, with `alerts` when the caller expands them. */
export function incidentView(
  state: TenantState,
  incident: SimIncident,
  groups: ReadonlyMap<string, GraphAlert[]>,
  expand: boolean,
): GraphIncident {
  const mine = groups.get(incident.id) ?? [];
  const severity = mine.reduce(
    (best, a) => (SEVERITY_RANK.indexOf(a.severity) > SEVERITY_RANK.indexOf(best) ? a.severity : best),
    mine.length > 0 ? "informational" : "unknown",
  );
  const lastUpdate = mine.reduce((max, a) => (a.lastUpdateDateTime > max ? a.lastUpdateDateTime : max), incident.lastUpdateDateTime);
  return {
    id: incident.id,
    tenantId: state.tenant.id,
    displayName: incident.displayName,
    description: incident.description,
    incidentWebUrl: `${PORTAL}/incidents/${incident.id}?tid=${state.tenant.id}`,
    redirectIncidentId: incident.redirectIncidentId,
    createdDateTime: incident.createdDateTime,
    lastUpdateDateTime: lastUpdate,
    assignedTo: incident.assignedTo,
    classification: incident.classification,
    determination: incident.determination,
    status: incident.status,
    severity,
    customTags: [...incident.customTags],
    systemTags: [...incident.systemTags],
    comments: incident.comments.map((c) => ({ ...c })),
    lastModifiedBy: incident.lastModifiedBy,
    priorityScore: incident.priorityScore,
    ...(expand ? { alerts: mine } : {}),
  };
}

function displayNameFor(alerts: readonly GraphAlert[]): string {
  const first = alerts[0];
  if (!first) return "Empty incident";
  if (alerts.length === 1)
    return `${first.title} involving one ${first.serviceSource === "microsoftDefenderForEndpoint" ? "device" : "user"}`;
  const categories = [...new Set(alerts.map((a) => a.category ?? "Unknown"))].slice(0, 3).join(" & ");
  const products = new Set(alerts.map((a) => a.serviceSource));
  return `Multi-stage incident involving ${categories}${products.size > 1 ? " across products" : " on multiple endpoints"}`;
}

/** Creates an incident for `alert` if its incident id is new (a fresh correlation), else leaves the incident be. */
export function ensureIncident(state: TenantState, alert: GraphAlert): void {
  if (alert.incidentId === null || state.incidents.has(alert.incidentId)) return;
  state.incidents.set(alert.incidentId, {
    id: alert.incidentId,
    displayName: displayNameFor([alert]),
    description: null,
    createdDateTime: alert.createdDateTime,
    lastUpdateDateTime: alert.createdDateTime,
    assignedTo: null,
    classification: "unknown",
    determination: "unknown",
    status: "active",
    redirectIncidentId: null,
    customTags: [],
    systemTags: [],
    comments: [],
    lastModifiedBy: null,
    priorityScore: null,
  });
}

/**
 * Builds the incidents of freshly generated alerts: one per incident id, state derived from its alerts, one incident
 * awaiting action (an evolvable status member) and up to two incidents merged into another (`redirected`).
 */
export function buildIncidents(state: TenantState, prng: Prng): void {
  const all = [...graphAlertsView(state)].sort((a, b) => a.createdDateTime.localeCompare(b.createdDateTime) || a.id.localeCompare(b.id));
  const groups = new Map<string, GraphAlert[]>();
  for (const a of all) if (a.incidentId !== null) groups.set(a.incidentId, [...(groups.get(a.incidentId) ?? []), a]);
  for (const [id, alerts] of groups) {
    const first = alerts[0];
    const resolved = alerts.every((a) => a.status === "resolved");
    const started = alerts.some((a) => a.status !== "new");
    const owner = alerts.find((a) => a.assignedTo !== null)?.assignedTo ?? null;
    state.incidents.set(id, {
      id,
      displayName: displayNameFor(alerts),
      description: alerts.length > 1 ? `${alerts.length} correlated alerts` : null,
      createdDateTime: first.createdDateTime,
      lastUpdateDateTime: first.createdDateTime,
      assignedTo: owner,
      classification: resolved ? (first.classification ?? "unknown") : "unknown",
      determination: resolved ? (first.determination ?? "unknown") : "unknown",
      status: resolved ? "resolved" : started ? "inProgress" : "active",
      redirectIncidentId: null,
      customTags: prng.chance(0.2) ? ["VIP"] : [],
      systemTags: new Set(alerts.map((a) => a.serviceSource)).size > 1 ? ["Multi-product"] : [],
      comments: [],
      lastModifiedBy: owner,
      priorityScore: prng.chance(0.3) ? null : prng.int(1, 100),
    });
  }
  const open = [...state.incidents.values()].filter((i) => i.status === "active").sort((a, b) => a.id.localeCompare(b.id));
  const waiting = open[0];
  if (waiting) waiting.status = "awaitingAction";
  // Merge the smallest incidents into the next one, as the correlation engine does when new evidence links them.
  const ids = [...state.incidents.keys()].sort();
  for (const k of [1, 3]) {
    const from = ids[k];
    const into = ids[k + 1];
    if (from && into) mergeIncident(state, from, into, state.incidents.get(into)?.createdDateTime ?? "");
  }
}

/**
 * Merges incident `from` into `into`: its alerts move, it becomes `redirected` with `redirectIncidentId`. With
 * `touchAlerts` (a merge happening now, not the generated history), the moved alerts' last-update time becomes `nowIso`,
 * as upstream reports an alert whose incident changed as updated (so a sync by last-update time sees the move).
 */
export function mergeIncident(state: TenantState, from: string, into: string, nowIso: string, touchAlerts = false): void {
  const source = state.incidents.get(from);
  const target = state.incidents.get(into);
  if (!source) throw notFound(`Incident ${from}`);
  if (!target) throw notFound(`Incident ${into}`);
  if (from === into || target.status === "redirected")
    throw new SimError(400, "BadRequest", `Incident ${from} cannot be merged into ${into}`);
  for (const a of state.alerts.values())
    if (a.incidentId !== null && String(a.incidentId) === from) {
      a.incidentId = Number(into);
      if (touchAlerts) a.lastUpdateTime = nowIso;
    }
  for (const a of state.xdrAlerts.values()) {
    if (a.incidentId === from) {
      a.incidentId = into;
      a.incidentWebUrl = `${PORTAL}/incidents/${into}?tid=${state.tenant.id}`;
      if (touchAlerts) a.lastUpdateDateTime = nowIso;
    }
  }
  source.status = "redirected";
  source.redirectIncidentId = into;
  source.lastUpdateDateTime = nowIso > source.lastUpdateDateTime ? nowIso : source.lastUpdateDateTime;
  target.lastUpdateDateTime = nowIso > target.lastUpdateDateTime ? nowIso : target.lastUpdateDateTime;
}

export function getIncident(state: TenantState, id: string): SimIncident {
  const incident = state.incidents.get(id);
  if (!incident) throw notFound(`Incident ${id}`);
  return incident;
}
