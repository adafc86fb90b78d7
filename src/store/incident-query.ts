import type { SecurityIncident } from "../upstream/upstream.types.js";
import { timeKey } from "./alert-query.js";
import type { IncidentChange, IncidentIndexFilter, IncidentSortField, IndexedIncident } from "./incident.types.js";
import type { SortedIndexSpec } from "./sorted-index.js";
import { InvalidQueryError } from "./store.errors.js";
import { sharedLists, sharedStrings } from "../upstream/string-pool.js";

/**
 * What both incident index implementations share: the facts a filter needs, normalised once at write time (kept
 * beside the incident in both indexes, so a filtered page never parses an incident), and the filter itself.
 * Times are time keys (`timeKey`), shared with the alert index.
 */
export interface IncidentFacets {
  /** Enum facets are `enumFacet`s of the gateway value (`inprogress`); severity and status `unknown` when null. */
  severity: string;
  status: string;
  /** "" when not set. */
  classification: string;
  determination: string;
  /** Lower-cased and trimmed; "" when nobody is assigned. */
  assignedTo: string;
  /** Lower-cased custom and system tags. */
  tags: string[];
  /** Service sources (`enumFacet`); empty when unknown. */
  serviceSources: string[];
  /** Lower-cased display name + "\n" + description. */
  text: string;
  redirected: boolean;
  /** Time keys of lastUpdateDateTime / createdDateTime, null when missing. */
  updated: string | null;
  created: string | null;
}

const lower = (s: string | null | undefined) => (s ?? "").toLowerCase();

/**
 * How an enum value is compared: lower case without separators, so `IN_PROGRESS`, `InProgress` and `inProgress` are
 * one value (the alert index compares its enums the same way).
 */
export const enumFacet = (s: string | null | undefined): string => lower(s).replace(/[^a-z0-9]/g, "");

/** Merged into another incident: its alerts (and the analyst's attention) belong there now. */
export const isRedirected = (i: SecurityIncident): boolean => i.status === "REDIRECTED" || Boolean(i.redirectIncidentId);

/** Open = neither resolved nor redirected (active, in progress, awaiting action, unknown, values upstream adds later). */
export const isOpenIncident = (i: SecurityIncident): boolean => i.status !== "RESOLVED" && !isRedirected(i);

/** Key of `countOpenBySeverity`. */
export const severityKey = (i: SecurityIncident): string => i.severity ?? "UNKNOWN";

/**
 * Facets of an incident. The embedded index keeps them for the incident's lifetime, and their values recur across
 * incidents (one assignee, the title and description of one kind of incident, a few tag and product lists): pooled.
 */
export function incidentFacetsOf(i: SecurityIncident): IncidentFacets {
  return {
    severity: enumFacet(i.severity ?? "UNKNOWN"),
    status: enumFacet(i.status ?? "UNKNOWN"),
    classification: enumFacet(i.classification),
    determination: enumFacet(i.determination),
    assignedTo: sharedStrings(lower(i.assignedTo).trim()),
    tags: sharedLists([...i.customTags, ...i.systemTags].map(lower)),
    serviceSources: sharedLists((i.serviceSources ?? []).map(enumFacet)),
    text: sharedStrings(`${lower(i.displayName)}\n${lower(i.description)}`),
    redirected: isRedirected(i),
    updated: timeKey(i.lastUpdateDateTime),
    created: timeKey(i.createdDateTime),
  };
}

const boundKey = (iso: string | undefined, field: keyof IncidentIndexFilter): string | null => {
  if (iso === undefined) return null;
  const k = timeKey(iso);
  if (k === null) throw new InvalidQueryError(field, iso);
  return k;
};

/** The set of the values as facets; null (where allowed) becomes "" (the facet of "not set"). */
const setOf = (values: readonly (string | null)[] | undefined, facet: (v: string | null) => string) =>
  values ? new Set(values.map(facet)) : null;

const within = (key: string | null, since: string | null, until: string | null) =>
  (since === null && until === null) || (key !== null && (since === null || key >= since) && (until === null || key <= until));

/**
 * Compiles everything but `tenantIds` (callers choose which tenants to scan) into one predicate over facets.
 * Throws `InvalidQueryError` for an unparsable time bound.
 */
export function compileIncidentFilter(f: IncidentIndexFilter): (x: IncidentFacets) => boolean {
  const severities = setOf(f.severities, enumFacet);
  const statuses = setOf(f.statuses, enumFacet);
  const classifications = setOf(f.classifications, enumFacet);
  const determinations = setOf(f.determinations, enumFacet);
  const owners = setOf(f.assignedTo, (v) => lower(v).trim());
  const tags = setOf(f.tags, lower);
  const sources = setOf(f.serviceSources, enumFacet);
  const search = f.search ? f.search.toLowerCase() : null;
  const updatedSince = boundKey(f.updatedSince, "updatedSince");
  const updatedUntil = boundKey(f.updatedUntil, "updatedUntil");
  const createdSince = boundKey(f.createdSince, "createdSince");
  const createdUntil = boundKey(f.createdUntil, "createdUntil");
  const owned = (x: IncidentFacets) => {
    if (!owners && f.unassigned === undefined) return true;
    const nobody = x.assignedTo === "";
    if (!owners) return f.unassigned === nobody;
    // Both given: "mine or nobody's" when unassigned is true; with false, `assignedTo` alone already excludes nobody.
    return owners.has(x.assignedTo) || (f.unassigned === true && nobody);
  };
  return (x) =>
    (!severities || severities.has(x.severity)) &&
    (!statuses || statuses.has(x.status)) &&
    (!classifications || classifications.has(x.classification)) &&
    (!determinations || determinations.has(x.determination)) &&
    owned(x) &&
    (!tags || x.tags.some((t) => tags.has(t))) &&
    (!sources || x.serviceSources.some((s) => sources.has(s))) &&
    (f.redirected === undefined || x.redirected === f.redirected) &&
    within(x.updated, updatedSince, updatedUntil) &&
    within(x.created, createdSince, createdUntil) &&
    (search === null || x.text.includes(search));
}

/** The incident index on the sorted-index engines (memory and Redis). Cursor codes `iu`/`ic`: alert cursors are refused. */
export const incidentIndexSpec: SortedIndexSpec<
  SecurityIncident,
  IncidentFacets,
  IncidentIndexFilter,
  IncidentSortField,
  IndexedIncident,
  IncidentChange
> = {
  name: "incident",
  id: (i) => i.id,
  facets: incidentFacetsOf,
  openKey: (i) => (isOpenIncident(i) ? severityKey(i) : null),
  compile: compileIncidentFilter,
  orders: { lastUpdateDateTime: { by: "updated", code: "iu" }, createdDateTime: { by: "created", code: "ic" } },
  wrap: (tenantId, incident, syncedAt) => ({ tenantId, incident, syncedAt }),
  change: (kind, tenantId, incident) => ({ kind, tenantId, incident }),
};
