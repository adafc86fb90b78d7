import { Permission, type AccessScope } from "../../auth/roles.js";
import type { LiveRequest } from "../../live/subscription.executor.js";
import type { IncidentEventLog, IncidentEventRecord } from "../../store/incident.types.js";
import { toIncidentContentFilter } from "../incidents/incident-filter.mapper.js";
import type { IncidentFilter } from "../incidents/incident.input.js";
import { parseEventCursor, readEventFeed } from "./event-feed.page.js";
import { compileIncidentEventFilter } from "./incident-event.filter.js";
import { toIncidentEvent } from "./incident-event.mapper.js";
import type { IncidentEventConnection } from "./incident-event.type.js";

export interface IncidentEventServiceDeps {
  events: IncidentEventLog;
}

export type IncidentEventService = ReturnType<typeof createIncidentEventService>;

/**
 * The incident event feed: the subscription's arguments (for the live engine) and the pull feed, over the incident event
 * log, with the alert feed's guarantees (same cursors in both, per-event authorization, resume without gap or repeat).
 */
export function createIncidentEventService(deps: IncidentEventServiceDeps) {
  /**
   * Validates `after` and `filter` (BAD_USER_INPUT) and compiles the filter; authorization stays per event. Events of
   * redirected incidents pass unless the filter says `includeRedirected: false` (a live queue needs to hear of merges).
   */
  const parseRequest = (args: { after?: string | null; filter?: IncidentFilter | null }): LiveRequest<IncidentEventRecord> => {
    const after = parseEventCursor(args.after);
    const content = toIncidentContentFilter(args.filter);
    const hideRedirected = args.filter?.includeRedirected === false && content.redirected === false;
    const filter = compileIncidentEventFilter(args.filter?.tenantIds, { ...content, redirected: hideRedirected ? false : undefined });
    return { after, filter };
  };

  return {
    parseRequest,

    /**
     * The pull feed: incident events after `after` in log order that the caller may read now and that match the filter.
     * Examines at most 10,000 events per call, so `endCursor` can move on with few or no edges.
     */
    since(
      scope: AccessScope,
      args: { after?: string | null; first?: number | null; filter?: IncidentFilter | null },
    ): Promise<IncidentEventConnection> {
      const { filter } = parseRequest(args);
      const readable = new Set(scope.tenantsWith(Permission.READ_ALERTS));
      return readEventFeed(deps.events, args, (r) => readable.has(r.tenantId) && filter.matches(r), toIncidentEvent);
    },
  };
}
