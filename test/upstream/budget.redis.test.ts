import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ErrorCode } from "../../src/errors/errors.js";
import { createMemoryBudget } from "../../src/upstream/budget.limiter.js";
import { createRedisBudget } from "../../src/upstream/budget.redis.js";
import { createDefenderClient } from "../../src/upstream/defender.client.js";
import { fakeCredentials, startFakeDefender, upstreamError, type FakeDefender } from "./fake-defender.js";
import { TEST_REDIS_URL } from "../helpers/redis.js";

const T1 = "11111111-1111-1111-1111-111111111111";

let redis: Redis;
let fake: FakeDefender;
const prefix = `test-upstream-${randomUUID().slice(0, 8)}:`;

beforeAll(async () => {
  redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  await redis.ping();
  fake = await startFakeDefender();
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
  await fake.close();
});

describe("budget shared through Redis", () => {
  it("two client instances (two replicas) spend one per-tenant budget, with priorities", async () => {
    const make = () =>
      createDefenderClient({
        baseUrlFor: () => fake.url,
        credentialFactory: fakeCredentials().factory,
        redis,
        keyPrefix: prefix,
        budget: { perMinute: 10, perHour: 100 },
      });
    const a = make();
    const b = make();
    for (let i = 0; i < 8; i++) await (i % 2 ? a : b).listAlerts(T1, {}, "sync");
    expect(await a.budgetLeft(T1)).toEqual({ minute: 2, hour: 92 });

    // sync is out on both replicas, reads still pass
    for (const c of [a, b]) {
      const e = await upstreamError(c.listAlerts(T1, {}, "sync"));
      expect(e.code).toBe(ErrorCode.UPSTREAM_THROTTLED);
      expect(e.extensions.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    }
    await b.listAlerts(T1);
    expect((await upstreamError(a.listAlerts(T1))).code).toBe(ErrorCode.UPSTREAM_THROTTLED);
    await a.updateAlert(T1, "x", { comment: "writes get the last call" });
    expect(await b.budgetLeft(T1)).toEqual({ minute: 0, hour: 90 });
    expect(fake.requests).toHaveLength(10);

    // keys are hash-tagged per tenant so a Cluster keeps them in one slot
    const keys = (await redis.keys(`${prefix}*`)).sort();
    expect(keys).toEqual([`${prefix}{t:${T1}}:budget:hour`, `${prefix}{t:${T1}}:budget:minute`]);
    expect(await redis.pttl(keys[1])).toBeGreaterThan(50_000);
  });

  it("refusal tells how long until the window has room again", async () => {
    const budget = createRedisBudget(redis, { keyPrefix: `${prefix}b2:`, perMinute: 3, perHour: 100, fallback: createMemoryBudget() });
    const t = randomUUID();
    for (let i = 0; i < 3; i++) expect((await budget.take(t, "write")).ok).toBe(true);
    const refused = await budget.take(t, "write");
    expect(refused.ok).toBe(false);
    const { retryAfterMs } = refused as Extract<typeof refused, { ok: false }>;
    expect(retryAfterMs).toBeGreaterThan(55_000);
    expect(retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(await budget.left(t)).toEqual({ minute: 0, hour: 97 });
  });

  it("falls back to the in-process budget when Redis does not answer", async () => {
    const dead = new Redis("redis://127.0.0.1:1", {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      enableOfflineQueue: false,
    });
    dead.on("error", () => undefined);
    const errors: unknown[] = [];
    const budget = createRedisBudget(dead, {
      perMinute: 2,
      perHour: 10,
      fallback: createMemoryBudget({ perMinute: 2, perHour: 10 }),
      commandTimeoutMs: 200,
      onRedisError: (e) => errors.push(e),
    });
    expect((await budget.take(T1, "read")).ok).toBe(true);
    expect((await budget.take(T1, "write")).ok).toBe(true);
    expect((await budget.take(T1, "write")).ok).toBe(false);
    expect(await budget.left(T1)).toEqual({ minute: 0, hour: 8 });
    expect(errors).toHaveLength(1); // reported once per outage, not per call
    dead.disconnect();
  });
});
