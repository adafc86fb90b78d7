import { badInput } from "../../errors/errors.js";
import { pageSize } from "../common/connection.page.js";
import { compareEventCursors as compareCursors, isEventCursor } from "../../live/event.cursor.js";
import type { ChangeLog, ChangeRecord } from "../../store/change-log.types.js";
import type { PageInfo } from "../common/page-info.type.js";

/**
 * The pull feed of an event log (`alertEventsSince`, `incidentEventsSince`): the same events, cursors and per-tenant
 * authorization as the log's subscription, a page at a time, oldest first.
 */

/** Page size bounds of every pull feed: default 100, at most 1,000 (SIEM connectors read in bulk). */
export const EVENT_PAGE_SIZE = { default: 100, max: 1_000 } as const;
/** Most events one pull-feed request examines, filtered-out ones included, before it answers. */
const SCAN_MAX = 10_000;
const READ_CHUNK = 500;

/** `after` of a subscription or pull feed: null (no cursor) or a well-formed event cursor; BAD_USER_INPUT otherwise. */
export function parseEventCursor(after: string | null | undefined): string | null {
  const cursor = after ?? null;
  if (cursor !== null && !isEventCursor(cursor))
    throw badInput(`after: expected an event cursor '<ms>-<seq>', but got '${cursor.slice(0, 64)}'`, "after");
  return cursor;
}

export interface EventFeedPage<N> {
  edges: { cursor: string; node: N }[];
  pageInfo: PageInfo;
}

/**
 * Events after `after` in log order that `keep` accepts (the caller's readable tenants and filter), mapped by `toNode`.
 * Examines at most 10,000 events per call, so `endCursor` can move on with few or no edges; `hasNextPage` is true
 * while the log holds events past `endCursor`. Throws BAD_USER_INPUT for a bad `first` or `after`, and what the log
 * throws (CURSOR_EXPIRED).
 */
export async function readEventFeed<R extends ChangeRecord, N>(
  log: ChangeLog<R>,
  args: { after?: string | null; first?: number | null },
  keep: (record: R) => boolean,
  toNode: (record: R) => N,
): Promise<EventFeedPage<N>> {
  const first = pageSize(args.first, EVENT_PAGE_SIZE);
  const after = parseEventCursor(args.after);
  const edges: EventFeedPage<N>["edges"] = [];
  let endCursor = after;
  let scanned = 0;
  scan: while (scanned < SCAN_MAX) {
    const limit = Math.min(READ_CHUNK, SCAN_MAX - scanned);
    const page = await log.read(endCursor, limit);
    for (const record of page) {
      scanned++;
      endCursor = record.cursor;
      if (keep(record)) {
        edges.push({ cursor: record.cursor, node: toNode(record) });
        if (edges.length === first) break scan;
      }
    }
    if (page.length < limit) break;
  }
  const latest = await log.latestCursor();
  return {
    edges,
    pageInfo: {
      hasNextPage: latest !== null && compareCursors(endCursor, latest) < 0,
      endCursor,
      hasPreviousPage: after !== null,
      startCursor: edges[0]?.cursor ?? null,
    },
  };
}
