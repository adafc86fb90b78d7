import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import {
  DEFENDER_CLASSIFICATIONS,
  DEFENDER_DETERMINATIONS,
  type DefenderAlert,
  type DefenderAlertPatch,
  type DefenderErrorBody,
} from "../upstream/defender.types.js";
import { applyFaults } from "./fault.injector.js";
import { sendJson, type RequestContext, type Router } from "./http.router.js";
import { ALERT_SCHEMA, MACHINE_SCHEMA, applyListQuery, parseListQuery } from "./odata.query.js";
import type { Quota } from "./quota.limiter.js";
import { SimError, badRequest, notFound } from "./sim.error.js";
import { DEFENDER_AUDIENCE, type TokenIssuer } from "./token.issuer.js";
import { applyAlertUpdate, getAlert, sortedAlerts, type TenantState, type World } from "./world.store.js";

export interface DefenderRoutesDeps {
  world: World;
  issuer: TokenIssuer;
  isClosed: () => boolean;
}

const PATCH_KEYS = new Set(["status", "assignedTo", "classification", "determination", "comment"]);
const PATCH_STATUSES = new Set(["New", "InProgress", "Resolved"]);
const PATCH_CLASSIFICATIONS = new Set<string>(DEFENDER_CLASSIFICATIONS);
// The update API spells two determinations differently from the alert entity: it documents `NotMalicious` and
// `ConfirmedActivity` and refuses the entity's `Clean` and `ConfirmedUserActivity` (stored in the entity's spelling).
export const ENTITY_ONLY_DETERMINATIONS = new Set(["Clean", "ConfirmedUserActivity"]);
const PATCH_DETERMINATIONS = new Set<string>([
  ...DEFENDER_DETERMINATIONS.filter((d) => !ENTITY_ONLY_DETERMINATIONS.has(d)),
  "ConfirmedActivity",
  "NotMalicious",
]);
const READ_ALERTS = ["Alert.Read.All", "Alert.ReadWrite.All"];
const WRITE_ALERTS = ["Alert.ReadWrite.All"];
const READ_MACHINES = ["Machine.Read.All", "Machine.ReadWrite.All"];

const STATUS_CODES: Record<number, string> = {
  400: "BadRequest",
  401: "Unauthorized",
  403: "Forbidden",
  404: "NotFound",
  429: "TooManyRequests",
  500: "InternalServerError",
  502: "BadGateway",
  503: "ServiceUnavailable",
  504: "GatewayTimeout",
};

export function sendDefenderError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  const body: DefenderErrorBody = { error: { code, message, target: randomUUID() } };
  sendJson(res, status, body, headers);
}

interface Caller {
  state: TenantState;
  appId: string;
  roles: string[];
}

type Op = (ctx: RequestContext, caller: Caller) => void | Promise<void>;

/** Bearer check, budget, faults and role check around every Defender operation; answers errors itself. */
function guarded(
  deps: DefenderRoutesDeps,
  routeKey: string,
  roles: readonly string[],
  op: Op,
  /** The limit the route counts against: `batchUpdate` has its own (10/min, 500/h). */
  quotaOf: (state: TenantState) => Quota = (state) => state.budget,
) {
  return async (ctx: RequestContext): Promise<void> => {
    const { res } = ctx;
    const auth = ctx.req.headers.authorization ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(auth);
    if (!match) return sendDefenderError(res, 401, "Unauthorized", "Authorization header with a Bearer token is required");
    let claims;
    try {
      claims = await deps.issuer.verify(match[1], DEFENDER_AUDIENCE);
    } catch (err) {
      return sendDefenderError(res, 401, "Unauthorized", `Invalid token: ${(err as Error).message}`);
    }
    const state = typeof claims["tid"] === "string" ? deps.world.find(claims["tid"]) : undefined;
    if (!state) return sendDefenderError(res, 401, "Unauthorized", "The token's tenant has no Defender for Endpoint subscription");
    if (!state.consented) return sendDefenderError(res, 401, "Unauthorized", "The application is not registered in the tenant");

    state.counters.total++;
    state.counters.byRoute[routeKey] = (state.counters.byRoute[routeKey] ?? 0) + 1;
    const decision = quotaOf(state).take(Date.now());
    if (!decision.ok) {
      state.counters.throttled++;
      return sendDefenderError(
        res,
        429,
        "TooManyRequests",
        "API calls quota exceeded! Maximum allowed calls per minute or per hour reached.",
        {
          "retry-after": String(decision.retryAfterSec),
        },
      );
    }
    const fault = await applyFaults(state, deps.isClosed, { face: "defender", line: `${ctx.req.method ?? "GET"} ${ctx.url.pathname}` });
    if (fault.kind === "fail") {
      const extra: Record<string, string> = fault.status === 429 ? { "retry-after": "1" } : {};
      return sendDefenderError(res, fault.status, STATUS_CODES[fault.status] ?? "InternalServerError", "Injected fault", extra);
    }
    const granted = Array.isArray(claims["roles"]) ? claims["roles"].map(String) : [];
    if (!roles.some((r) => granted.includes(r))) {
      return sendDefenderError(res, 403, "Forbidden", `The application lacks one of the permissions: ${roles.join(", ")}`);
    }
    const appId = typeof claims["appid"] === "string" ? claims["appid"] : typeof claims["azp"] === "string" ? claims["azp"] : "unknown";
    try {
      await op(ctx, { state, appId, roles: granted });
    } catch (err) {
      if (err instanceof SimError) return sendDefenderError(res, err.status, err.code, err.message);
      return sendDefenderError(res, 500, "InternalServerError", (err as Error).message);
    }
  };
}

function project(alert: DefenderAlert, withEvidence: boolean): DefenderAlert {
  const copy = structuredClone(alert);
  if (!withEvidence) copy.evidence = [];
  return copy;
}

const expandsEvidence = (ctx: RequestContext): boolean =>
  (ctx.url.searchParams.get("$expand") ?? "").split(",").some((p) => p.trim().toLowerCase() === "evidence");

function findMachine(state: TenantState, idOrName: string) {
  const lower = idOrName.toLowerCase();
  const machine = state.machines.find((m) => m.id === idOrName || m.computerDnsName.toLowerCase() === lower);
  if (!machine) throw notFound(`Machine ${idOrName}`);
  return machine;
}

/** Validates a PATCH body exactly as upstream: known keys only, case-sensitive enum values. */
export function parsePatch(raw: string): DefenderAlertPatch {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw badRequest("InvalidRequestBody", "Request body is not valid JSON");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw badRequest("InvalidRequestBody", "Request body must be a JSON object");
  const entries = Object.entries(body);
  if (entries.length === 0) throw badRequest("InvalidRequestBody", "Request body must contain at least one property");
  for (const [key, value] of entries) {
    if (!PATCH_KEYS.has(key)) throw badRequest("InvalidRequestBody", `Unknown property '${key}'`);
    if (typeof value !== "string") throw badRequest("InvalidRequestBody", `Property '${key}' must be a string`);
    const allowed =
      key === "status"
        ? PATCH_STATUSES
        : key === "classification"
          ? PATCH_CLASSIFICATIONS
          : key === "determination"
            ? PATCH_DETERMINATIONS
            : null;
    if (allowed && !allowed.has(value)) {
      const hint =
        key === "determination" && ENTITY_ONLY_DETERMINATIONS.has(value)
          ? ` (the update API spells it '${value === "Clean" ? "NotMalicious" : "ConfirmedActivity"}')`
          : "";
      throw badRequest("InvalidRequestBody", `Invalid value '${value}' for property '${key}'${hint}`);
    }
  }
  return body;
}

/**
 * Validates a `batchUpdate` body: `alertIds` (a non-empty list of strings) plus the PATCH fields, at least one of
 * them. Determinations are taken in either spelling (the batch-update page documents the alert page's `Clean` and
 * `ConfirmedUserActivity`, the update page `NotMalicious` and `ConfirmedActivity`).
 */
export function parseBatchUpdate(raw: string): { alertIds: string[]; update: DefenderAlertPatch } {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw badRequest("InvalidRequestBody", "Request body is not valid JSON");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw badRequest("InvalidRequestBody", "Request body must be a JSON object");
  const { alertIds, ...fields } = body as Record<string, unknown>;
  if (!Array.isArray(alertIds) || alertIds.length === 0 || !alertIds.every((id) => typeof id === "string" && id !== ""))
    throw badRequest("MissingRequiredParameter", "Property 'alertIds' must be a non-empty list of alert ids");
  const determination = fields["determination"];
  if (typeof determination === "string" && ENTITY_ONLY_DETERMINATIONS.has(determination))
    fields["determination"] = determination === "Clean" ? "NotMalicious" : "ConfirmedActivity";
  return { alertIds: alertIds as string[], update: parsePatch(JSON.stringify(fields)) };
}

/** Mounts the Defender API under `/api` and `/api/v1.0`. */
export function mountDefenderRoutes(router: Router, deps: DefenderRoutesDeps): void {
  const listAlerts: Op = (ctx, { state }) => {
    const query = parseListQuery(ctx.url.searchParams, ALERT_SCHEMA, ["evidence"]);
    const value = applyListQuery(sortedAlerts(state), query).map((a) => project(a, query.expand.has("evidence")));
    sendJson(ctx.res, 200, { "@odata.context": `${ctx.origin}/api/$metadata#Alerts`, value });
  };
  const getOne: Op = (ctx, { state }) => {
    const alert = project(getAlert(state, ctx.params["id"]), expandsEvidence(ctx));
    sendJson(ctx.res, 200, { "@odata.context": `${ctx.origin}/api/$metadata#Alerts/$entity`, ...alert });
  };
  const patch: Op = async (ctx, { state, appId }) => {
    const id = ctx.params["id"];
    getAlert(state, id);
    const update = parsePatch(await ctx.body());
    const alert = applyAlertUpdate(state, id, update, `API-App:${appId}`);
    sendJson(ctx.res, 200, { "@odata.context": `${ctx.origin}/api/$metadata#Alerts/$entity`, ...project(alert, true) });
  };
  // Unknown ids are skipped, not refused: upstream documents only "alerts available in the API" can be updated, and
  // the batch answers 200 with an empty body either way (an assumption; the real API's behaviour is undocumented).
  const batchUpdate: Op = async (ctx, { state, appId }) => {
    const { alertIds, update } = parseBatchUpdate(await ctx.body());
    for (const id of new Set(alertIds)) if (state.alerts.has(id)) applyAlertUpdate(state, id, update, `API-App:${appId}`);
    ctx.res.writeHead(200, { "content-length": "0" }).end();
  };
  const alertMachine: Op = (ctx, { state }) => {
    const alert = getAlert(state, ctx.params["id"]);
    const machine = findMachine(state, alert.machineId ?? "");
    sendJson(ctx.res, 200, { "@odata.context": `${ctx.origin}/api/$metadata#Machines/$entity`, ...machine });
  };
  const listMachines: Op = (ctx, { state }) => {
    const query = parseListQuery(ctx.url.searchParams, MACHINE_SCHEMA, []);
    sendJson(ctx.res, 200, { "@odata.context": `${ctx.origin}/api/$metadata#Machines`, value: applyListQuery(state.machines, query) });
  };
  const getMachine: Op = (ctx, { state }) => {
    const machine = findMachine(state, ctx.params["id"]);
    sendJson(ctx.res, 200, { "@odata.context": `${ctx.origin}/api/$metadata#Machines/$entity`, ...machine });
  };
  const machineAlerts: Op = (ctx, { state }) => {
    const machine = findMachine(state, ctx.params["id"]);
    const query = parseListQuery(ctx.url.searchParams, ALERT_SCHEMA, ["evidence"]);
    const rows = sortedAlerts(state).filter((a) => a.machineId === machine.id);
    const value = applyListQuery(rows, query).map((a) => project(a, query.expand.has("evidence")));
    sendJson(ctx.res, 200, { "@odata.context": `${ctx.origin}/api/$metadata#Alerts`, value });
  };

  for (const prefix of ["/api", "/api/v1.0"]) {
    router.add("GET", `${prefix}/alerts`, guarded(deps, "GET /api/alerts", READ_ALERTS, listAlerts));
    router.add("GET", `${prefix}/alerts/:id`, guarded(deps, "GET /api/alerts/{id}", READ_ALERTS, getOne));
    router.add("PATCH", `${prefix}/alerts/:id`, guarded(deps, "PATCH /api/alerts/{id}", WRITE_ALERTS, patch));
    router.add(
      "POST",
      `${prefix}/alerts/batchUpdate`,
      guarded(deps, "POST /api/alerts/batchUpdate", WRITE_ALERTS, batchUpdate, (state) => state.batchUpdateBudget),
    );
    router.add("GET", `${prefix}/alerts/:id/machine`, guarded(deps, "GET /api/alerts/{id}/machine", READ_MACHINES, alertMachine));
    router.add("GET", `${prefix}/machines`, guarded(deps, "GET /api/machines", READ_MACHINES, listMachines));
    router.add("GET", `${prefix}/machines/:id`, guarded(deps, "GET /api/machines/{id}", READ_MACHINES, getMachine));
    router.add("GET", `${prefix}/machines/:id/alerts`, guarded(deps, "GET /api/machines/{id}/alerts", READ_ALERTS, machineAlerts));
  }
}
