import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, type TestGateway } from "../helpers/gateway.js";
import { waitFor } from "../helpers/wait.js";
import {
  AlertEventsSinceDocument,
  IncidentEventsSinceDocument,
  UpdateIncidentDocument,
  type IncidentFilter,
} from "../generated/graphql.js";
import { ok } from "../helpers/operations.js";
import { incidentIds, IncidentWsSubscriber, isRedirected, pullIncidentEvents, sseIncidentSubscribe, truthOf } from "./incident.helpers.js";

/**
 * Incident events over WebSocket, SSE and the pull feed against the embedded simulator: the alert events' guarantees
 * on the incident event log. No background polls: a change reaches subscribers either through a write of the API
 * (before any poll) or through an explicit sync.
 */
describe("incident events", () => {
  let gw: TestGateway;
  let tenants: string[];
  let alice: string;
  const subscribers: { stop(): unknown }[] = [];
  const track = <T extends { stop(): unknown }>(s: T): T => (subscribers.push(s), s);
  const sim = () => gw.app.simulator!.control;
  const open = (t: string) => truthOf(gw, t).filter((i) => !isRedirected(i) && i.status !== "resolved");

  beforeAll(async () => {
    gw = await startGateway({ SYNC_POLL_INTERVAL_MS: "600000" });
    tenants = [...gw.app.registry.ids()];
    await gw.synced();
    await gw.synced();
    alice = await gw.token("alice");
  });
  afterAll(async () => {
    for (const s of subscribers) await s.stop();
    await gw?.close();
  });

  it("delivers an updateIncident to WebSocket and SSE subscribers at once, before any poll", async () => {
    const { endCursor } = await pullIncidentEvents(gw.url, alice);
    const ws = track(new IncidentWsSubscriber(alice).start(gw.url, endCursor));
    const sse = track(sseIncidentSubscribe(gw.url, alice, { after: endCursor }));
    const target = open(tenants[1])[0];
    const started = Date.now();
    const res = await gw.gql(UpdateIncidentDocument, { input: { tenantId: tenants[1], id: target.id, assignedTo: "ann@mssp.example" } });
    expect(res.body.errors).toBeUndefined();
    const seen = (events: { incidentId: string; assignedTo: string | null }[]) =>
      events.some((e) => e.incidentId === target.id && e.assignedTo === "ann@mssp.example");
    await waitFor(() => seen(ws.events) && seen(sse.events), { timeoutMs: 5_000, intervalMs: 10, what: "the incident event on both" });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(ws.events).toEqual([
      expect.objectContaining({ kind: "UPDATED", tenantId: tenants[1], incidentId: target.id, status: expect.any(String) }),
    ]);
    expect(sse.events).toEqual(ws.events);
    // its own log: alert cursors and incident cursors are separate sequences, the alert feed has no incident event
    const alerts = ok(await gw.gql(AlertEventsSinceDocument, { after: null, first: 1000 }));
    expect(alerts.alertEventsSince.edges.map((e) => e.cursor)).not.toContain(ws.events[0].cursor);
  });

  it("resumes from a cursor with no gap and no duplicate: WebSocket reconnects, SSE and the pull feed agree", async () => {
    const all = (await pullIncidentEvents(gw.url, alice)).events;
    expect(all.length).toBeGreaterThan(20);
    const from = all[Math.floor(all.length / 2)].cursor;
    const ws = track(new IncidentWsSubscriber(alice).start(gw.url, from));
    await waitFor(() => ws.events.length >= all.length - Math.floor(all.length / 2) - 1, { what: "the replay" });
    // changes while connected: a new incident upstream, an analyst's write
    const created = sim().createGraphAlert(tenants[0], { title: "Resume 1" });
    await gw.synced();
    const w1 = open(tenants[2])[0];
    expect(
      (await gw.gql(UpdateIncidentDocument, { input: { tenantId: tenants[2], id: w1.id, customTags: ["resume"] } })).body.errors,
    ).toBeUndefined();
    await waitFor(
      () =>
        ws.events.some((e) => e.incidentId === w1.id && e.kind === "UPDATED") && ws.events.some((e) => e.incidentId === created.incidentId),
      {
        what: "the live events",
      },
    );
    // disconnected: a merge and more writes happen meanwhile
    await ws.stop();
    const [mFrom, mInto] = open(tenants[2]).filter((i) => i.id !== w1.id && i.alerts!.length > 0);
    sim().mergeIncidents(tenants[2], mFrom.id, mInto.id);
    const w2 = open(tenants[0])[1];
    expect(
      (await gw.gql(UpdateIncidentDocument, { input: { tenantId: tenants[0], id: w2.id, status: "AWAITING_ACTION" } })).body.errors,
    ).toBeUndefined();
    await gw.synced();
    // resumed: catches up from its last cursor, then live again
    ws.start(gw.url);
    const sse = track(sseIncidentSubscribe(gw.url, alice, { after: from }));
    const w3 = open(tenants[1])[1];
    expect(
      (await gw.gql(UpdateIncidentDocument, { input: { tenantId: tenants[1], id: w3.id, status: "IN_PROGRESS" } })).body.errors,
    ).toBeUndefined();
    const feed = (await pullIncidentEvents(gw.url, alice, { after: from })).events;
    expect(feed.some((e) => e.incidentId === w3.id && e.status === "IN_PROGRESS")).toBe(true);
    await waitFor(() => ws.events.length >= feed.length && sse.events.length >= feed.length, { what: "every event on both" });
    expect(incidentIds(ws.events)).toEqual(incidentIds(feed));
    expect(ws.events).toEqual(feed);
    expect(sse.events).toEqual(feed);
    expect(new Set(feed.map((e) => e.cursor)).size).toBe(feed.length);
    expect(feed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: "CREATED", incidentId: created.incidentId }),
        expect.objectContaining({ kind: "UPDATED", incidentId: mFrom.id, status: "REDIRECTED" }),
        expect.objectContaining({ kind: "UPDATED", incidentId: w2.id, status: "AWAITING_ACTION" }),
      ]),
    );
  });

  it("authorizes every event: bob (first tenant only) gets that tenant's incidents on every transport", async () => {
    const bob = await gw.token("bob");
    const { endCursor } = await pullIncidentEvents(gw.url, alice);
    const ws = track(new IncidentWsSubscriber(bob).start(gw.url, endCursor));
    const sse = track(sseIncidentSubscribe(gw.url, bob, { after: endCursor }));
    const writes = tenants.map((t) => ({ t, id: open(t)[2].id }));
    for (const { t, id } of writes)
      expect((await gw.gql(UpdateIncidentDocument, { input: { tenantId: t, id, customTags: ["bob-test"] } })).body.errors).toBeUndefined();
    const last = open(tenants[0])[3];
    expect(
      (await gw.gql(UpdateIncidentDocument, { input: { tenantId: tenants[0], id: last.id, customTags: ["bob-last"] } })).body.errors,
    ).toBeUndefined();
    await waitFor(() => ws.events.some((e) => e.incidentId === last.id) && sse.events.some((e) => e.incidentId === last.id), {
      what: "bob's events",
    });
    const feed = (await pullIncidentEvents(gw.url, bob, { after: endCursor })).events;
    expect(feed.map((e) => e.incidentId)).toEqual([writes[0].id, last.id]);
    expect(feed.every((e) => e.tenantId === tenants[0])).toBe(true);
    expect(ws.events).toEqual(feed);
    expect(sse.events).toEqual(feed);
  });

  it("filters live events and the pull feed alike; merges are delivered unless includeRedirected is false", async () => {
    const { endCursor } = await pullIncidentEvents(gw.url, alice);
    const t = tenants[1];
    const filter: IncidentFilter = { tenantIds: [t], statuses: ["ACTIVE", "IN_PROGRESS", "AWAITING_ACTION", "REDIRECTED"] };
    const ws = track(new IncidentWsSubscriber(alice, { filter }).start(gw.url, endCursor));
    const hidden = track(
      new IncidentWsSubscriber(alice, { filter: { tenantIds: [t], includeRedirected: false } }).start(gw.url, endCursor),
    );
    const [a, b, c] = open(t).filter((i) => i.alerts!.length > 0);
    expect((await gw.gql(UpdateIncidentDocument, { input: { tenantId: t, id: a.id, status: "RESOLVED" } })).body.errors).toBeUndefined();
    expect(
      (await gw.gql(UpdateIncidentDocument, { input: { tenantId: tenants[2], id: open(tenants[2])[0].id, customTags: ["elsewhere"] } }))
        .body.errors,
    ).toBeUndefined();
    sim().mergeIncidents(t, b.id, c.id);
    await gw.synced();
    await waitFor(() => ws.events.some((e) => e.incidentId === b.id), { what: "the merge event" });
    const feed = (await pullIncidentEvents(gw.url, alice, { after: endCursor, filter })).events;
    expect(feed.map((e) => e.incidentId)).not.toContain(a.id); // resolved: filtered out
    expect(feed.every((e) => e.tenantId === t)).toBe(true);
    expect(feed).toContainEqual(expect.objectContaining({ incidentId: b.id, status: "REDIRECTED" }));
    expect(ws.events).toEqual(feed);
    const unfiltered = (await pullIncidentEvents(gw.url, alice, { after: endCursor, filter: { tenantIds: [t], includeRedirected: false } }))
      .events;
    await waitFor(() => hidden.events.length >= unfiltered.length, { what: "the events without redirected ones" });
    expect(hidden.events).toEqual(unfiltered);
    expect(unfiltered.map((e) => e.incidentId)).toContain(a.id);
    expect(unfiltered.map((e) => e.incidentId)).not.toContain(b.id);
  });

  it("pages the pull feed with endCursor, bounds `first` and refuses a malformed cursor", async () => {
    const page = await gw.gql(IncidentEventsSinceDocument, { first: 5 });
    const conn = ok(page).incidentEventsSince;
    expect(conn.edges).toHaveLength(5);
    expect(conn.pageInfo).toEqual({ hasNextPage: true, endCursor: conn.edges[4].cursor });
    const next = await gw.gql(IncidentEventsSinceDocument, { first: 5, after: conn.pageInfo.endCursor });
    const all = await pullIncidentEvents(gw.url, alice);
    expect(all.events.slice(0, 10).map((e) => e.cursor)).toEqual(
      [...conn.edges, ...ok(next).incidentEventsSince.edges].map((e) => e.cursor),
    );
    expect((await gw.gql(IncidentEventsSinceDocument, { first: 5000 })).body.errors?.[0]?.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "first",
    });
    expect((await gw.gql(IncidentEventsSinceDocument, { after: "yesterday" })).body.errors?.[0]?.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "after",
    });
  });
});
