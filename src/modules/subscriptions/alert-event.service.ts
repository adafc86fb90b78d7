import { Permission, type AccessScope } from "../../auth/roles.js";
import type { LiveRequest } from "../../live/subscription.executor.js";
import type { AlertEventRecord, EventLog } from "../../store/store.types.js";
import type { AlertFilter } from "../alerts/alert.input.js";
import { toIndexFilter } from "../alerts/alert-filter.mapper.js";
import { compileAlertEventFilter } from "./alert-event.filter.js";
import { toAlertEvent } from "./alert-event.mapper.js";
import type { AlertEventConnection } from "./alert-event.type.js";
import { parseEventCursor, readEventFeed } from "./event-feed.page.js";

export { EVENT_PAGE_SIZE } from "./event-feed.page.js";

export interface AlertEventServiceDeps {
  events: EventLog;
}

export type SubscriptionRequest = LiveRequest<AlertEventRecord>;

export type AlertEventService = ReturnType<typeof createAlertEventService>;

export function createAlertEventService(deps: AlertEventServiceDeps) {
  /** Validates `after` and `filter` (BAD_USER_INPUT) and compiles the filter; authorization stays per event (live engine). */
  const parseRequest = (scope: AccessScope, args: { after?: string | null; filter?: AlertFilter | null }): SubscriptionRequest => {
    const after = parseEventCursor(args.after);
    const { tenantIds: _scoped, ...content } = toIndexFilter(scope, args.filter);
    const filter = compileAlertEventFilter(args.filter?.tenantIds, content);
    return {
      after,
      filter: {
        matches(r) {
          return filter.matches(r.tenantId, r.alert);
        },
      },
    };
  };

  return {
    parseRequest,

    /**
     * The pull feed: events after `after` in log order that the caller may read now and that match the
     * filter. Examines at most 10,000 events per call, so `endCursor` can move on with few or no edges.
     */
    since(
      scope: AccessScope,
      args: { after?: string | null; first?: number | null; filter?: AlertFilter | null },
    ): Promise<AlertEventConnection> {
      const { filter } = parseRequest(scope, args);
      const readable = new Set(scope.tenantsWith(Permission.READ_ALERTS));
      return readEventFeed(deps.events, args, (r) => readable.has(r.tenantId) && filter.matches(r), toAlertEvent);
    },
  };
}
