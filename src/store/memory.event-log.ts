import type { Logger } from "../logger.js";
import { timeKey, ZERO_TIME_KEY } from "./alert-query.js";
import type { ChangeLog, ChangeRecord, ChangeSubject, NewChange } from "./change-log.types.js";
import { CursorExpiredError } from "./store.errors.js";
import { compareCursors, parseCursor } from "./cursor.js";
import { alertEvents } from "./event-subjects.js";
import type { AlertEventRecord, EventLog } from "./store.types.js";

export interface EventLogRetention {
  /** Events kept, newest first. Default 100,000. */
  maxLen?: number;
  /** Events older than this are dropped, ms. Default 24 h. */
  maxAgeMs?: number;
}

/** The embedded alert event log (see `createMemoryChangeLog`). */
export function createMemoryEventLog(retention: EventLogRetention = {}, logger?: Logger): EventLog {
  return createMemoryChangeLog<AlertEventRecord>(alertEvents, retention, logger);
}

/**
 * The embedded event log of one subject kind: an in-order buffer trimmed by count and age (amortised O(1) per
 * append), cursors in Redis Streams format (`<ms>-<seq>`, strictly increasing even when the clock stalls).
 * Listeners are called synchronously from `append`, in log order. Not persisted.
 */
export function createMemoryChangeLog<R extends ChangeRecord>(
  subject: ChangeSubject<R>,
  retention: EventLogRetention = {},
  logger?: Logger,
): ChangeLog<R> {
  const maxLen = retention.maxLen ?? 100_000;
  const maxAgeMs = retention.maxAgeMs ?? 24 * 3_600_000;
  let events: R[] = [];
  let head = 0; // index of the oldest retained event (compacted lazily)
  let lastMs = 0;
  let seq = 0;
  /** `at` of the events appended in the millisecond `lastMs`: one string for all of them (a backfill appends thousands per ms). */
  let lastAt = "";
  let trimmedThrough: string | null = null;
  const listeners = new Set<(e: R) => void>();
  /**
   * tenant → subject id → time key of the newest version evented (what makes appendChange idempotent). Nested rather
   * than keyed by `<tenant> <id>`: one such string per alert was a tenth of an indexed alert's memory.
   */
  const markers = new Map<string, Map<string, string>>();

  const trim = (now: number) => {
    while (events.length - head > maxLen || (head < events.length && now - parseCursor(events[head].cursor)[0] > maxAgeMs)) {
      trimmedThrough = events[head].cursor;
      head++;
    }
    if (head > 1_024 && head * 2 > events.length) {
      events = events.slice(head);
      head = 0;
    }
  };

  /** Index of the first retained event with cursor > after. */
  const firstAfter = (after: string): number => {
    let lo = head;
    let hi = events.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareCursors(events[mid].cursor, after) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  const append = (event: NewChange<R>): R => {
    const now = Date.now();
    if (now > lastMs) {
      lastMs = now;
      seq = 0;
      lastAt = new Date(now).toISOString();
    } else seq++;
    // one literal per record (see ChangeSubject.record): a spread with more fields was ~10× slower, Object.assign larger
    const record = subject.record(event, `${lastMs}-${seq}`, now === lastMs ? lastAt : new Date(now).toISOString());
    events.push(record);
    trim(now);
    // A throwing listener must neither fail the append (the event is already logged) nor starve the others.
    for (const l of listeners) {
      try {
        l(record);
      } catch (e) {
        logger?.error({ err: e, cursor: record.cursor }, `${subject.name} event listener threw`);
      }
    }
    return record;
  };

  return {
    append: async (event) => append(event),
    async appendChange(event) {
      let mine = markers.get(event.tenantId);
      if (!mine) markers.set(event.tenantId, (mine = new Map<string, string>()));
      const id = subject.id(event);
      const version = timeKey(subject.version(event)) ?? ZERO_TIME_KEY;
      const prev = mine.get(id);
      if (prev !== undefined && version <= prev) return null;
      mine.set(id, version);
      return append(prev === undefined ? event : { ...event, kind: "UPDATED" });
    },
    async read(after, limit) {
      trim(Date.now());
      if (after !== null) {
        parseCursor(after);
        if (trimmedThrough && compareCursors(after, trimmedThrough) < 0) throw new CursorExpiredError(after);
      }
      const start = after === null ? head : firstAfter(after);
      return events.slice(start, start + Math.max(0, limit));
    },
    async latestCursor() {
      return events.length > head ? events[events.length - 1].cursor : null;
    },
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
