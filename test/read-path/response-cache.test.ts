import http from "node:http";
import { print } from "graphql";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CacheAssignDocument,
  CacheFragDocument,
  CacheHiddenDocument,
  CacheMachinesDocument,
  CachePageDocument,
  CacheRootInlineFragmentDocument,
  CacheSyncStateDocument,
  CacheTenantMachinesDocument,
} from "../generated/graphql.js";
import { startGateway, type TestGateway } from "../helpers/gateway.js";

const PAGE = CachePageDocument;

describe("response cache of alert reads", () => {
  let gw: TestGateway;
  const machineCalls = () =>
    gw.app.simulator!.tenants.reduce((n, t) => n + (gw.app.simulator!.control.getCounters(t.id).byRoute["GET /api/machines"] ?? 0), 0);

  beforeAll(async () => {
    // No device cache: every execution of the page would call upstream for its machines.
    gw = await startGateway({
      // Legacy device lookups count executions here (Graph tenants' devices come with their alerts, at no upstream cost).
      UPSTREAM_API: "defender",
      SIM_TENANTS: "2",
      SIM_ALERTS_PER_TENANT: "15",
      MACHINE_CACHE_TTL_MS: "0",
      RESPONSE_CACHE_TTL_MS: "60000",
      SYNC_POLL_INTERVAL_MS: "600000",
    });
    await gw.synced();
  });
  afterAll(() => gw?.close());

  it("answers an identical request of the same caller without executing it again", async () => {
    const first = await gw.gql(PAGE);
    expect(first.body.errors).toBeUndefined();
    const calls = machineCalls();
    expect(calls).toBeGreaterThan(0);
    const second = await gw.gql(PAGE);
    expect(second.body).toEqual(first.body);
    expect(machineCalls()).toBe(calls);
  });

  it("never serves one caller's answer to a caller with other access", async () => {
    const alice = await gw.gql(PAGE, {}, { user: "alice" });
    const bob = await gw.gql(PAGE, {}, { user: "bob" });
    const first = gw.app.simulator!.tenants[0].id;
    expect(new Set(alice.body.data!.alerts.edges.map((e) => e.node.tenantId)).size).toBe(2);
    expect(bob.body.data!.alerts.edges.every((e) => e.node.tenantId === first)).toBe(true);
  });

  it("shows a change at once: any alert change (event) invalidates the cached answers", async () => {
    const before = await gw.gql(PAGE);
    const node = before.body.data!.alerts.edges[0].node;
    const upd = await gw.gql(CacheAssignDocument, {
      i: { tenantId: node.tenantId, id: node.id, assignedTo: "cache-buster@mssp.example" },
    });
    expect(upd.body.errors).toBeUndefined();
    const after = await gw.gql(PAGE);
    expect(after.body.data!.alerts.edges[0].node.assignedTo).toBe("cache-buster@mssp.example");
    // and a change that arrives through the sync, too
    const sim = gw.app.simulator!;
    sim.control.updateAlert(node.tenantId, node.id, { assignedTo: "from-upstream@customer.example" });
    await gw.app.sync.syncNow(node.tenantId);
    const synced = await gw.gql(PAGE);
    expect(synced.body.data!.alerts.edges[0].node.assignedTo).toBe("from-upstream@customer.example");
  });

  it("writes a hit in the same bytes, plain or compressed, as the answer it keeps, and never an older answer's", async () => {
    type Page = { data: { alerts: { edges: { node: { id: string; tenantId: string; assignedTo: string | null } }[] } } };
    const token = await gw.token("alice");
    const post = (acceptEncoding: string) =>
      new Promise<{ encoding?: string; length: number; json: Page }>((resolve, reject) => {
        const req = http.request(
          `${gw.url}/graphql`,
          {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "accept-encoding": acceptEncoding },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () => {
              const body = Buffer.concat(chunks);
              const encoding = res.headers["content-encoding"];
              const plain = encoding === "br" ? brotliDecompressSync(body) : encoding === "gzip" ? gunzipSync(body) : body;
              expect(Number(res.headers["content-length"])).toBe(body.length);
              resolve({ encoding, length: body.length, json: JSON.parse(plain.toString("utf8")) as Page });
            });
          },
        );
        req.on("error", reject);
        req.end(JSON.stringify({ query: print(PAGE) }));
      });
    const first = await post("identity");
    const calls = machineCalls();
    // Every form of the hit, twice each (the second from the kept bytes): one answer, no execution.
    for (const enc of ["gzip", "br", "identity", "gzip", "br"]) {
      const hit = await post(enc);
      expect(hit.encoding).toBe(enc === "identity" ? undefined : enc);
      expect(hit.json).toEqual(first.json);
      if (enc === "identity") expect(hit.length).toBe(first.length);
    }
    expect(machineCalls()).toBe(calls);

    const node = first.json.data.alerts.edges[0].node;
    const upd = await gw.gql(CacheAssignDocument, { i: { tenantId: node.tenantId, id: node.id, assignedTo: "bytes-buster@mssp.example" } });
    expect(upd.body.errors).toBeUndefined();
    for (const enc of ["gzip", "br", "identity"]) {
      const after = (await post(enc)).json;
      expect(after.data.alerts.edges[0].node.assignedTo).toBe("bytes-buster@mssp.example");
    }
  });

  it("never stores an answer with errors", async () => {
    const sim = gw.app.simulator!;
    const t = sim.tenants[1].id;
    const q = CacheTenantMachinesDocument;
    sim.control.setFaults(t, { failStatus: 400 });
    const failed = await gw.gql(q, { t: [t] });
    expect(failed.body.errors?.length).toBeGreaterThan(0);
    sim.control.clearFaults(t);
    const healed = await gw.gql(q, { t: [t] });
    expect(healed.body.errors).toBeUndefined();
  });

  it("does not cache mutations or reads of grants, rules and sync state", async () => {
    const q = CacheSyncStateDocument;
    const a = await gw.gql(q);
    await gw.app.sync.syncNow(gw.app.simulator!.tenants[0].id);
    const b = await gw.gql(q);
    expect(b.body.data!.tenants[0].sync.lastAttemptAt).not.toBe(a.body.data!.tenants[0].sync.lastAttemptAt);
  });

  it("judges root inline fragments too: the same user's admin token never leaks into its non-admin token's answer", async () => {
    // The scenario of issue 13 item 9: a cacheable root field with uncacheable fields hidden in a root inline fragment.
    const q = CacheRootInlineFragmentDocument;
    const admin = await gw.gql(q, {}, { token: await gw.token("erin", { roles: ["Gateway.Admin"], groups: ["g-admins"] }) });
    expect(admin.body.errors).toBeUndefined();
    expect(admin.body.data!.me).toEqual({ isAdmin: true, groups: ["g-admins"], appRoles: ["Gateway.Admin"] });
    expect(admin.body.data!.tenants).toHaveLength(2);
    const plain = await gw.gql(q, {}, { token: await gw.token("erin") });
    expect(plain.body.errors).toBeUndefined();
    expect(plain.body.data!.me).toEqual({ isAdmin: false, groups: [], appRoles: [] });
    expect(plain.body.data!.tenants).toEqual([]);
  });

  it("judges named fragments by their fields: uncacheable ones are executed, cacheable ones are still served from the cache", async () => {
    const hidden = CacheHiddenDocument;
    const g1 = await gw.gql(hidden, {}, { token: await gw.token("frank", { groups: ["g1"] }) });
    const g2 = await gw.gql(hidden, {}, { token: await gw.token("frank", { groups: ["g2"] }) });
    expect(g1.body.data!.me.groups).toEqual(["g1"]);
    expect(g2.body.data!.me.groups).toEqual(["g2"]);

    const viaFragment = CacheFragDocument;
    const first = await gw.gql(viaFragment);
    expect(first.body.errors).toBeUndefined();
    const calls = machineCalls();
    const second = await gw.gql(viaFragment);
    expect(second.body).toEqual(first.body);
    expect(machineCalls()).toBe(calls);
  });

  it("keys answers by the token's claims: the same user with other groups or app roles gets its own entry", async () => {
    const q = CacheMachinesDocument;
    const plain = await gw.token("alice", { groups: ["ga"] });
    const otherGroups = await gw.token("alice", { groups: ["gb"] });
    const otherRoles = await gw.token("alice", { groups: ["ga"], roles: ["Gateway.Admin"] });
    await gw.gql(q, {}, { token: plain });
    const afterFirst = machineCalls();
    await gw.gql(q, {}, { token: plain });
    expect(machineCalls()).toBe(afterFirst); // served from the cache
    await gw.gql(q, {}, { token: otherGroups });
    const afterGroups = machineCalls();
    expect(afterGroups).toBeGreaterThan(afterFirst); // executed: not the first token's entry
    await gw.gql(q, {}, { token: otherRoles });
    expect(machineCalls()).toBeGreaterThan(afterGroups);
  });
});
