import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AlertEventsSinceDocument,
  LiveApproveAccessDocument,
  LiveRequestAccessDocument,
  LiveRevokeAccessDocument,
  type AlertFilter,
} from "../generated/graphql.js";
import { startGateway, TEST_ENV, type TestGateway } from "../helpers/gateway.js";
import { waitFor } from "../helpers/wait.js";
import { ids, pullAll, sseSubscribe, WsSubscriber } from "./live.helpers.js";

const POLL_MS = Number(TEST_ENV.SYNC_POLL_INTERVAL_MS);

/** Subscriptions, SSE and the pull feed against an in-process gateway with the embedded simulator. */
describe("live alert events", () => {
  let gw: TestGateway;
  let alice: string;
  let tenants: string[];
  const subscribers: { stop(): unknown }[] = [];
  const sim = () => gw.app.simulator!;

  beforeAll(async () => {
    gw = await startGateway();
    await gw.synced();
    alice = await gw.token("alice");
    tenants = sim().tenants.map((t) => t.id);
  });
  afterAll(async () => {
    for (const s of subscribers) await s.stop();
    await gw?.close();
  });

  const track = <T extends { stop(): unknown }>(s: T): T => (subscribers.push(s), s);

  it("delivers an alert created upstream within the poll interval plus 1 s", async () => {
    const { endCursor } = await pullAll(gw.url, alice);
    const sub = track(new WsSubscriber(() => alice).start(gw.url, endCursor));
    const created = sim().control.createAlert(tenants[1], { title: "Live one" });
    const started = Date.now();
    await waitFor(() => sub.events.find((e) => e.alertId === created.id), {
      timeoutMs: POLL_MS + 5_000,
      intervalMs: 10,
      what: "the live event",
    });
    expect(Date.now() - started).toBeLessThanOrEqual(POLL_MS + 1_000);
    expect(sub.events.find((e) => e.alertId === created.id)).toMatchObject({ kind: "CREATED", tenantId: tenants[1] });
  });

  it("replays from a cursor, then continues live; WebSocket, SSE and the pull feed agree", async () => {
    const all = (await pullAll(gw.url, alice)).events;
    const from = all[Math.floor(all.length / 2)].cursor;
    const ws = track(new WsSubscriber(() => alice).start(gw.url, from));
    const sse = track(sseSubscribe(gw.url, alice, { after: from }));
    const created = [sim().control.createAlert(tenants[0]), sim().control.createAlert(tenants[2])];
    const has = (events: typeof ws.events, kind: string, id: string) => events.some((e) => e.kind === kind && e.alertId === id);
    await waitFor(() => created.every((c) => has(ws.events, "CREATED", c.id)), { what: "the CREATED events over WebSocket" });
    sim().control.updateAlert(tenants[0], created[0].id, { status: "InProgress" });
    const upd = await gw.gql(`mutation($input: UpdateAlertInput!) { updateAlert(input: $input) { id } }`, {
      input: { tenantId: tenants[2], id: created[1].id, assignedTo: "ann@mssp.example" },
    });
    expect(upd.body.errors).toBeUndefined();
    await waitFor(() => created.every((c) => has(ws.events, "UPDATED", c.id)), { what: "the UPDATED events over WebSocket" });
    const feed = (await pullAll(gw.url, alice, { after: from })).events;
    await waitFor(() => sse.events.length >= feed.length, { what: "the SSE events" });
    expect(ids(ws.events)).toEqual(ids(feed));
    expect(ws.events).toEqual(feed);
    expect(sse.events).toEqual(feed);
    expect(new Set(feed.map((e) => e.cursor)).size).toBe(feed.length);
  });

  it("authorizes every event: bob (one tenant) gets only that tenant, on every transport", async () => {
    const bob = await gw.token("bob");
    const { endCursor } = await pullAll(gw.url, alice);
    const ws = track(new WsSubscriber(() => bob).start(gw.url, endCursor));
    const sse = track(sseSubscribe(gw.url, bob, { after: endCursor }));
    const mine = sim().control.createAlert(tenants[0]);
    sim().control.createAlert(tenants[1]);
    sim().control.createAlert(tenants[2]);
    const last = sim().control.createAlert(tenants[0]);
    await waitFor(() => ws.events.some((e) => e.alertId === last.id) && sse.events.some((e) => e.alertId === last.id), {
      what: "bob's events",
    });
    const feed = (await pullAll(gw.url, bob, { after: endCursor })).events;
    // Tenants sync independently: an alert an earlier test created may be recorded after `endCursor`. Judge this
    // test's alerts, and that nothing of another tenant reached bob.
    expect(feed.every((e) => e.tenantId === tenants[0])).toBe(true);
    const created = new Set([mine.id, last.id]);
    expect(ids(feed.filter((e) => created.has(e.alertId)))).toEqual([`CREATED:${mine.id}`, `CREATED:${last.id}`]);
    expect(ws.events).toEqual(feed);
    expect(sse.events).toEqual(feed);
  });

  it("applies the filter to live events and to the pull feed alike", async () => {
    const { endCursor } = await pullAll(gw.url, alice);
    const filter: AlertFilter = { tenantIds: [tenants[2]], severities: ["HIGH"] };
    const ws = track(new WsSubscriber(() => alice, { filter }).start(gw.url, endCursor));
    const low = sim().control.createAlert(tenants[2], { severity: "Low" });
    const elsewhere = sim().control.createAlert(tenants[1], { severity: "High" });
    const hit = sim().control.createAlert(tenants[2], { severity: "High" });
    await waitFor(() => ws.events.some((e) => e.alertId === hit.id), { what: "the matching event" });
    const feed = (await pullAll(gw.url, alice, { after: endCursor, filter })).events;
    // An alert an earlier test created in tenants[2] may be recorded after `endCursor` (tenants sync independently):
    // judge this test's three alerts, and that both paths applied the filter alike.
    const created = new Set([low.id, elsewhere.id, hit.id]);
    expect(ids(feed.filter((e) => created.has(e.alertId)))).toEqual([`CREATED:${hit.id}`]);
    expect(feed.every((e) => e.tenantId === tenants[2])).toBe(true);
    expect(ws.events).toEqual(feed);
  });

  it("pages the pull feed with endCursor and bounds `first`", async () => {
    const page = await gw.gql(AlertEventsSinceDocument, { first: 5 });
    const conn = page.body.data!.alertEventsSince;
    expect(conn.edges).toHaveLength(5);
    expect(conn.pageInfo).toEqual({ hasNextPage: true, endCursor: conn.edges[4].cursor });
    const next = await gw.gql(AlertEventsSinceDocument, { first: 5, after: conn.pageInfo.endCursor });
    expect(next.body.data!.alertEventsSince.edges[0].cursor).not.toBe(conn.edges[4].cursor);
    const all = await pullAll(gw.url, alice);
    expect(all.events.slice(0, 10).map((e) => e.cursor)).toEqual(
      [...conn.edges, ...next.body.data!.alertEventsSince.edges].map((e) => e.cursor),
    );
    const bad = await gw.gql(AlertEventsSinceDocument, { first: 5000 });
    expect(bad.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("stops delivering a tenant within seconds of revoking the grant, without reconnecting", async () => {
    const dave = await gw.token("dave");
    const carol = await gw.token("carol");
    const t = tenants[1];
    const req = await gw.gql(
      LiveRequestAccessDocument,
      { input: { tenantId: t, role: "TIER1_ANALYST", justification: "on call" } },
      { token: dave },
    );
    expect(req.body.errors).toBeUndefined();
    const grantId = req.body.data!.requestAccess.id;
    const ok = await gw.gql(LiveApproveAccessDocument, { id: grantId }, { token: carol });
    expect(ok.body.data!.approveAccess.status).toBe("APPROVED");

    const { endCursor } = await pullAll(gw.url, alice);
    const watcher = track(new WsSubscriber(() => alice).start(gw.url, endCursor));
    const sub = track(new WsSubscriber(() => dave).start(gw.url, endCursor));
    const before = sim().control.createAlert(t);
    await waitFor(() => sub.events.some((e) => e.alertId === before.id), { what: "dave's first event" });

    const revoked = await gw.gql(LiveRevokeAccessDocument, { id: grantId }, { token: carol });
    expect(revoked.body.data!.revokeAccess.status).toBe("REVOKED");
    const revokedAt = Date.now();
    // Keep producing events; the first one alice receives but dave does not marks the cut-off.
    await waitFor(
      async () => {
        const a = sim().control.createAlert(t);
        await waitFor(() => watcher.events.some((e) => e.alertId === a.id), { what: "alice's copy" });
        return !sub.events.some((e) => e.alertId === a.id);
      },
      { timeoutMs: 8_000, intervalMs: 100, what: "delivery to stop" },
    );
    expect(Date.now() - revokedAt).toBeLessThan(5_000);
    const after = sim().control.createAlert(t);
    await waitFor(() => watcher.events.some((e) => e.alertId === after.id), { what: "alice's copy" });
    expect(sub.events.some((e) => e.alertId === after.id)).toBe(false);
    expect(sub.closes).toEqual([]);
    expect(sub.errors).toEqual([]);
  });
});

describe("expired cursors", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    // 3 tenants × 40 alerts = 120 CREATED events in a log that keeps ~100: the first ones are trimmed.
    gw = await startGateway({ EVENT_LOG_MAX_LEN: "100", SIM_ALERTS_PER_TENANT: "40" });
    await gw.synced();
  });
  afterAll(async () => {
    await gw?.close();
  });

  it("fails with CURSOR_EXPIRED on every transport, telling the client to re-read with a query", async () => {
    const alice = await gw.token("alice");
    const oldest = "1-0";
    const feed = await gw.gql(AlertEventsSinceDocument, { after: oldest });
    expect(feed.body.errors?.[0]?.extensions?.code).toBe("CURSOR_EXPIRED");
    expect(feed.body.errors?.[0]?.message).toMatch(/re-read/);

    const ws = new WsSubscriber(() => alice).start(gw.url, oldest);
    await waitFor(() => ws.errors.length > 0, { what: "the WebSocket error" });
    expect(JSON.stringify(ws.errors[0])).toContain("CURSOR_EXPIRED");
    await ws.stop();

    const sse = sseSubscribe(gw.url, alice, { after: oldest });
    await waitFor(() => sse.errors.length > 0, { what: "the SSE error" });
    expect(JSON.stringify(sse.errors[0])).toContain("CURSOR_EXPIRED");
    sse.stop();
  });
});
