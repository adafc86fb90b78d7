import type { DefenderAlert, DefenderMachine } from "../upstream/defender.types.js";
import { generateAlert, randomUpdate } from "./alert.generator.js";
import { createQuota, type Quota } from "./quota.limiter.js";
import { generateMachines } from "./machine.generator.js";
import { createPrng, type Prng } from "./random.prng.js";
import { SimError, notFound } from "./sim.error.js";
import type { SimAlertInit, SimAlertUpdate, SimCounters, SimFaults, SimGeneratorStep, SimLimits, SimTenant } from "./simulator.types.js";
import { generateTenants } from "./tenant.generator.js";

const WEEK_MS = 7 * 86_400_000;

/** Roles the MSSP app holds in a consenting tenant, as in the onboarding guide. */
export const DEFAULT_APP_ROLES = ["Alert.ReadWrite.All", "Machine.Read.All"] as const;

export interface TenantState {
  tenant: SimTenant;
  /** Insertion order is irrelevant: readers sort. */
  alerts: Map<string, DefenderAlert>;
  machines: DefenderMachine[];
  consented: boolean;
  roles: string[];
  faults: SimFaults | null;
  /** Remaining calls to fail under `faults.failCount`. */
  failRemaining: number;
  /** Resolvers of calls parked by `faults.hang`. */
  hung: Set<() => void>;
  budget: Quota;
  counters: SimCounters;
  /** Highest lastUpdateTime handed out, in ms: every change lands strictly after it. */
  lastUpdateMs: number;
  nextIncidentId: number;
  /** Randomness for alerts created after generation (control API, background generator). */
  live: Prng;
}

export interface WorldOptions {
  seed: number;
  epochMs: number;
  tenantCount: number;
  alertsPerTenant: number;
  machinesPerTenant: number;
  limits: SimLimits;
}

export interface World {
  tenants: TenantState[];
  /** Throws a 404 SimError for unknown ids. */
  get(tenantId: string): TenantState;
  find(tenantId: string): TenantState | undefined;
  /** Randomness of the background generator. */
  generator: Prng;
}

export const emptyCounters = (): SimCounters => ({ total: 0, throttled: 0, byRoute: {}, tokens: 0 });

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
    const lastUpdateMs = Math.max(0, ...[...alerts.values()].map((a) => Date.parse(a.lastUpdateTime ?? "") || 0));
    return {
      tenant,
      alerts,
      machines,
      consented: true,
      roles: [...DEFAULT_APP_ROLES],
      faults: null,
      failRemaining: 0,
      hung: new Set(),
      budget: createQuota(opts.limits),
      counters: emptyCounters(),
      lastUpdateMs,
      nextIncidentId,
      live: prng.fork(3),
    };
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

export function sortedAlerts(state: TenantState): DefenderAlert[] {
  return [...state.alerts.values()].sort(
    (a, b) => (a.alertCreationTime ?? "").localeCompare(b.alertCreationTime ?? "") || a.id.localeCompare(b.id),
  );
}

export function getAlert(state: TenantState, alertId: string): DefenderAlert {
  const alert = state.alerts.get(alertId);
  if (!alert) throw notFound(`Alert ${alertId}`);
  return alert;
}

/**
 * Applies an update in place (PATCH semantics plus free ground-truth fields). Resolving sets resolvedTime, reopening
 * clears it; a comment is appended; lastUpdateTime always moves forward.
 */
export function applyAlertUpdate(state: TenantState, alertId: string, update: SimAlertUpdate, actor: string): DefenderAlert {
  const alert = getAlert(state, alertId);
  const { comment, commentBy, ...fields } = update;
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
  const { alert, incidentIdsUsed } = generateAlert(state.live, { tenant: state.tenant, machines: state.machines, nextIncidentId: state.nextIncidentId }, nowMs, nowMs, false);
  state.nextIncidentId += incidentIdsUsed;
  if (init.id !== undefined && state.alerts.has(init.id)) throw new SimError(409, "Conflict", `Alert ${init.id} already exists`);
  const machine = init.machineId ? state.machines.find((m) => m.id === init.machineId) : undefined;
  if (machine) Object.assign(alert, { computerDnsName: machine.computerDnsName, rbacGroupName: machine.rbacGroupName });
  Object.assign(alert, init);
  alert.aadTenantId = state.tenant.id;
  alert.lastUpdateTime = bumpUpdateTime(state);
  state.alerts.set(alert.id, alert);
  return alert;
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
