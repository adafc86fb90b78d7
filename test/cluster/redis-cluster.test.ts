import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisConnections, type RedisConnections } from "../../src/store/redis.connections.js";
import { createRedisStore } from "../../src/store/redis.store.js";
import type { Store } from "../../src/store/store.types.js";
import { ClusterAssignDocument, ClusterPageDocument, ClusterRequestAccessDocument } from "../generated/graphql.js";
import { startGateway, type TestGateway } from "../helpers/gateway.js";
import { describeIncidentContract } from "../store/incident.contract.js";
import { describeIndicatorContract } from "../store/indicator.contract.js";
import { describeStoreContract, type ContractStoreOptions, type MakeStore } from "../store/store.contract.js";
import { startRedisCluster, type LocalCluster } from "./redis-cluster.helpers.js";

// One real three-node Redis Cluster for this file: the store contract and a whole gateway run against it.
let cluster: LocalCluster;
const opened: Store[] = [];
const connections: RedisConnections[] = [];
beforeAll(async () => {
  cluster = await startRedisCluster();
}, 60_000);
afterAll(async () => {
  await Promise.all(opened.map((s) => s.close().catch(() => undefined)));
  await Promise.all(connections.map((c) => c.close()));
  await cluster?.stop();
});

async function open(keyPrefix: string, opts: ContractStoreOptions = {}): Promise<Store> {
  const c = createRedisConnections({ url: cluster.url, cluster: true });
  connections.push(c);
  const s = await createRedisStore({
    connections: c,
    keyPrefix,
    eventLog: { ...opts.eventLog, blockMs: 1_000 },
    claimTtlMs: opts.claimTtlMs,
  });
  opened.push(s);
  return s;
}

const makeOnCluster: MakeStore = async (opts = {}) => {
  const prefix = `test:${randomUUID().slice(0, 8)}:`;
  return { store: await open(prefix, opts), twin: () => open(prefix, opts) };
};
describeStoreContract("redis cluster", makeOnCluster);
describeIncidentContract("redis cluster", makeOnCluster);
describeIndicatorContract("redis cluster", makeOnCluster);

describe("a gateway on a Redis Cluster", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({
      REDIS_URL: cluster.url,
      REDIS_CLUSTER: "true",
      REDIS_KEY_PREFIX: `test:gw:${randomUUID().slice(0, 8)}:`,
      SIM_TENANTS: "3",
      SIM_ALERTS_PER_TENANT: "10",
    });
    await gw.synced();
  }, 60_000);
  afterAll(() => gw?.close());

  it("syncs, serves cross-tenant pages, writes through, and keeps budgets and rate limits in the Cluster", async () => {
    const page = await gw.gql(ClusterPageDocument);
    expect(page.body.errors).toBeUndefined();
    const data = page.body.data!;
    const sim = gw.app.simulator!;
    expect(data.alerts.totalCount).toBe(sim.tenants.reduce((n, t) => n + sim.control.listGraphAlerts(t.id).length, 0));
    expect(new Set(data.alerts.edges.map((e) => e.node.tenantId)).size).toBe(3);
    for (const t of data.tenants) {
      expect(t.sync.upstreamState).toBe("HEALTHY");
      expect(t.sync.budgetLeftThisMinute).toBeLessThan(130); // the Graph budget (UPSTREAM_GRAPH_BUDGET_PER_MINUTE), shared in the Cluster
    }
    const first = data.alerts.edges[0].node;
    const upd = await gw.gql(ClusterAssignDocument, {
      i: { tenantId: first.tenantId, id: first.id, assignedTo: "cluster@mssp.example" },
    });
    expect(upd.body.errors).toBeUndefined();
    const events = await gw.app.store.events.read(null, 1_000);
    expect(events.filter((e) => e.alertId === first.id && e.kind === "UPDATED")).toHaveLength(1);
    const grant = await gw.gql(
      ClusterRequestAccessDocument,
      { i: { tenantId: first.tenantId, role: "TIER1_ANALYST", justification: "cluster check" } },
      { user: "erin" },
    );
    expect(grant.body.data?.requestAccess?.status).toBe("PENDING");
  });
});
