import { badInput } from "../errors/errors.js";
import type { DefenderAlert } from "../upstream/defender.types.js";
import type { AlertIndexFilter, AlertSortField, SortDirection } from "./store.types.js";

/** Sort key of an alert for keyset paging: (time ms, tenantId, id), compared as a tuple. */
export type SortKey = [number, string, string];

export const timeOf = (a: DefenderAlert, field: AlertSortField): number => {
  const v = a[field];
  const ms = v ? Date.parse(v) : NaN;
  return Number.isNaN(ms) ? 0 : ms;
};

export const keyOf = (tenantId: string, a: DefenderAlert, field: AlertSortField): SortKey => [timeOf(a, field), tenantId, a.id];

export function compareKeys(a: SortKey, b: SortKey): number {
  if (a[0] !== b[0]) return a[0] - b[0];
  if (a[1] !== b[1]) return a[1] < b[1] ? -1 : 1;
  return a[2] === b[2] ? 0 : a[2] < b[2] ? -1 : 1;
}

/** Opaque page cursor: the sort field is part of it so a cursor cannot be replayed under another order. */
export function encodePageCursor(field: AlertSortField, dir: SortDirection, key: SortKey): string {
  return Buffer.from(JSON.stringify([field === "lastUpdateTime" ? "u" : "c", dir === "ASC" ? "a" : "d", ...key])).toString("base64url");
}

export function decodePageCursor(cursor: string, field: AlertSortField, dir: SortDirection): SortKey {
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(v) && v.length === 5 && typeof v[2] === "number" && typeof v[3] === "string" && typeof v[4] === "string") {
      if (v[0] !== (field === "lastUpdateTime" ? "u" : "c") || v[1] !== (dir === "ASC" ? "a" : "d"))
        throw badInput("after: this cursor belongs to a different orderBy; restart paging without 'after'", "after");
      return [v[2], v[3], v[4]];
    }
  } catch (e) {
    if (e instanceof Error && e.name === "GatewayError") throw e;
  }
  throw badInput("after: not a cursor returned by this list (use pageInfo.endCursor)", "after");
}

const lower = (s: string | null | undefined) => (s ?? "").toLowerCase();

/** Compiles an index filter (minus tenantIds, which callers apply by choosing the tenants to scan). */
export function compileFilter(f: AlertIndexFilter): (a: DefenderAlert) => boolean {
  const sev = f.severities ? new Set(f.severities.map((s) => s.toLowerCase())) : null;
  const st = f.statuses ? new Set(f.statuses.map((s) => s.toLowerCase())) : null;
  const cat = f.categories ? new Set(f.categories.map((s) => s.toLowerCase())) : null;
  const src = f.detectionSources ? new Set(f.detectionSources.map((s) => s.toLowerCase())) : null;
  const owner = f.assignedTo ? new Set(f.assignedTo.map((s) => s.toLowerCase())) : null;
  const search = f.search ? f.search.toLowerCase() : null;
  const updatedSince = f.updatedSince ? Date.parse(f.updatedSince) : null;
  const createdSince = f.createdSince ? Date.parse(f.createdSince) : null;
  const createdUntil = f.createdUntil ? Date.parse(f.createdUntil) : null;
  return (a) => {
    if (sev && !sev.has(lower(a.severity))) return false;
    if (st && !st.has(lower(a.status))) return false;
    if (cat && !cat.has(lower(a.category))) return false;
    if (src && !src.has(lower(a.detectionSource))) return false;
    if (owner && !owner.has(lower(a.assignedTo))) return false;
    if (f.machineId !== undefined && a.machineId !== f.machineId) return false;
    if (f.incidentId !== undefined && a.incidentId !== f.incidentId) return false;
    if (updatedSince !== null && timeOf(a, "lastUpdateTime") < updatedSince) return false;
    if (createdSince !== null && timeOf(a, "alertCreationTime") < createdSince) return false;
    if (createdUntil !== null && timeOf(a, "alertCreationTime") > createdUntil) return false;
    if (search && !lower(a.title).includes(search) && !lower(a.description).includes(search)) return false;
    return true;
  };
}

export const hasFilterBeyondTenants = (f: AlertIndexFilter): boolean =>
  Object.entries(f).some(([k, v]) => k !== "tenantIds" && v !== undefined);

/** Open = anything not resolved (New, InProgress, Unknown, future values). */
export const isOpen = (a: DefenderAlert) => a.status !== "Resolved";
