import type { FenceToken } from "../store.common.types.js";

/** The methods the alert index and the incident index share, over their own item, query and change types. */
export interface MirrorableIndex<T> {
  upsert(tenantId: string, items: readonly T[], opts?: { syncedAt?: string; fence?: FenceToken }): Promise<unknown[]>;
  claimPending(tenantId: string, opts: { limit: number; fence?: FenceToken }): Promise<unknown[]>;
  markEvented(tenantId: string, id: string, version: string | null): Promise<void>;
  get(tenantId: string, id: string): Promise<unknown>;
  getMany(keys: readonly { tenantId: string; id: string }[]): Promise<unknown[]>;
  query(q: never): Promise<unknown>;
  countOpenBySeverity(tenantId: string): Promise<Record<string, number>>;
  count(tenantId: string): Promise<number>;
}

export interface MirroredIndexParts<X extends MirrorableIndex<T>, T> {
  /** The source of truth (Redis): every write, and the reads until the mirror is built. */
  remote: X;
  /** The replica's copy (the embedded engine). */
  local: X;
  /** True once the mirror has been built: reads go to `local` from then on, whatever happens to Redis. */
  serving: () => boolean;
  /** Writes items into `local` by version (never older over newer), as the event feed does. */
  apply: (tenantId: string, items: readonly T[], syncedAt: string) => Promise<void>;
}

/**
 * An index whose writes go to Redis and whose reads are answered by the replica's mirror. A successful write is
 * applied to the mirror before it returns (read-your-writes on the replica that wrote); other replicas get it from
 * the event log. A write Redis refuses (stale fence, unavailable) never reaches the mirror. The sweep
 * (`claimPending`) and `markEvented` only touch Redis: what the sweep reports reaches every mirror as its event.
 */
export function mirroredIndex<X extends MirrorableIndex<T>, T>(parts: MirroredIndexParts<X, T>): X {
  const { remote, local, serving, apply } = parts;
  const read = <K extends "get" | "getMany" | "query" | "countOpenBySeverity" | "count">(k: K): X[K] =>
    ((...args: unknown[]) => {
      const from = serving() ? local : remote;
      return (from[k] as (...a: unknown[]) => unknown)(...args);
    }) as X[K];
  return {
    ...remote,
    async upsert(tenantId, items, opts = {}) {
      // One sync time for both copies, so the mirror's `syncedAt` is Redis's.
      const syncedAt = opts.syncedAt ?? new Date().toISOString();
      const changes = await remote.upsert(tenantId, items, { ...opts, syncedAt });
      await apply(tenantId, items, syncedAt);
      return changes;
    },
    get: read("get"),
    getMany: read("getMany"),
    query: read("query"),
    countOpenBySeverity: read("countOpenBySeverity"),
    count: read("count"),
  };
}
