/**
 * How the simulator's Graph face shows alerts and incidents to one caller: Graph's evolvable-enum rule (members added
 * after v1.0 only for callers that ask with `Prefer: include-unknown-enum-members`), and alert list pages serialized
 * from texts kept with alerts that never change in place.
 */
import {
  GRAPH_ALERT_STATUSES,
  GRAPH_DETECTION_SOURCES,
  GRAPH_INCIDENT_STATUSES,
  GRAPH_SERVICE_SOURCES,
  GRAPH_SEVERITIES,
  type GraphAlert,
  type GraphIncident,
} from "../upstream/graph.types.js";
import { presentEnum } from "./graph.mapper.js";
import { JsonText } from "./http.router.js";
import { isUnchanging } from "./incident.store.js";

/** Applies Graph's evolvable-enum rule to an alert for one caller. */
export function presentAlert(a: GraphAlert, include: boolean): GraphAlert {
  // Object.assign keeps the spread's key order; V8 builds a spread followed by fields ~10× slower (1,000 per list page)
  return Object.assign({}, a, {
    status: presentEnum(a.status, GRAPH_ALERT_STATUSES, include),
    severity: presentEnum(a.severity, GRAPH_SEVERITIES, include),
    serviceSource: presentEnum(a.serviceSource, GRAPH_SERVICE_SOURCES, include),
    detectionSource: presentEnum(a.detectionSource, GRAPH_DETECTION_SOURCES, include),
  });
}

export function presentIncident(i: GraphIncident, include: boolean): GraphIncident {
  return {
    ...i,
    status: presentEnum(i.status, GRAPH_INCIDENT_STATUSES, include),
    ...(i.alerts ? { alerts: i.alerts.map((a) => presentAlert(a, include)) } : {}),
  };
}

/** JSON of an unchanging alert as presented to callers with and without unknown enum members, kept with the alert. */
const presentedJson = [new WeakMap<GraphAlert, Buffer>(), new WeakMap<GraphAlert, Buffer>()];
const COMMA = Buffer.from(",");

/** An alert as `presentAlert` shows it, serialized (UTF-8); remembered for alerts that never change in place. */
export function alertJson(a: GraphAlert, include: boolean): Buffer {
  if (!isUnchanging(a)) return Buffer.from(JSON.stringify(presentAlert(a, include)));
  const memo = presentedJson[include ? 1 : 0];
  let json = memo.get(a);
  if (json === undefined) memo.set(a, (json = Buffer.from(JSON.stringify(presentAlert(a, include)))));
  return json;
}

/**
 * A list page whose `value` is alerts, serialized as `JSON.stringify` would (`value` is its last member): a sync reads
 * every alert of a tenant page by page, and serializing each again per request was the simulator's largest cost.
 * Kept in parts (see `JsonText`).
 */
export function alertPageText(body: Record<string, unknown>, include: boolean): JsonText {
  const { value, ...head } = body;
  const alerts = value as GraphAlert[];
  const parts: (string | Buffer)[] = [`${JSON.stringify(head).slice(0, -1)},"value":[`];
  alerts.forEach((a, i) => {
    if (i > 0) parts.push(COMMA);
    parts.push(alertJson(a, include));
  });
  parts.push("]}");
  return new JsonText(parts);
}
