import { InvalidQueryError } from "./store.errors.js";
import type { SecurityAlert } from "../upstream/upstream.types.js";
import { evidenceIndicators } from "../upstream/evidence.indicators.js";
import type { AlertIndexFilter } from "./store.types.js";
import { rememberRecent } from "../upstream/recent-values.memo.js";

/**
 * What both index implementations share: time keys, the filter, and the facts a filter needs.
 *
 * A *time key* is a timestamp as 16 zero-padded digits of epoch microseconds. Fixed width makes string
 * order equal time order, so one string compare serves the in-memory sorted arrays, the Redis
 * lexicographic sorted sets and the Lua compare-and-set alike. Microseconds because Defender writes up
 * to 7 fractional digits and two updates of one alert within a millisecond must still compare as newer.
 */
export const TIME_KEY_WIDTH = 16;
/** Sort key of a missing or unparsable time: before every real one. */
export const ZERO_TIME_KEY = "0".repeat(TIME_KEY_WIDTH);

const FRACTION = /T\d{2}:\d{2}:\d{2}\.(\d+)/;

/**
 * One alert write asks for the same time keys several times (index, event log, shared indicators, incident views):
 * keys of recent timestamps are remembered, so the parse runs once and every holder keeps one string, not a copy each.
 * Enough for a few upstream pages.
 */
const recentTimeKey = rememberRecent(parseTimeKey, 8_192);

/** Time key of an ISO timestamp; null when absent or unparsable. */
export function timeKey(iso: string | null | undefined): string | null {
  if (!iso) return null;
  // longer than any ISO timestamp (a caller's filter bound): parsed, not remembered
  return iso.length > 40 ? parseTimeKey(iso) : recentTimeKey(iso);
}

function parseTimeKey(iso: string): string | null {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms) || ms < 0) return null;
  // Date.parse keeps milliseconds; digits 4–6 of the fraction add the microseconds.
  const micros = Number(((FRACTION.exec(iso)?.[1] ?? "") + "000000").slice(3, 6));
  return String(ms * 1000 + micros).padStart(TIME_KEY_WIDTH, "0");
}

/** The fields filters look at, normalised once at write time (kept beside the alert in both indexes). */
export interface AlertFacets {
  /** Enum facets are `facetValue`s of the gateway value (severity `high`, status `inprogress`). */
  severity: string;
  status: string;
  category: string;
  detectionSource: string;
  assignedTo: string;
  /** Lower-cased title + "\n" + description. */
  text: string;
  /** `mdeDeviceId` of every device evidence (the legacy `machineId` becomes one). */
  machineIds?: string[];
  /** Facets written before the Graph switch had only this one device id. */
  machineId?: string | null;
  /** A string since the Graph switch (facets written before hold the legacy number). */
  incidentId: string | number | null;
  serviceSource?: string;
  /**
   * Normalized evidence indicators (`evidenceIndicators`). Absent in facets written before the Graph switch: an evidence
   * filter then reads the alert itself (`needsAlert`), so alerts indexed before the upgrade are still found.
   */
  indicators?: string[];
  /** `detectorId`, trimmed and lower-cased ("" when none). Absent in facets written before the detector filter (see `needsAlert`). */
  detectorId?: string;
  /** Time keys of lastUpdateDateTime / createdDateTime, null when missing. */
  updated: string | null;
  created: string | null;
}

const lower = (s: string | null | undefined) => (s ?? "").toLowerCase();

/**
 * How an enum value is compared: lower case without separators. `IN_PROGRESS`, `InProgress` and `inProgress` are one
 * value, so facets written before the Graph switch (the Defender spelling, lower-cased) still match the gateway values.
 */
export const facetValue = (s: string | null | undefined): string => (s ? recentFacetValue(s) : "");
// enum spellings: a handful of distinct values (bounded all the same: callers' filters pass through here too)
const recentFacetValue = rememberRecent((s: string) => lower(s).replace(/[^a-z0-9]/g, ""), 1_024);

/**
 * The `text` facet: lower-cased title + "\n" + description. Alerts of one detector share both texts (pooled strings),
 * so the text is built once per pair and shared, not lower-cased and concatenated for every alert written: remembered
 * per title, then per description (no key string per alert), at most 256 × 16 texts.
 */
const searchTexts = rememberRecent((t: string) => rememberRecent((d: string) => `${lower(t)}\n${lower(d)}`, 16), 256);
const searchText = (title: string | null | undefined, description: string | null | undefined): string =>
  searchTexts(title ?? "")(description ?? "");

const detectorFacet = (a: SecurityAlert): string => lower(a.detectorId).trim();

/** Device ids of an alert: every device evidence's `mdeDeviceId`. */
export const deviceIdsOf = (a: SecurityAlert): string[] => {
  const ids: string[] = [];
  for (const e of a.evidence) if (e.kind === "device" && e.mdeDeviceId && !ids.includes(e.mdeDeviceId)) ids.push(e.mdeDeviceId);
  return ids;
};

export function facetsOf(a: SecurityAlert): AlertFacets {
  return {
    severity: facetValue(a.severity),
    status: facetValue(a.status),
    category: lower(a.category),
    detectionSource: facetValue(a.detectionSource),
    serviceSource: facetValue(a.serviceSource),
    assignedTo: lower(a.assignedTo),
    text: searchText(a.title, a.description),
    machineIds: deviceIdsOf(a),
    incidentId: a.incidentId,
    indicators: evidenceIndicators(a.evidence),
    detectorId: detectorFacet(a),
    updated: timeKey(a.lastUpdateDateTime),
    created: timeKey(a.createdDateTime),
  };
}

const boundKey = (iso: string | undefined, field: keyof AlertIndexFilter): string | null => {
  if (iso === undefined) return null;
  const k = timeKey(iso);
  if (k === null) throw new InvalidQueryError(field, iso);
  return k;
};

const setOf = (values: readonly string[] | undefined) => (values ? new Set(values.map((v) => v.toLowerCase())) : null);
const enumSetOf = (values: readonly string[] | undefined) => (values ? new Set(values.map(facetValue)) : null);

/** True when a facet record predates a facet the filter reads (evidence indicators, detector): the alert must be read. */
export const needsAlert = (f: AlertIndexFilter, x: AlertFacets): boolean =>
  (f.indicators !== undefined && x.indicators === undefined) || (f.detectorIds != null && x.detectorId === undefined);

/** Facets of a stored alert for filtering, recomputed from the alert when the stored ones predate evidence indicators or detectors. */
export const withIndicators = (x: AlertFacets, a: SecurityAlert): AlertFacets => ({
  ...x,
  indicators: evidenceIndicators(a.evidence),
  detectorId: detectorFacet(a),
});

/**
 * Compiles everything but `tenantIds` (callers choose which tenants to scan) into one predicate.
 * Enum-like values and `assignedTo` compare case-insensitively; an empty list matches nothing.
 * Throws `InvalidQueryError` for an unparsable date bound.
 */
export function compileFilter(f: AlertIndexFilter): (x: AlertFacets) => boolean {
  const severities = enumSetOf(f.severities);
  const statuses = enumSetOf(f.statuses);
  const categories = setOf(f.categories);
  const sources = enumSetOf(f.detectionSources);
  const services = enumSetOf(f.serviceSources);
  const indicators = f.indicators;
  const detectors = f.detectorIds ? new Set(f.detectorIds.map((d) => d.trim().toLowerCase())) : null;
  const owners = setOf(f.assignedTo);
  const incidents = f.incidentIds ? new Set(f.incidentIds) : null;
  const search = f.search ? f.search.toLowerCase() : null;
  const updatedSince = boundKey(f.updatedSince, "updatedSince");
  const createdSince = boundKey(f.createdSince, "createdSince");
  const createdUntil = boundKey(f.createdUntil, "createdUntil");
  return (x) =>
    (!severities || severities.has(x.severity)) &&
    (!statuses || statuses.has(x.status)) &&
    (!categories || categories.has(x.category)) &&
    (!sources || sources.has(x.detectionSource)) &&
    (!services || services.has(x.serviceSource ?? "microsoftdefenderforendpoint")) &&
    (!owners || owners.has(x.assignedTo)) &&
    (f.machineId === undefined || (x.machineIds ? x.machineIds.includes(f.machineId) : x.machineId === f.machineId)) &&
    (f.incidentId === undefined || (x.incidentId !== null && String(x.incidentId) === f.incidentId)) &&
    (!incidents || (x.incidentId !== null && incidents.has(String(x.incidentId)))) &&
    (indicators === undefined || (x.indicators !== undefined && indicators.every((t) => x.indicators!.includes(t)))) &&
    (!detectors || (x.detectorId !== undefined && detectors.has(x.detectorId))) &&
    (updatedSince === null || (x.updated !== null && x.updated >= updatedSince)) &&
    (createdSince === null || (x.created !== null && x.created >= createdSince)) &&
    (createdUntil === null || (x.created !== null && x.created <= createdUntil)) &&
    (search === null || x.text.includes(search));
}

/** True when the filter narrows more than the tenant list (so counts need a scan). */
export const hasFilterBeyondTenants = (f: AlertIndexFilter): boolean =>
  Object.entries(f).some(([k, v]) => k !== "tenantIds" && v !== undefined && v !== null);

/** Open = anything not resolved (new, in progress, unknown, values upstream adds later). */
export const isOpen = (a: SecurityAlert): boolean => a.status !== "RESOLVED";

/** Identity of a filter apart from its tenants (the key of cached counts). */
export const filterKey = (f: AlertIndexFilter): string =>
  JSON.stringify(
    Object.entries(f)
      .filter(([k, v]) => k !== "tenantIds" && v !== undefined && v !== null)
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );

/**
 * Filtered counts per (tenant, filter), valid while the tenant's write version is unchanged: paging
 * through a filtered list scans each tenant once, not once per page. Bounded (oldest evicted first).
 */
export function createCountCache(max = 2_000) {
  const entries = new Map<string, { version: string; count: number }>();
  return {
    get(tenantId: string, filter: string, version: string): number | undefined {
      const e = entries.get(`${tenantId}\u0000${filter}`);
      return e && e.version === version ? e.count : undefined;
    },
    set(tenantId: string, filter: string, version: string, count: number) {
      const k = `${tenantId}\u0000${filter}`;
      entries.delete(k);
      entries.set(k, { version, count });
      if (entries.size > max) entries.delete(entries.keys().next().value!);
    },
  };
}
