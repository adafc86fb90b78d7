import { InvalidCursorError } from "./store.errors.js";
import type { AlertSortField, SortDirection } from "./store.types.js";

/**
 * Keyset paging across tenants. The order is the tuple (time key, tenantId, id), ascending or fully
 * reversed, so a position is stable whatever is inserted before or after it: alerts arriving while a
 * client pages are neither repeated nor skipped (they show up only if they sort after the cursor).
 */
export interface SortPosition {
  /** Time key of the sort field (see `timeKey`), `ZERO_TIME_KEY` when missing. */
  key: string;
  tenantId: string;
  id: string;
}

export function comparePositions(a: SortPosition, b: SortPosition): number {
  return comparePositionParts(a.key, a.tenantId, a.id, b.key, b.tenantId, b.id);
}

/** `comparePositions` of positions given as their parts (memory indexes compare entries without building positions). */
export function comparePositionParts(aKey: string, aTenantId: string, aId: string, bKey: string, bTenantId: string, bId: string): number {
  if (aKey !== bKey) return aKey < bKey ? -1 : 1;
  if (aTenantId !== bTenantId) return aTenantId < bTenantId ? -1 : 1;
  return aId === bId ? 0 : aId < bId ? -1 : 1;
}

/** The `ordering` of alert page cursors sorted by `f` (see `encodeKeysetCursor`). */
export const pageOrdering = (f: AlertSortField) => (f === "lastUpdateDateTime" ? "u" : "c");
const dirCode = (d: SortDirection) => (d === "ASC" ? "a" : "d");

/** Opaque page cursor; carries the ordering so it cannot be replayed under another one. */
export function encodePageCursor(field: AlertSortField, direction: SortDirection, p: SortPosition): string {
  return encodeKeysetCursor(pageOrdering(field), direction, p);
}

/** Throws `InvalidCursorError` when the cursor is not one of ours or belongs to another ordering. */
export function decodePageCursor(cursor: string, field: AlertSortField, direction: SortDirection): SortPosition {
  return decodeKeysetCursor(cursor, pageOrdering(field), direction);
}

/**
 * The cursor format of every keyset-paged index. `ordering` names the index and its sort field (alerts `u`/`c`,
 * incidents `iu`/`ic`), so a cursor is refused (OTHER_ORDERING) under any other index, field or direction.
 */
export function encodeKeysetCursor(ordering: string, direction: SortDirection, p: SortPosition): string {
  const { key, tenantId, id } = p;
  // One per edge of every page: the JSON is written directly when no string needs escaping (the usual ids), the
  // same bytes JSON.stringify writes, ASCII so latin1 = UTF-8.
  if (PLAIN.test(ordering) && PLAIN.test(key) && PLAIN.test(tenantId) && PLAIN.test(id))
    return Buffer.from(`[1,"${ordering}","${dirCode(direction)}","${key}","${tenantId}","${id}"]`, "latin1").toString("base64url");
  return Buffer.from(JSON.stringify([1, ordering, dirCode(direction), key, tenantId, id])).toString("base64url");
}

/** Printable ASCII but the double quote and the backslash: what JSON.stringify writes between quotes as is. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** Throws `InvalidCursorError` when the cursor is not one of ours or belongs to another ordering. */
export function decodeKeysetCursor(cursor: string, ordering: string, direction: SortDirection): SortPosition {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    v = null;
  }
  if (
    !Array.isArray(v) ||
    v.length !== 6 ||
    v[0] !== 1 ||
    !v.slice(3).every((x) => typeof x === "string") ||
    !/^\d{16}$/.test(v[3] as string)
  )
    throw new InvalidCursorError("after", "MALFORMED_PAGE_CURSOR", cursor);
  if (v[1] !== ordering || v[2] !== dirCode(direction)) throw new InvalidCursorError("after", "OTHER_ORDERING", cursor);
  return { key: v[3] as string, tenantId: v[4] as string, id: v[5] as string };
}
