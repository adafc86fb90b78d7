/**
 * What the store reports when it refuses a call: typed errors that say what happened in store terms.
 * Their messages are for logs (they name collections, ids and versions); clients see the clean
 * GatewayErrors that `src/errors/store-error.mapper.ts` makes of them, and nothing else.
 */

/** Base of every store refusal, so callers can tell them from failures of the backing service. */
export abstract class StoreError extends Error {}

/** A compare-and-set write lost: the document is at `actualVersion`, not `expectedVersion`. */
export class VersionConflictError extends StoreError {
  constructor(
    readonly collection: string,
    readonly id: string,
    readonly expectedVersion: number,
    readonly actualVersion: number,
  ) {
    super(`${collection}/${id} is at version ${actualVersion}, expected ${expectedVersion}`);
    this.name = "VersionConflictError";
  }
}

/** Why a cursor was refused. */
export type InvalidCursorReason =
  /** Not an event-log cursor (`<ms>-<seq>`). */
  | "MALFORMED_EVENT_CURSOR"
  /** Not a page cursor this index produced. */
  | "MALFORMED_PAGE_CURSOR"
  /** A page cursor of another ordering. */
  | "OTHER_ORDERING";

const CURSOR_PROBLEMS: Record<InvalidCursorReason, string> = {
  MALFORMED_EVENT_CURSOR: "expected an event cursor <ms>-<seq>",
  MALFORMED_PAGE_CURSOR: "expected a page cursor of this index",
  OTHER_ORDERING: "a page cursor of another ordering",
};

/** A cursor argument the store cannot use (`field` names the argument, e.g. `after`). */
export class InvalidCursorError extends StoreError {
  constructor(
    readonly field: string,
    readonly reason: InvalidCursorReason,
    readonly given: string,
  ) {
    super(`${field}: ${CURSOR_PROBLEMS[reason]}, got ${JSON.stringify(given.slice(0, 40))}`);
    this.name = "InvalidCursorError";
  }
}

/** An event-log cursor older than the log's retention: the events after it are gone. */
export class CursorExpiredError extends StoreError {
  constructor(readonly cursor: string) {
    super(`event cursor ${cursor} is older than the retained log`);
    this.name = "CursorExpiredError";
  }
}

/** A query bound the index cannot read (e.g. a date-time that does not parse); `field` names the filter field. */
export class InvalidQueryError extends StoreError {
  constructor(
    readonly field: string,
    readonly given: string,
  ) {
    super(`${field}: cannot use ${JSON.stringify(given.slice(0, 64))} as a bound`);
    this.name = "InvalidQueryError";
  }
}

/** A write fenced by a lease token older than the lease's current one: another replica holds the lease. */
export class StaleFenceError extends StoreError {
  constructor(
    readonly leaseName: string,
    readonly token: number,
  ) {
    super(`fencing token ${token} for ${leaseName} is stale: another replica holds the lease`);
    this.name = "StaleFenceError";
  }
}
