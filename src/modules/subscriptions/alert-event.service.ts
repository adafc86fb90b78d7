import { Permission, type AccessScope } from "../../auth/roles.js";
import { badInput } from "../../errors/errors.js";
import { compareEventCursors as compareCursors, isEventCursor } from "../../live/event.cursor.js";
import type { EventLog } from "../../store/store.types.js";
import type { AlertFilter } from "../alerts/alert.input.js";
import { toIndexFilter } from "../alerts/alert-filter.mapper.js";
import { compileAlertEventFilter, type AlertEventFilter } from "./alert-event.filter.js";
import { toAlertEvent } from "./alert-event.mapper.js";
import type { AlertEventConnection } from "./alert-event.type.js";

/** Page size bounds of the pull feed: default 100, at most 1,000 (SIEM connectors read in bulk). */
export const EVENT_PAGE_SIZE = { default: 100, max: 1_000 } as const;
/** Most events one pull-feed request examines, filtered-out ones included, before it answers. */
const SCAN_MAX = 10_000;
const READ_CHUNK = 500;

export interface AlertEventServiceDeps {
  events: EventLog;
}

export interface SubscriptionRequest {
  after: string | null;
  filter: AlertEventFilter;
}

export type AlertEventService = ReturnType<typeof createAlertEventService>;

export function createAlertEventService(deps: AlertEventServiceDeps) {
  /** Validates `after` and `filter` (BAD_USER_INPUT) and compiles the filter; authorization stays per event (live engine). */
  const parseRequest = (scope: AccessScope, args: { after?: string | null; filter?: AlertFilter | null }): SubscriptionRequest => {
    const after = args.after ?? null;
    if (after !== null && !isEventCursor(after))
      throw badInput(`after: expected an event cursor '<ms>-<seq>', but got '${after.slice(0, 64)}'`, "after");
    const { tenantIds: _scoped, ...content } = toIndexFilter(scope, args.filter);
    return { after, filter: compileAlertEventFilter(args.filter?.tenantIds, content) };
  };

  return {
    parseRequest,

    /**
     * The pull feed: events after `after` in log order that the caller may read now and that match the
     * filter. Examines at most 10,000 events per call, so `endCursor` can move on with few or no edges.
     */
    async since(
      scope: AccessScope,
      args: { after?: string | null; first?: number | null; filter?: AlertFilter | null },
    ): Promise<AlertEventConnection> {
      const first = args.first ?? EVENT_PAGE_SIZE.default;
      if (!Number.isInteger(first) || first < 1 || first > EVENT_PAGE_SIZE.max)
        throw badInput(`first: expected an integer from 1 to ${EVENT_PAGE_SIZE.max}, but got ${first}`, "first");
      const { after, filter } = parseRequest(scope, args);
      const readable = new Set(scope.tenantsWith(Permission.READ_ALERTS));
      const edges: AlertEventConnection["edges"] = [];
      let endCursor = after;
      let scanned = 0;
      scan: while (scanned < SCAN_MAX) {
        const limit = Math.min(READ_CHUNK, SCAN_MAX - scanned);
        const page = await deps.events.read(endCursor, limit);
        for (const record of page) {
          scanned++;
          endCursor = record.cursor;
          if (readable.has(record.tenantId) && filter.matches(record.tenantId, record.alert)) {
            edges.push({ cursor: record.cursor, node: toAlertEvent(record) });
            if (edges.length === first) break scan;
          }
        }
        if (page.length < limit) break;
      }
      const latest = await deps.events.latestCursor();
      return {
        edges,
        pageInfo: {
          hasNextPage: latest !== null && compareCursors(endCursor, latest) < 0,
          endCursor,
          hasPreviousPage: after !== null,
          startCursor: edges[0]?.cursor ?? null,
        },
      };
    },
  };
}
