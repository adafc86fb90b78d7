import type { ChangeKind } from "./change-log.types.js";
import type { FenceToken, SortDirection } from "./store.common.types.js";

/**
 * A per-tenant index of versioned items (incidents; the alert index follows the same design in its own files) as
 * an engine plus a spec: the engine (`createMemorySortedIndex`, `createRedisSortedIndex`) keeps items sorted by two
 * time keys, compare-and-sets on the last-update time key, claims reported changes for exactly-once events, counts
 * open items and serves keyset pages by a k-way merge across tenants; the spec says what an item's id, facets,
 * filter and open state are, and how the index's public types wrap an item.
 */

/** The two time keys (`timeKey`) every item's facets carry; `updated` is its version. */
export interface TimeFacets {
  updated: string | null;
  created: string | null;
}

/** A spec's sort field: which time key it orders by, and the cursor code naming index and field (unique per index). */
export interface SortOrder {
  by: "updated" | "created";
  code: string;
}

export interface SortedIndexSpec<T, F extends TimeFacets, Filter extends { tenantIds: readonly string[] }, Field extends string, I, C> {
  /** Names the items in errors and logs, e.g. `incident`. */
  name: string;
  id(item: T): string;
  /** Derived once per write and stored beside the item (JSON-safe): all a filter reads. */
  facets(item: T): F;
  /** Key the item counts under in `countOpenBySeverity`, or null when it is not open. */
  openKey(item: T): string | null;
  /** Everything in the filter but `tenantIds`, as a predicate; throws `InvalidQueryError` for a bad bound. */
  compile(filter: Filter): (facets: F) => boolean;
  orders: Readonly<Record<Field, SortOrder>>;
  /** The index's stored item type (`IndexedIncident`). */
  wrap(tenantId: string, item: T, syncedAt: string): I;
  /** The index's change type (`IncidentChange`). */
  change(kind: ChangeKind, tenantId: string, item: T): C;
}

export interface SortedQuery<Filter, Field> {
  filter: Filter;
  orderBy: { field: Field; direction: SortDirection };
  first: number;
  after?: string;
}

export interface SortedPage<I> {
  items: I[];
  cursors: string[];
  totalCount: number;
  hasNextPage: boolean;
}

/** The engine's contract; an index's public contract (`IncidentIndex`) is this with its types filled in. */
export interface SortedIndex<T, Filter, Field, I, C> {
  upsert(tenantId: string, items: readonly T[], opts?: { syncedAt?: string; fence?: FenceToken }): Promise<C[]>;
  claimPending(tenantId: string, opts: { limit: number; fence?: FenceToken }): Promise<C[]>;
  markEvented(tenantId: string, id: string, version: string | null): Promise<void>;
  get(tenantId: string, id: string): Promise<I | null>;
  getMany(keys: readonly { tenantId: string; id: string }[]): Promise<(I | null)[]>;
  query(q: SortedQuery<Filter, Field>): Promise<SortedPage<I>>;
  countOpenBySeverity(tenantId: string): Promise<Record<string, number>>;
  count(tenantId: string): Promise<number>;
}

const narrowing = (f: object) =>
  Object.entries(f)
    .filter(([k, v]) => k !== "tenantIds" && v !== undefined && v !== null)
    .sort(([a], [b]) => (a < b ? -1 : 1));

/** True when the filter narrows more than the tenant list (so counts need a scan). */
export const narrowsBeyondTenants = (f: object): boolean => narrowing(f).length > 0;

/** Identity of a filter apart from its tenants (the key of cached counts). */
export const filterIdentity = (f: object): string => JSON.stringify(narrowing(f));
