/**
 * OData as Graph's security API offers it, no more: `$filter` on the documented properties with `eq ne gt ge lt le`,
 * `and`, `or`; `$top` (≤ 1000), `$skip` (≤ 500), `$count`, `$expand=alerts` on incidents, and server-driven paging
 * through an opaque `$skiptoken` in `@odata.nextLink`. Anything else answers 400, so a client cannot come to rely on
 * behaviour Microsoft does not document.
 */
import {
  type GRAPH_ALERT_FILTER_PROPERTIES,
  GRAPH_ALERT_STATUSES,
  GRAPH_CLASSIFICATIONS,
  GRAPH_DETERMINATIONS,
  type GRAPH_INCIDENT_FILTER_PROPERTIES,
  GRAPH_INCIDENT_STATUSES,
  GRAPH_SERVICE_SOURCES,
  GRAPH_SEVERITIES,
} from "../upstream/graph.types.js";
import { ODataSyntaxError, parseFilter, type FilterExpr } from "./odata.parser.js";
import { SimError } from "./sim.error.js";

/** Largest `$top` Graph accepts. */
export const GRAPH_MAX_TOP = 1000;
/** Largest `$skip` Graph accepts. */
export const GRAPH_MAX_SKIP = 500;

type PropKind = { type: "datetime" } | { type: "string" } | { type: "enum"; members: readonly string[] };

const ALERT_PROPS: Record<(typeof GRAPH_ALERT_FILTER_PROPERTIES)[number], PropKind> = {
  assignedTo: { type: "string" },
  classification: { type: "enum", members: GRAPH_CLASSIFICATIONS },
  determination: { type: "enum", members: GRAPH_DETERMINATIONS },
  createdDateTime: { type: "datetime" },
  lastUpdateDateTime: { type: "datetime" },
  severity: { type: "enum", members: GRAPH_SEVERITIES },
  serviceSource: { type: "enum", members: GRAPH_SERVICE_SOURCES },
  status: { type: "enum", members: GRAPH_ALERT_STATUSES },
};

const INCIDENT_PROPS: Record<(typeof GRAPH_INCIDENT_FILTER_PROPERTIES)[number], PropKind> = {
  assignedTo: { type: "string" },
  classification: { type: "enum", members: GRAPH_CLASSIFICATIONS },
  createdDateTime: { type: "datetime" },
  determination: { type: "enum", members: GRAPH_DETERMINATIONS },
  lastUpdateDateTime: { type: "datetime" },
  severity: { type: "enum", members: GRAPH_SEVERITIES },
  status: { type: "enum", members: GRAPH_INCIDENT_STATUSES },
};

export type GraphEntitySet = "alerts" | "incidents";

export interface GraphListQuery {
  filter: (row: Record<string, unknown>) => boolean;
  /**
   * Every row the filter accepts was created before this time (ms), from a `createdDateTime lt|le` clause that every
   * match must meet (not under an `or`); null when the filter has none. Lets a reader of rows sorted most recent first
   * start at the first row old enough instead of testing the newer ones.
   */
  createdBefore: number | null;
  /** Rows the caller wants in all (over every page); null = all. */
  top: number | null;
  skip: number;
  count: boolean;
  expandAlerts: boolean;
}

const bad = (message: string): SimError => new SimError(400, "BadRequest", message);

function compile(expr: FilterExpr, props: Record<string, PropKind>): (row: Record<string, unknown>) => boolean {
  switch (expr.kind) {
    case "and":
    case "or": {
      const [l, r] = [compile(expr.left, props), compile(expr.right, props)];
      return expr.kind === "and" ? (row) => l(row) && r(row) : (row) => l(row) || r(row);
    }
    case "not":
      throw bad("Invalid filter clause: the operator 'not' is not supported.");
    case "startswith":
      throw bad("Invalid filter clause: the function 'startswith' is not supported.");
    case "compare": {
      const name = Object.keys(props).find((k) => k.toLowerCase() === expr.property.toLowerCase());
      if (!name)
        throw bad(
          `Invalid filter clause: filtering on property '${expr.property}' is not supported. Supported: ${Object.keys(props).join(", ")}.`,
        );
      const kind = props[name];
      const { op, value } = expr;
      if (kind.type === "datetime") {
        if (value.type === "null") return (row) => (op === "eq" ? row[name] === null : op === "ne" ? row[name] !== null : false);
        if (value.type !== "datetime")
          throw bad(`Invalid filter clause: '${name}' needs an unquoted DateTimeOffset literal (e.g. 2026-01-01T00:00:00Z).`);
        const want = value.value;
        return (row) => {
          const have = typeof row[name] === "string" ? Date.parse(row[name]) : NaN;
          if (Number.isNaN(have)) return op === "ne";
          return op === "eq"
            ? have === want
            : op === "ne"
              ? have !== want
              : op === "gt"
                ? have > want
                : op === "ge"
                  ? have >= want
                  : op === "lt"
                    ? have < want
                    : have <= want;
        };
      }
      if (op !== "eq" && op !== "ne") throw bad(`Invalid filter clause: the operator '${op}' is not supported for '${name}'.`);
      let want: string | null;
      if (value.type === "null") want = null;
      else if (value.type !== "string") throw bad(`Invalid filter clause: '${name}' needs a string literal in single quotes.`);
      else if (kind.type === "enum") {
        const member = kind.members.find((m) => m.toLowerCase() === value.value.toLowerCase());
        if (!member)
          throw bad(`Invalid filter clause: the string '${value.value}' is not a valid enumeration type constant for '${name}'.`);
        want = member.toLowerCase();
      } else want = value.value.toLowerCase();
      return (row) => {
        const have = typeof row[name] === "string" ? row[name].toLowerCase() : null;
        return op === "eq" ? have === want : have !== want;
      };
    }
  }
}

function intOption(name: string, raw: string, max: number): number {
  if (!/^\d+$/.test(raw.trim())) throw bad(`Invalid value '${raw}' for ${name}: expected a non-negative integer.`);
  const n = Number(raw.trim());
  if (n > max) throw bad(`Invalid value '${raw}' for ${name}: the maximum is ${max}.`);
  return n;
}

/** Server-driven paging state carried in `$skiptoken`: opaque to clients, as Graph's is. */
interface SkipToken {
  skip: number;
  top: number | null;
}

export const encodeSkipToken = (t: SkipToken): string => Buffer.from(JSON.stringify(t)).toString("base64url");

function decodeSkipToken(raw: string): SkipToken {
  try {
    const t = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as SkipToken;
    if (Number.isInteger(t.skip) && t.skip >= 0 && (t.top === null || (Number.isInteger(t.top) && t.top >= 0))) return t;
  } catch {
    // falls through to the 400 below
  }
  throw bad("Invalid $skiptoken.");
}

/** Parses the query of a Graph list request. Throws a 400 SimError (code BadRequest) on anything Graph would refuse. */
export function parseGraphListQuery(params: URLSearchParams, set: GraphEntitySet): GraphListQuery {
  const allowed = new Set(["$filter", "$top", "$skip", "$count", "$skiptoken", ...(set === "incidents" ? ["$expand"] : [])]);
  const values = new Map<string, string>();
  for (const [k, v] of params) {
    const key = k.toLowerCase();
    if (!key.startsWith("$")) continue;
    if (!allowed.has(key)) throw bad(`Query option '${k}' is not supported on /security/${set === "alerts" ? "alerts_v2" : "incidents"}.`);
    values.set(key, v);
  }
  let filter: GraphListQuery["filter"] = () => true;
  let createdBefore: number | null = null;
  const rawFilter = values.get("$filter");
  if (rawFilter !== undefined) {
    try {
      const expr = parseFilter(rawFilter);
      filter = compile(expr, set === "alerts" ? ALERT_PROPS : INCIDENT_PROPS);
      createdBefore = createdBound(expr);
    } catch (err) {
      if (err instanceof ODataSyntaxError) throw bad(`Invalid filter clause: ${err.message}`);
      throw err;
    }
  }
  const rawCount = values.get("$count");
  if (rawCount !== undefined && rawCount !== "true" && rawCount !== "false")
    throw bad(`Invalid value '${rawCount}' for $count: expected true or false.`);
  const rawExpand = values.get("$expand");
  if (rawExpand !== undefined && rawExpand.trim().toLowerCase() !== "alerts")
    throw bad(`Could not find a navigation property named '${rawExpand}'.`);
  let top = values.has("$top") ? intOption("$top", values.get("$top") as string, GRAPH_MAX_TOP) : null;
  if (top === 0) throw bad("Invalid value '0' for $top: expected 1..1000.");
  let skip = values.has("$skip") ? intOption("$skip", values.get("$skip") as string, GRAPH_MAX_SKIP) : 0;
  const token = values.get("$skiptoken");
  if (token !== undefined) ({ skip, top } = decodeSkipToken(token));
  return { filter, createdBefore, top, skip, count: rawCount === "true", expandAlerts: rawExpand !== undefined };
}

/** The earliest `createdDateTime lt|le` bound that every match of `expr` meets, as an exclusive time (ms). */
function createdBound(expr: FilterExpr): number | null {
  if (expr.kind === "and") {
    const [l, r] = [createdBound(expr.left), createdBound(expr.right)];
    return l === null ? r : r === null ? l : Math.min(l, r);
  }
  if (expr.kind !== "compare" || expr.property.toLowerCase() !== "createddatetime" || expr.value.type !== "datetime") return null;
  // times are whole milliseconds: `le t` is `lt t + 1`
  return expr.op === "lt" ? expr.value.value : expr.op === "le" ? expr.value.value + 1 : null;
}
