import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, type TestGateway } from "../helpers/gateway.js";
import { waitFor } from "../helpers/wait.js";
import { OPS, readableTenants, requestAccess } from "./access.helpers.js";
import { errorCode, ok } from "../helpers/operations.js";
import { requireTestRedis, TEST_REDIS_URL } from "../helpers/redis.js";

/**
 * Two replicas sharing one Redis: a grant decided on one applies on the other within 2 s (the grant
 * source's cache), and concurrent decisions on different replicas still have exactly one winner.
 * Each replica runs its own embedded simulator with the same seed (same tenants and demo user ids);
 * tokens are minted by the replica they are sent to.
 */
describe("access grants across replicas (Redis)", () => {
  let a: TestGateway;
  let b: TestGateway;
  let T1: string;

  beforeAll(async () => {
    await requireTestRedis();
    const env = { SIM_TENANTS: "2", REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: `test:grants:${randomUUID().slice(0, 8)}:` };
    a = await startGateway(env);
    b = await startGateway(env);
    T1 = a.app.registry.ids()[1]!;
    expect(b.app.registry.ids()).toEqual(a.app.registry.ids());
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it("applies approval and revocation on the other replica within 2 s", async () => {
    const id = await requestAccess(a, { user: "dave" }, { tenantId: T1, role: "TIER1_ANALYST" });
    expect(ok(await b.gql(OPS.accessGrants, { status: "PENDING" }, { user: "carol" })).accessGrants.map((g) => g.id)).toContain(id);
    ok(await b.gql(OPS.approveAccess, { id }, { user: "carol" }));
    await waitFor(async () => (await readableTenants(a, { user: "dave" })).includes(T1), {
      timeoutMs: 2_000,
      what: "approval on replica a",
    });
    ok(await a.gql(OPS.revokeAccess, { id, reason: "done" }, { user: "carol" }));
    await waitFor(async () => (await readableTenants(b, { user: "dave" })).length === 0, {
      timeoutMs: 2_000,
      what: "revocation on replica b",
    });
  });

  it("lets exactly one of two decisions on different replicas win", async () => {
    const admin = await b.token("root", { roles: ["Gateway.Admin"] });
    for (let i = 0; i < 5; i++) {
      const id = await requestAccess(a, { user: `racer${i}` }, { tenantId: T1, role: "TIER2_ANALYST" });
      const results = await Promise.all([
        a.gql(OPS.approveAccess, { id }, { user: "carol" }),
        b.gql(OPS.denyAccess, { id }, { token: admin }),
      ]);
      expect(results.filter((r) => !r.body.errors)).toHaveLength(1);
      expect(results.map(errorCode).filter(Boolean)).toEqual(["CONFLICT"]);
    }
  });

  it("refuses a duplicate request filed on two replicas at once", async () => {
    const input = { tenantId: T1, role: "APPROVER" } as const;
    const results = await Promise.all([
      a.gql(OPS.requestAccess, { input: { ...input, justification: "a" } }, { user: "henry" }),
      b.gql(OPS.requestAccess, { input: { ...input, justification: "b" } }, { user: "henry" }),
    ]);
    expect(results.filter((r) => !r.body.errors)).toHaveLength(1);
    expect(results.map(errorCode).filter(Boolean)).toEqual(["CONFLICT"]);
  });
});
