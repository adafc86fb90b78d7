import { ODataSyntaxError, parseDateTime, parseFilter, type FilterExpr, type Literal } from "./odata.parser.js";
import { badRequest, type SimError } from "./sim.error.js";

export type PropType = "string" | "number" | "datetime";

/** Filterable (and orderable) properties of an entity set, keyed by their exact wire name. */
export type EntitySchema = Record<string, PropType>;

export const ALERT_SCHEMA: EntitySchema = {
  id: "string",
  alertCreationTime: "datetime",
  lastUpdateTime: "datetime",
  lastEventTime: "datetime",
  incidentId: "number",
  investigationId: "number",
  assignedTo: "string",
  detectionSource: "string",
  status: "string",
  severity: "string",
  category: "string",
  // Documented for machines-alerts queries; harmless to allow here.
  machineId: "string",
};

export const MACHINE_SCHEMA: EntitySchema = {
  id: "string",
  computerDnsName: "string",
  version: "string",
  deviceValue: "string",
  aadDeviceId: "string",
  lastSeen: "datetime",
  exposureLevel: "string",
  onboardingStatus: "string",
  lastIpAddress: "string",
  healthStatus: "string",
  osPlatform: "string",
  riskScore: "string",
  rbacGroupId: "number",
  rbacGroupName: "string",
};

/** Largest `$top` MDE accepts, and the page size without `$top`. */
export const MAX_TOP = 10_000;

type Row = Record<string, unknown>;
type Predicate = (row: Row) => boolean;
type Scalar = string | number | null;

const odataError = (message: string): SimError => badRequest("ODataError", message);

function resolveProp(schema: EntitySchema, name: string): [string, PropType] {
  // MDE's own docs spell `InvestigationId`; property names match case-insensitively.
  const key = Object.keys(schema).find((k) => k.toLowerCase() === name.toLowerCase());
  if (!key) throw odataError(`Could not find a property named '${name}' that supports $filter`);
  return [key, schema[key]];
}

function coerce(prop: string, type: PropType, lit: Literal): Scalar {
  if (lit.type === "null") return null;
  switch (type) {
    case "datetime": {
      if (lit.type === "datetime") return lit.value;
      const ms = lit.type === "string" ? parseDateTime(lit.value) : NaN;
      if (Number.isNaN(ms)) throw odataError(`A datetime value is expected for '${prop}'`);
      return ms;
    }
    case "number":
      if (lit.type === "number") return lit.value;
      throw odataError(`A numeric value is expected for '${prop}'`);
    case "string":
      if (lit.type === "string") return lit.value.toLowerCase();
      throw odataError(`A string value in single quotes is expected for '${prop}'`);
  }
}

function rowValue(row: Row, prop: string, type: PropType): Scalar {
  const v = row[prop];
  if (v === null || v === undefined) return null;
  // Rows are wire entities: filterable properties hold strings and numbers only.
  const scalar = typeof v === "string" || typeof v === "number" ? String(v) : JSON.stringify(v);
  if (type === "datetime") return parseDateTime(scalar);
  if (type === "number") return Number(scalar);
  // String comparisons ignore case, as MDE's SQL-backed filters do.
  return scalar.toLowerCase();
}

function compile(expr: FilterExpr, schema: EntitySchema): Predicate {
  switch (expr.kind) {
    case "and": {
      const [l, r] = [compile(expr.left, schema), compile(expr.right, schema)];
      return (row) => l(row) && r(row);
    }
    case "or": {
      const [l, r] = [compile(expr.left, schema), compile(expr.right, schema)];
      return (row) => l(row) || r(row);
    }
    case "not": {
      const inner = compile(expr.expr, schema);
      return (row) => !inner(row);
    }
    case "startswith": {
      const [prop, type] = resolveProp(schema, expr.property);
      if (type !== "string" || expr.value.type !== "string") throw odataError(`startswith needs a string property and a string literal`);
      const prefix = expr.value.value.toLowerCase();
      return (row) => {
        const v = rowValue(row, prop, type);
        return typeof v === "string" && v.startsWith(prefix);
      };
    }
    case "compare": {
      const [prop, type] = resolveProp(schema, expr.property);
      const want = coerce(prop, type, expr.value);
      const op = expr.op;
      return (row) => {
        const have = rowValue(row, prop, type);
        if (op === "eq") return have === want;
        if (op === "ne") return have !== want;
        if (have === null || want === null) return false;
        const cmp = have < want ? -1 : have > want ? 1 : 0;
        return op === "gt" ? cmp > 0 : op === "ge" ? cmp >= 0 : op === "lt" ? cmp < 0 : cmp <= 0;
      };
    }
  }
}

export interface ListQuery {
  filter: Predicate;
  /** Sorts in place; null keeps the caller's default order. */
  order: ((a: Row, b: Row) => number) | null;
  top: number;
  skip: number;
  expand: Set<string>;
}

const KNOWN_OPTIONS = new Set(["$filter", "$top", "$skip", "$expand", "$orderby", "$count", "$select"]);

function integerOption(name: string, raw: string | null, min: number, max: number, fallback: number): number {
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw.trim())) throw odataError(`Invalid value '${raw}' for ${name}: expected an integer`);
  const n = Number(raw.trim());
  if (n < min || n > max) throw odataError(`Invalid value '${raw}' for ${name}: expected ${min}..${max}`);
  return n;
}

/**
 * Reads the OData system query options of a list request. Throws a 400 `ODataError` SimError on any syntax error,
 * unknown property, unknown `$` option, `$top` outside 1..10000 or unsupported `$expand`.
 */
export function parseListQuery(params: URLSearchParams, schema: EntitySchema, expandable: readonly string[]): ListQuery {
  for (const key of params.keys()) {
    if (key.startsWith("$") && !KNOWN_OPTIONS.has(key.toLowerCase())) throw odataError(`The query parameter '${key}' is not supported`);
  }
  const get = (name: string): string | null => {
    for (const [k, v] of params) if (k.toLowerCase() === name) return v;
    return null;
  };

  let filter: Predicate = () => true;
  const rawFilter = get("$filter");
  if (rawFilter !== null) {
    try {
      filter = compile(parseFilter(rawFilter), schema);
    } catch (err) {
      if (err instanceof ODataSyntaxError) throw odataError(err.message);
      throw err;
    }
  }

  const expand = new Set<string>();
  for (const part of (get("$expand") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const known = expandable.find((e) => e.toLowerCase() === part.toLowerCase());
    if (!known) throw odataError(`Could not find a navigation property named '${part}'`);
    expand.add(known);
  }

  let order: ListQuery["order"] = null;
  const rawOrder = get("$orderby");
  if (rawOrder !== null) {
    const keys = rawOrder.split(",").map((part) => {
      const [name = "", dir = "asc", ...extra] = part.trim().split(/\s+/);
      if (extra.length > 0 || !/^(asc|desc)$/i.test(dir)) throw odataError(`Invalid $orderby clause '${part}'`);
      const [prop, type] = resolveProp(schema, name);
      return { prop, type, sign: dir.toLowerCase() === "desc" ? -1 : 1 };
    });
    order = (a, b) => {
      for (const { prop, type, sign } of keys) {
        const [x, y] = [rowValue(a, prop, type), rowValue(b, prop, type)];
        if (x === y) continue;
        // Nulls sort first ascending, as in SQL Server.
        if (x === null) return -sign;
        if (y === null) return sign;
        return (x < y ? -1 : 1) * sign;
      }
      return 0;
    };
  }

  return {
    filter,
    order,
    top: integerOption("$top", get("$top"), 1, MAX_TOP, MAX_TOP),
    skip: integerOption("$skip", get("$skip"), 0, Number.MAX_SAFE_INTEGER, 0),
    expand,
  };
}

/** Filters, orders (stable over the given order) and pages `rows`. */
export function applyListQuery<T extends object>(rows: readonly T[], query: ListQuery): T[] {
  const matched = rows.filter((r) => query.filter(r as Row));
  if (query.order) {
    const order = query.order;
    matched.sort((a, b) => order(a as Row, b as Row));
  }
  return matched.slice(query.skip, query.skip + query.top);
}
