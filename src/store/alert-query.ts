import { InvalidQueryError } from "./store.errors.js";
import type { DefenderAlert } from "../upstream/defender.types.js";
import type { AlertIndexFilter } from "./store.types.js";

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

/** Time key of an ISO timestamp; null when absent or unparsable. */
export function timeKey(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms) || ms < 0) return null;
  // Date.parse keeps milliseconds; digits 4–6 of the fraction add the microseconds.
  const micros = Number(((FRACTION.exec(iso)?.[1] ?? "") + "000000").slice(3, 6));
  return String(ms * 1000 + micros).padStart(TIME_KEY_WIDTH, "0");
}

/** Member of a sort order: `<time key>:<id>`, so lexicographic order is (time, id). */
export const sortMember = (key: string | null, id: string): string => `${key ?? ZERO_TIME_KEY}:${id}`;

/** The fields filters look at, normalised once at write time (kept beside the alert in both indexes). */
export interface AlertFacets {
  severity: string;
  status: string;
  category: string;
  detectionSource: string;
  assignedTo: string;
  /** Lower-cased title + "\n" + description. */
  text: string;
  machineId: string | null;
  incidentId: number | null;
  /** Time keys of lastUpdateTime / alertCreationTime, null when missing. */
  updated: string | null;
  created: string | null;
}

const lower = (s: string | null | undefined) => (s ?? "").toLowerCase();

export function facetsOf(a: DefenderAlert): AlertFacets {
  return {
    severity: lower(a.severity),
    status: lower(a.status),
    category: lower(a.category),
    detectionSource: lower(a.detectionSource),
    assignedTo: lower(a.assignedTo),
    text: `${lower(a.title)}\n${lower(a.description)}`,
    machineId: a.machineId,
    incidentId: a.incidentId,
    updated: timeKey(a.lastUpdateTime),
    created: timeKey(a.alertCreationTime),
  };
}

const boundKey = (iso: string | undefined, field: keyof AlertIndexFilter): string | null => {
  if (iso === undefined) return null;
  const k = timeKey(iso);
  if (k === null) throw new InvalidQueryError(field, iso);
  return k;
};

const setOf = (values: readonly string[] | undefined) => (values ? new Set(values.map((v) => v.toLowerCase())) : null);

/**
 * Compiles everything but `tenantIds` (callers choose which tenants to scan) into one predicate.
 * Enum-like values and `assignedTo` compare case-insensitively; an empty list matches nothing.
 * Throws `InvalidQueryError` for an unparsable date bound.
 */
export function compileFilter(f: AlertIndexFilter): (x: AlertFacets) => boolean {
  const severities = setOf(f.severities);
  const statuses = setOf(f.statuses);
  const categories = setOf(f.categories);
  const sources = setOf(f.detectionSources);
  const owners = setOf(f.assignedTo);
  const search = f.search ? f.search.toLowerCase() : null;
  const updatedSince = boundKey(f.updatedSince, "updatedSince");
  const createdSince = boundKey(f.createdSince, "createdSince");
  const createdUntil = boundKey(f.createdUntil, "createdUntil");
  return (x) =>
    (!severities || severities.has(x.severity)) &&
    (!statuses || statuses.has(x.status)) &&
    (!categories || categories.has(x.category)) &&
    (!sources || sources.has(x.detectionSource)) &&
    (!owners || owners.has(x.assignedTo)) &&
    (f.machineId === undefined || x.machineId === f.machineId) &&
    (f.incidentId === undefined || x.incidentId === f.incidentId) &&
    (updatedSince === null || (x.updated !== null && x.updated >= updatedSince)) &&
    (createdSince === null || (x.created !== null && x.created >= createdSince)) &&
    (createdUntil === null || (x.created !== null && x.created <= createdUntil)) &&
    (search === null || x.text.includes(search));
}

/** True when the filter narrows more than the tenant list (so counts need a scan). */
export const hasFilterBeyondTenants = (f: AlertIndexFilter): boolean =>
  Object.entries(f).some(([k, v]) => k !== "tenantIds" && v !== undefined && v !== null);

/** Open = anything not resolved (New, InProgress, Unknown, values upstream adds later). */
export const isOpen = (a: DefenderAlert): boolean => a.status !== "Resolved";

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
