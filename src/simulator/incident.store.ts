import type { GraphAlert, GraphIncident } from "../upstream/graph.types.js";
import { toGraphAlert } from "./graph.mapper.js";
import type { Prng } from "./random.prng.js";
import { notFound, SimError } from "./sim.error.js";
import type { SimIncident, TenantState } from "./tenant.state.js";

const SEVERITY_RANK = ["unknown", "informational", "low", "medium", "high"];
const PORTAL = "https://security.microsoft.com";

/** Every alert of the tenant in Graph's shape: Defender for Endpoint alerts mapped, other products as stored. */
// Every list request maps every alert of the tenant: a page walk over N alerts would map N²/pageSize of them. Mapped
// copies are reused until the alert changes (see the key). Read-only.
const mapped = new WeakMap<object, { key: string; graph: GraphAlert }>();
const graphOf = (a: TenantState["alerts"] extends Map<string, infer A> ? A : never, state: TenantState): GraphAlert => {
  // Merges move alerts between incidents without a new lastUpdateTime (as upstream does): the incident is in the key.
  const key = `${a.lastUpdateTime}|${a.incidentId}|${a.status}|${a.assignedTo}|${a.comments.length}|${state.machines.length}`;
  const hit = mapped.get(a);
  if (hit?.key === key) return hit.graph;
  const graph = toGraphAlert(a, state.tenant, state.machines);
  mapped.set(a, { key, graph });
  return graph;
};

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
