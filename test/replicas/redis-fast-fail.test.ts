import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, type TestGateway } from "../helpers/gateway.js";
import { waitFor } from "../helpers/wait.js";
import { pullAll, WsSubscriber } from "../subscriptions/live.helpers.js";
import { startRedisServer } from "../helpers/redis.js";

/**
 * A frozen Redis (SIGSTOP on a private redis-server): requests that need it fail fast with
 * SERVICE_UNAVAILABLE / HTTP 503 instead of hanging; live subscribers stay connected and get the
 * alerts that arrived during the outage once Redis is back.
 */
describe("Redis outage: fail fast, keep subscribers", () => {
  let redis: Awaited<ReturnType<typeof startRedisServer>>;
  let gw: TestGateway;
  let sub: WsSubscriber;

  beforeAll(async () => {
    redis = await startRedisServer();
    gw = await startGateway({
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: `test:fastfail:${randomUUID().slice(0, 8)}:`,
      REDIS_COMMAND_TIMEOUT_MS: "1000",
      RESPONSE_CACHE_TTL_MS: "0",
    });
    await gw.synced();
  }, 90_000);
  afterAll(async () => {
    redis?.process.kill("SIGCONT");
    await sub?.stop();
    await gw?.close();
    await redis?.stop();
  });

  it("answers 503 SERVICE_UNAVAILABLE within about a second while Redis is frozen; subscribers resume afterwards", async () => {
    const sim = gw.app.simulator!;
    const tenantId = gw.app.registry.ids()[0];
    const token = await gw.token("alice");
    const { endCursor } = await pullAll(gw.url, token);
    sub = new WsSubscriber(() => token).start(gw.url, endCursor);
    const first = sim.control.createAlert(tenantId, { title: "before the outage" });
    await waitFor(() => sub.events.some((e) => e.alertId === first.id), {
      timeoutMs: 20_000,
      what: `the subscriber to be live (errors: ${JSON.stringify(sub.errors)})`,
    });

    // A caller this replica has not seen yet: alice's recent requests left her grants cached (1 s) and a slice of
    // her rate limit reserved here, so her next request would not need Redis at all.
    const bob = await gw.token("bob");
    let during = "";
    redis.process.kill("SIGSTOP");
    try {
      const started = Date.now();
      const res = await gw.gql("{ alerts(first: 5) { totalCount edges { node { id } } } }", undefined, { token: bob });
      const ms = Date.now() - started;
      expect(res.status).toBe(503);
      expect(res.body.errors?.[0]?.extensions?.code).toBe("SERVICE_UNAVAILABLE");
      expect(res.body.errors?.[0]?.message).not.toMatch(/redis|timed out/i);
      // Before: 10-12 s. Now at most the command timeout per Redis round trip on the request's path.
      expect(ms).toBeLessThan(4_000);
      during = sim.control.createAlert(tenantId, { title: "during the outage" }).id;
    } finally {
      redis.process.kill("SIGCONT");
    }
    const after = sim.control.createAlert(tenantId, { title: "after the outage" });
    const created = () => sub.events.filter((e) => e.kind === "CREATED").map((e) => e.alertId);
    await waitFor(() => created().includes(after.id) && created().includes(during), {
      timeoutMs: 30_000,
      what: "the outage's and later alerts",
    });
    expect(new Set(created()).size).toBe(created().length);
    expect(sub.closes).toEqual([]);
    expect(sub.errors).toEqual([]);
    const ok = await gw.gql("{ alerts(first: 1) { totalCount } }", undefined, { token });
    expect(ok.status).toBe(200);
  }, 120_000);
});
