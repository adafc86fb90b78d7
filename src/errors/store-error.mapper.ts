import { CursorExpiredError, InvalidCursorError, InvalidQueryError, StoreError, VersionConflictError } from "../store/store.errors.js";
import { badInput, conflict, cursorExpired, type GatewayError } from "./errors.js";

const CURSOR_HINTS: Record<InvalidCursorError["reason"], string> = {
  MALFORMED_EVENT_CURSOR: "expected an event cursor like 1700000000000-0 (an `AlertEvent.cursor` or `endCursor` you received)",
  MALFORMED_PAGE_CURSOR: "expected a cursor returned by this list (pageInfo.endCursor), but got something else",
  OTHER_ORDERING: "this cursor belongs to a different orderBy; restart paging without 'after'",
};

/**
 * The one place store refusals become client errors. Messages are written for clients: they never carry
 * the store's internals (collection names, document ids, versions), which stay in the original error for
 * the log. Returns null for anything that is not a store refusal.
 */
export function fromStoreError(e: unknown): GatewayError | null {
  if (!(e instanceof StoreError)) return null;
  if (e instanceof VersionConflictError) return conflict("someone else changed this at the same time; reload it and try again");
  if (e instanceof CursorExpiredError) return cursorExpired(e.cursor);
  if (e instanceof InvalidCursorError) return badInput(`${e.field}: ${CURSOR_HINTS[e.reason]}`, e.field);
  if (e instanceof InvalidQueryError) return badInput(`${e.field}: expected an ISO 8601 date-time`, e.field);
  // StaleFenceError is internal to the sync loop and never reaches a request: masked like any bug.
  return null;
}
