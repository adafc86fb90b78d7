import { Redis } from "ioredis";
import { createSimulator, type Simulator } from "../../src/simulator/index.js";
import { remoteEnvFor, startGatewayProcess, userGrant, type GatewayProcess, type SeedGrant } from "../helpers/gateway.js";
import { waitFor } from "../helpers/wait.js";
import { pullAll, type SeenEvent } from "../subscriptions/live.helpers.js";

/**
 * A standalone simulator (in this process, over real HTTP/HTTPS) plus any number of gateway processes
 * in remote mode sharing one Redis under a unique key prefix.
 *
 * Users: `all` reads every tenant; `u<i>` reads tenant i only; `pair` reads tenants 0 and 1.
 */
export interface Cluster {
  sim: Simulator;
  tenants: string[];
  users: string[];
  /** Tenant ids a user may read. */
  readable(user: string): string[];
  token(user: string): Promise<string>;
  start(extraEnv?: Record<string, string>): Promise<GatewayProcess>;
  /**
   * Waits until `gw`'s pull feed has a CREATED event for every alert the simulator holds now (the first syncs
   * are done) and returns the feed's end cursor. A "listening" gateway may not have synced yet: a cursor taken
   * before that is null, and a subscriber starting from null gets live events only, not the first sync's.
   */
  synced(gw: GatewayProcess, timeoutMs?: number): Promise<string | null>;
  /** Kills the gateways, closes the simulator, deletes the Redis keys. */
  close(): Promise<void>;
}

export async function startCluster(opts: {
  redisUrl: string;
  tenantCount: number;
  env?: Record<string, string>;
  /** Seed grants beyond the TIER1 ones of the users above (e.g. a TIER2 user who may update alerts). */
  grants?: SeedGrant[];
}): Promise<Cluster> {
  const sim = await createSimulator({ tenantCount: opts.tenantCount, alertsPerTenant: 3, seed: 23 });
  // Polling every 200 ms for a minute would spend Defender's real budget (100/min): these tests are about fan-out.
  sim.control.setLimits({ perMinute: 1_000_000, perHour: 10_000_000 });
  sim.control.setGraphLimits({ perMinute: 1_000_000, perHour: 10_000_000 });
  const tenants = sim.tenants.map((t) => t.id);
  const prefix = `test:live:${process.pid}:${Date.now()}:`;
  const grants: Record<string, string[]> = {
    all: tenants,
    pair: tenants.slice(0, 2),
    ...Object.fromEntries(tenants.map((t, i) => [`u${i}`, [t]])),
  };
  const env: Record<string, string> = {
    ...remoteEnvFor(sim, [
      ...Object.entries(grants).flatMap(([user, ts]) => ts.map((tenantId) => userGrant(user, "TIER1_ANALYST", tenantId))),
      ...(opts.grants ?? []),
    ]),
    REDIS_URL: opts.redisUrl,
    REDIS_KEY_PREFIX: prefix,
    SYNC_POLL_INTERVAL_MS: "200",
    SYNC_OVERLAP_MS: "5000",
    UPSTREAM_BUDGET_PER_MINUTE: "1000000",
    UPSTREAM_BUDGET_PER_HOUR: "10000000",
    UPSTREAM_GRAPH_BUDGET_PER_MINUTE: "1000000",
    ...opts.env,
  };
  const started: GatewayProcess[] = [];
  const tokens = new Map<string, string>();
  const token = async (user: string) => {
    let t = tokens.get(user);
    if (!t) tokens.set(user, (t = await sim.mintUserToken({ user, expiresInSec: 3600 })));
    return t;
  };
  return {
    sim,
    tenants,
    users: Object.keys(grants),
    readable: (user) => grants[user] ?? [],
    token,
    async start(extraEnv = {}) {
      const gw = await startGatewayProcess({ ...env, ...extraEnv });
      started.push(gw);
      return gw;
    },
    async synced(gw, timeoutMs = 20_000) {
      const all = await token("all");
      const expected = tenants.flatMap((t) => sim.control.listAlerts(t).map((a) => a.id));
      let endCursor: string | null = null;
      await waitFor(
        async () => {
          const feed = await pullAll(gw.url, all);
          endCursor = feed.endCursor;
          const created = new Set(feed.events.filter((e) => e.kind === "CREATED").map((e) => e.alertId));
          return expected.every((id) => created.has(id));
        },
        { timeoutMs, intervalMs: 100, what: "the first syncs to reach the pull feed" },
      );
      return endCursor;
    },
    async close() {
      await Promise.all(started.map((g) => g.kill("SIGKILL")));
      await sim.close();
      const redis = new Redis(opts.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
      redis.on("error", () => {});
      try {
        await redis.connect();
        let cursor = "0";
        do {
          const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
          cursor = next;
          if (keys.length > 0) await redis.del(...keys);
        } while (cursor !== "0");
      } catch {
        /* the test's own Redis may be gone already */
      } finally {
        redis.disconnect();
      }
    },
  };
}

/** The replica id a gateway process logs with every line. */
export const replicaOf = (gw: GatewayProcess): string =>
  String((gw.logs.find((l) => l.msg === "gateway listening")?.replica as string | undefined) ?? "");

/** Tenants whose sync lease a gateway took, in order, with the time it logged it. */
export const leasesTaken = (gw: GatewayProcess) =>
  gw.logs.filter((l) => l.msg === "took the sync lease of a tenant").map((l) => ({ tenantId: String(l.tenantId), time: Number(l.time) }));

/**
 * Checks one subscriber's events against the log (the pull feed of the same user from the same
 * cursor) and the simulator's ground truth: exactly once, in log order, only readable tenants, every
 * alert the simulator holds for those tenants present with its latest state.
 */
export function checkAgainstTruth(cluster: Cluster, user: string, got: SeenEvent[], feed: SeenEvent[], createdIds: Set<string>) {
  const problems: string[] = [];
  const cursors = got.map((e) => e.cursor);
  if (new Set(cursors).size !== cursors.length) problems.push("duplicate events");
  const readable = new Set(cluster.readable(user));
  const foreign = got.filter((e) => !readable.has(e.tenantId));
  if (foreign.length > 0) problems.push(`${foreign.length} events of tenants ${user} may not read`);
  if (JSON.stringify(got) !== JSON.stringify(feed)) problems.push(`events differ from the log: got ${got.length}, log has ${feed.length}`);
  for (const tenantId of readable) {
    for (const truth of cluster.sim.control.listAlerts(tenantId)) {
      if (!createdIds.has(truth.id)) continue;
      const mine = got.filter((e) => e.alertId === truth.id);
      if (!mine.some((e) => e.kind === "CREATED")) problems.push(`no CREATED event for ${truth.id}`);
      const latest = mine.at(-1)?.lastUpdateTime;
      if (!latest || !truth.lastUpdateTime || Date.parse(latest) !== Date.parse(truth.lastUpdateTime))
        problems.push(`latest state of ${truth.id} missing (${mine.at(-1)?.lastUpdateTime} vs ${truth.lastUpdateTime})`);
    }
  }
  return problems;
}
