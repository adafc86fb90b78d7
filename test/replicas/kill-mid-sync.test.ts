import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createSimulator, type Simulator } from "../../src/simulator/index.js";
import { redisKeys } from "../../src/store/redis.keys.js";
import { remoteEnvFor, startGatewayProcess, type GatewayProcess } from "../helpers/gateway.js";
import { waitFor } from "../helpers/wait.js";
import { TEST_REDIS_URL } from "../helpers/redis.js";

const ALERTS = 5_000;
const KILLS = 3;

/**
 * Issue 13 item 4: the lease holder is SIGKILLed again and again while it backfills thousands of
 * alerts (between its upsert and its appends). Whatever was cut where, every alert in the index ends
 * with exactly one CREATED event in the log.
 */
describe("exactly-once events across SIGKILLs of the sync lease holder", () => {
  let sim: Simulator;
  const gateways: GatewayProcess[] = [];
  const prefix = `test:kill:${process.pid}:${Date.now()}:`;
  const keys = redisKeys(prefix);
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });

  afterAll(async () => {
    await Promise.all(gateways.map((g) => g.kill("SIGKILL")));
    await sim?.close();
    let cursor = "0";
    do {
      const [next, found] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
      cursor = next;
      if (found.length > 0) await redis.del(...found);
    } while (cursor !== "0");
    redis.disconnect();
  });

  it("every indexed alert has exactly one CREATED event after repeated kills during a backfill", async () => {
    sim = await createSimulator({ tenantCount: 1, alertsPerTenant: ALERTS, seed: 31 });
    sim.control.setLimits({ perMinute: 1_000_000, perHour: 10_000_000 });
    const tenantId = sim.tenants[0].id;
    const env = {
      ...remoteEnvFor(sim, []),
      // Exactly-once under kills is the store's business, whatever the API: the legacy feed's large pages make a long backfill.
      UPSTREAM_API: "defender",
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      // Longer than one poll of the whole backfill on a loaded machine (the loop renews between polls).
      SYNC_LEASE_MS: "5000",
      SYNC_POLL_INTERVAL_MS: "200",
      UPSTREAM_BUDGET_PER_MINUTE: "1000000",
      UPSTREAM_BUDGET_PER_HOUR: "10000000",
      // Pages of 1,000 (kills land between pages too); a slow simulator on a busy machine is not an outage.
      SYNC_PAGE_SIZE: "1000",
      UPSTREAM_TIMEOUT_MS: "60000",
      UPSTREAM_BREAKER_FAILURES: "100000",
    };
    const start = async () => {
      const gw = await startGatewayProcess(env, 180_000);
      gateways.push(gw);
      return gw;
    };
    await Promise.all([start(), start()]);
    const booting: Promise<GatewayProcess>[] = [];

    const streamLen = () => redis.xlen(keys.events);
    const holder = async (): Promise<GatewayProcess | null> => {
      const value = await redis.get(keys.lease(`sync:${tenantId}`));
      const pid = value ? Number(/-(\d+)-[^-]+$/.exec(value)?.[1]) : NaN;
      return gateways.find((g) => g.child.pid === pid && g.child.exitCode === null && g.child.signalCode === null) ?? null;
    };

    let kills = 0;
    let lastLen = 0;
    while (kills < KILLS) {
      // Kill the holder once it has appended a few hundred events since the last kill: mid-backfill.
      const victim = await waitFor(
        async () => {
          const h = await holder();
          return h && (await streamLen()) - lastLen >= 300 ? h : null;
        },
        { timeoutMs: 180_000, intervalMs: 10, what: `a live lease holder appending (kill ${kills + 1})` },
      ).catch(async (e: unknown) => {
        const msgs = gateways.map((g) =>
          g.logs
            .filter((l) => Number(l.level) >= 40 || String(l.msg).includes("lease"))
            .slice(-5)
            .map((l) => `${String(l.msg)} ${JSON.stringify(l.err ?? "")}`),
        );
        throw new Error(
          `${String(e)}; stream ${await streamLen()}, lease ${await redis.get(keys.lease(`sync:${tenantId}`))}, logs ${JSON.stringify(msgs)}`,
        );
      });
      const len = await streamLen();
      if (len >= ALERTS) break; // finished before we could cut it: the checks below still hold
      await victim.kill("SIGKILL");
      kills++;
      lastLen = len;
      // A replacement boots while the survivor takes over (not awaited: a boot takes seconds).
      booting.push(start());
    }
    await Promise.all(booting);
    expect(kills).toBeGreaterThanOrEqual(1);

    await waitFor(async () => (await redis.hlen(keys.alerts(tenantId))) === ALERTS && (await redis.scard(keys.pending(tenantId))) === 0, {
      timeoutMs: 120_000,
      intervalMs: 200,
      what: "the index complete and nothing pending",
    }).catch(async (e: unknown) => {
      const state = {
        indexed: await redis.hlen(keys.alerts(tenantId)),
        pending: await redis.scard(keys.pending(tenantId)),
        events: await streamLen(),
        kills,
      };
      throw new Error(`${String(e)}: ${JSON.stringify(state)}`);
    });

    const created = new Map<string, number>();
    let total = 0;
    for (let from = "-"; ;) {
      const batch = (await redis.xrange(keys.events, from, "+", "COUNT", 1_000)) as [string, string[]][];
      for (const [, fields] of batch) {
        const event = JSON.parse(fields[fields.indexOf("e") + 1]) as { kind: string; tenantId: string; alertId: string };
        const k = fields.indexOf("k");
        const kind = k >= 0 ? fields[k + 1] : event.kind;
        total++;
        if (kind === "CREATED" && event.tenantId === tenantId) created.set(event.alertId, (created.get(event.alertId) ?? 0) + 1);
      }
      if (batch.length < 1_000) break;
      from = `(${batch.at(-1)![0]}`;
    }
    const indexed = await redis.hkeys(keys.alerts(tenantId));
    const missing = indexed.filter((id) => !created.has(id));
    const repeated = [...created].filter(([, n]) => n > 1);
    expect({ kills, indexed: indexed.length, missing: missing.length, repeated: repeated.length }).toEqual({
      kills,
      indexed: ALERTS,
      missing: 0,
      repeated: 0,
    });
    expect(total).toBe(ALERTS);
  }, 540_000);
});
