import { DEFENDER_BATCH_UPDATE_LIMITS, type DefenderAlert } from "../upstream/defender.types.js";
import { GRAPH_APP_ROLES, type GraphAlert, type GraphAlertPatch } from "../upstream/graph.types.js";
import { generateAlert, randomUpdate } from "./alert.generator.js";
import { createQuota } from "./quota.limiter.js";
import { graphToDefenderDetermination, pascal } from "./graph.mapper.js";
import { buildIncidents, ensureIncident, graphAlert } from "./incident.store.js";
import { generateMachines } from "./machine.generator.js";
import { createPrng, type Prng } from "./random.prng.js";
import { SimError, notFound } from "./sim.error.js";
import type { SimAlertInit, SimAlertUpdate, SimGeneratorStep, SimLimits } from "./simulator.types.js";
import { emptyCounters, type TenantState } from "./tenant.state.js";
import { generateTenants } from "./tenant.generator.js";
import { generateXdrAlert } from "./xdr.generator.js";

export type { TenantState } from "./tenant.state.js";
export { emptyCounters } from "./tenant.state.js";

const WEEK_MS = 7 * 86_400_000;

/** Roles the MSSP app holds in a consenting tenant, as in the onboarding guide. */
export const DEFAULT_APP_ROLES = ["Alert.ReadWrite.All", "Machine.Read.All"] as const;

export interface WorldOptions {
  seed: number;
  epochMs: number;
  tenantCount: number;
  alertsPerTenant: number;
  machinesPerTenant: number;
  /** Alerts of the other Defender products per tenant (Graph face only). */
  xdrAlertsPerTenant: number;
  limits: SimLimits;
  /** Graph `/security` limit per tenant; perHour is not documented upstream (set it high). */
  graphLimits: SimLimits;
}

export interface World {
  tenants: TenantState[];
  /** Throws a 404 SimError for unknown ids. */
  get(tenantId: string): TenantState;
  find(tenantId: string): TenantState | undefined;
  /** Randomness of the background generator. */
  generator: Prng;
}

/** Builds the whole data set; depends only on the options, never on the clock. */
export function createWorld(opts: WorldOptions): World {
  const root = createPrng(opts.seed);
  const tenants = generateTenants(root.fork(1), opts.tenantCount).map((tenant, i): TenantState => {
    const prng = root.fork(100 + i);
    const machines = generateMachines(prng.fork(1), tenant, opts.machinesPerTenant, opts.epochMs);
    const alertPrng = prng.fork(2);
    const created = Array.from({ length: opts.alertsPerTenant }, () => opts.epochMs - alertPrng.int(60_000, WEEK_MS)).sort((a, b) => a - b);
    const alerts = new Map<string, DefenderAlert>();
    let nextIncidentId = alertPrng.int(1_000, 90_000);
    for (const createdMs of created) {
      const { alert, incidentIdsUsed } = generateAlert(alertPrng, { tenant, machines, nextIncidentId }, createdMs, opts.epochMs, true);
      nextIncidentId += incidentIdsUsed;
      alerts.set(alert.id, alert);
    }
    clusterUpdateTimes(sortedByCreation(alerts), opts.epochMs);
    const xdrPrng = prng.fork(4);
    const xdrAlerts = new Map<string, GraphAlert>();
    const mdeIncidents = [...new Set([...alerts.values()].map((a) => a.incidentId).filter((x): x is number => x !== null))];
    for (let i = 0; i < opts.xdrAlertsPerTenant; i++) {
      const createdMs = opts.epochMs - xdrPrng.int(60_000, WEEK_MS);
      const roll = xdrPrng.next();
      // Half join an endpoint incident (one attack seen by several products), some open their own, some stay uncorrelated.
      const incidentId =
        roll < 0.5 && mdeIncidents.length > 0 ? String(xdrPrng.pick(mdeIncidents)) : roll < 0.85 ? String(nextIncidentId++) : null;
      const alert = generateXdrAlert(xdrPrng, { tenant, machines, incidentId }, createdMs, opts.epochMs);
      xdrAlerts.set(alert.id, alert);
    }
    const lastUpdateMs = Math.max(
      0,
      ...[...alerts.values()].map((a) => Date.parse(a.lastUpdateTime ?? "") || 0),
      ...[...xdrAlerts.values()].map((a) => Date.parse(a.lastUpdateDateTime) || 0),
    );
    const state: TenantState = {
      tenant,
      alerts,
      xdrAlerts,
      incidents: new Map(),
      machines,
      consented: true,
      roles: [...DEFAULT_APP_ROLES],
      graphRoles: [...GRAPH_APP_ROLES],
      faults: null,
      failRemaining: 0,
      hung: new Set(),
      budget: createQuota(opts.limits),
      graphBudget: createQuota(opts.graphLimits),
      batchUpdateBudget: createQuota({ ...DEFENDER_BATCH_UPDATE_LIMITS }),
      counters: emptyCounters(),
      lastUpdateMs,
      nextIncidentId,
      live: prng.fork(3),
    };
    buildIncidents(state, xdrPrng);
    return state;
  });
  const byId = new Map(tenants.map((t) => [t.tenant.id.toLowerCase(), t]));
  const find = (tenantId: string): TenantState | undefined => byId.get(tenantId.toLowerCase());
  return {
    tenants,
    find,
    get(tenantId) {
      const state = find(tenantId);
      if (!state) throw notFound(`Tenant ${tenantId}`);
      return state;
    },
    generator: root.fork(2),
  };
}

/** Next lastUpdateTime of a tenant: now, but strictly after every earlier one even within the same millisecond. */
export function bumpUpdateTime(state: TenantState): string {
  state.lastUpdateMs = Math.max(Date.now(), state.lastUpdateMs + 1);
  return new Date(state.lastUpdateMs).toISOString();
}

const sortedByCreation = (alerts: Map<string, DefenderAlert>): DefenderAlert[] =>
  [...alerts.values()].sort((a, b) => (a.alertCreationTime ?? "").localeCompare(b.alertCreationTime ?? "") || a.id.localeCompare(b.id));

export function sortedAlerts(state: TenantState): DefenderAlert[] {
  return sortedByCreation(state.alerts);
}

/**
 * Real tenants see bulk triage: several alerts changed within the same 10 ms, some in the same millisecond. Every
 * sixth alert (in creation order) and its neighbour end up 0–2 ms apart, the earlier one moving forward only.
 */
function clusterUpdateTimes(sorted: readonly DefenderAlert[], maxMs: number): void {
  for (let i = 5; i < sorted.length; i += 6) {
    const [a, b] = [sorted[i - 1], sorted[i]];
    const [ta, tb] = [Date.parse(a.lastUpdateTime ?? ""), Date.parse(b.lastUpdateTime ?? "")];
    const [earlier, laterMs] = ta <= tb ? [a, tb] : [b, ta];
    earlier.lastUpdateTime = new Date(Math.min(maxMs, laterMs + (Math.floor(i / 6) % 3))).toISOString();
  }
}

export function getAlert(state: TenantState, alertId: string): DefenderAlert {
  const alert = state.alerts.get(alertId);
  if (!alert) throw notFound(`Alert ${alertId}`);
  return alert;
}

const UPDATE_SPELLINGS: Record<string, string> = { NotMalicious: "Clean", ConfirmedActivity: "ConfirmedUserActivity" };

/**
 * Applies an update in place (PATCH semantics plus free ground-truth fields). Resolving sets resolvedTime, reopening
 * clears it; a comment is appended; lastUpdateTime always moves forward.
 */
export function applyAlertUpdate(state: TenantState, alertId: string, update: SimAlertUpdate, actor: string): DefenderAlert {
  const alert = getAlert(state, alertId);
  const { comment, commentBy, ...fields } = update;
  // The update API's spellings are stored as the alert entity spells them, so reads stay in one vocabulary.
  if (typeof fields.determination === "string") fields.determination = UPDATE_SPELLINGS[fields.determination] ?? fields.determination;
  const wasResolved = alert.status === "Resolved";
  Object.assign(alert, fields);
  const now = bumpUpdateTime(state);
  if (fields.status !== undefined && fields.resolvedTime === undefined) {
    if (fields.status === "Resolved" && !wasResolved) alert.resolvedTime = now;
    if (fields.status !== "Resolved") alert.resolvedTime = null;
  }
  if (comment !== undefined) alert.comments.push({ comment, createdBy: commentBy ?? actor, createdTime: now });
  alert.lastUpdateTime = now;
  return alert;
}

/** New alert created now; `init` overrides generated fields. Machine fields follow `init.machineId` when it is known. */
export function createAlert(state: TenantState, init: SimAlertInit = {}): DefenderAlert {
  const nowMs = Math.max(Date.now(), state.lastUpdateMs + 1);
  const { alert, incidentIdsUsed } = generateAlert(
    state.live,
    { tenant: state.tenant, machines: state.machines, nextIncidentId: state.nextIncidentId },
    nowMs,
    nowMs,
    false,
  );
  state.nextIncidentId += incidentIdsUsed;
  if (init.id !== undefined && state.alerts.has(init.id)) throw new SimError(409, "Conflict", `Alert ${init.id} already exists`);
  const machine = init.machineId ? state.machines.find((m) => m.id === init.machineId) : undefined;
  if (machine) Object.assign(alert, { computerDnsName: machine.computerDnsName, rbacGroupName: machine.rbacGroupName });
  Object.assign(alert, init);
  alert.aadTenantId = state.tenant.id;
  alert.lastUpdateTime = bumpUpdateTime(state);
  state.alerts.set(alert.id, alert);
  ensureIncident(state, graphAlert(state, alert.id));
  return alert;
}

/**
 * Applies a Graph PATCH (already validated) to any alert of the tenant: Defender for Endpoint alerts change in their
 * stored Defender spelling, so the legacy face sees the same change.
 */
export function applyGraphAlertPatch(state: TenantState, alertId: string, patch: GraphAlertPatch, actor: string): GraphAlert {
  if (state.alerts.has(alertId)) {
    const update: SimAlertUpdate = {};
    if (patch.status !== undefined) update.status = pascal(patch.status);
    if (patch.classification !== undefined)
      update.classification = patch.classification === "unknown" ? null : pascal(patch.classification);
    if (patch.determination !== undefined) update.determination = graphToDefenderDetermination(patch.determination);
    if (patch.assignedTo !== undefined) update.assignedTo = patch.assignedTo;
    applyAlertUpdate(state, alertId, update, actor);
    return graphAlert(state, alertId);
  }
  const alert = state.xdrAlerts.get(alertId);
  if (!alert) throw notFound(`Alert ${alertId}`);
  const now = bumpUpdateTime(state);
  if (patch.status !== undefined) {
    if (patch.status === "resolved" && alert.status !== "resolved") alert.resolvedDateTime = now;
    if (patch.status !== "resolved") alert.resolvedDateTime = null;
    alert.status = patch.status;
  }
  if (patch.classification !== undefined) alert.classification = patch.classification;
  if (patch.determination !== undefined) alert.determination = patch.determination;
  if (patch.assignedTo !== undefined) alert.assignedTo = patch.assignedTo;
  alert.lastUpdateDateTime = now;
  return structuredClone(alert);
}

/** Appends a comment to any alert of the tenant; returns the alert's full comment list, as Graph answers. */
export function addGraphAlertComment(state: TenantState, alertId: string, comment: string, actor: string): GraphAlert["comments"] {
  if (state.alerts.has(alertId)) {
    applyAlertUpdate(state, alertId, { comment }, actor);
    return graphAlert(state, alertId).comments;
  }
  const alert = state.xdrAlerts.get(alertId);
  if (!alert) throw notFound(`Alert ${alertId}`);
  const now = bumpUpdateTime(state);
  alert.comments.push({ comment, createdByDisplayName: actor, createdDateTime: now });
  alert.lastUpdateDateTime = now;
  return structuredClone(alert.comments);
}

/** New alert of a product other than Defender for Endpoint, created now (Graph face only). */
export function createXdrAlert(state: TenantState, init: Partial<GraphAlert> = {}): GraphAlert {
  if (init.id !== undefined && (state.xdrAlerts.has(init.id) || state.alerts.has(init.id)))
    throw new SimError(409, "Conflict", `Alert ${init.id} already exists`);
  const nowMs = Math.max(Date.now(), state.lastUpdateMs + 1);
  const incidentId = init.incidentId !== undefined ? init.incidentId : String(state.nextIncidentId++);
  const alert = generateXdrAlert(state.live, { tenant: state.tenant, machines: state.machines, incidentId }, nowMs, nowMs);
  Object.assign(alert, init, { tenantId: state.tenant.id });
  alert.lastUpdateDateTime = bumpUpdateTime(state);
  alert.createdDateTime = init.createdDateTime ?? alert.lastUpdateDateTime;
  state.xdrAlerts.set(alert.id, alert);
  ensureIncident(state, alert);
  return structuredClone(alert);
}

/** One background step: a new alert in a random tenant and the next analyst action on an open alert of a random tenant. */
export function generatorStep(world: World): SimGeneratorStep {
  const prng = world.generator;
  const target = prng.pick(world.tenants);
  const created = createAlert(target);
  const other = prng.pick(world.tenants);
  const candidates = sortedAlerts(other).filter((a) => a.id !== created.id);
  const open = candidates.filter((a) => a.status !== "Resolved");
  const victim = open.length > 0 && prng.chance(0.85) ? prng.pick(open) : candidates.length > 0 ? prng.pick(candidates) : null;
  const updated = victim ? applyAlertUpdate(other, victim.id, randomUpdate(prng, victim), "simulator") : null;
  return {
    created: { tenantId: target.tenant.id, alert: structuredClone(created) },
    updated: updated ? { tenantId: other.tenant.id, alert: structuredClone(updated) } : null,
  };
}
