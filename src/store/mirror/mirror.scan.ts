import type { Redis } from "ioredis";

/** One stored item with the time the gateway last synced it, as a rebuild reads it from Redis. */
export interface ScannedItem<T> {
  item: T;
  syncedAt: string;
}

/** Fields per HSCAN round trip: big enough to amortize the round trip, small enough to stay far below the command timeout. */
const SCAN_COUNT = 1_000;

const globEscape = (s: string) => s.replace(/[*?[\]\\]/g, (c) => `\\${c}`);

/**
 * The tenants that have a key shaped `<prefix>{t:<tenantId>}<suffix>` (e.g. suffix `:alerts`), by SCAN: the store
 * keeps no tenant list of its own, and the tenant registry may lag behind what other replicas indexed. On a
 * Redis Cluster every master is scanned.
 */
export async function scanTenants(redis: Redis, prefix: string, suffix: string): Promise<string[]> {
  const head = `${prefix}{t:`;
  const tail = `}${suffix}`;
  const nodes = (redis as unknown as { nodes?: (role: string) => Redis[] }).nodes?.("master") ?? [redis];
  const found = new Set<string>();
  for (const node of nodes) {
    let cursor = "0";
    do {
      const [next, keys] = await node.scan(cursor, "MATCH", `${globEscape(head)}*${globEscape(tail)}`, "COUNT", SCAN_COUNT);
      cursor = next;
      for (const k of keys) if (k.startsWith(head) && k.endsWith(tail)) found.add(k.slice(head.length, k.length - tail.length));
    } while (cursor !== "0");
  }
  return [...found];
}

/**
 * Every item of one tenant's index hash (`items`: id → JSON) with its synced time (`synced`: id → ISO), read in
 * HSCAN chunks so no single reply is huge and no command comes near the command timeout. Items written while the
 * scan runs may or may not be seen: the caller follows the event log from a cursor taken before the scan.
 */
export async function scanTenantItems<T>(
  redis: Redis,
  keys: { items: string; synced: string },
  parse: (json: string) => T,
): Promise<ScannedItem<T>[]> {
  const synced = await redis.hgetall(keys.synced);
  const out: ScannedItem<T>[] = [];
  const epoch = new Date(0).toISOString();
  let cursor = "0";
  do {
    const [next, flat] = await redis.hscan(keys.items, cursor, "COUNT", SCAN_COUNT);
    cursor = next;
    for (let i = 0; i < flat.length; i += 2) out.push({ item: parse(flat[i + 1]), syncedAt: synced[flat[i]] ?? epoch });
  } while (cursor !== "0");
  return out;
}

/** Runs `task` over `items` with at most `limit` running at once (a rebuild pipelines a few tenants, not all of them). */
export async function forEachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
