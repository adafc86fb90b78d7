import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCallerRateLimiter, RATE_LIMIT_SLICE_MAX } from "../../src/limits/caller-rate-limit.js";
import { TEST_REDIS_URL } from "../helpers/redis.js";

const outcome = (p: Promise<void>) =>
  p.then(
    () => "ok",
    (e: { extensions?: { code?: string; retryAfterSeconds?: number } }) => `${e.extensions?.code}:${e.extensions?.retryAfterSeconds}`,
  );

describe("per-caller rate limiter", () => {
  let redis: Redis;
  const prefix = `test-rl-${randomUUID().slice(0, 8)}:`;
  beforeAll(async () => {
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
    await redis.ping();
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it("is one allowance per caller across replicas sharing Redis (Cluster-safe key)", async () => {
    const a = createCallerRateLimiter({ points: 4, durationSec: 30, redis, keyPrefix: prefix });
    const b = createCallerRateLimiter({ points: 4, durationSec: 30, redis, keyPrefix: prefix });
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await outcome((i % 2 ? a : b).admit("user-1")));
    expect(results.slice(0, 4)).toEqual(["ok", "ok", "ok", "ok"]);
    expect(results[4]).toMatch(/^RATE_LIMITED:(29|30)$/);
    expect(await outcome(a.admit("user-2"))).toBe("ok");
    expect(await redis.exists(`${prefix}rl:{user-1}`)).toBe(1);
  });

  it("reserves slices from Redis and spends them locally, at most a sixteenth of what is left", async () => {
    const limiter = createCallerRateLimiter({ points: 1_000, durationSec: 30, redis, keyPrefix: prefix });
    const counted = async () => Number(await redis.get(`${prefix}rl:{slicer}`));
    await limiter.admit("slicer");
    expect(await counted()).toBe(1);
    // The second request reserves min(RATE_LIMIT_SLICE_MAX, 999 / 16) = 32; the next 31 come from that slice.
    await limiter.admit("slicer");
    expect(await counted()).toBe(1 + RATE_LIMIT_SLICE_MAX);
    for (let i = 0; i < RATE_LIMIT_SLICE_MAX - 1; i++) await limiter.admit("slicer");
    expect(await counted()).toBe(1 + RATE_LIMIT_SLICE_MAX);
    await limiter.admit("slicer");
    expect(await counted()).toBe(1 + 2 * RATE_LIMIT_SLICE_MAX);
  });

  it("never admits more than the limit across replicas, and near it refuses only when nothing is left", async () => {
    const replicas = [0, 1, 2].map(() => createCallerRateLimiter({ points: 200, durationSec: 30, redis, keyPrefix: prefix }));
    const results: string[] = [];
    for (let i = 0; i < 300; i++) results.push(await outcome(replicas[i % 3].admit("busy")));
    // Traffic spread evenly spends every slice: exactly the limit is admitted, then every request is refused.
    expect(results.filter((r) => r === "ok")).toHaveLength(200);
    expect(results.slice(0, 200).every((r) => r === "ok")).toBe(true);
    expect(results.slice(200).every((r) => r.startsWith("RATE_LIMITED:"))).toBe(true);
    // Once refused, each replica refuses the caller itself: one refused reservation each reached Redis, not 100.
    expect(Number(await redis.get(`${prefix}rl:{busy}`))).toBe(203);
  });

  it("adds up concurrent reservations of one caller instead of dropping one", async () => {
    const limiter = createCallerRateLimiter({ points: 100, durationSec: 30, redis, keyPrefix: prefix });
    await limiter.admit("burst");
    await limiter.admit("burst"); // a slice of 6 (99 / 16)
    const burst = await Promise.all(Array.from({ length: 150 }, () => outcome(limiter.admit("burst"))));
    // 2 admitted before; Redis counted what was reserved, and every reserved request is admitted by this replica.
    expect(burst.filter((r) => r === "ok")).toHaveLength(98);
  });

  it("drops what a replica holds when the caller's window ends", async () => {
    const limiter = createCallerRateLimiter({ points: 64, durationSec: 1, redis, keyPrefix: prefix });
    const k = `${prefix}rl:{short}`;
    await limiter.admit("short");
    await limiter.admit("short"); // reserves a slice of 3 (63 / 16): two left locally
    expect(Number(await redis.get(k))).toBe(4);
    const deadline = Date.now() + 5_000;
    while ((await redis.exists(k)) === 1) {
      if (Date.now() > deadline) throw new Error("the window did not end");
      await new Promise((r) => setTimeout(r, 20));
    }
    // A new window: the next request goes to Redis (one at first), not to the two held from the last window.
    await limiter.admit("short");
    expect(Number(await redis.get(k))).toBe(1);
  });

  it("falls back to a per-process allowance when Redis is unreachable", async () => {
    const dead = new Redis("redis://127.0.0.1:1", {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      retryStrategy: () => null,
    });
    const limiter = createCallerRateLimiter({ points: 2, durationSec: 30, redis: dead });
    expect([await outcome(limiter.admit("u")), await outcome(limiter.admit("u"))]).toEqual(["ok", "ok"]);
    expect(await outcome(limiter.admit("u"))).toMatch(/^RATE_LIMITED:/);
    dead.disconnect();
  });

  it("is off with 0 points", async () => {
    const limiter = createCallerRateLimiter({ points: 0, durationSec: 1 });
    for (let i = 0; i < 100; i++) await limiter.admit("u");
  });
});
