/**
 * The page walk of the shared-mode indexes (alerts and incidents): a k-way merge over the tenants' lexicographic
 * sorted sets (members `<time key>:<id>`, all scores 0), read in chunks from the keyset position. Each engine loads a
 * head's next chunk its own way (`refill`: the members with their facets); the order, the resumption after a cursor
 * and the filter are the same for both.
 */

import { comparePositions, type SortPosition } from "./alert-keyset.js";
import { TIME_KEY_WIDTH } from "./alert-query.js";

/** One tenant's sorted set as the merge reads it: the chunk in hand, where it is in it, and the next range start. */
export interface MergeHead<F> {
  tenantId: string;
  buf: { position: SortPosition; facets: F | null }[];
  idx: number;
  /** ZRANGE BYLEX start of the next chunk; null once the set is exhausted. */
  next: string | null;
}

/** A sorted-set member's position. */
export const memberPosition = (member: string, tenantId: string): SortPosition => ({
  key: member.slice(0, TIME_KEY_WIDTH),
  tenantId,
  id: member.slice(TIME_KEY_WIDTH + 1),
});

/**
 * Members read per chunk: the page plus one unfiltered; filtered, more (most members may not match), at least 200
 * and at most 1,000.
 */
export const chunkSize = (first: number, filtered: boolean): number =>
  Math.min(1_000, filtered ? Math.max(4 * (first + 1), 200) : first + 1);

/** A head per tenant, each starting right after `after` in page order (`asc` or not); at the set's end without it. */
export function headsAfter<F>(tenantIds: readonly string[], after: SortPosition | null, asc: boolean): MergeHead<F>[] {
  return tenantIds.map((tenantId) => {
    let next: string;
    if (!after) next = asc ? "-" : "+";
    else if (tenantId === after.tenantId) next = `(${after.key}:${after.id}`;
    else {
      // Same time key: this tenant's entries follow the cursor iff it sorts after the cursor's tenant.
      const sameKeyFollows = asc ? tenantId > after.tenantId : tenantId < after.tenantId;
      // `<key>;` sorts after every `<key>:<id>` (':' < ';').
      if (asc) next = sameKeyFollows ? `[${after.key}` : `[${after.key};`;
      else next = sameKeyFollows ? `(${after.key};` : `(${after.key}`;
    }
    return { tenantId, buf: [], idx: 0, next };
  });
}

/**
 * Positions of up to `first + 1` members whose facets `matches` accepts, in page order across `heads` (one more than
 * the page: it tells whether another page follows). `refill` replaces a head's chunk with the next one and sets its
 * `next` (null when the set has no more).
 */
export async function mergedPositions<F>(
  heads: MergeHead<F>[],
  o: { first: number; asc: boolean; matches: (facets: F) => boolean; refill: (head: MergeHead<F>) => Promise<void> },
): Promise<SortPosition[]> {
  /** Advances past non-matching members; true when the head has a matching member, false when exhausted. */
  const settle = (h: MergeHead<F>) => {
    while (h.idx < h.buf.length && !(h.buf[h.idx].facets && o.matches(h.buf[h.idx].facets!))) h.idx++;
    return h.idx < h.buf.length;
  };
  const page: SortPosition[] = [];
  let live = heads;
  while (page.length <= o.first && live.length > 0) {
    const empty = live.filter((h) => !settle(h) && h.next !== null);
    if (empty.length > 0) {
      await Promise.all(empty.map(o.refill));
      continue;
    }
    live = live.filter((h) => h.idx < h.buf.length);
    let best: MergeHead<F> | null = null;
    for (const h of live) {
      if (!best || comparePositions(h.buf[h.idx].position, best.buf[best.idx].position) * (o.asc ? 1 : -1) < 0) best = h;
    }
    if (!best) break;
    page.push(best.buf[best.idx].position);
    best.idx++;
  }
  return page;
}

/**
 * The page of `positions` (the merge's result, one more than `first` when another page follows) with the items read
 * for its first `first`. A member without an item is left out rather than returned as a hole (items are never
 * deleted, so that is a guard, not a case).
 */
export function pageOfPositions<I>(
  positions: readonly SortPosition[],
  first: number,
  items: readonly (I | null)[],
  cursor: (p: SortPosition) => string,
): { items: I[]; cursors: string[]; hasNextPage: boolean } {
  const out: I[] = [];
  const cursors: string[] = [];
  for (let i = 0; i < Math.min(first, positions.length); i++) {
    const item = items[i];
    if (item == null) continue;
    out.push(item);
    cursors.push(cursor(positions[i]));
  }
  return { items: out, cursors, hasNextPage: positions.length > first };
}
