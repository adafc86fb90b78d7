import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCallerRateLimiter } from "../../src/limits/caller-rate-limit.js";
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
