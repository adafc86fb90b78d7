/**
 * The sorted arrays of the embedded indexes (alerts and incidents): entries ascending by (time key, id) of their
 * order's time. Writes are applied per batch (an upsert's page): a few changes are spliced in place, a larger batch is
 * sorted once and merged in one pass, so a backfill that arrives newest first costs O(n + k log k) per page instead of
 * one O(n) splice per item.
 *
 * Entries hold no `<time key>:<id>` string per order: time keys are fixed width, so comparing the key and then the id
 * is the same order, and two such strings per entry were a tenth of an indexed alert's memory.
 */

import { comparePositionParts, encodeKeysetCursor, type SortPosition } from "./alert-keyset.js";
import type { SortDirection } from "./store.common.types.js";

/** At most this many changes per batch are spliced one by one; more are merged. */
const SPLICE_MAX = 16;

/** First index of `arr` whose entry `before` refuses (`arr` is partitioned: every entry it accepts comes first). */
export function partitionPoint<E>(arr: readonly E[], before: (e: E) => boolean): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(arr[mid])) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A tenant's sorted array and where its next entry in page order is. */
export interface MergeHead<E> {
  arr: readonly E[];
  pos: number;
}

/**
 * The next `limit` entries in page order across tenant heads (each already positioned after the cursor), keeping only
 * those `matches` accepts; `step` 1 walks ascending, -1 descending; `compare` orders two entries ascending. Each
 * head's current entry is found once and kept until that head advances: a page costs one filter test per entry
 * passed, not one per head per entry taken.
 */
export function mergeHeads<E>(
  heads: readonly MergeHead<E>[],
  step: 1 | -1,
  limit: number,
  matches: (e: E) => boolean,
  compare: (a: E, b: E) => number,
): E[] {
  const cur: (E | null)[] = [];
  const seek = (i: number) => {
    const h = heads[i];
    while (h.pos >= 0 && h.pos < h.arr.length && !matches(h.arr[h.pos])) h.pos += step;
    cur[i] = h.pos >= 0 && h.pos < h.arr.length ? h.arr[h.pos] : null;
  };
  for (let i = 0; i < heads.length; i++) seek(i);
  const out: E[] = [];
  while (out.length < limit) {
    let best = -1;
    for (let i = 0; i < heads.length; i++) {
      const e = cur[i];
      if (e !== null && (best < 0 || compare(e, cur[best]!) * step < 0)) best = i;
    }
    if (best < 0) break;
    out.push(cur[best]!);
    heads[best].pos += step;
    seek(best);
  }
  return out;
}

/**
 * `arr` without the `removed` entries and with the `added` ones (an entry both added and removed in the same batch, an
 * alert written twice, is left out), still sorted by `compare`. May change `arr` in place; use the array returned.
 */
export function applyBatch<E>(arr: E[], removed: ReadonlySet<E>, added: readonly E[], compare: (a: E, b: E) => number): E[] {
  const adds = removed.size > 0 ? added.filter((e) => !removed.has(e)) : added;
  if (adds.length + removed.size <= SPLICE_MAX) {
    for (const e of removed) {
      const i = partitionPoint(arr, (x) => compare(x, e) < 0);
      if (arr[i] === e) arr.splice(i, 1);
    }
    for (const e of adds)
      arr.splice(
        partitionPoint(arr, (x) => compare(x, e) < 0),
        0,
        e,
      );
    return arr;
  }
  const sorted = [...adds].sort(compare);
  const out: E[] = new Array<E>(Math.max(0, arr.length - removed.size) + sorted.length);
  let n = 0;
  let j = 0;
  for (const e of arr) {
    if (removed.size > 0 && removed.has(e)) continue;
    while (j < sorted.length && compare(sorted[j], e) < 0) out[n++] = sorted[j++];
    out[n++] = e;
  }
  while (j < sorted.length) out[n++] = sorted[j++];
  out.length = n;
  return out;
}

/** Which of an entry's times a page is sorted by. */
export type PageOrder = "byUpdated" | "byCreated";

/** What paging reads of an entry of either memory index (alerts, incidents). */
export interface PagedEntry {
  tenantId: string;
  id: string;
  /** Time keys of each order's time: what the sorted arrays are sorted by (then `id`). */
  updatedKey: string;
  createdKey: string;
  /**
   * Page cursors of this version, by sort field × direction, written on first read: every page that shows an item
   * encodes the same cursor for it, and encoding was ~5 % of a page request. Entries are immutable per version (a
   * write makes a new one), so a cursor never goes stale.
   */
  cursors: string[] | null;
}

export const positionOf = (e: PagedEntry, order: PageOrder): SortPosition => ({
  key: order === "byUpdated" ? e.updatedKey : e.createdKey,
  tenantId: e.tenantId,
  id: e.id,
});

/** `comparePositions` of two entries' positions, without building them (the page merge compares per step and head). */
export const compareEntries = (a: PagedEntry, b: PagedEntry, order: PageOrder): number =>
  order === "byUpdated"
    ? comparePositionParts(a.updatedKey, a.tenantId, a.id, b.updatedKey, b.tenantId, b.id)
    : comparePositionParts(a.createdKey, a.tenantId, a.id, b.createdKey, b.tenantId, b.id);

/** The entry's page cursor under `ordering` (one per sort field, see `encodeKeysetCursor`) and `direction`, kept. */
export function cursorOf(e: PagedEntry, order: PageOrder, ordering: string, direction: SortDirection): string {
  const slot = (order === "byUpdated" ? 0 : 2) + (direction === "ASC" ? 0 : 1);
  // sized once: four slots, not an array grown by assignment (V8 would reserve 17)
  const cursors = (e.cursors ??= new Array<string>(4));
  return (cursors[slot] ??= encodeKeysetCursor(ordering, direction, positionOf(e, order)));
}

/** The time key an entry is sorted by in `order`'s array. */
const keyOf = (e: PagedEntry, order: PageOrder): string => (order === "byUpdated" ? e.updatedKey : e.createdKey);

/** The order of `order`'s array: (time key, id) ascending, within one tenant. */
export const SORTED_BY: Record<PageOrder, (a: PagedEntry, b: PagedEntry) => number> = {
  byUpdated: (a, b) => compareKeyId(a.updatedKey, a.id, b.updatedKey, b.id),
  byCreated: (a, b) => compareKeyId(a.createdKey, a.id, b.createdKey, b.id),
};

const compareKeyId = (ak: string, aid: string, bk: string, bid: string): number =>
  ak < bk ? -1 : ak > bk ? 1 : aid < bid ? -1 : aid > bid ? 1 : 0;

/**
 * Where one tenant's array (sorted by `order`) continues after the position `after` in page order (`asc` or not);
 * from its first entry in page order without `after`.
 */
export function headAfter<E extends PagedEntry>(
  arr: readonly E[],
  tenantId: string,
  after: SortPosition | null,
  asc: boolean,
  order: PageOrder,
): MergeHead<E> {
  let pos: number;
  if (!after) pos = asc ? 0 : arr.length - 1;
  else if (tenantId === after.tenantId) {
    const { key, id } = after;
    // ASC: the first entry past the cursor's (key, id); DESC: the last one before it.
    pos = asc
      ? partitionPoint(arr, (e) => compareKeyId(keyOf(e, order), e.id, key, id) <= 0)
      : partitionPoint(arr, (e) => compareKeyId(keyOf(e, order), e.id, key, id) < 0) - 1;
  } else {
    // Same time key: this tenant's entries come after the cursor iff its id sorts after (ASC) the cursor's tenant.
    const sameKeyFirst = asc ? tenantId > after.tenantId : tenantId < after.tenantId;
    const { key } = after;
    // The entries of the cursor's time key are all in the page's rest (sameKeyFirst === asc) or all not.
    const end =
      sameKeyFirst === asc ? partitionPoint(arr, (e) => keyOf(e, order) < key) : partitionPoint(arr, (e) => keyOf(e, order) <= key);
    pos = asc ? end : end - 1;
  }
  return { arr, pos };
}

/** One tenant's part of an embedded index, as `tenantHeads` reads it. */
export interface SortedTenant<E> {
  byId: ReadonlyMap<string, E>;
  byUpdated: readonly E[];
  byCreated: readonly E[];
  /** Bumped on every write that changes an entry (validates cached filtered counts). */
  version: number;
}

/** Filtered counts per (tenant, filter key), valid for one tenant write version (see `createCountCache`). */
export interface CountCache {
  get(tenantId: string, filter: string, version: string): number | undefined;
  set(tenantId: string, filter: string, version: string, count: number): void;
}

/**
 * A page's starting point over `tenantIds` (each once): every non-empty tenant's head in `order` after `after`, and
 * the total count. Unfiltered (`filter` null) the total is the entries held; filtered, the entries `filter.matches`
 * accepts, counted by a scan cached per tenant write version under `filter.key`.
 */
export function tenantHeads<E extends PagedEntry>(
  tenants: ReadonlyMap<string, SortedTenant<E>>,
  tenantIds: readonly string[],
  page: { order: PageOrder; after: SortPosition | null; asc: boolean },
  filter: { key: string; matches: (e: E) => boolean; counts: CountCache } | null,
): { heads: MergeHead<E>[]; totalCount: number } {
  const heads: MergeHead<E>[] = [];
  let totalCount = 0;
  for (const tenantId of new Set(tenantIds)) {
    const t = tenants.get(tenantId);
    if (!t || t.byId.size === 0) continue;
    if (filter) {
      let n = filter.counts.get(tenantId, filter.key, String(t.version));
      if (n === undefined) {
        n = 0;
        for (const e of t.byId.values()) if (filter.matches(e)) n++;
        filter.counts.set(tenantId, filter.key, String(t.version), n);
      }
      totalCount += n;
    } else totalCount += t.byId.size;
    heads.push(headAfter(t[page.order], tenantId, page.after, page.asc, page.order));
  }
  return { heads, totalCount };
}

/**
 * The next `first` entries `matches` accepts across the tenants' heads, their cursors (only the last one's with
 * `endCursorOnly`), and whether more follow.
 */
export function pageOf<E extends PagedEntry>(
  heads: readonly MergeHead<E>[],
  page: { asc: boolean; first: number; order: PageOrder; ordering: string; direction: SortDirection; endCursorOnly?: boolean },
  matches: (e: E) => boolean,
): { entries: E[]; cursors: string[]; hasNextPage: boolean } {
  const { order } = page;
  // One past the page: whether there is a next page.
  const found = mergeHeads(heads, page.asc ? 1 : -1, page.first + 1, matches, (a, b) => compareEntries(a, b, order));
  const entries = found.slice(0, page.first);
  return {
    entries,
    // A bulk reader's cursors are not kept either: the memo is for entries that clients page through.
    cursors: page.endCursorOnly
      ? entries.length > 0
        ? [encodeKeysetCursor(page.ordering, page.direction, positionOf(entries[entries.length - 1], order))]
        : []
      : entries.map((e) => cursorOf(e, order, page.ordering, page.direction)),
    hasNextPage: found.length > page.first,
  };
}
