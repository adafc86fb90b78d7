import type { ActiveGrant, GrantSource } from "../../auth/roles.js";
import type { DocumentStore } from "../../store/store.types.js";
import { GRANTS_COLLECTION, type GrantRecord, type GrantSeed, isActive, seedRecords } from "./access-grant.record.js";

/** Where authorization reads grants from: config seeds plus the stored grants, briefly cached. */
export interface AccessGrantSource extends GrantSource {
  /** The config seeds as grant records (`*` expanded to every registered tenant). */
  seeds(): readonly GrantRecord[];
  /** Drops the cache, so this replica applies its own writes at once (others within `cacheTtlMs`). */
  invalidate(): void;
}

export interface AccessGrantSourceOptions {
  documents: DocumentStore;
  /** Grants from config (bootstrap); always active, never stored, cannot be revoked through the API. */
  seeds: readonly GrantSeed[];
  /** Ids of the registered tenants, for `*` seeds. */
  tenantIds(): readonly string[];
  /**
   * How long the stored grants are reused before being read again, in ms. Default 1000: a grant change
   * applies on every replica within about a second (the contract is ≤ 2 s). 0 disables the cache.
   */
  cacheTtlMs?: number;
  /** Clock, epoch ms (tests). Default `Date.now`. */
  now?: () => number;
}

/**
 * Grant source backed by the DocumentStore. Expiry is evaluated on every call against the cached records,
 * so a grant stops authorizing the moment it expires, whatever the cache age. A failing store read
 * fails the call (authorization fails closed); failures are not cached.
 */
export function createAccessGrantSource(opts: AccessGrantSourceOptions): AccessGrantSource {
  const now = opts.now ?? Date.now;
  const ttl = opts.cacheTtlMs ?? 1_000;
  const startedAt = new Date(now()).toISOString();
  let seedCache: { ids: readonly string[]; records: GrantRecord[] } | null = null;
  let cache: { at: number; records: Promise<GrantRecord[]> } | null = null;
  /** The last answer of `activeGrants`, valid for these inputs from `from` until (before) `until`. */
  let active: {
    seeds: readonly GrantRecord[];
    records: readonly GrantRecord[];
    from: number;
    until: number;
    grants: readonly ActiveGrant[];
  } | null = null;

  const seeds = (): GrantRecord[] => {
    const ids = opts.tenantIds();
    if (seedCache?.ids !== ids) seedCache = { ids, records: seedRecords(opts.seeds, ids, startedAt) };
    return seedCache.records;
  };

  const stored = (): Promise<GrantRecord[]> => {
    const t = now();
    if (cache && t - cache.at < ttl) return cache.records;
    const entry = {
      at: t,
      records: opts.documents.list<GrantRecord>(GRANTS_COLLECTION).then((docs) => docs.map((d) => d.value)),
    };
    entry.records.catch(() => {
      if (cache === entry) cache = null;
    });
    cache = entry;
    return entry.records;
  };

  return {
    seeds,
    invalidate() {
      cache = null;
    },
    async activeGrants(): Promise<readonly ActiveGrant[]> {
      const records = await stored();
      const t = now();
      const s = seeds();
      // Every request asks; the answer only changes with the records, the seeds, or when a grant lapses.
      if (active && active.seeds === s && active.records === records && t >= active.from && t < active.until) return active.grants;
      const grants = Object.freeze(
        [...s, ...records]
          .filter((g) => isActive(g, t))
          .map((g) =>
            Object.freeze({ tenantId: g.tenantId, subject: Object.freeze({ kind: g.subject.kind, id: g.subject.id }), role: g.role }),
          ),
      );
      active = { seeds: s, records, from: t, until: Math.min(nextLapse(s, t), nextLapse(records, t)), grants };
      return grants;
    },
  };
}

/** The first time after `t` at which one of these grants lapses (`isLapsed`), or Infinity. */
function nextLapse(records: readonly GrantRecord[], t: number): number {
  let until = Infinity;
  for (const g of records) {
    if (g.status !== "APPROVED" || g.expiresAt === null) continue;
    const at = Date.parse(g.expiresAt);
    if (at > t && at < until) until = at;
  }
  return until;
}
