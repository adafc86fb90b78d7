import { GRAPH_APP_ROLES } from "../upstream/graph.types.js";
import { alertJson } from "./graph.present.js";
import { alertsByIncident, byRecency, getIncident, graphAlertsByRecency, incidentView, mergeIncident } from "./incident.store.js";
import { APP_TOKEN_LIFETIME_SEC, defenderTokenClaims, graphTokenClaims, type TokenIssuer } from "./token.issuer.js";
import { releaseHung } from "./fault.injector.js";
import { badRequest } from "./sim.error.js";
import type { SimFaults, SimLimits, SimulatorControl } from "./simulator.types.js";
import {
  applyAlertUpdate,
  bumpUpdateTime,
  createAlert,
  createXdrAlert,
  DEFAULT_APP_ROLES,
  emptyCounters,
  generatorStep,
  sortedAlerts,
  type World,
} from "./world.store.js";

function checkLimits(limits: SimLimits): SimLimits {
  const ok = (n: unknown): boolean => Number.isInteger(n) && (n as number) >= 0;
  if (!ok(limits?.perMinute) || !ok(limits?.perHour))
    throw badRequest("InvalidInput", "limits need non-negative integers perMinute and perHour");
  return { perMinute: limits.perMinute, perHour: limits.perHour };
}

function checkFaults(faults: SimFaults): SimFaults {
  if (typeof faults !== "object" || faults === null) throw badRequest("InvalidInput", "faults must be an object");
  const { latencyMs, failStatus, failRate, failCount } = faults;
  if (latencyMs !== undefined && !(Number.isFinite(latencyMs) && latencyMs >= 0))
    throw badRequest("InvalidInput", "latencyMs must be >= 0");
  if (failStatus !== undefined && !(Number.isInteger(failStatus) && failStatus >= 400 && failStatus <= 599))
    throw badRequest("InvalidInput", "failStatus must be an HTTP error status (400..599)");
  if (failRate !== undefined && !(failRate >= 0 && failRate <= 1)) throw badRequest("InvalidInput", "failRate must be in [0, 1]");
  if (failCount !== undefined && !(Number.isInteger(failCount) && failCount >= 0))
    throw badRequest("InvalidInput", "failCount must be a non-negative integer");
  if (faults.face !== undefined && faults.face !== "defender" && faults.face !== "graph")
    throw badRequest("InvalidInput", "face must be 'defender' or 'graph'");
  if (faults.match !== undefined && (typeof faults.match !== "string" || faults.match === ""))
    throw badRequest("InvalidInput", "match must be a non-empty string");
  return { ...faults };
}

export interface ControlDeps {
  world: World;
  issuer: TokenIssuer;
  clientId: string;
  /** Period the generator starts with; 0 = off. */
  generateIntervalMs: number;
}

/**
 * The in-process control surface; `close()` stops the generator timer. Returned objects are copies, so callers
 * cannot change the simulator's state behind its back.
 */
export function createControl(deps: ControlDeps): SimulatorControl & { close(): void } {
  const { world } = deps;
  const clone = <T>(v: T): T => structuredClone(v);
  let timer: NodeJS.Timeout | null = null;
  let intervalMs = 0;
  let steps = 0;

  const control: SimulatorControl & { close(): void } = {
    listTenants: () =>
      world.tenants.map((s) => ({
        ...s.tenant,
        consented: s.consented,
        roles: [...s.roles],
        graphRoles: [...s.graphRoles],
        alertCount: s.alerts.size,
        xdrAlertCount: s.xdrAlerts.size,
        incidentCount: s.incidents.size,
        graphLimits: s.graphBudget.limits(),
        machineCount: s.machines.length,
        limits: s.budget.limits(),
        faults: s.faults ? { ...s.faults } : null,
      })),
    setFaults(tenantId, faults) {
      const state = world.get(tenantId);
      state.faults = checkFaults(faults);
      state.failRemaining = state.faults.failCount ?? 0;
      // A new fault set without `hang` releases calls parked by an earlier one.
      if (!state.faults.hang) releaseHung(state);
    },
    clearFaults(tenantId) {
      const state = world.get(tenantId);
      state.faults = null;
      state.failRemaining = 0;
      releaseHung(state);
    },
    setLimits(limits, tenantId) {
      const checked = checkLimits(limits);
      if (tenantId !== undefined) return world.get(tenantId).budget.setLimits(checked);
      for (const s of world.tenants) s.budget.setLimits(checked);
    },
    setGraphLimits(limits, tenantId) {
      const checked = checkLimits(limits);
      if (tenantId !== undefined) return world.get(tenantId).graphBudget.setLimits(checked);
      for (const s of world.tenants) s.graphBudget.setLimits(checked);
    },
    getCounters: (tenantId) => clone(world.get(tenantId).counters),
    resetCounters(tenantId) {
      for (const s of tenantId === undefined ? world.tenants : [world.get(tenantId)]) s.counters = emptyCounters();
    },
    resetBudget(tenantId) {
      for (const s of tenantId === undefined ? world.tenants : [world.get(tenantId)]) {
        s.budget.reset();
        s.graphBudget.reset();
        s.batchUpdateBudget.reset();
      }
    },
    createAlert: (tenantId, init) => clone(createAlert(world.get(tenantId), init ?? {})),
    updateAlert: (tenantId, alertId, update) => clone(applyAlertUpdate(world.get(tenantId), alertId, update, "simulator")),
    listAlerts: (tenantId) => clone(sortedAlerts(world.get(tenantId))),
    listMachines: (tenantId) => clone(world.get(tenantId).machines),
    listGraphAlerts: (tenantId) => graphAlertsByRecency(world.get(tenantId)).map((a) => structuredClone(a)),
    createGraphAlert: (tenantId, init) => createXdrAlert(world.get(tenantId), init ?? {}),
    prepareGraphView(tenantId) {
      const alerts = graphAlertsByRecency(world.get(tenantId));
      for (const a of alerts) for (const include of [false, true]) alertJson(a, include);
      return { alerts: alerts.length };
    },
    listIncidents(tenantId) {
      const state = world.get(tenantId);
      const groups = alertsByIncident(state);
      return byRecency([...state.incidents.values()].map((i) => incidentView(state, i, groups, true)));
    },
    mergeIncidents(tenantId, fromId, intoId) {
      const state = world.get(tenantId);
      mergeIncident(state, fromId, intoId, bumpUpdateTime(state), true);
      return incidentView(state, getIncident(state, fromId), alertsByIncident(state), true);
    },
    grantConsent(tenantId, roles, graphRoles) {
      const state = world.get(tenantId);
      state.consented = true;
      state.roles = roles ? [...roles] : state.roles.length > 0 ? state.roles : [...DEFAULT_APP_ROLES];
      state.graphRoles = graphRoles ? [...graphRoles] : state.graphRoles.length > 0 ? state.graphRoles : [...GRAPH_APP_ROLES];
    },
    revokeConsent(tenantId) {
      world.get(tenantId).consented = false;
    },
    setGeneratorInterval(next) {
      if (!(Number.isFinite(next) && next >= 0)) throw badRequest("InvalidInput", "intervalMs must be >= 0");
      if (timer) clearInterval(timer);
      timer = null;
      intervalMs = next;
      if (next > 0) {
        timer = setInterval(() => control.generatorStep(), next);
        // The listeners keep a standalone simulator alive; the timer alone must not keep a test process alive.
        timer.unref();
      }
    },
    getGenerator: () => ({ intervalMs, steps }),
    generatorStep() {
      steps++;
      return generatorStep(world);
    },
    mintDefenderToken(tenantId, opts = {}) {
      const state = world.get(tenantId);
      const claims = defenderTokenClaims(state.tenant.id, deps.clientId, opts.roles ?? state.roles);
      return deps.issuer.sign(claims, opts.expiresInSec ?? APP_TOKEN_LIFETIME_SEC);
    },
    mintGraphToken(tenantId, opts = {}) {
      const state = world.get(tenantId);
      return deps.issuer.sign(
        graphTokenClaims(state.tenant.id, deps.clientId, opts.roles ?? state.graphRoles),
        opts.expiresInSec ?? APP_TOKEN_LIFETIME_SEC,
      );
    },
    close() {
      if (timer) clearInterval(timer);
      timer = null;
      intervalMs = 0;
    },
  };
  if (deps.generateIntervalMs > 0) control.setGeneratorInterval(deps.generateIntervalMs);
  return control;
}
