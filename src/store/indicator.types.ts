import type { SecurityAlert } from "../upstream/upstream.types.js";
import type { SharedIndicatorKind } from "./indicator.tokens.js";

export type { SharedIndicatorKind } from "./indicator.tokens.js";

/**
 * The shared-indicator aggregate: for every indicator token (see `sharedIndicatorTokens`) and every tenant whose
 * alerts carry it, when it was first and last seen there, by how many alerts, of which severities. Maintained on
 * every alert write (`recordAlertChanges`), so reads never scan alerts.
 */

/** One tenant's history with one indicator. */
export interface IndicatorTenantStats {
  tenantId: string;
  /**
   * ISO times: the earliest and latest `createdDateTime` of the tenant's alerts that carried the indicator. Not moved
   * back when an alert later drops the indicator from its evidence (the indicator *was* seen then).
   */
  firstSeen: string;
  lastSeen: string;
  /** Alerts of the tenant whose current version carries the indicator. */
  alertCount: number;
  /** Those alerts per gateway severity (`HIGH`…, `UNKNOWN` for a missing one); only counts above 0. */
  severities: Record<string, number>;
}

/** One indicator with the tenants of the query that saw it (never another tenant, not even as a count). */
export interface SharedIndicatorRecord {
  /** The indicator token, e.g. `sha256:<hex>`, `ip:203.0.113.7`, `domain:contoso.com`, `detector:<id>`. */
  token: string;
  kind: SharedIndicatorKind;
  /** The token without its kind prefix. */
  value: string;
  /** The tenants that count, latest `lastSeen` first (then by tenant id). */
  tenants: IndicatorTenantStats[];
  /** Over `tenants`: earliest firstSeen, latest lastSeen, summed alert counts and severities. */
  firstSeen: string;
  lastSeen: string;
  alertCount: number;
  severities: Record<string, number>;
}

export interface SharedIndicatorQuery {
  /** The tenants the caller may read (∩ the requested ones). Only these count and appear; empty ⇒ empty page. */
  tenantIds: readonly string[];
  /** Fewest of `tenantIds` that must have seen an indicator, ≥ 2 (callers validate). */
  minTenants: number;
  /** Only these kinds; absent ⇒ all. */
  kinds?: readonly SharedIndicatorKind[];
  /**
   * ISO bounds of the time window, inclusive. A tenant counts when it saw the indicator in the window as far as its
   * first/last seen tell: `lastSeen ≥ seenSince` and `firstSeen ≤ seenUntil` (exact with one bound; with both, its
   * first–last span overlaps the window). An unparsable bound throws `InvalidQueryError`.
   */
  seenSince?: string;
  seenUntil?: string;
  /** Page size, ≥ 1 (callers cap it). */
  first: number;
  /**
   * Keyset cursor from a previous page (order: the counting tenants' latest lastSeen, newest first, then token).
   * Indicators arriving while a client pages never shift others between pages. Malformed ⇒ `InvalidCursorError`.
   */
  after?: string;
}

export interface SharedIndicatorPage {
  items: SharedIndicatorRecord[];
  /** `cursors[i]` is the cursor of `items[i]`. */
  cursors: string[];
  hasNextPage: boolean;
}

export interface IndicatorIndex {
  /**
   * Applies the current versions of a tenant's alerts to the aggregate: each alert's indicators are counted once
   * whatever the number of its versions, an indicator its newer version lacks is uncounted, a changed severity moves.
   * Idempotent, and a version older than the one applied (by `lastUpdateDateTime`) is ignored, so replays, overlaps
   * and racing writers converge on the newest version. Each alert is applied atomically (Redis applies a call in steps
   * of up to 100 alerts). Throws what the store throws; what was applied stays, and applying it again is harmless.
   */
  record(tenantId: string, alerts: readonly SecurityAlert[]): Promise<void>;
  /** A page of indicators seen by at least `minTenants` of `tenantIds`. */
  query(q: SharedIndicatorQuery): Promise<SharedIndicatorPage>;
}
