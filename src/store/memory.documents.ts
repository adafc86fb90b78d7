import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { VersionConflictError } from "./store.errors.js";
import type { DocumentStore, Versioned } from "./store.types.js";

/**
 * Documents in memory, written through to `dataFile` (JSON, atomic tmp+rename) when set, so grants and
 * rules survive a restart of the embedded gateway. A corrupt file fails the start loudly rather than
 * silently starting empty.
 */
export function createMemoryDocuments(dataFile: string | null): DocumentStore {
  const collections = new Map<string, Map<string, Versioned<unknown>>>();
  const claims = new Map<string, number>();

  if (dataFile) {
    let raw: string | null = null;
    try {
      raw = readFileSync(dataFile, "utf8");
    } catch {
      /* first start: no file yet */
    }
    if (raw) {
      const parsed = JSON.parse(raw) as { collections?: Record<string, Record<string, Versioned<unknown>>> };
      for (const [name, docs] of Object.entries(parsed.collections ?? {})) collections.set(name, new Map(Object.entries(docs)));
    }
  }

  const persist = () => {
    if (!dataFile) return;
    const out: Record<string, Record<string, Versioned<unknown>>> = {};
    for (const [name, docs] of collections) out[name] = Object.fromEntries(docs);
    mkdirSync(dirname(dataFile), { recursive: true });
    const tmp = `${dataFile}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: 1, collections: out }));
    renameSync(tmp, dataFile);
  };
  const coll = (name: string) => {
    let c = collections.get(name);
    if (!c) collections.set(name, (c = new Map<string, Versioned<unknown>>()));
    return c;
  };
  // Callers get copies: mutating a returned document must not change the store behind the CAS.
  const copy = <T>(v: Versioned<unknown>): Versioned<T> => ({ value: structuredClone(v.value) as T, version: v.version });

  return {
    async get<T>(collection: string, id: string) {
      const v = collections.get(collection)?.get(id);
      return v ? copy<T>(v) : null;
    },
    async list<T>(collection: string) {
      return [...(collections.get(collection)?.values() ?? [])].map((v) => copy<T>(v));
    },
    async put<T>(collection: string, id: string, value: T, expectedVersion?: number) {
      const c = coll(collection);
      const current = c.get(id)?.version ?? 0;
      if (expectedVersion !== undefined && expectedVersion !== current)
        throw new VersionConflictError(collection, id, expectedVersion, current);
      const version = current + 1;
      c.set(id, { value: structuredClone(value), version });
      persist();
      return version;
    },
    async delete(collection, id) {
      const removed = collections.get(collection)?.delete(id) ?? false;
      if (removed) persist();
      return removed;
    },
    async claim(key, ttlMs) {
      const now = Date.now();
      const until = claims.get(key);
      if (until !== undefined && until > now) return false;
      claims.set(key, now + ttlMs);
      if (claims.size > 100_000) for (const [k, t] of claims) if (t <= now) claims.delete(k);
      return true;
    },
  };
}
