import type { SecurityIncident } from "../upstream/upstream.types.js";
import type { ChangeKind, ChangeLog, NewChange } from "./change-log.types.js";
import type { FenceToken, SortDirection } from "./store.common.types.js";

/**
 * The incident index and its event log: the alert index's contracts for `SecurityIncident`, with the same
 * guarantees (per-tenant atomic upserts compare-and-set on the last-update time, fencing, exactly-once events,
 * keyset paging that never loses or repeats an item). Memory and Redis implementations, one contract suite.
 */

/** An incident as the index holds it: the upstream snapshot plus when the gateway last synced it. */
export interface IndexedIncident {
  tenantId: string;
  incident: SecurityIncident;
  /** ISO time the gateway last wrote this incident into the index. */
  syncedAt: string;
}

export type IncidentSortField = "lastUpdateDateTime" | "createdDateTime";

/**
 * Filter applied by the index. Enum values use the gateway's spelling (`HIGH`, `IN_PROGRESS`, `TRUE_POSITIVE`…) and
 * compare case-insensitively. Every list is "any of"; an empty list matches nothing; an absent field does not filter.
 */
export interface IncidentIndexFilter {
  /** Tenants to search: the caller's visible tenants ∩ the requested ones. Empty ⇒ empty result. */
  tenantIds: readonly string[];
  /** A null severity matches `UNKNOWN`. */
  severities?: readonly string[];
  /** A null status matches `UNKNOWN`. */
  statuses?: readonly string[];
  /** `null` in the list matches an incident without a classification. */
  classifications?: readonly (string | null)[];
  /** `null` in the list matches an incident without a determination. */
  determinations?: readonly (string | null)[];
  /** Exact, case-insensitive match on `assignedTo` (free text upstream: a UPN, a display name, "Automation"). */
  assignedTo?: readonly string[];
  /**
   * true: incidents nobody is assigned to (null or blank `assignedTo`); false: only assigned ones. With `assignedTo`
   * as well, an incident matches either (the analyst's "mine or nobody's" queue).
   */
  unassigned?: boolean;
  /** Exact, case-insensitive match on any of the incident's `customTags` or `systemTags`. */
  tags?: readonly string[];
  /** Any of the products involved (`SecurityIncident.serviceSources`, gateway spelling); unknown sources match none. */
  serviceSources?: readonly string[];
  /** Case-insensitive substring of display name or description. */
  search?: string;
  /** ISO, inclusive bounds on `lastUpdateDateTime`. */
  updatedSince?: string;
  updatedUntil?: string;
  /** ISO, inclusive bounds on `createdDateTime`. */
  createdSince?: string;
  createdUntil?: string;
  /**
   * Redirected (merged into another: status `REDIRECTED` or a `redirectIncidentId`): true ⇒ only those, false ⇒ none
   * of them, absent ⇒ both. The GraphQL layer hides them by default; the index only applies the flag.
   */
  redirected?: boolean;
}

export interface IncidentIndexQuery {
  filter: IncidentIndexFilter;
  orderBy: { field: IncidentSortField; direction: SortDirection };
  /** Page size, ≥ 1 (callers cap it). */
  first: number;
  /**
   * Opaque keyset cursor returned in a previous page's `cursors`. Keyset (sort value, tenantId, id), so changes
   * between pages never shift other items: every matching incident that keeps its sort value is returned exactly
   * once across the pages (ordered by `createdDateTime`, that is every incident however often it changes). Ordered by
   * `lastUpdateDateTime`, an incident updated meanwhile is the item at its new position: returned (with its new
   * version) if that is still ahead of the cursor, not if it is behind (the incident event log carries that change).
   * A malformed cursor, or one of another ordering or of the alert index, throws `InvalidCursorError`.
   */
  after?: string;
}

export interface IncidentIndexPage {
  items: IndexedIncident[];
  /** `cursors[i]` is the cursor of `items[i]`. */
  cursors: string[];
  /** Number of incidents matching the filter (all pages). */
  totalCount: number;
  hasNextPage: boolean;
}

export interface IncidentChange {
  kind: ChangeKind;
  tenantId: string;
  incident: SecurityIncident;
}

export interface IncidentIndex {
  /**
   * Inserts or replaces incidents of one tenant atomically per incident, and returns the changes: CREATED when the
   * incident was unknown, UPDATED when its `lastUpdateDateTime` is newer than the stored one (microsecond
   * precision), nothing when equal or older (overlapping sync windows and our own writes never duplicate).
   * With `fence`, throws `StaleFenceError` (and writes nothing) if the lease has a newer token. `syncedAt` defaults
   * to now; an equal version only refreshes it.
   *
   * Exactly-once events, as `AlertIndex.upsert`: a reported change is claimed by its reporter until `markEvented`
   * acknowledges it (or the claim TTL, default 30 s, lapses: then the next upsert of it, even an equal version,
   * reports it again); a fenced caller overrides claims taken under an older token. Use `recordIncidentChanges`
   * rather than calling this directly. Takes ownership of `incidents`, as `AlertIndex.upsert`.
   */
  upsert(
    tenantId: string,
    incidents: readonly SecurityIncident[],
    opts?: { syncedAt?: string; fence?: FenceToken },
  ): Promise<IncidentChange[]>;
  /**
   * The sweep: claims and reports up to `limit` incidents of the tenant whose stored version has no acknowledged
   * event and no live claim. Same rules as `AlertIndex.claimPending`. Use `recordPendingIncidentChanges`.
   */
  claimPending(tenantId: string, opts: { limit: number; fence?: FenceToken }): Promise<IncidentChange[]>;
  /**
   * Acknowledges that the change up to `lastUpdateDateTime` is in the event log: never reported again, and a claim of
   * that (or an older) version is released. Only moves forward; unknown incidents are ignored.
   */
  markEvented(tenantId: string, id: string, lastUpdateDateTime: string | null): Promise<void>;
  get(tenantId: string, id: string): Promise<IndexedIncident | null>;
  /** One result per key, in order (null when absent). */
  getMany(keys: readonly { tenantId: string; id: string }[]): Promise<(IndexedIncident | null)[]>;
  /** Throws `InvalidQueryError` for an unparsable time bound and `InvalidCursorError` for a cursor it did not make. */
  query(q: IncidentIndexQuery): Promise<IncidentIndexPage>;
  /**
   * Open incidents of a tenant (status neither `RESOLVED` nor `REDIRECTED`, nor carrying a `redirectIncidentId`) by
   * severity, gateway spelling (`HIGH`…; a null severity counts as `UNKNOWN`). Severities with none are absent.
   */
  countOpenBySeverity(tenantId: string): Promise<Record<string, number>>;
  /** Total incidents indexed for a tenant, redirected ones included. */
  count(tenantId: string): Promise<number>;
}

/** What the incident event log stores. */
export interface IncidentEventRecord {
  /** Log entry id (`<ms>-<seq>`); incident cursors and alert cursors are separate sequences. */
  cursor: string;
  kind: ChangeKind;
  tenantId: string;
  incidentId: string;
  /** ISO time of the append. */
  at: string;
  /** Full incident snapshot after the change. */
  incident: SecurityIncident;
}

export type NewIncidentEvent = NewChange<IncidentEventRecord>;

/**
 * The incidents' own event log (its own Redis stream), with every guarantee of the alert log: `appendChange` at most
 * once per (tenant, incident, `lastUpdateDateTime`), `read` after a cursor, `latestCursor`, `listen`,
 * `CursorExpiredError` / `InvalidCursorError`. See `ChangeLog`.
 */
export type IncidentEventLog = ChangeLog<IncidentEventRecord>;
