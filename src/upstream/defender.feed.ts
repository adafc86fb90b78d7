import type { DefenderClient } from "./defender.client.js";
import { odataDateTime } from "./defender.odata.js";
import type { DefenderAlert } from "./defender.types.js";
import { PageTimeoutError } from "./upstream.errors.js";
import type { ChangeFeed, ChangedSinceQuery } from "./upstream.types.js";

export interface DefenderFeedOptions {
  /** `$top` when the query names none. Default 10,000 (the API's maximum). */
  pageSize?: number;
  /** Smallest page a timeout may shrink to; at this size a timeout is an outage like any other. Default 100. */
  minPageSize?: number;
  /** Told when a page shrinks or the window has to step over one instant. */
  logger?: { warn(obj: Record<string, unknown>, msg: string): void };
}

/** The legacy API's `$top` ceiling. */
const MAX_TOP = 10_000;

const updatedMs = (a: DefenderAlert) => (a.lastUpdateTime ? Date.parse(a.lastUpdateTime) : NaN);
const key = (a: DefenderAlert) => `${a.id}\u0000${a.lastUpdateTime ?? ""}`;

/**
 * Legacy alerts changed since a time, without `$skip`: the API has no `@odata.nextLink` and `$skip` over a result
 * that changes between calls skips or repeats alerts. Instead a window `lastUpdateTime ge <from>`, ordered ascending,
 * whose start advances to the newest `lastUpdateTime` of each full page. `ge` (not `gt`) re-reads the boundary
 * instant, so alerts sharing the boundary timestamp across a page break are never lost; the ones already yielded
 * are dropped here. A full page that is all one instant doubles `$top` (up to 10,000) to get past it.
 * A page that times out halves `$top` (down to `minPageSize`) instead of counting against the breaker.
 */
export function createDefenderAlertFeed(client: DefenderClient, opts: DefenderFeedOptions = {}): ChangeFeed<DefenderAlert> {
  const minPageSize = Math.max(1, opts.minPageSize ?? 100);
  return {
    id: (a) => a.id,
    updatedAt: (a) => a.lastUpdateTime,
    changedSince: (tenantId, q) =>
      windows(client, tenantId, q, Math.min(MAX_TOP, Math.max(1, q.pageSize ?? opts.pageSize ?? MAX_TOP)), minPageSize, opts.logger),
  };
}

async function* windows(
  client: DefenderClient,
  tenantId: string,
  q: ChangedSinceQuery,
  startTop: number,
  minPageSize: number,
  logger: DefenderFeedOptions["logger"],
): AsyncIterable<DefenderAlert[]> {
  let from = q.sinceMs;
  let top = startTop;
  // alerts already yielded whose lastUpdateTime equals `from`: the next window reads them again
  let boundary = new Set<string>();
  // outside the loop and cleared at its start: a suspended generator can keep its variables (page.stream.ts)
  let page: DefenderAlert[] | undefined;
  let fresh: DefenderAlert[] | undefined;
  for (;;) {
    // eslint-disable-next-line no-useless-assignment -- let go before the next request's await
    page = fresh = undefined;
    try {
      page = await client.listAlerts(
        tenantId,
        {
          filter: `lastUpdateTime ge ${odataDateTime(from)}`,
          top,
          orderBy: "lastUpdateTime asc",
          expandEvidence: true,
          shrinkOnTimeout: top > minPageSize,
        },
        q.priority ?? "sync",
      );
    } catch (e) {
      if (e instanceof PageTimeoutError && top > minPageSize) {
        const smaller = Math.max(minPageSize, Math.floor(top / 2));
        logger?.warn({ tenantId, from: odataDateTime(from), top, next: smaller }, "legacy alert page timed out; asking for a smaller page");
        top = smaller;
        continue;
      }
      throw e;
    }
    fresh = page.filter((a) => !boundary.has(key(a)));
    if (fresh.length > 0) yield fresh;
    if (page.length < top) return;

    let newest = -Infinity;
    for (const a of page) if (updatedMs(a) > newest) newest = updatedMs(a);
    if (newest > from) {
      from = newest;
      boundary = new Set(page.filter((a) => updatedMs(a) === newest).map(key));
      continue;
    }
    // A full page, all at the instant `from`: `ge from` cannot move on. Ask for more at once, else step over it.
    for (const a of page) boundary.add(key(a));
    if (top < MAX_TOP) {
      top = Math.min(MAX_TOP, top * 2);
      continue;
    }
    logger?.warn(
      { tenantId, at: odataDateTime(from), top },
      "more legacy alerts share one lastUpdateTime than fit a page; stepping past that instant",
    );
    from += 1;
    boundary = new Set();
  }
}
