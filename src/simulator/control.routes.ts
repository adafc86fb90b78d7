import type { DefenderAlert } from "../upstream/defender.types.js";
import type { GraphAlert } from "../upstream/graph.types.js";
import { sendJson, type RequestContext, type Router } from "./http.router.js";
import { SimError, badRequest } from "./sim.error.js";
import type { SimAlertInit, SimAlertUpdate, SimFaults, SimLimits, SimulatorControl } from "./simulator.types.js";

async function jsonBody<T>(ctx: RequestContext, fallback?: T): Promise<T> {
  const raw = await ctx.body();
  if (raw.trim() === "" && fallback !== undefined) return fallback;
  try {
    return JSON.parse(raw) as T;
  } catch {
    throw badRequest("InvalidRequestBody", "Request body is not valid JSON");
  }
}

type ControlHandler = (ctx: RequestContext, tenantId: string) => unknown;

/** Mounts the unauthenticated `/_sim/*` control API (see README). `info` feeds `GET /_sim/info`. */
export function mountControlRoutes(router: Router, control: SimulatorControl, info: () => unknown): void {
  const route = (method: string, path: string, handler: ControlHandler, status = 200): void =>
    router.add(method, path, async (ctx) => {
      try {
        const result = await handler(ctx, ctx.params["tenantId"] ?? "");
        if (result === undefined) {
          ctx.res.writeHead(204).end();
        } else {
          sendJson(ctx.res, status, result);
        }
      } catch (err) {
        const e = err instanceof SimError ? err : new SimError(500, "InternalError", (err as Error).message);
        sendJson(ctx.res, e.status, { error: { code: e.code, message: e.message } });
      }
    });
  const t = "/_sim/tenants/:tenantId";

  route("GET", "/_sim/info", () => info());
  route("GET", "/_sim/tenants", () => control.listTenants());
  route("GET", t, (_ctx, id) => {
    const found = control.listTenants().find((x) => x.id.toLowerCase() === id.toLowerCase());
    if (!found) throw new SimError(404, "ResourceNotFound", `Tenant ${id} was not found`);
    return found;
  });

  route("PUT", `${t}/faults`, async (ctx, id) => control.setFaults(id, await jsonBody<SimFaults>(ctx)));
  route("DELETE", `${t}/faults`, (_ctx, id) => control.clearFaults(id));

  route("PUT", "/_sim/limits", async (ctx) => control.setLimits(await jsonBody<SimLimits>(ctx)));
  route("PUT", `${t}/limits`, async (ctx, id) => control.setLimits(await jsonBody<SimLimits>(ctx), id));

  route("GET", `${t}/counters`, (_ctx, id) => control.getCounters(id));
  route("DELETE", `${t}/counters`, (_ctx, id) => control.resetCounters(id));
  route("DELETE", "/_sim/counters", () => control.resetCounters());
  route("DELETE", `${t}/budget`, (_ctx, id) => control.resetBudget(id));
  route("DELETE", "/_sim/budget", () => control.resetBudget());

  route("GET", `${t}/alerts`, (_ctx, id) => control.listAlerts(id));
  route("POST", `${t}/alerts`, async (ctx, id) => control.createAlert(id, await jsonBody<SimAlertInit>(ctx, {})), 201);
  route("GET", `${t}/alerts/:alertId`, (ctx, id) => {
    const alert = control.listAlerts(id).find((a: DefenderAlert) => a.id === ctx.params["alertId"]);
    if (!alert) throw new SimError(404, "ResourceNotFound", `Alert ${ctx.params["alertId"]} was not found`);
    return alert;
  });
  route("PATCH", `${t}/alerts/:alertId`, async (ctx, id) =>
    control.updateAlert(id, ctx.params["alertId"], await jsonBody<SimAlertUpdate>(ctx)),
  );
  route("GET", `${t}/machines`, (_ctx, id) => control.listMachines(id));

  route("PUT", `${t}/consent`, async (ctx, id) => {
    const body = await jsonBody<{ roles?: string[]; graphRoles?: string[] }>(ctx, {});
    control.grantConsent(id, body.roles, body.graphRoles);
  });
  route("PUT", "/_sim/graph-limits", async (ctx) => control.setGraphLimits(await jsonBody<SimLimits>(ctx)));
  route("PUT", `${t}/graph-limits`, async (ctx, id) => control.setGraphLimits(await jsonBody<SimLimits>(ctx), id));
  route("GET", `${t}/graph/alerts`, (_ctx, id) => control.listGraphAlerts(id));
  route("POST", `${t}/graph/alerts`, async (ctx, id) => control.createGraphAlert(id, await jsonBody<Partial<GraphAlert>>(ctx, {})), 201);
  route("GET", `${t}/incidents`, (_ctx, id) => control.listIncidents(id));
  route("POST", `${t}/graph/prepare`, (_ctx, id) => control.prepareGraphView(id));
  route("POST", `${t}/incidents/:incidentId/merge`, async (ctx, id) =>
    control.mergeIncidents(id, ctx.params["incidentId"], (await jsonBody<{ into: string }>(ctx)).into),
  );
  route("DELETE", `${t}/consent`, (_ctx, id) => control.revokeConsent(id));

  route("GET", "/_sim/generator", () => control.getGenerator());
  route("PUT", "/_sim/generator", async (ctx) => {
    control.setGeneratorInterval((await jsonBody<{ intervalMs: number }>(ctx)).intervalMs);
    return control.getGenerator();
  });
  route("POST", "/_sim/generator/step", () => control.generatorStep());
}
