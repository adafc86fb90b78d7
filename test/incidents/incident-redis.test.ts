import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, type TestGateway } from "../helpers/gateway.js";
import { requireTestRedis, TEST_REDIS_URL } from "../helpers/redis.js";
import { waitFor } from "../helpers/wait.js";
import { IncidentDocument, UpdateIncidentDocument } from "../generated/graphql.js";
import { ok } from "../helpers/operations.js";
import { IncidentWsSubscriber, isRedirected, pullIncidentEvents, truthOf, walkQueue } from "./incident.helpers.js";

/**
 * The incident queue and incident events in shared mode: the Redis incident index, the alert index read by incident
 * (one query per tenant), and the incident event log on its own Redis stream.
 */
describe("incidents on Redis", () => {
  let gw: TestGateway;
  let tenants: string[];
  const prefix = `test:incgql:${randomUUID().slice(0, 8)}:`;

  beforeAll(async () => {
    await requireTestRedis();
    gw = await startGateway({ REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: prefix, SYNC_POLL_INTERVAL_MS: "600000" });
    tenants = [...gw.app.registry.ids()];
    await gw.synced();
    await gw.synced();
  });
  afterAll(async () => {
    await gw?.close();
    // only this suite's keys: the instance is shared
    const redis = new Redis(TEST_REDIS_URL);
    for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 500 }) as AsyncIterable<string[]>)
      if (keys.length > 0) await redis.unlink(...keys);
    redis.disconnect();
  });

  it("serves the queue and an incident's alerts from Redis as upstream has them", async () => {
    const truth = tenants.flatMap((t) => truthOf(gw, t));
    const { nodes } = await walkQueue(gw, {}, { first: 9 });
    const key = (i: { tenantId: string; id: string }) => `${i.tenantId}/${i.id}`;
    expect(nodes.map(key).sort()).toEqual(
      truth
        .filter((i) => !isRedirected(i))
        .map(key)
        .sort(),
    );
    const big = truth.find((i) => !isRedirected(i) && i.alerts!.length >= 2)!;
    const incident = ok(await gw.gql(IncidentDocument, { tenantId: big.tenantId, id: big.id, alertsFirst: 50 })).incident!;
    expect(incident.alertCount).toBe(big.alerts!.length);
    expect(incident.alerts.edges.map((e) => e.node.id).sort()).toEqual(big.alerts!.map((a) => a.id).sort());
  });

  it("records an updateIncident in the Redis index and incident stream: a subscriber and the pull feed get it before any poll", async () => {
    const alice = await gw.token("alice");
    const { endCursor } = await pullIncidentEvents(gw.url, alice);
    const ws = new IncidentWsSubscriber(alice).start(gw.url, endCursor);
    try {
      const target = truthOf(gw, tenants[2]).find((i) => !isRedirected(i) && i.status === "active")!;
      const res = await gw.gql(UpdateIncidentDocument, {
        input: { tenantId: tenants[2], id: target.id, status: "IN_PROGRESS", comment: "On Redis." },
      });
      expect(res.body.errors).toBeUndefined();
      await waitFor(() => ws.events.some((e) => e.incidentId === target.id && e.status === "IN_PROGRESS"), { what: "the event" });
      const feed = (await pullIncidentEvents(gw.url, alice, { after: endCursor })).events;
      expect(ws.events).toEqual(feed);
      const queue = await walkQueue(gw, { filter: { tenantIds: [tenants[2]], statuses: ["IN_PROGRESS"] } }, { first: 50 });
      expect(queue.nodes.map((n) => n.id)).toContain(target.id);
    } finally {
      await ws.stop();
    }
  });
});
