/**
 * The event log's contract, generic over what its events are about (an alert, an incident): each subject kind has
 * a log of its own with the same guarantees. `EventLog` (alerts, in store.types.ts) is `ChangeLog<AlertEventRecord>`;
 * `IncidentEventLog` is `ChangeLog<IncidentEventRecord>`.
 */

export type ChangeKind = "CREATED" | "UPDATED";

/** What every logged event carries; `cursor` is assigned by the log and is strictly increasing. */
export interface ChangeRecord {
  /** Log entry id (Redis Streams id format `<ms>-<seq>` in both implementations). */
  cursor: string;
  kind: ChangeKind;
  tenantId: string;
  /** ISO time of the append. */
  at: string;
}

/** An event as appended: the log adds `cursor` and `at`. */
export type NewChange<R extends ChangeRecord> = Omit<R, "cursor" | "at">;

/** What a log needs to know of its events' subject to append each version of it at most once. */
export interface ChangeSubject<R extends ChangeRecord> {
  /** Names the subject in logs, e.g. `alert`. */
  name: string;
  /** The subject's id within its tenant. */
  id(event: NewChange<R>): string;
  /** ISO last-update time of the snapshot the event carries: the version `appendChange` orders by (null ⇒ oldest). */
  version(event: NewChange<R>): string | null;
  /**
   * The stored record of `event`, built as one object literal: the embedded log keeps one per change for the retention,
   * and a record assembled from the event (spread or `Object.assign`) spills fields past V8's first four into a
   * separate property array (40 bytes more per event).
   */
  record(event: NewChange<R>, cursor: string, at: string): R;
  /** Upgrades an event read back from storage (a snapshot written in an older shape); absent ⇒ as stored. */
  revive?(event: R): R;
}

export interface ChangeLog<R extends ChangeRecord> {
  /** Appends one event; returns it with its cursor. Trims to the retention (count and age). */
  append(event: NewChange<R>): Promise<R>;
  /**
   * Appends the event of one change at most once, atomically with the log's per-subject marker (the newest version
   * evented): returns null and appends nothing when the log already has an event of this or a newer version of the
   * subject; turns a CREATED into an UPDATED when it has an older one. So two writers racing on one change (a
   * replica presumed dead that was not, a retry after a crash between append and acknowledgement) append one event,
   * and a subject gets one CREATED. Markers live at least as long as the retention age (7 days minimum).
   */
  appendChange(event: NewChange<R>): Promise<R | null>;
  /**
   * Up to `limit` events strictly after `after` in log order (`after` null ⇒ from the oldest retained).
   * Throws `CursorExpiredError` when `after` is older than the retention, and `InvalidCursorError` when it is not
   * a cursor.
   */
  read(after: string | null, limit: number): Promise<R[]>;
  /** Cursor of the newest event, or null when the log is empty. */
  latestCursor(): Promise<string | null>;
  /**
   * Process-wide live feed: the listener gets every event appended from now on by any replica, in log order. One
   * blocking reader per process and log however many listeners (fan-out happens in memory). Returns the
   * unsubscribe function.
   */
  listen(listener: (event: R) => void): () => void;
}
