import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GatewayProcess } from "../helpers/gateway.js";
import { waitFor } from "../helpers/wait.js";
import { pullAll, WsSubscriber } from "../subscriptions/live.helpers.js";
import { startRedisServer } from "../helpers/redis.js";
import { checkAgainstTruth, startCluster, type Cluster } from "./cluster.helpers.js";

const OUTAGE_MS = 5_000;

/**
 * Two replicas on a private redis-server that is frozen (SIGSTOP) for 5 s while alerts keep arriving
 * upstream: the gateways stay up, and afterwards every subscriber has the full sequence.
 */
describe("a 5 s Redis outage", () => {
  let redis: Awaited<ReturnType<typeof startRedisServer>>;
  let cluster: Cluster;
  let gws: GatewayProcess[];
  const subs: { user: string; sub: WsSubscriber; gw: GatewayProcess }[] = [];
  const created = new Set<string>();

  beforeAll(async () => {
    redis = await startRedisServer();
    cluster = await startCluster({ redisUrl: redis.url, tenantCount: 3, env: { SYNC_LEASE_MS: "3000" } });
    gws = await Promise.all([cluster.start(), cluster.start()]);
  }, 90_000);
  afterAll(async () => {
    redis?.process.kill("SIGCONT");
    await Promise.all(subs.map((s) => s.sub.stop()));
    await cluster?.close();
    await redis?.stop();
  });

  it("loses nothing: after Redis returns, every subscriber has every event, matching the simulator", async () => {
    const endCursor = await cluster.synced(gws[0]);
    for (let i = 0; i < 40; i++) {
      const user = cluster.users[i % cluster.users.length];
      const gw = gws[i % 2];
      subs.push({ user, gw, sub: new WsSubscriber(() => cluster.token(user)).start(gw.url, endCursor) });
    }
    const produce = (n: number) => {
      for (let i = 0; i < n; i++)
        created.add(cluster.sim.control.createAlert(cluster.tenants[i % cluster.tenants.length], { title: `outage ${created.size}` }).id);
    };
    produce(6);
    await waitFor(() => subs.every((s) => s.sub.events.length > 0 || cluster.readable(s.user).length === 0), {
      timeoutMs: 15_000,
      what: "first events",
    });

    redis.process.kill("SIGSTOP");
    const resumeAt = Date.now() + OUTAGE_MS;
    produce(9); // arrive upstream while Redis is frozen
    await waitFor(() => Date.now() >= resumeAt, { timeoutMs: OUTAGE_MS + 1_000, intervalMs: 100, what: "the outage to last 5 s" });
    redis.process.kill("SIGCONT");
    produce(6);

    let problems: string[] = [];
    await waitFor(
      async () => {
        const feeds = new Map<string, Awaited<ReturnType<typeof pullAll>>["events"]>();
        for (const user of cluster.users)
          feeds.set(user, (await pullAll(gws[0].url, await cluster.token(user), { after: endCursor })).events);
        problems = subs.flatMap((s, i) => {
          // A client whose socket dropped during the outage resumes from its cursor, as real clients do.
          if (s.sub.errors.length > 0 || s.sub.closes.length > 0) {
            s.sub.errors.length = 0;
            s.sub.closes.length = 0;
            s.sub.resume(s.gw.url);
          }
          return checkAgainstTruth(cluster, s.user, s.sub.events, feeds.get(s.user)!, created).map((p) => `#${i} ${s.user}: ${p}`);
        });
        return problems.length === 0;
      },
      { timeoutMs: 30_000, intervalMs: 300, what: "every subscriber to catch up" },
    ).catch((e) => {
      const state = gws.map((gw, i) => {
        const last = gw.logs.slice(-3).map((l) => JSON.stringify(l).slice(0, 600));
        return `gateway ${i}: exit ${gw.child.exitCode ?? gw.child.signalCode ?? "none"}\n${last.join("\n")}\n${gw.stderr().slice(-2000)}`;
      });
      throw new Error(`${(e as Error).message}\n${problems.slice(0, 10).join("\n")}\n${state.join("\n")}`);
    });
    for (const gw of gws) expect(gw.child.exitCode).toBeNull();
  }, 90_000);
});
