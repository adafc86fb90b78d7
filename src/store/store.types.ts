import type { SecurityAlert } from "../upstream/upstream.types.js";
import type { IncidentEventLog, IncidentIndex } from "./incident.types.js";
import type { IndicatorIndex } from "./indicator.types.js";
import type { StoreMirror } from "./mirror/read-mirror.types.js";
import type { FenceToken, SortDirection } from "./store.common.types.js";

export type { FenceToken, SortDirection } from "./store.common.types.js";

/**
 * The storage contracts of the gateway. Two implementations of each: memory (embedded default, with
 * file persistence for documents) and Redis (shared mode; every per-tenant key is hash-tagged
 * `{t:<tenantId>}` so Redis Cluster works). One contract test suite runs against both.
 */

/** An alert as the index holds it: the upstream snapshot plus when the gateway last synced it. */
export interface IndexedAlert {
  tenantId: string;
  alert: SecurityAlert;
  /** ISO time the gateway last wrote this alert into the index. */
  syncedAt: string;
}

export type AlertSortField = "lastUpdateDateTime" | "createdDateTime";

/** Filter applied by the index. Enum values are the gateway's (severity `HIGH`, status `IN_PROGRESS`; compared by `facetValue`). */
export interface AlertIndexFilter {
  /** Tenants to search: the caller's visible tenants ∩ the requested ones. Empty ⇒ empty result. */
  tenantIds: readonly string[];
  severities?: readonly string[];
  statuses?: readonly string[];
  categories?: readonly string[];
  detectionSources?: readonly string[];
  /** Which Defender product raised the alert; legacy alerts count as `MICROSOFT_DEFENDER_FOR_ENDPOINT`. */
  serviceSources?: readonly string[];
  /** Exact, case-insensitive match on `assignedTo`. */
  assignedTo?: readonly string[];
  /** Case-insensitive substring of title or description. */
  search?: string;
  /** A device id (`mdeDeviceId`) among the alert's device evidence. */
  machineId?: string;
  incidentId?: string;
  /** Alerts of any of these incidents (the incident queue reads the alerts of a page of incidents in one query). */
  incidentIds?: readonly string[];
  /** Evidence indicator tokens (`indicatorToken`), all of which the alert's evidence must have. */
  indicators?: readonly string[];
  /** Raised by any of these detectors (`detectorId`, trimmed, case-insensitive). */
  detectorIds?: readonly string[];
  /** ISO, inclusive lower bound on `lastUpdateDateTime`. */
  updatedSince?: string;
  /** ISO, inclusive bounds on `createdDateTime`. */
  createdSince?: string;
  createdUntil?: string;
}

export interface AlertIndexQuery {
  filter: AlertIndexFilter;
  orderBy: { field: AlertSortField; direction: SortDirection };
  /** Page size, ≥ 1 (callers cap it). */
  first: number;
  /**
   * Opaque keyset cursor returned in a previous page's `cursors`. Keyset (sort value, tenantId, id), so
   * alerts arriving while a client pages never shift items between pages (nothing lost or repeated).
   * A malformed cursor throws `InvalidCursorError`.
   */
  after?: string;
  /**
   * Only the last item's cursor is wanted (a caller that reads every page and shows no cursor): `cursors` may then
   * hold just that one. An index may ignore it and return them all. Default false.
   */
  endCursorOnly?: boolean;
}

export interface AlertIndexPage {
  items: IndexedAlert[];
  /** `cursors[i]` is the cursor of `items[i]`; with `endCursorOnly`, possibly only the last item's (`cursors.at(-1)`). */
  cursors: string[];
  /** Number of alerts matching the filter (all pages). */
  totalCount: number;
  hasNextPage: boolean;
}

export type AlertChangeKind = "CREATED" | "UPDATED";

export interface AlertChange {
  kind: AlertChangeKind;
  tenantId: string;
  alert: SecurityAlert;
}

export interface AlertIndex {
  /**
   * Inserts or replaces alerts of one tenant atomically per alert, and returns the changes: CREATED when
   * the alert was unknown, UPDATED when its `lastUpdateDateTime` is newer than the stored one, nothing when
   * equal or older (so overlapping sync windows and our own writes never produce duplicates). An equal version from
   * the other API (`source` differs: a tenant switched from the legacy API to Graph) replaces the stored copy and is
   * no change either.
   * With `fence`, throws `StaleFenceError` (and writes nothing) if the lease has a newer token.
   *
   * Exactly-once events: a reported change is *claimed* by its reporter, and stays pending until
   * `markEvented` acknowledges it. While claimed (up to the implementation's claim TTL, default 30 s)
   * no other caller on any replica gets it reported again; once the claim has lapsed unacknowledged
   * (the reporter crashed between upsert and append), the next upsert of that alert, even an equal
   * version from the sync overlap, reports it again. A fenced caller also overrides claims taken under
   * an older fencing token (their reporter lost the lease: dead or fenced out). The kind is CREATED
   * until a first event of the alert is acknowledged (`EventLog.appendChange` turns a CREATED into an
   * UPDATED when the log already has an event of the alert). Use `recordAlertChanges` rather than
   * calling this directly.
   *
   * The index takes ownership of `alerts`: the embedded engine freezes them in place and serves them as they are, so a
   * caller must not change an alert after handing it over.
   */
  upsert(tenantId: string, alerts: readonly SecurityAlert[], opts?: { syncedAt?: string; fence?: FenceToken }): Promise<AlertChange[]>;
  /**
   * The sweep that makes "indexed ⇒ evented" hold whatever replica dies when: claims and reports up to
   * `limit` alerts of the tenant whose stored version has no acknowledged event and no live claim (a
   * claim under an older fencing token than `fence` counts as dead). Same claim rules and kinds as
   * `upsert`; with a stale `fence`, throws `StaleFenceError`. Use `recordPendingAlertChanges`.
   */
  claimPending(tenantId: string, opts: { limit: number; fence?: FenceToken }): Promise<AlertChange[]>;
  /**
   * Acknowledges that the change up to `lastUpdateDateTime` is in the event log: it is never reported
   * again, and a pending claim of that (or an older) version is released. Only ever moves forward;
   * unknown alerts are ignored.
   */
  markEvented(tenantId: string, id: string, lastUpdateDateTime: string | null): Promise<void>;
  get(tenantId: string, id: string): Promise<IndexedAlert | null>;
  getMany(keys: readonly { tenantId: string; id: string }[]): Promise<(IndexedAlert | null)[]>;
  query(q: AlertIndexQuery): Promise<AlertIndexPage>;
  /** Open (status New or InProgress, or anything but Resolved) alerts of a tenant by gateway severity (`HIGH`…; keys written before the Graph switch may be Defender spellings: normalize with `AlertSeverityMap.fromDefender`). */
  countOpenBySeverity(tenantId: string): Promise<Record<string, number>>;
  /** Total alerts indexed for a tenant. */
  count(tenantId: string): Promise<number>;
  /**
   * How many indexed alerts of the tenant each of these incidents has: the alerts a `query` with `incidentIds` would
   * return, counted without reading them. Incidents without alerts are absent.
   */
  countByIncident(tenantId: string, incidentIds: readonly string[]): Promise<Map<string, number>>;
  /**
   * `countByIncident` of one incident answered at once (0 when it has none), by an index held in memory; absent, or
   * `undefined` for the moment (a read mirror still building), where counting needs a store round trip: then callers
   * batch through `countByIncident`. A page of 50 incidents spent ~5 % of its time batching counts it already held.
   */
  countOfIncident?(tenantId: string, incidentId: string): number | undefined;
}

/** What the event log stores; `cursor` is assigned by the log and is strictly increasing. */
export interface AlertEventRecord {
  /** Log entry id (Redis Streams id format `<ms>-<seq>` in both implementations). */
  cursor: string;
  kind: AlertChangeKind;
  tenantId: string;
  alertId: string;
  /** ISO time of the append. */
  at: string;
  /** Full alert snapshot after the change. */
  alert: SecurityAlert;
}

export type NewAlertEvent = Omit<AlertEventRecord, "cursor" | "at">;

export interface EventLog {
  /** Appends one event; returns it with its cursor. Trims to the retention (count and age). */
  append(event: NewAlertEvent): Promise<AlertEventRecord>;
  /**
   * Appends the event of one alert change at most once, atomically with the log's per-alert marker
   * (the newest `lastUpdateDateTime` evented): returns null and appends nothing when the log already has an
   * event of this or a newer version of the alert; turns a CREATED into an UPDATED when it has an older
   * one. So two writers racing on one change (a replica presumed dead that was not, a retry after a
   * crash between append and acknowledgement) append one event, and an alert gets one CREATED.
   * Markers live at least as long as the retention age (7 days minimum).
   */
  appendChange(event: NewAlertEvent): Promise<AlertEventRecord | null>;
  /**
   * Up to `limit` events strictly after `after` in log order (`after` null ⇒ from the oldest retained).
   * Throws `CursorExpiredError` when `after` is older than the retention, and
   * `InvalidCursorError` when it is not a cursor.
   */
  read(after: string | null, limit: number): Promise<AlertEventRecord[]>;
  /** Cursor of the newest event, or null when the log is empty. */
  latestCursor(): Promise<string | null>;
  /**
   * Process-wide live feed: the listener gets every event appended from now on by any replica, in log
   * order. One blocking reader per process however many listeners (fan-out happens in memory).
   * Returns the unsubscribe function.
   */
  listen(listener: (event: AlertEventRecord) => void): () => void;
}

/** A stored document with its optimistic-concurrency version (1 on first write). */
export interface Versioned<T> {
  value: T;
  version: number;
}

export interface DocumentStore {
  get<T>(collection: string, id: string): Promise<Versioned<T> | null>;
  list<T>(collection: string): Promise<Versioned<T>[]>;
  /**
   * Writes a document. With `expectedVersion` (0 = must not exist) it is a compare-and-set that throws a
   * `VersionConflictError` when someone else wrote first. Returns the new version.
   */
  put<T>(collection: string, id: string, value: T, expectedVersion?: number): Promise<number>;
  delete(collection: string, id: string): Promise<boolean>;
  /**
   * Idempotency claim: true for exactly one caller across all replicas until `ttlMs` passes
   * (e.g. one notification per rule+alert+recipient).
   */
  claim(key: string, ttlMs: number): Promise<boolean>;
}

export interface Lease {
  name: string;
  holder: string;
  /** Fencing token: strictly increases each time the lease changes hands. */
  token: number;
}

export interface LeaseManager {
  /** Takes the lease if free or expired; null when another holder has it. */
  acquire(name: string, holder: string, ttlMs: number): Promise<Lease | null>;
  /** Extends our lease; false when we lost it (expired and taken, or released). */
  renew(lease: Lease, ttlMs: number): Promise<boolean>;
  release(lease: Lease): Promise<void>;
}

/** Everything the gateway stores, built once in app.ts. */
export interface Store {
  kind: "memory" | "redis";
  index: AlertIndex;
  events: EventLog;
  /** Incidents beside the alerts: the same guarantees, their own keys and event stream. */
  incidents: IncidentIndex;
  incidentEvents: IncidentEventLog;
  /** Indicators seen at several tenants, kept current by `recordAlertChanges`. */
  indicators: IndicatorIndex;
  documents: DocumentStore;
  leases: LeaseManager;
  /** True when the backing service answers (for /readyz). */
  ping(): Promise<boolean>;
  /** Shared mode with the read mirror on: its state (reads are answered from memory once `ready()`; see /readyz). */
  mirror?: StoreMirror;
  close(): Promise<void>;
}

// Kept importable from here: the sync loop and the store contract tests name it through this module.
export { StaleFenceError } from "./store.errors.js";
