import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CloseCode } from "../../src/transport/transport.constants.js";
import type { GatewayProcess } from "../helpers/gateway.js";
import { waitFor } from "../helpers/wait.js";
import { pullAll, WsSubscriber } from "../subscriptions/live.helpers.js";
import { checkAgainstTruth, leasesTaken, startCluster, type Cluster } from "./cluster.helpers.js";
import { TEST_REDIS_URL } from "../helpers/redis.js";

const LEASE_MS = 4_000;
const POLL_MS = 200;

interface Subscriber {
  user: string;
  sub: WsSubscriber;
  gw: GatewayProcess;
}

/**
 * Real processes: a standalone simulator, gateway replicas in remote mode sharing Redis. Replica B
 * starts first and takes every tenant; A joins; later B is stopped gracefully (SIGTERM), C joins and A
 * is killed (SIGKILL). Subscribers move to a surviving replica and resume from their last cursor.
 */
describe("gateway replicas sharing Redis", () => {
  let cluster: Cluster;
  let a: GatewayProcess;
  let b: GatewayProcess;
  let startCursor: string | null = null;
  const subs: Subscriber[] = [];
  const created = new Set<string>();

  beforeAll(async () => {
    cluster = await startCluster({
      redisUrl: TEST_REDIS_URL,
      tenantCount: 4,
      env: { SYNC_LEASE_MS: String(LEASE_MS), SYNC_POLL_INTERVAL_MS: String(POLL_MS) },
    });
    b = await cluster.start();
    await waitFor(() => leasesTaken(b).length === cluster.tenants.length, { timeoutMs: 10_000, what: "B to take every tenant" });
    a = await cluster.start();
  }, 90_000);
  afterAll(async () => {
    await Promise.all(subs.map((s) => s.sub.stop()));
    await cluster?.close();
  });

  /** Creates alerts round-robin over the tenants, then updates some of them. */
  const produce = (creates: number, updates: number) => {
    const made = Array.from({ length: creates }, (_, i) => {
      const tenantId = cluster.tenants[i % cluster.tenants.length];
      const alert = cluster.sim.control.createAlert(tenantId, { title: `replica test ${created.size}` });
      created.add(alert.id);
      return { tenantId, id: alert.id };
    });
    for (const m of made.slice(0, updates)) cluster.sim.control.updateAlert(m.tenantId, m.id, { status: "InProgress" });
  };

  /** Every subscriber has exactly the log's events of its tenants since the start cursor, matching the simulator. */
  const allConsistent = async (gw: GatewayProcess): Promise<string[]> => {
    const feeds = new Map<string, Awaited<ReturnType<typeof pullAll>>["events"]>();
    for (const user of cluster.users) feeds.set(user, (await pullAll(gw.url, await cluster.token(user), { after: startCursor })).events);
    return subs.flatMap((s, i) =>
      checkAgainstTruth(cluster, s.user, s.sub.events, feeds.get(s.user)!, created).map((p) => `#${i} ${s.user}: ${p}`),
    );
  };
  const expectConsistent = async (gw: GatewayProcess, timeoutMs = 20_000) => {
    let problems: string[] = [];
    await waitFor(
      async () => {
        problems = await allConsistent(gw);
        return problems.length === 0;
      },
      { timeoutMs, intervalMs: 250, what: "every subscriber to match the log and the simulator" },
    ).catch((e) => {
      throw new Error(`${(e as Error).message}\n${problems.slice(0, 10).join("\n")}`);
    });
  };

  it("syncs each tenant on exactly one replica", async () => {
    cluster.sim.control.resetCounters();
    const since = Date.now();
    const polls = () => cluster.tenants.map((t) => cluster.sim.control.getCounters(t).byRoute["GET /v1.0/security/alerts_v2"] ?? 0);
    await waitFor(() => polls().every((n) => n >= 8), { timeoutMs: 10_000, what: "some polls" });
    const elapsed = Date.now() - since;
    // One poller per tenant: about elapsed/POLL_MS polls each; two pollers would make twice as many.
    for (const n of polls()) expect(n).toBeLessThanOrEqual(Math.ceil(elapsed / POLL_MS) + 2);
    expect(leasesTaken(a)).toEqual([]);
  });

  it("delivers an alert created upstream to a subscriber on the other replica within the poll interval plus 1 s", async () => {
    const all = await cluster.token("all");
    startCursor = await cluster.synced(a);
    const probe = new WsSubscriber(() => all).start(a.url, startCursor);
    const alert = cluster.sim.control.createAlert(cluster.tenants[0], { title: "latency probe" });
    created.add(alert.id);
    const t0 = Date.now();
    await waitFor(() => probe.events.some((e) => e.alertId === alert.id), {
      timeoutMs: 5_000,
      intervalMs: 10,
      what: "the event on replica A",
    });
    expect(Date.now() - t0).toBeLessThanOrEqual(POLL_MS + 1_000);
    await probe.stop();
  });

  it("200 subscribers across both replicas get every event of their tenants exactly once, in order, and none of others", async () => {
    for (let i = 0; i < 200; i++) {
      const user = cluster.users[i % cluster.users.length];
      const gw = i % 2 === 0 ? a : b;
      subs.push({ user, gw, sub: new WsSubscriber(() => cluster.token(user)).start(gw.url, startCursor) });
    }
    produce(24, 8);
    await expectConsistent(a);
    expect(subs.every((s) => s.sub.errors.length === 0)).toBe(true);
  }, 60_000);

  it("SIGTERM drains within 10 s: sockets closed with 1001, leases released to the other replica at once", async () => {
    const onB = subs.filter((s) => s.gw === b);
    const t0 = Date.now();
    const code = await b.kill("SIGTERM");
    const exitedAt = Date.now();
    expect(code).toBe(0);
    expect(exitedAt - t0).toBeLessThan(10_000);
    await waitFor(() => onB.every((s) => s.sub.closes.some((c) => c.code === CloseCode.GOING_AWAY)), { what: "1001 on every socket of B" });
    await waitFor(() => leasesTaken(a).length === cluster.tenants.length, { timeoutMs: LEASE_MS, what: "A to take B's tenants" });
    // Released, not expired: A took over well before the lease time-to-live.
    expect(Math.max(...leasesTaken(a).map((l) => l.time)) - exitedAt).toBeLessThan(LEASE_MS / 2);

    for (const s of onB) {
      s.sub.resume(a.url);
      s.gw = a;
    }
    produce(12, 4);
    await expectConsistent(a);
  }, 60_000);

  it("SIGKILL loses nothing: a new replica takes over within the lease time and resumed subscribers have the full sequence", async () => {
    const c = await cluster.start();
    const moved = subs.filter((_, i) => i % 2 === 1);
    for (const s of moved) {
      s.sub.resume(c.url);
      s.gw = c;
    }
    await expectConsistent(c);
    expect(leasesTaken(c)).toEqual([]);

    void a.kill("SIGKILL"); // the leases must lapse while A is dying
    const killedAt = Date.now();
    produce(16, 6); // while nobody holds the leases
    const onA = subs.filter((s) => s.gw === a);
    await waitFor(() => onA.every((s) => s.sub.closes.length > 0 || s.sub.errors.length > 0), { what: "A's sockets to drop" });
    for (const s of onA) {
      s.sub.resume(c.url);
      s.gw = c;
    }
    await waitFor(() => leasesTaken(c).length === cluster.tenants.length, { timeoutMs: LEASE_MS + 5_000, what: "C to take every tenant" });
    expect(Math.max(...leasesTaken(c).map((l) => l.time)) - killedAt).toBeLessThan(LEASE_MS + POLL_MS + 1_500);
    await expectConsistent(c);
  }, 90_000);
});
