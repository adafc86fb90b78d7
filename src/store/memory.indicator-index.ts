import {
  contributionOf,
  querySharedIndicators,
  sharedMember,
  type Contribution,
  type IndicatorRows,
  type StoredStats,
} from "./indicator-query.js";
import type { IndicatorIndex } from "./indicator.types.js";

/** First index whose value is ≥ `v` in an ascending array. */
function lowerBound(arr: readonly string[], v: string): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The embedded shared-indicator aggregate (see `indicator-query.ts` for the layout, which the Redis one mirrors key
 * for key). Writes run synchronously inside one call, so each is atomic; shared lists are arrays kept sorted.
 */
export function createMemoryIndicatorIndex(): IndicatorIndex {
  const contributions = new Map<string, Map<string, Contribution>>();
  /** token → tenant → stats. */
  const stats = new Map<string, Map<string, StoredStats>>();
  /** tenant → ascending shared-list members. */
  const shared = new Map<string, string[]>();

  const listOf = (tenantId: string) => {
    let l = shared.get(tenantId);
    if (!l) shared.set(tenantId, (l = []));
    return l;
  };
  const share = (tenantId: string, member: string) => {
    const l = listOf(tenantId);
    const i = lowerBound(l, member);
    if (l[i] !== member) l.splice(i, 0, member);
  };
  const unshare = (tenantId: string, member: string) => {
    const l = shared.get(tenantId);
    if (!l) return;
    const i = lowerBound(l, member);
    if (l[i] === member) l.splice(i, 1);
  };

  /**
   * One token's stats at one tenant: an alert of `removeSev` leaves, one of `addSev` seen at `seen` arrives. Changed in
   * place (a write is one synchronous call); readers get copies (`rows.stats`).
   */
  const change = (tenantId: string, token: string, removeSev: string | null, addSev: string | null, seen: string) => {
    let byTenant = stats.get(token);
    const prev = byTenant?.get(tenantId);
    if (!prev && addSev === null) return;
    const prevLast = prev?.l;
    const s: StoredStats = prev ?? { tenantId, f: seen, l: seen, n: 0, s: {} };
    if (removeSev !== null) {
      s.n--;
      const left = (s.s[removeSev] ?? 0) - 1;
      if (left > 0) s.s[removeSev] = left;
      else delete s.s[removeSev];
    }
    if (addSev !== null) {
      s.n++;
      s.s[addSev] = (s.s[addSev] ?? 0) + 1;
      if (seen < s.f) s.f = seen;
      if (seen > s.l) s.l = seen;
    }
    if (!byTenant) stats.set(token, (byTenant = new Map<string, StoredStats>()));
    // Listed by last-seen time: moved only when that time changes (or the token stops being shared, below).
    if (prev && (s.n <= 0 || prevLast !== s.l)) unshare(tenantId, sharedMember(prevLast!, token));
    if (s.n <= 0) {
      byTenant.delete(tenantId);
      if (byTenant.size === 0) stats.delete(token);
      // The one tenant left no longer shares it with anyone.
      if (byTenant.size === 1) for (const other of byTenant.values()) unshare(other.tenantId, sharedMember(other.l, token));
      return;
    }
    byTenant.set(tenantId, s);
    if (byTenant.size < 2) return;
    if (!prev || prevLast !== s.l) share(tenantId, sharedMember(s.l, token));
    if (!prev && byTenant.size === 2)
      for (const other of byTenant.values()) if (other.tenantId !== tenantId) share(other.tenantId, sharedMember(other.l, token));
  };

  const rows: IndicatorRows = {
    async shared(tenantId, below, limit) {
      const l = shared.get(tenantId) ?? [];
      const end = below === null ? l.length : lowerBound(l, below);
      return l.slice(Math.max(0, end - limit), end).reverse();
    },
    async stats(tokens) {
      // copies: the stored stats change in place on later writes
      return new Map(tokens.map((t) => [t, [...(stats.get(t)?.values() ?? [])].map((x) => ({ ...x, s: { ...x.s } }))]));
    },
  };

  return {
    async record(tenantId, alerts) {
      let mine = contributions.get(tenantId);
      if (!mine) contributions.set(tenantId, (mine = new Map<string, Contribution>()));
      for (const alert of alerts) {
        const next = contributionOf(alert);
        const prev = mine.get(alert.id);
        if (!prev) {
          for (const token of next.k) change(tenantId, token, null, next.s, next.t);
          mine.set(alert.id, next);
          continue;
        }
        if (next.v < prev.v) continue;
        const kept = new Set(next.k);
        const had = new Set(prev.k);
        for (const token of prev.k) if (!kept.has(token)) change(tenantId, token, prev.s, null, next.t);
        for (const token of next.k) change(tenantId, token, had.has(token) ? prev.s : null, next.s, next.t);
        mine.set(alert.id, next);
      }
    },
    query: (q) => querySharedIndicators(rows, q),
  };
}
