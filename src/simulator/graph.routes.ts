import { randomUUID } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import {
  GRAPH_AUDIENCE,
  GRAPH_BATCH_MAX_REQUESTS,
  GRAPH_CLASSIFICATIONS,
  GRAPH_DETERMINATIONS,
  PREFER_INCLUDE_UNKNOWN_ENUM_MEMBERS,
  UNKNOWN_FUTURE_VALUE,
  type GraphAlertPatch,
  type GraphBatchRequestItem,
  type GraphBatchResponseItem,
  type GraphErrorBody,
  type GraphIncident,
  type GraphIncidentPatch,
} from "../upstream/graph.types.js";
import { applyFaults } from "./fault.injector.js";
import { encodeSkipToken, type GraphListQuery, parseGraphListQuery } from "./graph.odata.js";
import { alertPageText, presentAlert, presentIncident } from "./graph.present.js";
import { JsonText, sendJson, type RequestContext, type Router } from "./http.router.js";
import {
  alertsByIncident,
  alertsByIncidentKept,
  getIncident,
  graphAlert,
  graphAlertsByRecency,
  graphAlertsView,
  incidentsByRecency,
  incidentView,
} from "./incident.store.js";
import { SimError } from "./sim.error.js";
import type { TenantState } from "./tenant.state.js";
import type { TokenIssuer } from "./token.issuer.js";
import { addGraphAlertComment, applyGraphAlertPatch, bumpUpdateTime, type World } from "./world.store.js";

export interface GraphRoutesDeps {
  world: World;
  issuer: TokenIssuer;
  isClosed: () => boolean;
  /**
   * Most rows one page holds, whatever `$top` asks (Graph documents no page size). Null: a page holds what `$top`
   * asks (at most 1,000, `$top`'s documented maximum), or `DEFAULT_GRAPH_PAGE_SIZE` rows without `$top`.
   */
  pageSize: number | null;
}

/** One Graph call, direct or inside `$batch`: `path` is relative to `/v1.0` and may carry a query. */
interface GraphCall {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

interface GraphAnswer {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

interface Caller {
  state: TenantState;
  appId: string;
  roles: string[];
}

const READ_ALERTS = ["SecurityAlert.Read.All", "SecurityAlert.ReadWrite.All"];
const WRITE_ALERTS = ["SecurityAlert.ReadWrite.All"];
const READ_INCIDENTS = ["SecurityIncident.Read.All", "SecurityIncident.ReadWrite.All"];
const WRITE_INCIDENTS = ["SecurityIncident.ReadWrite.All"];

const STATUS_CODES: Record<number, string> = {
  400: "BadRequest",
  401: "InvalidAuthenticationToken",
  403: "Forbidden",
  404: "NotFound",
  405: "MethodNotAllowed",
  424: "FailedDependency",
  429: "TooManyRequests",
  500: "InternalServerError",
  502: "BadGateway",
  503: "ServiceUnavailable",
  504: "GatewayTimeout",
};

const graphDate = (): string => new Date().toISOString().slice(0, 19);

function errorAnswer(
  status: number,
  code: string,
  message: string,
  ids: { requestId: string; clientRequestId: string },
  headers: Record<string, string> = {},
): GraphAnswer {
  const body: GraphErrorBody = {
    error: { code, message, innerError: { "request-id": ids.requestId, date: graphDate(), "client-request-id": ids.clientRequestId } },
  };
  return { status, headers: { ...headers, "request-id": ids.requestId, "client-request-id": ids.clientRequestId }, body };
}

const lowerHeaders = (h: Record<string, string> | IncomingHttpHeaders | undefined): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h ?? {})) if (typeof v === "string") out[k.toLowerCase()] = v;
  return out;
};

const wantsUnknownMembers = (headers: Record<string, string>): boolean =>
  (headers["prefer"] ?? "").split(",").some((p) => p.trim().toLowerCase() === PREFER_INCLUDE_UNKNOWN_ENUM_MEMBERS);

const settable = (members: readonly string[]): Set<string> => new Set(members.filter((m) => m !== UNKNOWN_FUTURE_VALUE));
const ALERT_STATUS_SET = new Set(["new", "inProgress", "resolved"]);
const INCIDENT_STATUS_SET = new Set(["active", "inProgress", "resolved", "awaitingAction"]);
const CLASSIFICATION_SET = settable(GRAPH_CLASSIFICATIONS);
const DETERMINATION_SET = settable(GRAPH_DETERMINATIONS);

const bad = (message: string): SimError => new SimError(400, "BadRequest", message);

function asObject(body: unknown): Record<string, unknown> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw bad("The request body must be a JSON object.");
  return body as Record<string, unknown>;
}

/** Validates a PATCH body of an alert (or, with `incident`, of an incident) the way Graph's model binder does. */
function parsePatch(body: unknown, incident: boolean): GraphIncidentPatch {
  const obj = asObject(body);
  const patch: GraphIncidentPatch = {};
  for (const [key, value] of Object.entries(obj)) {
    if (key === "@odata.type") continue;
    const enumCheck = (set: Set<string>): string => {
      if (typeof value !== "string" || !set.has(value))
        throw bad(`Invalid value '${String(value)}' for property '${key}'. Allowed: ${[...set].join(", ")}.`);
      return value;
    };
    if (key === "status") patch.status = enumCheck(incident ? INCIDENT_STATUS_SET : ALERT_STATUS_SET);
    else if (key === "classification") patch.classification = enumCheck(CLASSIFICATION_SET);
    else if (key === "determination") patch.determination = enumCheck(DETERMINATION_SET);
    else if (key === "assignedTo") {
      if (value !== null && typeof value !== "string") throw bad("Property 'assignedTo' must be a string or null.");
      patch.assignedTo = value;
    } else if (incident && key === "customTags") {
      if (!Array.isArray(value) || !value.every((t) => typeof t === "string"))
        throw bad("Property 'customTags' must be an array of strings.");
      patch.customTags = value;
    } else if (incident && (key === "description" || key === "displayName")) {
      if (typeof value !== "string") throw bad(`Property '${key}' must be a string.`);
      patch[key] = value;
    } else
      throw bad(
        `The property '${key}' does not exist on type 'microsoft.graph.security.${incident ? "incident" : "alert"}' or cannot be updated.`,
      );
  }
  return patch;
}

function parseComment(body: unknown): string {
  const obj = asObject(body);
  const type = obj["@odata.type"];
  if (type !== undefined && (typeof type !== "string" || type.replace(/^#/, "") !== "microsoft.graph.security.alertComment"))
    throw bad(`Unexpected @odata.type ${JSON.stringify(type)}.`);
  const comment = obj["comment"];
  if (typeof comment !== "string" || comment.trim() === "") throw bad("Property 'comment' is required and must be a non-empty string.");
  return comment;
}

/** Rows of a list page without `$top` when no page size is configured. */
export const DEFAULT_GRAPH_PAGE_SIZE = 100;

interface Route {
  method: string;
  pattern: RegExp;
  key: string;
  roles: readonly string[];
  run(ctx: { caller: Caller; id: string; url: URL; include: boolean; body: unknown; origin: string }): GraphAnswer;
}

/** A page of rows with Graph's `@odata.count` and `@odata.nextLink` (a `$skiptoken`, opaque to clients). */
function page<T>(
  rows: T[],
  q: ReturnType<typeof parseGraphListQuery>,
  url: URL,
  context: string,
  cap: number | null,
): Record<string, unknown> {
  const pageSize = cap ?? q.top ?? DEFAULT_GRAPH_PAGE_SIZE;
  const end = q.top === null ? rows.length : Math.min(rows.length, q.skip + q.top);
  const value = rows.slice(q.skip, Math.min(end, q.skip + pageSize));
  const out: Record<string, unknown> = { "@odata.context": context };
  if (q.count) out["@odata.count"] = rows.length;
  if (q.skip + value.length < end) {
    // Graph's nextLinks keep `$` literal; the paging state lives in an opaque $skiptoken.
    const kept = [...url.searchParams].filter(([k]) => !/^\$(skip|top|skiptoken)$/i.test(k));
    const token = encodeSkipToken({ skip: q.skip + value.length, top: q.top === null ? null : q.top - value.length });
    const query = [...kept.map(([k, v]) => `${k}=${encodeURIComponent(v)}`), `$skiptoken=${token}`].join("&");
    out["@odata.nextLink"] = `${url.origin}${url.pathname}?${query}`;
  }
  out["value"] = value;
  return out;
}

/**
 * The rows of `sorted` (most recent first) that match the query's filter, as `view` shows them: every match when the
 * caller asked for `$count`, else only as many as `page` reads (the rows `$skip` passes over, the page, and one more
 * that decides the nextLink), which `page` then answers exactly as it would from every match.
 */
function matches<S extends { createdDateTime: string }, T>(
  sorted: readonly S[],
  q: GraphListQuery,
  cap: number | null,
  view: (row: S) => T,
): T[] {
  const pageSize = cap ?? q.top ?? DEFAULT_GRAPH_PAGE_SIZE;
  const limit = q.count ? Infinity : q.skip + Math.min(pageSize, q.top ?? Infinity) + 1;
  const out: T[] = [];
  for (let i = q.createdBefore === null ? 0 : rowsNotBefore(sorted, q.createdBefore); i < sorted.length; i++) {
    const row = sorted[i];
    const v = view(row);
    if (!q.filter(v as unknown as Record<string, unknown>)) continue;
    out.push(v);
    if (out.length >= limit) break;
  }
  return out;
}

/** Per sorted list (kept while the list is), the oldest creation time (ms) among its first i + 1 rows, for each i. */
const oldestSoFar = new WeakMap<readonly object[], Float64Array>();

/**
 * How many rows at the head of `sorted` (most recent first) were all created at or after `ms`, so that none of them
 * can match: a sync's `createdDateTime lt …` windows would otherwise test every newer row of the tenant on every page.
 * Exact whatever the list's order (mixed time formats sort by text, not always by time): the rows skipped are those
 * of the longest head whose oldest row is not older than `ms`.
 */
function rowsNotBefore(sorted: readonly { createdDateTime: string }[], ms: number): number {
  let oldest = oldestSoFar.get(sorted);
  if (!oldest) {
    oldest = new Float64Array(sorted.length);
    let min = Infinity;
    for (let i = 0; i < sorted.length; i++) {
      const t = Date.parse(sorted[i].createdDateTime);
      // an unparsable time is never skipped: the filter decides
      min = Number.isNaN(t) ? -Infinity : Math.min(min, t);
      oldest[i] = min;
    }
    oldestSoFar.set(sorted, oldest);
  }
  let [lo, hi] = [0, sorted.length];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (oldest[mid] >= ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function routes(deps: GraphRoutesDeps): Route[] {
  const ok = (body: unknown): GraphAnswer => ({ status: 200, headers: {}, body });
  const actor = (c: Caller): string => `API-App:${c.appId}`;
  return [
    {
      method: "GET",
      pattern: /^\/security\/alerts_v2$/i,
      key: "GET /v1.0/security/alerts_v2",
      roles: READ_ALERTS,
      run: ({ caller, url, include, origin }) => {
        const q = parseGraphListQuery(url.searchParams, "alerts");
        const rows = matches(graphAlertsByRecency(caller.state), q, deps.pageSize, (a) => a);
        return ok(alertPageText(page(rows, q, url, `${origin}/v1.0/$metadata#security/alerts_v2`, deps.pageSize), include));
      },
    },
    {
      method: "GET",
      pattern: /^\/security\/alerts_v2\/([^/]+)$/i,
      key: "GET /v1.0/security/alerts_v2/{id}",
      roles: READ_ALERTS,
      run: ({ caller, id, include, origin }) =>
        ok({
          "@odata.context": `${origin}/v1.0/$metadata#security/alerts_v2/$entity`,
          ...presentAlert(graphAlert(caller.state, id), include),
        }),
    },
    {
      method: "PATCH",
      pattern: /^\/security\/alerts_v2\/([^/]+)$/i,
      key: "PATCH /v1.0/security/alerts_v2/{id}",
      roles: WRITE_ALERTS,
      run: ({ caller, id, include, body, origin }) => {
        graphAlert(caller.state, id);
        const patch: GraphAlertPatch = parsePatch(body, false);
        const updated = applyGraphAlertPatch(caller.state, id, patch, actor(caller));
        return ok({ "@odata.context": `${origin}/v1.0/$metadata#security/alerts_v2/$entity`, ...presentAlert(updated, include) });
      },
    },
    {
      method: "POST",
      pattern: /^\/security\/alerts_v2\/([^/]+)\/comments$/i,
      key: "POST /v1.0/security/alerts_v2/{id}/comments",
      roles: WRITE_ALERTS,
      run: ({ caller, id, body, origin }) => {
        graphAlert(caller.state, id);
        const value = addGraphAlertComment(caller.state, id, parseComment(body), actor(caller));
        return ok({ "@odata.context": `${origin}/v1.0/$metadata#Collection(microsoft.graph.security.alertComment)`, value });
      },
    },
    {
      method: "GET",
      pattern: /^\/security\/incidents$/i,
      key: "GET /v1.0/security/incidents",
      roles: READ_INCIDENTS,
      run: ({ caller, url, include, origin }) => {
        const q = parseGraphListQuery(url.searchParams, "incidents");
        const state = caller.state;
        const groups = alertsByIncidentKept(state);
        const rows = matches(incidentsByRecency(state), q, deps.pageSize, (i) => incidentView(state, i, groups, q.expandAlerts));
        const body = page(rows, q, url, `${origin}/v1.0/$metadata#security/incidents`, deps.pageSize);
        body["value"] = (body["value"] as GraphIncident[]).map((i) => presentIncident(i, include));
        return ok(body);
      },
    },
    {
      method: "GET",
      pattern: /^\/security\/incidents\/([^/]+)$/i,
      key: "GET /v1.0/security/incidents/{id}",
      roles: READ_INCIDENTS,
      run: ({ caller, id, url, include, origin }) => {
        const expand = (url.searchParams.get("$expand") ?? "").trim().toLowerCase();
        if (expand !== "" && expand !== "alerts") throw bad(`Could not find a navigation property named '${expand}'.`);
        const state = caller.state;
        const view = incidentView(state, getIncident(state, id), alertsByIncident(state), expand === "alerts");
        return ok({ "@odata.context": `${origin}/v1.0/$metadata#security/incidents/$entity`, ...presentIncident(view, include) });
      },
    },
    {
      method: "PATCH",
      pattern: /^\/security\/incidents\/([^/]+)$/i,
      key: "PATCH /v1.0/security/incidents/{id}",
      roles: WRITE_INCIDENTS,
      run: ({ caller, id, include, body, origin }) => {
        const state = caller.state;
        const incident = getIncident(state, id);
        const patch = parsePatch(body, true);
        if (incident.status === "redirected" && patch.status !== undefined)
          throw bad(`Incident ${id} was merged into ${incident.redirectIncidentId ?? "another incident"}; update that one.`);
        const now = bumpUpdateTime(state);
        if (patch.status !== undefined) {
          incident.status = patch.status;
          // Resolving an incident resolves its alerts, as in the portal.
          if (patch.status === "resolved") {
            for (const a of [...graphAlertsView(state)])
              if (a.incidentId === id && a.status !== "resolved") applyGraphAlertPatch(state, a.id, { status: "resolved" }, actor(caller));
          }
        }
        if (patch.classification !== undefined) incident.classification = patch.classification;
        if (patch.determination !== undefined) incident.determination = patch.determination;
        if (patch.assignedTo !== undefined) incident.assignedTo = patch.assignedTo;
        if (patch.customTags !== undefined) incident.customTags = [...patch.customTags];
        if (patch.description !== undefined) incident.description = patch.description;
        if (patch.displayName !== undefined) incident.displayName = patch.displayName;
        incident.lastModifiedBy = actor(caller);
        incident.lastUpdateDateTime = now > incident.lastUpdateDateTime ? now : incident.lastUpdateDateTime;
        const view = incidentView(state, incident, alertsByIncident(state), false);
        return ok({ "@odata.context": `${origin}/v1.0/$metadata#security/incidents/$entity`, ...presentIncident(view, include) });
      },
    },
    {
      method: "POST",
      pattern: /^\/security\/incidents\/([^/]+)\/comments$/i,
      key: "POST /v1.0/security/incidents/{id}/comments",
      roles: WRITE_INCIDENTS,
      run: ({ caller, id, body, origin }) => {
        const incident = getIncident(caller.state, id);
        const comment = parseComment(body);
        const now = bumpUpdateTime(caller.state);
        incident.comments.push({ comment, createdByDisplayName: actor(caller), createdDateTime: now });
        incident.lastUpdateDateTime = now;
        return ok({
          "@odata.context": `${origin}/v1.0/$metadata#Collection(microsoft.graph.security.alertComment)`,
          value: incident.comments.map((c) => ({ ...c })),
        });
      },
    },
  ];
}

/**
 * Mounts Microsoft Graph's security API under `/v1.0` (alerts_v2, incidents, `$batch`): Graph tokens, the 150/min
 * budget per tenant (each inner `$batch` request counts on its own), faults, Graph error bodies and request ids.
 */
export function mountGraphRoutes(router: Router, deps: GraphRoutesDeps): void {
  const table = routes(deps);

  /** Authenticates a Graph caller; null with the error answer when the token is not good. */
  async function authenticate(
    headers: Record<string, string>,
    ids: { requestId: string; clientRequestId: string },
  ): Promise<Caller | GraphAnswer> {
    const match = /^Bearer\s+(\S+)$/i.exec(headers["authorization"] ?? "");
    if (!match) return errorAnswer(401, "InvalidAuthenticationToken", "Access token is empty.", ids);
    let claims;
    try {
      claims = await deps.issuer.verify(match[1], GRAPH_AUDIENCE);
    } catch (err) {
      return errorAnswer(401, "InvalidAuthenticationToken", `Access token validation failure: ${(err as Error).message}`, ids);
    }
    const state = typeof claims["tid"] === "string" ? deps.world.find(claims["tid"]) : undefined;
    if (!state) return errorAnswer(401, "InvalidAuthenticationToken", "The token's tenant has no Microsoft Defender subscription.", ids);
    if (!state.consented) return errorAnswer(401, "InvalidAuthenticationToken", "The application is not registered in the tenant.", ids);
    const roles = Array.isArray(claims["roles"]) ? claims["roles"].map(String) : [];
    const appId = typeof claims["appid"] === "string" ? claims["appid"] : typeof claims["azp"] === "string" ? claims["azp"] : "unknown";
    return { state, appId, roles };
  }

  /** One authenticated call: counted, charged to the Graph budget, faults, role, then the operation. */
  async function execute(caller: Caller, call: GraphCall, origin: string): Promise<GraphAnswer> {
    const clientRequestId = call.headers["client-request-id"] ?? randomUUID();
    const ids = { requestId: randomUUID(), clientRequestId };
    const url = new URL(`/v1.0${call.path.startsWith("/") ? "" : "/"}${call.path}`, origin);
    const path = url.pathname.replace(/^\/v1\.0/i, "");
    const candidates = table.filter((r) => r.pattern.test(path));
    const route = candidates.find((r) => r.method === call.method.toUpperCase());
    if (!route) {
      return candidates.length > 0
        ? errorAnswer(405, "MethodNotAllowed", `The HTTP method '${call.method}' is not allowed for ${path}.`, ids)
        : errorAnswer(400, "BadRequest", `Resource not found for the segment '${path.split("/").filter(Boolean).pop() ?? ""}'.`, ids);
    }
    const { state } = caller;
    state.counters.total++;
    state.counters.byRoute[route.key] = (state.counters.byRoute[route.key] ?? 0) + 1;
    const decision = state.graphBudget.take(Date.now());
    if (!decision.ok) {
      state.counters.throttled++;
      return errorAnswer(
        429,
        "TooManyRequests",
        "Too many requests. Application is over its MailboxConcurrency or security request limit.",
        ids,
        { "retry-after": String(decision.retryAfterSec) },
      );
    }
    const fault = await applyFaults(state, deps.isClosed, { face: "graph", line: `${call.method.toUpperCase()} ${url.pathname}` });
    if (fault.kind === "fail") {
      return errorAnswer(
        fault.status,
        STATUS_CODES[fault.status] ?? "InternalServerError",
        "Injected fault",
        ids,
        fault.status === 429 ? { "retry-after": "1" } : {},
      );
    }
    if (!route.roles.some((r) => caller.roles.includes(r))) {
      return errorAnswer(403, "Forbidden", `Missing application permission: one of ${route.roles.join(", ")}.`, ids);
    }
    const include = wantsUnknownMembers(call.headers);
    try {
      const id = decodeURIComponent(route.pattern.exec(path)?.[1] ?? "");
      const answer = route.run({ caller, id, url, include, body: call.body, origin });
      const extra: Record<string, string> = include ? { "preference-applied": PREFER_INCLUDE_UNKNOWN_ENUM_MEMBERS } : {};
      return { ...answer, headers: { ...answer.headers, ...extra, "request-id": ids.requestId, "client-request-id": clientRequestId } };
    } catch (err) {
      if (err instanceof SimError) return errorAnswer(err.status, err.status === 404 ? "NotFound" : err.code, err.message, ids);
      return errorAnswer(500, "InternalServerError", (err as Error).message, ids);
    }
  }

  const send = (ctx: RequestContext, a: GraphAnswer): void => {
    if (a.status === 204 || a.body === undefined) {
      if (!ctx.res.headersSent && !ctx.res.destroyed) ctx.res.writeHead(a.status, a.headers).end();
      return;
    }
    sendJson(ctx.res, a.status, a.body, a.headers);
  };

  const idsOf = (headers: Record<string, string>) => ({
    requestId: randomUUID(),
    clientRequestId: headers["client-request-id"] ?? randomUUID(),
  });

  async function readJson(ctx: RequestContext): Promise<unknown> {
    const raw = await ctx.body();
    if (raw.trim() === "") return undefined;
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      throw bad("Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.");
    }
  }

  const direct = async (ctx: RequestContext): Promise<void> => {
    const headers = lowerHeaders(ctx.req.headers);
    const ids = idsOf(headers);
    const caller = await authenticate(headers, ids);
    if ("status" in caller) return send(ctx, caller);
    let body: unknown;
    try {
      body = ctx.req.method === "GET" ? undefined : await readJson(ctx);
    } catch (err) {
      return send(ctx, errorAnswer(400, "BadRequest", (err as Error).message, ids));
    }
    send(
      ctx,
      await execute(
        caller,
        { method: ctx.req.method ?? "GET", path: `${ctx.url.pathname.replace(/^\/v1\.0/i, "")}${ctx.url.search}`, headers, body },
        ctx.origin,
      ),
    );
  };

  const batch = async (ctx: RequestContext): Promise<void> => {
    const headers = lowerHeaders(ctx.req.headers);
    const ids = idsOf(headers);
    const caller = await authenticate(headers, ids);
    if ("status" in caller) return send(ctx, caller);
    caller.state.counters.total++;
    caller.state.counters.byRoute["POST /v1.0/$batch"] = (caller.state.counters.byRoute["POST /v1.0/$batch"] ?? 0) + 1;
    let items: GraphBatchRequestItem[];
    try {
      const payload = asObject(await readJson(ctx));
      if (!Array.isArray(payload["requests"])) throw bad("Invalid batch payload format: 'requests' must be an array.");
      items = payload["requests"] as GraphBatchRequestItem[];
      if (items.length === 0) throw bad("Invalid batch payload format: 'requests' is empty.");
      if (items.length > GRAPH_BATCH_MAX_REQUESTS)
        throw bad(`The number of batch requests (${items.length}) exceeds the limit of ${GRAPH_BATCH_MAX_REQUESTS}.`);
      const seen = new Set<string>();
      for (const it of items) {
        if (
          typeof it !== "object" ||
          it === null ||
          typeof it.id !== "string" ||
          it.id === "" ||
          typeof it.method !== "string" ||
          typeof it.url !== "string"
        ) {
          throw bad("Invalid batch payload format: every request needs string 'id', 'method' and 'url'.");
        }
        if (seen.has(it.id)) throw bad(`Invalid batch payload format: duplicate request id '${it.id}'.`);
        if (/^https?:/i.test(it.url))
          throw bad(`Invalid batch payload format: request '${it.id}' must use a URL relative to the version, not '${it.url}'.`);
        seen.add(it.id);
      }
      for (const it of items)
        for (const dep of it.dependsOn ?? [])
          if (!seen.has(dep)) throw bad(`Invalid batch payload format: request '${it.id}' depends on unknown request '${dep}'.`);
    } catch (err) {
      return send(ctx, errorAnswer(400, "BadRequest", (err as Error).message, ids));
    }
    const outerPrefer = headers["prefer"];
    const done = new Map<string, Promise<GraphBatchResponseItem>>();
    const run = async (it: GraphBatchRequestItem): Promise<GraphBatchResponseItem> => {
      const deps = await Promise.all((it.dependsOn ?? []).map((d) => done.get(d) as Promise<GraphBatchResponseItem>));
      const inner = lowerHeaders(it.headers);
      const innerIds = { requestId: randomUUID(), clientRequestId: inner["client-request-id"] ?? randomUUID() };
      let answer: GraphAnswer;
      if (deps.some((d) => d.status >= 400))
        answer = errorAnswer(424, "FailedDependency", "A request this one depends on failed.", innerIds);
      else if (it.body !== undefined && !inner["content-type"])
        answer = errorAnswer(400, "BadRequest", "Content-Type header is required for a request with a body.", innerIds);
      else
        answer = await execute(
          caller,
          { method: it.method, path: it.url, headers: { ...(outerPrefer ? { prefer: outerPrefer } : {}), ...inner }, body: it.body },
          ctx.origin,
        );
      return {
        id: it.id,
        status: answer.status,
        headers: { "content-type": "application/json", ...answer.headers },
        ...(answer.body !== undefined
          ? { body: answer.body instanceof JsonText ? (JSON.parse(answer.body.text) as unknown) : answer.body }
          : {}),
      };
    };
    // dependsOn may only name earlier requests' ids in practice; promises are created in order so awaiting works.
    for (const it of items) done.set(it.id, run(it));
    const responses = await Promise.all(items.map((it) => done.get(it.id) as Promise<GraphBatchResponseItem>));
    // Graph answers in any order; never in request order here, so clients must match by id.
    send(ctx, {
      status: 200,
      headers: { "request-id": ids.requestId, "client-request-id": ids.clientRequestId },
      body: { responses: responses.reverse() },
    });
  };

  router.add("POST", "/v1.0/$batch", batch);
  for (const [method, pattern] of [
    ["GET", "/v1.0/security/alerts_v2"],
    ["GET", "/v1.0/security/alerts_v2/:id"],
    ["PATCH", "/v1.0/security/alerts_v2/:id"],
    ["POST", "/v1.0/security/alerts_v2/:id/comments"],
    ["GET", "/v1.0/security/incidents"],
    ["GET", "/v1.0/security/incidents/:id"],
    ["PATCH", "/v1.0/security/incidents/:id"],
    ["POST", "/v1.0/security/incidents/:id/comments"],
  ] as const) {
    router.add(method, pattern, direct);
  }
}

/** Graph's answer to a path under `/v1.0` no route knows. */
export function graphNotFound(pathname: string): { status: number; body: GraphErrorBody; headers: Record<string, string> } {
  const requestId = randomUUID();
  return {
    status: 400,
    headers: { "request-id": requestId },
    body: {
      error: {
        code: "BadRequest",
        message: `Resource not found for the segment '${pathname.split("/").filter(Boolean).pop() ?? ""}'.`,
        innerError: { "request-id": requestId, date: graphDate() },
      },
    },
  };
}
