import { conflict } from "../../src/errors/errors.js";
import type { AlertEventRecord, DocumentStore, EventLog, NewAlertEvent, Versioned } from "../../src/store/store.types.js";

/** Minimal in-memory DocumentStore with the contract's CAS and claim semantics (unit tests only). */
export function fakeDocuments(): DocumentStore {
  const data = new Map<string, Map<string, Versioned<unknown>>>();
  const claims = new Map<string, number>();
  const coll = (c: string) => data.get(c) ?? data.set(c, new Map()).get(c)!;
  const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));
  return {
    async get<T>(c: string, id: string) {
      const d = coll(c).get(id);
      return d ? (clone(d) as Versioned<T>) : null;
    },
    async list<T>(c: string) {
      return [...coll(c).values()].map((d) => clone(d) as Versioned<T>);
    },
    async put<T>(c: string, id: string, value: T, expectedVersion?: number) {
      const cur = coll(c).get(id);
      if (expectedVersion !== undefined && (cur?.version ?? 0) !== expectedVersion) throw conflict(`${c}/${id} changed`);
      const version = (cur?.version ?? 0) + 1;
      coll(c).set(id, { value: clone(value), version });
      return version;
    },
    async delete(c: string, id: string) {
      return coll(c).delete(id);
    },
    async claim(key: string, ttlMs: number) {
      const until = claims.get(key);
      if (until !== undefined && until > Date.now()) return false;
      claims.set(key, Date.now() + ttlMs);
      return true;
    },
  };
}

/** Minimal in-memory EventLog (unit tests only). */
export function fakeEventLog(): EventLog {
  const events: AlertEventRecord[] = [];
  const listeners = new Set<(e: AlertEventRecord) => void>();
  let seq = 0;
  return {
    async append(e: NewAlertEvent) {
      const rec = { ...e, cursor: `${Date.now()}-${seq++}`, at: new Date().toISOString() };
      events.push(rec);
      for (const l of listeners) l(rec);
      return rec;
    },
    async read(after, limit) {
      const i = after === null ? 0 : events.findIndex((e) => e.cursor === after) + 1;
      return events.slice(i, i + limit);
    },
    async latestCursor() {
      return events.at(-1)?.cursor ?? null;
    },
    listen(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}
